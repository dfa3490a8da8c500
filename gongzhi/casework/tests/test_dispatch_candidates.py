"""Who a request can be dispatched to: one rule (casework.rules.handler_unavailable_reason)
for the dispatch form, the API's candidate list and the dispatch service."""

import pytest
from django.urls import reverse

from gongzhi.accounts.choices import Role
from gongzhi.accounts.services import api_token_create
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.casework import selectors, services
from gongzhi.casework.choices import Status
from gongzhi.casework.models import Case, CaseStep
from gongzhi.casework.tests.factories import category
from gongzhi.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def leak_in(world, building):
    return services.case_report(actor=world.users["resident_a"],
                                category=category(world.community_a), building=building,
                                description="顶楼天花板漏水")


def by_name(candidates):
    return {str(c.user): (c.available, c.reason, c.is_building_grid_worker) for c in candidates}


def test_grid_worker_of_the_buildings_grid_is_offered_first_and_preselected(world):
    # given a leak in building a1, which lies in grid a1
    case = leak_in(world, world.building_a1)
    staff = world.users["staff_a"]
    # when
    candidates = selectors.handler_candidates(staff, case)
    # then
    assert candidates[0].user == world.users["grid_a1"]
    assert by_name(candidates)[str(world.users["grid_a1"])] == (True, "", True)
    assert selectors.handler_preselected(staff, case, candidates) == world.users["grid_a1"].pk


def test_unavailable_handlers_are_listed_with_the_reason(world):
    # given a leak in building a2 (grid a2), a retired staff member, and a category whose
    # default handler works in community B
    case = leak_in(world, world.building_a2)
    retired = user_with_role(Role.COMMUNITY_STAFF, world.community_a, username="retired_a",
                             display_name="退休的老王", is_active=False)
    case.category.default_handler = world.users["staff_b"]
    case.category.save(update_fields=["default_handler"])
    # when
    candidates = by_name(selectors.handler_candidates(world.users["staff_a"], case))
    # then
    assert candidates == {
        str(world.users["staff_a"]): (True, "", False),
        str(world.users["secretary_a"]): (True, "", False),
        str(world.users["grid_a1"]): (False, "不负责该楼栋所在网格", False),
        str(retired): (False, "已停用", False),
        str(world.users["staff_b"]): (False, "不在本社区", False),
    }
    assert selectors.handler_preselected(world.users["staff_a"], case) is None


def test_a_user_without_handling_role_is_refused_with_reason(world):
    # given the category's default handler is a resident
    case = leak_in(world, world.building_a1)
    case.category.default_handler = world.users["resident_a"]
    case.category.save(update_fields=["default_handler"])
    # when
    candidates = by_name(selectors.handler_candidates(world.users["staff_a"], case))
    # then
    assert candidates[str(world.users["resident_a"])] == (False, "无处理权限", False)


def test_service_refuses_an_unavailable_handler_and_changes_nothing(world):
    # given a new request in building a2 (grid a2)
    case = leak_in(world, world.building_a2)
    steps_before = CaseStep.objects.count()
    # when / then
    with pytest.raises(ValidationFailed) as refused:
        services.case_dispatch(actor=world.users["staff_a"], case=case,
                               handler=world.users["grid_a1"])
    assert refused.value.detail == {"handler": [
        f"不能派给{world.users['grid_a1']}：不负责该楼栋所在网格。"]}
    case = Case.objects.get(pk=case.pk)
    assert (case.status, case.handler_id) == (Status.NEW, None)
    assert CaseStep.objects.count() == steps_before


def test_dispatch_page_posting_an_unavailable_handler_shows_the_reason(client, world):
    # given
    case = leak_in(world, world.building_a2)
    client.force_login(world.users["staff_a"])
    # when
    response = client.post(reverse("casework:case_action", args=[case.pk, "dispatch"]),
                           {"handler": world.users["grid_a1"].pk}, follow=True)
    # then
    assert "不负责该楼栋所在网格" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == Status.NEW


def test_dispatch_page_marks_and_preselects_the_buildings_grid_worker(client, world):
    # given
    case = leak_in(world, world.building_a1)
    client.force_login(world.users["staff_a"])
    # when
    html = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    # then
    assert (f'<option value="{world.users["grid_a1"].pk}" selected>'
            f'{world.users["grid_a1"]}（本楼网格员）</option>') in html


def test_api_lists_candidates_with_available_and_reason(client, world):
    # given
    case = leak_in(world, world.building_a2)
    url = f"/api/v1/casework/cases/{case.pk}/handlers"
    staff = {"Authorization": f"Bearer {api_token_create(user=world.users['staff_a']).token}"}
    resident = {"Authorization": f"Bearer {api_token_create(user=world.users['resident_a']).token}"}
    # when
    listed = client.get(url, headers=staff).json()
    # then
    assert {item["id"]: (item["available"], item["reason"]) for item in listed} == {
        world.users["staff_a"].pk: (True, ""), world.users["secretary_a"].pk: (True, ""),
        world.users["grid_a1"].pk: (False, "不负责该楼栋所在网格")}
    assert client.get(url, headers=resident).status_code == 403

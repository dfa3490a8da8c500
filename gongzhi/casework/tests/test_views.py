"""What a resident sees: their own requests and the public board, never a neighbour's dispute."""

import re

import pytest
from django.urls import reverse

from gongzhi.casework import services
from gongzhi.casework.choices import Status
from gongzhi.casework.models import Case
from gongzhi.casework.tests.factories import category, dispute_of_a, png

pytestmark = pytest.mark.django_db


def closed(world, case):
    staff, handler = world.users["staff_a"], world.users["grid_a1"]
    services.case_dispatch(actor=staff, case=case, handler=handler)
    services.case_accept(actor=handler, case=case)
    services.case_answer(actor=handler, case=case, answer="已更换楼道灯")
    services.case_follow_up(actor=staff, case=case, is_solved=True, is_satisfied=True)
    return case


@pytest.fixture
def cases(world):
    dispute = dispute_of_a(world)  # a neighbour's noise dispute, reported for 甲居民
    closed(world, dispute)
    light = category(world.community_a, name="楼道灯不亮", group="facility")
    neighbours_light = closed(world, services.case_report(
        actor=world.users["staff_a"], category=light, building=world.building_a1,
        description="邻居说三楼楼道灯坏了", reporter=world.person_a))
    own = services.case_report(actor=world.users["resident_a"], category=light,
                               building=world.building_a2, description="我家门口的灯不亮",
                               photos=[png()])
    return {"dispute": dispute, "light": neighbours_light, "own": own}


def test_resident_sees_own_requests_only(client, world, cases):
    client.force_login(world.users["resident_a"])
    html = client.get(reverse("casework:case_list")).content.decode()
    assert f"#{cases['own'].pk}" in html
    assert f"#{cases['dispute'].pk}<" not in html and f"#{cases['light'].pk}<" not in html
    assert client.get(reverse("casework:case_detail", args=[cases["own"].pk])).status_code == 200
    for other in ("dispute", "light"):
        response = client.get(reverse("casework:case_detail", args=[cases[other].pk]))
        assert response.status_code == 404


def test_board_shows_shared_space_problems_without_personal_data(client, world, cases):
    # the board moved to the public portal (issue 17): the old address sends the resident on
    client.force_login(world.users["resident_a"])
    response = client.get(reverse("casework:board"), follow=True)
    assert response.redirect_chain == [
        (reverse("portal:community_problems", args=[world.community_a.pk]), 302)]
    html = response.content.decode()
    assert "楼道灯不亮" in html and "已更换楼道灯" in html
    assert "邻里噪音纠纷" not in html          # disputes are never public
    assert "甲居民" not in html and "邻居说三楼" not in html  # no names, no descriptions


def test_photo_only_for_who_may_see_the_request(client, world, cases):
    photo = cases["own"].photos.get()
    url = reverse("casework:photo_download", args=[photo.pk])
    client.force_login(world.users["resident_a"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    client.force_login(world.users["staff_b"])
    assert client.get(url).status_code == 404
    dispute_photo = cases["dispute"].photos.get()
    client.force_login(world.users["resident_a"])
    assert client.get(reverse("casework:photo_download",
                              args=[dispute_photo.pk])).status_code == 404


def test_api_lets_a_resident_report_follow_and_rate(client, world):
    from gongzhi.accounts.services import api_token_create

    leak = category(world.community_a)
    headers = {"Authorization": f"Bearer {api_token_create(user=world.users['resident_a']).token}"}
    response = client.post("/api/v1/casework/cases", {
        "category_id": leak.pk, "building_id": world.building_a2.pk,
        "description": "顶楼漏水"}, content_type="application/json", headers=headers)
    assert response.status_code == 201
    case = Case.objects.get(pk=response.json()["id"])
    response = client.post(f"/api/v1/casework/cases/{case.pk}/photos", {"photos": [png()]},
                           headers=headers)
    assert response.status_code == 201 and response.json()["steps"][0]["photo_ids"]
    services.case_dispatch(actor=world.users["staff_a"], case=case,
                           handler=world.users["staff_a"])
    services.case_accept(actor=world.users["staff_a"], case=case)
    services.case_answer(actor=world.users["staff_a"], case=case, answer="已修")
    listed = client.get("/api/v1/casework/cases", headers=headers).json()
    assert [item["id"] for item in listed["items"]] == [case.pk]
    response = client.post(f"/api/v1/casework/cases/{case.pk}/follow-up",
                           {"is_solved": True, "is_satisfied": False},
                           content_type="application/json", headers=headers)
    assert response.json()["status"] == Status.REOPENED
    assert [s["action"] for s in response.json()["steps"]][-1] == "follow_up"
    # a resident cannot dispatch: forbidden, and nothing moved
    response = client.post(f"/api/v1/casework/cases/{case.pk}/dispatch",
                           {"handler_id": world.users["staff_a"].pk},
                           content_type="application/json", headers=headers)
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).status == Status.REOPENED


def test_staff_dispatch_page_offers_eligible_handlers_and_says_why_not(client, world, cases):
    client.force_login(world.users["staff_a"])
    html = client.get(reverse("casework:case_detail", args=[cases["own"].pk])).content.decode()
    enabled = set(re.findall(r'<option value="(\d+)">', html))
    disabled = re.findall(r'<option value="(\d+)" disabled>([^<]*)</option>', html)
    # building a2 is in grid a2: grid a1's worker is listed but cannot handle it; staff of B
    # are not in the list at all
    assert enabled == {str(world.users["staff_a"].pk), str(world.users["secretary_a"].pk)}
    assert disabled == [(str(world.users["grid_a1"].pk),
                         f"{world.users['grid_a1']}（不可选：不负责该楼栋所在网格）")]


def test_staff_enter_a_phone_call_for_a_resident_found_by_phone(client, world):
    leak = category(world.community_a)
    client.force_login(world.users["staff_a"])
    response = client.post(reverse("casework:case_create"), {
        "category": leak.pk, "building": world.building_a1.pk, "unit": world.unit_a1.pk,
        "description": "电话反映顶楼漏水", "channel": "phone", "reporter_phone": "13800138001"})
    case = Case.objects.get()
    assert response.status_code == 302
    assert (case.channel, case.reporter, case.unit) == ("phone", world.person_a, world.unit_a1)
    assert case.steps.get().actor == world.users["staff_a"]


def test_list_and_rates_queries_do_not_grow_with_the_data(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    leak = category(world.community_a)
    client.force_login(world.users["secretary_a"])

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add(n):
        for _ in range(n):
            case = services.case_report(actor=world.users["staff_a"], category=leak,
                                        building=world.building_a1, description="顶楼漏水")
            closed(world, case)

    add(2)
    before = (count(reverse("casework:case_list")), count(reverse("casework:rates")))
    add(6)
    assert (count(reverse("casework:case_list")), count(reverse("casework:rates"))) == before

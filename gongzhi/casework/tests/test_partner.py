"""Dispatch to a partner unit: its contacts see the requests dispatched to their unit in a
narrow view without residents' personal data, and nothing else; they accept, return with a
reason, and answer with photos."""

import re

import pytest
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.casework import selectors, services
from gongzhi.casework.choices import Status, StepAction
from gongzhi.casework.models import Case, CaseStep
from gongzhi.casework.tests.factories import category, png
from gongzhi.cobuilding.tests.factories import partner_contact
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.organisations.models import PartnerUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(world):
    """Two units of community A with a contact each, and one of B."""
    park = PartnerUnit.objects.create(community=world.community_a, name="黄花岗公园", kind="other")
    school = PartnerUnit.objects.create(community=world.community_a, name="黄花小学",
                                        kind="other")
    unit_b = PartnerUnit.objects.create(community=world.community_b, name="乙单位", kind="other")
    return {"park": park, "school": school, "unit_b": unit_b,
            "park_contact": partner_contact(world.community_a, park, "park_contact"),
            "school_contact": partner_contact(world.community_a, school, "school_contact"),
            "b_contact": partner_contact(world.community_b, unit_b, "b_contact")}


def reported(world, text="甲居民（电话 13800138001）反映：公园边的楼道灯坏了"):
    """Staff enter a phone call for 甲居民; the description carries the name and phone."""
    return services.case_report(
        actor=world.users["staff_a"], category=category(world.community_a, name="楼道灯不亮",
                                                        group="facility"),
        building=world.building_a1, unit=world.unit_a1, description=text,
        reporter=world.person_a, photos=[png()])


def to_park(world, units, case=None):
    case = case or reported(world)
    services.case_dispatch(actor=world.users["staff_a"], case=case, unit=units["park"],
                           note="请公园协助，联系甲居民")
    return case


# ---- the narrow view ------------------------------------------------------------------------

def test_contact_sees_building_unit_and_masked_description_only(client, world, units):
    # given a request with the reporter's name and phone, dispatched to the park
    case = to_park(world, units)
    client.force_login(units["park_contact"])
    # when the park's contact opens the list and the request
    listing = client.get(reverse("casework:partner_case_list")).content.decode()
    html = client.get(reverse("casework:partner_case_detail", args=[case.pk])).content.decode()
    # then they see where and what
    assert f"#{case.pk}" in listing and "甲楼一号" in listing
    assert "甲楼一号" in html and "1单元" in html and "公园边的楼道灯坏了" in html
    # and never who: no name, no phone, no person link, no staff note, no report photo
    for page in (listing, html):
        assert "甲居民" not in page and "13800138001" not in page
        assert "/people/" not in page and "联系甲居民" not in page
    assert "甲*民" in html and "138****8001" in html
    report_photo = case.photos.get()
    assert reverse("casework:photo_download", args=[report_photo.pk]) not in html
    assert reverse("casework:partner_photo_download", args=[report_photo.pk]) not in html


def test_the_narrow_view_has_no_personal_fields():
    fields = set(selectors.PartnerCase.__dataclass_fields__)
    assert fields == {"id", "category", "building", "unit", "description", "status",
                      "status_label", "urgency", "due_at", "limit", "created_at", "answer",
                      "steps", "actions"}


def test_masking_of_free_text():
    text = "王小明 13912345678，身份证 440104195601020014，座机 020-83001234"
    assert selectors.mask_personal_data(text, ["王小明"]) == (
        "王*明 139****5678，身份证 4401**********0014，座机 020****1234")


# ---- scope ----------------------------------------------------------------------------------

def test_contact_never_sees_another_units_or_undispatched_requests(client, world, units):
    to_school = services.case_report(actor=world.users["resident_a"],
                                     category=category(world.community_a),
                                     building=world.building_a1, description="屋顶漏水严重")
    services.case_dispatch(actor=world.users["staff_a"], case=to_school, unit=units["school"])
    undispatched = reported(world)
    to_person = reported(world)
    services.case_dispatch(actor=world.users["staff_a"], case=to_person,
                           handler=world.users["grid_a1"])
    mine = to_park(world, units)
    park = units["park_contact"]
    assert [c.pk for c in selectors.partner_cases(park)] == [mine.pk]
    client.force_login(park)
    html = client.get(reverse("casework:partner_case_list")).content.decode()
    for other in (to_school, undispatched, to_person):
        assert f"#{other.pk}<" not in html
        assert client.get(reverse("casework:partner_case_detail",
                                  args=[other.pk])).status_code == 404
        before = list(CaseStep.objects.values_list("pk", flat=True))
        response = client.post(reverse("casework:partner_case_action",
                                       args=[other.pk, "accept"]))
        assert response.status_code == 404
        assert list(CaseStep.objects.values_list("pk", flat=True)) == before
        # nor the staff pages
        assert client.get(reverse("casework:case_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("casework:case_detail", args=[mine.pk])).status_code == 404
    # the school's contact does not see the park's request; B's contact sees nothing of A
    for outsider in ("school_contact", "b_contact"):
        client.force_login(units[outsider])
        assert client.get(reverse("casework:partner_case_detail",
                                  args=[mine.pk])).status_code == 404
        with pytest.raises(NotFound):
            services.case_accept(actor=units[outsider], case=Case.objects.get(pk=mine.pk))
    assert Case.objects.get(pk=mine.pk).status == Status.DISPATCHED


def test_other_roles_have_no_partner_pages(client, world, units):
    to_park(world, units)
    for name in ("resident_a", "staff_a", "grid_a1"):
        client.force_login(world.users[name])
        assert client.get(reverse("casework:partner_case_list")).status_code == 404


def test_dispatch_needs_a_unit_of_the_community_with_a_contact(world, units):
    case = reported(world)
    staff = world.users["staff_a"]
    lonely = PartnerUnit.objects.create(community=world.community_a, name="区商务局",
                                        kind="other")
    for kwargs in ({"unit": units["unit_b"]}, {"unit": lonely},
                   {"unit": units["park"], "handler": world.users["grid_a1"]}, {}):
        with pytest.raises(ValidationFailed):
            services.case_dispatch(actor=staff, case=case, **kwargs)
    assert Case.objects.get(pk=case.pk).status == Status.NEW
    assert set(selectors.partner_unit_choices(staff, case)) == {units["park"], units["school"]}


# ---- accept, return, answer -----------------------------------------------------------------

def test_contact_returns_with_a_reason_and_the_request_leaves_their_list(client, world, units):
    case = to_park(world, units)
    client.force_login(units["park_contact"])
    url = reverse("casework:partner_case_action", args=[case.pk, "return"])
    client.post(url, {"note": ""})
    assert Case.objects.get(pk=case.pk).status == Status.DISPATCHED  # a reason is required
    client.post(url, {"note": "不属于公园管辖范围"})
    case.refresh_from_db()
    assert (case.status, case.partner_unit_id, case.handler_id) == (Status.RETURNED, None, None)
    step = case.steps.get(action=StepAction.RETURN)
    assert (step.actor, step.partner_unit, step.note) == (
        units["park_contact"], units["park"], "不属于公园管辖范围")
    assert not selectors.partner_cases(units["park_contact"]).exists()
    # the community can dispatch it again, to a person
    services.case_dispatch(actor=world.users["staff_a"], case=case,
                           handler=world.users["grid_a1"])


def test_contact_accepts_and_answers_with_photos(client, world, units,
                                                 django_capture_on_commit_callbacks):
    case = to_park(world, units)
    contact = units["park_contact"]
    client.force_login(contact)
    client.post(reverse("casework:partner_case_action", args=[case.pk, "accept"]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("casework:partner_case_action", args=[case.pk, "answer"]),
                               {"answer": "公园电工已更换灯具", "photos": [png("a.png")]})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.answer, case.partner_unit_id) == (
        Status.ANSWERED, "公园电工已更换灯具", units["park"].pk)
    answer_step = case.steps.get(action=StepAction.ANSWER)
    assert answer_step.partner_unit == units["park"] and answer_step.actor == contact
    photo = answer_step.photos.get()
    assert client.get(reverse("casework:partner_photo_download",
                              args=[photo.pk])).status_code == 200
    # the report photo stays with the community
    report_photo = case.photos.exclude(pk=photo.pk).get()
    assert client.get(reverse("casework:partner_photo_download",
                              args=[report_photo.pk])).status_code == 404
    # staff see which unit did it
    client.force_login(world.users["staff_a"])
    html = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert "黄花岗公园" in html and "公园电工已更换灯具" in html


def test_dissatisfied_follow_up_goes_back_to_the_unit(world, units,
                                                      django_capture_on_commit_callbacks):
    from gongzhi.notifications.models import Notification

    case = to_park(world, units)
    contact = units["park_contact"]
    services.case_accept(actor=contact, case=case)
    services.case_answer(actor=contact, case=case, answer="已更换")
    with django_capture_on_commit_callbacks(execute=True):
        services.case_follow_up(actor=world.users["staff_a"], case=case, is_solved=False,
                                is_satisfied=False)
    assert case.status == Status.REOPENED and case.partner_unit_id == units["park"].pk
    reopened = Notification.objects.get(recipient=contact, title__contains="重办")
    assert reopened.url == reverse("casework:partner_case_detail", args=[case.pk])
    services.case_accept(actor=contact, case=case)
    assert case.status == Status.ACCEPTED


def test_staff_dispatch_to_a_unit_from_the_page(client, world, units):
    case = reported(world)
    client.force_login(world.users["staff_a"])
    html = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert "黄花岗公园" in html and "乙单位" not in html
    assert 'data-testid="dispatch-unit-form"' in html
    client.post(reverse("casework:case_action", args=[case.pk, "dispatch"]),
                {"handler": "", "unit": str(units["park"].pk), "note": ""})
    case.refresh_from_db()
    assert (case.status, case.partner_unit_id) == (Status.DISPATCHED, units["park"].pk)
    listing = client.get(reverse("casework:case_list")).content.decode()
    assert "黄花岗公园" in listing
    # a unit of another community cannot be chosen by posting its id
    other = reported(world)
    client.post(reverse("casework:case_action", args=[other.pk, "dispatch"]),
                {"handler": "", "unit": str(units["unit_b"].pk)})
    assert Case.objects.get(pk=other.pk).status == Status.NEW


def test_partner_list_query_count_does_not_grow(client, world, units,
                                                django_assert_max_num_queries):
    to_park(world, units)
    client.force_login(units["park_contact"])
    client.get(reverse("casework:partner_case_list"))
    for _ in range(5):
        to_park(world, units)
    # (15: the nav asks once whether the contact's unit helps a household in difficulty)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("casework:partner_case_list")).status_code == 200


def test_partner_link_on_the_partner_portal(client, world, units):
    client.force_login(units["park_contact"])
    html = client.get(reverse("cobuilding:partner_home")).content.decode()
    assert reverse("casework:partner_case_list") in html


def test_api_partner_contact_lists_accepts_and_answers_without_personal_data(client, world,
                                                                            units):
    from gongzhi.accounts.services import api_token_create

    mine = to_park(world, units)
    to_school = services.case_dispatch(actor=world.users["staff_a"], case=reported(world),
                                       unit=units["school"]).case
    headers = {"Authorization": f"Bearer {api_token_create(user=units['park_contact']).token}"}
    listed = client.get("/api/v1/casework/partner/cases", headers=headers).json()
    assert [item["id"] for item in listed["items"]] == [mine.pk]
    assert "reporter" not in str(listed) and "13800138001" not in str(listed)
    assert "甲居民" not in str(listed)
    assert client.get(f"/api/v1/casework/partner/cases/{to_school.pk}",
                      headers=headers).status_code == 404
    response = client.post(f"/api/v1/casework/partner/cases/{mine.pk}/accept", {},
                           content_type="application/json", headers=headers)
    assert response.json()["status"] == Status.ACCEPTED
    response = client.post(f"/api/v1/casework/partner/cases/{mine.pk}/answer",
                           {"answer": "已更换灯具", "photos": [png()]}, headers=headers)
    body = response.json()
    assert body["status"] == Status.ANSWERED and body["steps"][-1]["photo_ids"]
    # staff dispatch through the API too, to a unit
    token = api_token_create(user=world.users['staff_a']).token
    staff_headers = {"Authorization": f"Bearer {token}"}
    other = reported(world)
    response = client.post(f"/api/v1/casework/cases/{other.pk}/dispatch",
                           {"unit_id": units["park"].pk}, content_type="application/json",
                           headers=staff_headers)
    assert response.json()["partner_unit_id"] == units["park"].pk
    response = client.post(f"/api/v1/casework/cases/{reported(world).pk}/dispatch",
                           {"unit_id": units["unit_b"].pk}, content_type="application/json",
                           headers=staff_headers)
    assert response.status_code == 422


def test_deadline_reminder_reaches_the_units_contacts(world, units,
                                                      django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    from gongzhi.notifications.models import Notification

    case = to_park(world, units)
    services.case_accept(actor=units["park_contact"], case=case)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_deadline_reminders_send(now=case.due_at - datetime.timedelta(hours=2))
    reminder = Notification.objects.get(kind="case_deadline")
    assert reminder.recipient == units["park_contact"]
    assert reminder.url == reverse("casework:partner_case_detail", args=[case.pk])
    assert timezone.is_aware(case.due_at)


def test_contact_asks_for_an_extension_with_a_reason_before_the_deadline(client, world, units):
    case = to_park(world, units)
    contact = units["park_contact"]
    client.force_login(contact)
    client.post(reverse("casework:partner_case_action", args=[case.pk, "accept"]))
    detail = reverse("casework:partner_case_detail", args=[case.pk])
    assert 'data-testid="partner-extend"' in client.get(detail).content.decode()
    case.refresh_from_db()
    due = case.due_at
    # no reason: refused, nothing changes
    client.post(reverse("casework:partner_case_action", args=[case.pk, "extend"]),
                {"days": 3, "note": ""})
    case.refresh_from_db()
    assert case.due_at == due and not case.steps.filter(action=StepAction.EXTEND).exists()
    client.post(reverse("casework:partner_case_action", args=[case.pk, "extend"]),
                {"days": 3, "note": "需订购灯具"})
    case.refresh_from_db()
    step = case.steps.get(action=StepAction.EXTEND)
    assert case.due_at > due and step.partner_unit == units["park"] and step.actor == contact
    # another unit's contact cannot extend it
    client.force_login(units["school_contact"])
    response = client.post(reverse("casework:partner_case_action", args=[case.pk, "extend"]),
                           {"days": 3, "note": "外人"})
    assert response.status_code == 404
    assert case.steps.filter(action=StepAction.EXTEND).count() == 1


@pytest.mark.parametrize("written", ["13800138001", "138 0013 8001", "138-0013-8001"])
def test_mobiles_written_in_groups_are_masked_too(written):
    masked = selectors.mask_personal_data(f"请拨 {written} 联系")
    assert "0013" not in masked and "138****8001" in masked


# ---- the 民情民意 landing of a contact ---------------------------------------------------------

def test_contact_lands_on_the_units_requests_without_an_empty_my_requests_tab(client, world,
                                                                               units):
    # given a request dispatched to the park; the park's contact reported nothing themselves
    case = to_park(world, units)
    client.force_login(units["park_contact"])
    # when they open 民情民意
    html = client.get(reverse("casework:case_list")).content.decode()
    # then the unit's requests come first, and there is no "my requests" tab
    assert 'data-testid="partner-cases"' in html
    assert reverse("casework:partner_case_detail", args=[case.pk]) in html
    assert 'data-testid="tab-unit-cases"' in html
    assert 'data-testid="tab-my-cases"' not in html


def test_contact_who_reported_a_request_gets_a_my_requests_tab(client, world, units):
    # given the park's contact reported a request of their own
    contact = units["park_contact"]
    own = to_park(world, units)
    Case.objects.filter(pk=own.pk).update(reporter_user=contact)
    client.force_login(contact)
    # when
    landing = client.get(reverse("casework:case_list")).content.decode()
    mine = client.get(reverse("casework:case_list") + "?mine=1").content.decode()
    # then the landing still lists the unit's requests, and a tab leads to their own
    assert 'data-testid="partner-cases"' in landing and 'data-testid="tab-my-cases"' in landing
    assert 'data-testid="partner-cases"' not in mine
    assert reverse("casework:case_detail", args=[own.pk]) in mine


def test_the_units_page_shows_the_actions_the_api_lists(client, world, units):
    """The partner's buttons ask the same rules as the staff's (casework/rules.py)."""
    # given a request dispatched to the park
    case = to_park(world, units)
    contact = units["park_contact"]
    headers = {"Authorization": f"Bearer {api_token_create(user=contact).token}"}
    client.force_login(contact)
    for status, expected in [(Status.DISPATCHED, ["casework.accept_case", "casework.return_case"]),
                             (Status.ACCEPTED, ["casework.answer_case", "casework.extend_case"]),
                             (Status.ANSWERED, [])]:
        Case.objects.filter(pk=case.pk).update(status=status)
        # when the contact opens the request and asks the API
        html = client.get(reverse("casework:partner_case_detail", args=[case.pk])).content
        listed = client.get(f"/api/v1/casework/partner/cases/{case.pk}", headers=headers).json()
        # then both offer exactly the actions the rules open now
        shown = set(re.findall(r"/casework/partner/\d+/(\w+)/", html.decode()))
        assert listed["actions"] == expected
        assert {f"casework.{action}_case" for action in shown} == set(expected)


def test_api_contact_extends_as_the_page_does(client, world, units):
    # given a request the park's contact has accepted
    case = to_park(world, units)
    contact = units["park_contact"]
    services.case_accept(actor=contact, case=case)
    case.refresh_from_db()
    due = case.due_at
    headers = {"Authorization": f"Bearer {api_token_create(user=contact).token}"}
    url = f"/api/v1/casework/partner/cases/{case.pk}/extend"
    # when they ask without a reason, then it is refused and nothing changes
    refused = client.post(url, {"days": 3, "note": ""}, content_type="application/json",
                          headers=headers)
    case.refresh_from_db()
    assert refused.status_code == 422
    assert case.due_at == due and not case.steps.filter(action=StepAction.EXTEND).exists()
    # when they give a reason, then the deadline moves and the step is the unit's
    response = client.post(url, {"days": 3, "note": "需订购灯具"},
                           content_type="application/json", headers=headers)
    assert response.status_code == 200
    case.refresh_from_db()
    step = case.steps.get(action=StepAction.EXTEND)
    assert case.due_at > due and step.partner_unit == units["park"] and step.actor == contact
    assert "casework.extend_case" in response.json()["actions"]
    # and another unit's contact is answered "not found", nothing changing
    other = {"Authorization": f"Bearer {api_token_create(user=units['school_contact']).token}"}
    outsider = client.post(url, {"days": 3, "note": "外人"}, content_type="application/json",
                           headers=other)
    assert outsider.status_code == 404
    assert case.steps.filter(action=StepAction.EXTEND).count() == 1

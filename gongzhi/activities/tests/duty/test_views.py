"""The duty pages and their API twins, as the people who use them."""

import io

import pytest
import time_machine
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from gongzhi.accounts.services import api_token_create
from gongzhi.activities.duty.forms import target_label
from gongzhi.activities.duty.models import Finding, SwapRequest
from gongzhi.activities.rota.models import ShiftSignUp
from gongzhi.activities.tests.duty.factories import (
    NOW,
    cover_of_a,
    duty_of_a,
    finding_of_a,
    swap_of_a,
)
from gongzhi.activities.tests.factories import at, post_in, shift_of, taken
from gongzhi.audit.models import AuditEntry
from gongzhi.casework.tests.factories import category, dispute_of_a
from gongzhi.workbench.selectors import workbench

API = "/api/v1/activities/duty"


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=user).token}"}


@pytest.fixture
def duty(world):
    return duty_of_a(world)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


# ---- the board -------------------------------------------------------------------------------

def test_the_board_shows_taken_and_empty_slots_in_words(client, world, duty, clock):
    # given the patrol's two shifts, each with one of two slots taken
    client.force_login(world.users["staff_a"])
    # when staff open the board (today and the next 6 days)
    response = client.get(reverse("activities:duty_board"))
    # then each shift says 1/2 and how many are missing, the post its empty slots
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="cell-empty"') == 2
    assert "缺 1 人" in html
    assert "甲巡查路线" in html
    assert "空缺 2 个" in html
    assert response.context["filters"]["days"] == 7


def test_the_board_filters_to_empty_slots_and_post_kind(client, world, duty, clock):
    taken(duty.shift1, duty.volunteer3)  # the first shift is now full
    checkpoint = post_in(world.community_a, world.users["superuser"], title="甲卡点",
                         kind="checkpoint")
    shift_of(checkpoint, starts_at=at("2026-03-10", 0), slots=1)
    client.force_login(world.users["staff_a"])
    response = client.get(reverse("activities:duty_board"), {"empty": "1", "kind": "patrol"})
    grid = response.context["grid"]
    assert [(row.post.title, row.empty) for row in grid] == [("甲巡查路线", 1)]
    assert [cell.shifts[0].pk for row in grid for line in row.rows for cell in line.cells
            if cell] == [duty.shift2.pk]


def test_the_board_runs_the_same_queries_however_many_shifts(client, world, duty, clock,
                                                             django_assert_max_num_queries):
    client.force_login(world.users["staff_a"])
    client.get(reverse("activities:duty_board"))  # warm the session and roles
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("activities:duty_board"))
    for day in range(10, 17):
        for hour in (0, 16):
            shift = shift_of(duty.post, starts_at=at(f"2026-03-{day}", hour))
            taken(shift, duty.volunteer3) if hour == 16 and day % 2 else None
    with django_assert_max_num_queries(len(first)):
        client.get(reverse("activities:duty_board"))


def test_the_board_is_for_those_who_lay_out_rotas(client, world, duty):
    for name in ("resident_a", "vol_a1", "street_admin"):
        client.force_login(world.users[name])
        assert client.get(reverse("activities:duty_board")).status_code == 403, name


def test_the_board_api_counts_the_same(client, world, duty, clock):
    response = client.get(f"{API}/board", headers=bearer(world.users["staff_a"]))
    body = response.json()
    assert response.status_code == 200
    assert (body["slots"], body["taken"], body["empty"]) == (4, 2, 2)
    assert [(p["title"], p["empty"], len(p["shifts"])) for p in body["posts"]] == [
        ("甲巡查路线", 2, 2)]


# ---- cover and swap ---------------------------------------------------------------------------

def test_a_volunteer_sees_a_cover_and_takes_it_on_the_page(client, world, duty, clock):
    request = cover_of_a(world)
    client.force_login(duty.user3)
    page = client.get(reverse("activities:duty_swaps")).content.decode()
    assert f'data-testid="take-{request.pk}"' in page
    # the API lists the same action for the same user and row
    api = client.get(f"{API}/requests/{request.pk}", headers=bearer(duty.user3)).json()
    assert api["actions"] == ["activities.take_cover"]
    # when they take it
    response = client.post(reverse("activities:duty_request_action",
                                   args=[request.pk, "take"]))
    assert response.status_code == 302
    assert ShiftSignUp.objects.get(pk=duty.signup1.pk).volunteer_id == duty.volunteer3.pk


def test_the_cover_list_hides_the_requesters_name(client, world, duty, clock):
    cover_of_a(world)
    client.force_login(duty.user3)
    page = client.get(reverse("activities:duty_swaps")).content.decode()
    assert "甲出差" in page
    assert "甲志愿者一" not in page


def test_the_holder_asks_for_cover_from_the_shift_page(client, world, duty, clock):
    client.force_login(duty.user1)
    page = client.get(reverse("activities:duty_signup", args=[duty.signup1.pk]))
    assert page.status_code == 200
    assert 'data-testid="cover-submit"' in page.content.decode()
    response = client.post(reverse("activities:duty_signup_action",
                                   args=[duty.signup1.pk, "cover"]), {"note": "出差"})
    assert response.status_code == 302
    assert list(SwapRequest.objects.values_list("kind", "status", "note")) == [
        ("cover", "open", "出差")]


def test_another_volunteers_shift_page_is_not_found(client, world, duty):
    client.force_login(duty.user2)
    assert client.get(reverse("activities:duty_signup", args=[duty.signup1.pk])
                      ).status_code == 404
    response = client.post(reverse("activities:duty_signup_action",
                                   args=[duty.signup1.pk, "cover"]), {"note": "x"})
    assert response.status_code == 404
    assert SwapRequest.objects.count() == 0


def test_a_swap_offered_is_accepted_through_the_api(client, world, duty, clock):
    request = swap_of_a(world)
    response = client.post(f"{API}/requests/{request.pk}/accept", headers=bearer(duty.user3),
                           content_type="application/json")
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    assert [ShiftSignUp.objects.get(pk=s.pk).volunteer_id for s in (duty.signup2, duty.signup3)
            ] == [duty.volunteer3.pk, duty.volunteer2.pk]


def test_the_swap_api_refuses_a_shift_of_another_post(client, world, duty, clock):
    other = post_in(world.community_a, world.users["superuser"], title="甲卡点")
    elsewhere = taken(shift_of(other, starts_at=at("2026-03-12", 8)), duty.volunteer2)
    response = client.post(f"{API}/signups/{duty.signup1.pk}/swap",
                           {"target_id": elsewhere.pk}, headers=bearer(duty.user1),
                           content_type="application/json")
    assert response.status_code == 422
    assert SwapRequest.objects.count() == 0


def test_staff_assign_a_cover_on_the_shift_page(client, world, duty, clock):
    request = cover_of_a(world)
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("activities:duty_signup", args=[duty.signup1.pk]))
    assert list(page.context["assign_form"].candidates) == [
        duty.volunteer2.pk, duty.volunteer3.pk]
    response = client.post(reverse("activities:duty_request_action",
                                   args=[request.pk, "assign"]),
                           {"volunteer": duty.volunteer2.pk})
    assert response.status_code == 302
    assert ShiftSignUp.objects.get(pk=duty.signup1.pk).volunteer_id == duty.volunteer2.pk


def render_partial(signup, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("activities/duty/_signup_duty.html",
                            {"signup": signup, "user": user}, request=request)


def test_the_signup_partial_shows_the_buttons_the_rules_open(world, duty):
    # before the shift: the holder may ask for cover or a swap
    with time_machine.travel(NOW, tick=False):
        html = render_partial(duty.signup1, duty.user1)
        assert f'data-testid="ask-cover-{duty.signup1.pk}"' in html
        assert f'data-testid="ask-swap-{duty.signup1.pk}"' in html
        assert "record-finding" not in html
        # another volunteer gets none of them
        assert render_partial(duty.signup1, duty.user2).strip() == ""
    # once the patrol has begun: only the finding
    with time_machine.travel(at("2026-03-10", 9), tick=False):
        html = render_partial(duty.signup1, duty.user1)
        assert "ask-cover" not in html
        assert f'data-testid="record-finding-{duty.signup1.pk}"' in html


# ---- findings ---------------------------------------------------------------------------------

def test_the_patrol_records_a_finding_and_staff_convert_it(client, world, duty):
    client.force_login(duty.user1)
    with time_machine.travel(at("2026-03-10", 10), tick=False):
        response = client.post(reverse("activities:duty_signup_action",
                                       args=[duty.signup1.pk, "finding"]),
                               {"description": "二号楼楼道灯不亮", "building": ""})
    assert response.status_code == 302
    finding = Finding.objects.get()
    kind = category(world.community_a)
    client.force_login(world.users["staff_a"])
    page = client.get(reverse("activities:finding_detail", args=[finding.pk]))
    assert 'data-testid="convert-submit"' in page.content.decode()
    response = client.post(reverse("activities:finding_convert", args=[finding.pk]),
                           {"category": kind.pk, "building": world.building_a2.pk})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert (finding.case.channel, finding.case.building) == ("patrol", world.building_a2)
    page = client.get(reverse("activities:finding_detail", args=[finding.pk])).content.decode()
    assert "convert-submit" not in page
    assert reverse("casework:case_detail", args=[finding.case_id]) in page


def test_findings_are_listed_for_staff_and_the_reporter_only(client, world, duty):
    finding_of_a(world)
    for name, count in (("staff_a", 1), ("vol_a1", 1), ("vol_a2", 0), ("staff_b", 0),
                        ("resident_a", 0)):
        client.force_login(world.users[name])
        response = client.get(reverse("activities:finding_list"))
        assert len(response.context["findings"]) == count, name


def test_findings_are_listed_and_exported_with_phones_and_ids_masked_and_audited(
        client, world, duty):
    # given a finding whose note quotes a resident's mobile and ID number
    finding = finding_of_a(world)
    Finding.objects.filter(pk=finding.pk).update(
        description="二号楼门口杂物堆放，住户 13800138001 身份证 110101199003074512")
    client.force_login(world.users["staff_a"])
    before = AuditEntry.objects.count()
    # when staff read the list, the finding and export the list
    page = client.get(reverse("activities:finding_list")).content.decode()
    detail = client.get(reverse("activities:finding_detail", args=[finding.pk])).content.decode()
    export = client.get(reverse("activities:finding_list"), {"export": "xlsx"})
    # then the list and the export show the note masked, and the export is audited
    assert "138****8001" in page and "13800138001" not in page
    assert "138****8001" in detail.split('data-testid="finding-description"')[0]
    cells = [str(cell.value) for row in load_workbook(io.BytesIO(export.content)).active
             for cell in row]
    assert any("138****8001" in cell for cell in cells)
    assert not any("13800138001" in cell or "110101199003074512" in cell for cell in cells)
    assert AuditEntry.objects.count() == before + 1


def test_the_case_partial_links_back_to_the_finding(client, world, duty):
    # given a request not from a patrol, then the partial says nothing
    case = dispute_of_a(world)
    staff = world.users["staff_a"]
    html = render_to_string("activities/duty/_case_patrol_finding.html",
                            {"case": case, "user": staff})
    assert html.strip() == ""
    # given a finding converted into it, then it links back to the finding for staff
    finding = finding_of_a(world)
    Finding.objects.filter(pk=finding.pk).update(case=case)
    case.refresh_from_db()
    link = reverse("activities:finding_detail", args=[finding.pk])
    html = render_to_string("activities/duty/_case_patrol_finding.html",
                            {"case": case, "user": staff})
    assert link in html
    # and not for the street admin, who may read the request but not the patrol's findings
    html = render_to_string("activities/duty/_case_patrol_finding.html",
                            {"case": case, "user": world.users["street_admin"]})
    assert html.strip() == ""
    # when a finding converted through the service is opened on the request's page
    with time_machine.travel(at("2026-03-10", 10), tick=False):
        client.force_login(duty.user1)
        client.post(reverse("activities:duty_signup_action", args=[duty.signup1.pk, "finding"]),
                    {"description": "三号楼路灯不亮", "building": ""})
    converted = Finding.objects.get(description="三号楼路灯不亮")
    client.force_login(staff)
    client.post(reverse("activities:finding_convert", args=[converted.pk]),
                {"category": category(world.community_a).pk, "building": world.building_a1.pk})
    converted.refresh_from_db()
    page = client.get(reverse("casework:case_detail", args=[converted.case_id])).content.decode()
    # then the request's page shows where it came from
    assert reverse("activities:finding_detail", args=[converted.pk]) in page


def test_the_workbench_counts_the_empty_slots_and_opens_the_board_on_them(client, world, duty):
    # given the two patrol shifts (one of two slots taken each) within three days
    with time_machine.travel(NOW, tick=False):
        sections = workbench(world.users["staff_a"], now=NOW)["sections"]
        item = next(item for section in sections for item in section.items
                    if item.key == "shifts.empty")
        # then the workbench counts their two empty slots
        assert item.count == 2
        # and its link opens the board on exactly those shifts
        client.force_login(world.users["staff_a"])
        response = client.get(item.url)
    shifts = [cell.shifts[0].pk for row in response.context["grid"] for line in row.rows
              for cell in line.cells if cell]
    assert sorted(shifts) == sorted([duty.shift1.pk, duty.shift2.pk])
    assert sum(row.empty for row in response.context["grid"]) == item.count


def test_names_on_a_shift_page_are_for_the_holder_and_those_who_keep_them(client, world, duty):
    cover_of_a(world)
    for name, shown in (("vol_a1", True), ("staff_a", True), ("grid_a1", False)):
        client.force_login(world.users[name])
        page = client.get(reverse("activities:duty_signup", args=[duty.signup1.pk]))
        assert page.status_code == 200, name
        assert ("甲志愿者一" in page.content.decode()) is shown, name


def test_the_board_names_who_asked_only_to_those_who_keep_the_names(client, world, duty, clock):
    cover_of_a(world)
    for name, shown in (("staff_a", True), ("grid_a1", False)):
        client.force_login(world.users[name])
        page = client.get(reverse("activities:duty_board")).content.decode()
        assert "甲出差" in page, name
        assert ("甲志愿者一" in page) is shown, name


def test_swap_targets_name_their_holders_only_to_those_who_see_who_took_shifts(client, world,
                                                                               duty):
    # given the first volunteer's shift and a third volunteer's later shift on the same post
    swap_of_a(world)
    with time_machine.travel(NOW, tick=False):
        # when the first volunteer opens their sign-up to propose a swap
        client.force_login(duty.user1)
        page = client.get(reverse("activities:duty_signup", args=[duty.signup1.pk]))
        choices = dict(page.context["swap_form"].fields["target"].choices)
        # then the shifts are offered by their time, without their holders' names
        assert choices and not any("甲志愿者" in str(label) for label in choices.values())
    # while the label for those who see who took the shifts names the holder
    assert "甲志愿者三" in target_label(duty.signup3, with_names=True)

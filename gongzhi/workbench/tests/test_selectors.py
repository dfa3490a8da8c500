"""Each count of the workbench equals the rows of the list its link opens, within scope."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from gongzhi.casework import selectors as case_selectors
from gongzhi.cobuilding import selectors as cobuilding_selectors
from gongzhi.deliberation.polls import selectors as poll_selectors
from gongzhi.deliberation.votes import selectors as vote_selectors
from gongzhi.workbench import selectors
from gongzhi.workbench.tests.factories import (
    NOW,
    TODAY,
    agreement_of,
    case_in,
    cases_of_a,
    need_of,
    poll_of_a,
)

pytestmark = pytest.mark.django_db


def items_of(data, section_key) -> dict:
    section = next(s for s in data["sections"] if s.key == section_key)
    return {item.key: item for item in section.items}


def test_staff_counts_are_the_rows_of_each_queue_and_leave_out_another_community(world):
    # given
    cases_of_a(world)
    staff = world.users["staff_a"]
    # when
    counts = case_selectors.workbench_counts(staff, now=NOW)
    # then
    assert {name: counts[name] for name in ("dispatch", "accept", "due_today", "overdue",
                                           "follow_up")} == {
        "dispatch": 2, "accept": 1, "due_today": 1, "overdue": 1, "follow_up": 1}
    for name in ("dispatch", "accept", "due_today", "overdue", "follow_up", "assigned"):
        assert case_selectors.case_list(staff, queue=name, now=NOW).count() == counts[name]
    assert not case_selectors.case_list(staff, queue="overdue", now=NOW).filter(
        community=world.community_b).exists()


def test_a_grid_worker_sees_what_is_assigned_to_them_and_open_in_their_grid_only(world):
    # given: grid_a1 handles two requests; one open request sits in the other grid
    rows = cases_of_a(world)
    grid = world.users["grid_a1"]
    # when
    counts = case_selectors.workbench_counts(grid, now=NOW)
    # then
    assert counts["assigned"] == 2  # the dispatched and the overdue one
    assert set(case_selectors.case_list(grid, queue="grid_open", now=NOW)) == {
        rows["new"], rows["dispatched"], rows["overdue"]}
    assert counts["grid_open"] == 3
    assert rows["returned"] not in case_selectors.case_list(grid, queue="grid_open", now=NOW)


def test_a_resident_rates_only_their_own_answered_requests(world):
    # given
    rows = cases_of_a(world)
    case_in(world, world.building_a1, status="answered")  # someone else's
    resident = world.users["resident_a"]
    # when
    counts = case_selectors.workbench_counts(resident, now=NOW)
    # then
    assert counts["rate"] == 1
    assert list(case_selectors.case_list(resident, queue="rate", mine=True, now=NOW)) == [
        rows["answered"]]


def test_votes_closing_soon_waiting_for_publication_and_with_paper_ballots_to_check(world):
    from gongzhi.deliberation.models import Vote
    from gongzhi.deliberation.tests.factories import open_vote, owned_flats, scan
    from gongzhi.deliberation.votes import services

    # given: an open vote closing in two days with one paper ballot to check, a closed one
    owned_flats(world)
    vote = open_vote(world)
    Vote.objects.filter(pk=vote.pk).update(closes_on=TODAY + datetime.timedelta(days=2))
    elector = vote.electors.order_by("floor").first()
    services.ballot_enter_paper(actor=world.users["staff_a"], vote=vote, elector=elector,
                                choice="yes", voter_name="业主1", scan=scan())
    closed = open_vote(world, title="外墙清洗")
    Vote.objects.filter(pk=closed.pk).update(status="closed")
    # when
    counts = vote_selectors.vote_workbench_counts(world.users["staff_a"], today=TODAY)
    outsider = vote_selectors.vote_workbench_counts(world.users["staff_b"], today=TODAY)
    # then
    assert counts == {"check": 1, "closing": 1, "publish": 1}
    assert list(vote_selectors.vote_list(world.users["staff_a"], queue="check",
                                         today=TODAY)) == [vote]
    assert list(vote_selectors.vote_list(world.users["staff_a"], queue="publish",
                                         today=TODAY)) == [closed]
    assert outsider == {"check": 0, "closing": 0, "publish": 0}
    # a vote that closes later than the window is not "closing soon"
    assert vote_selectors.vote_workbench_counts(
        world.users["staff_a"], today=TODAY - datetime.timedelta(days=10))["closing"] == 0


def test_a_resident_sees_the_votes_and_polls_waiting_for_their_ballot_until_they_vote(world):
    from gongzhi.deliberation.polls import services as services_polls
    from gongzhi.deliberation.tests.factories import open_vote, owned_flats
    from gongzhi.deliberation.votes import services

    # given: resident_a owns the top flat of the vote's unit and lives in the poll's building
    owned_flats(world)
    vote = open_vote(world)
    poll = poll_of_a(world)
    resident = world.users["resident_a"]
    # when
    waiting_votes = vote_selectors.votes_awaiting_ballot(resident)
    waiting_polls = [p for p, _elector in poll_selectors.polls_awaiting_ballot(resident)]
    # then
    assert (waiting_votes, waiting_polls) == ([vote], [poll])
    assert vote_selectors.votes_awaiting_ballot(world.users["staff_b"]) == []
    # when they vote
    own = vote_selectors.own_electors(resident, vote)[0]
    services.ballot_cast_online(actor=resident, vote=vote, elector=own, choice="yes")
    services_polls.poll_cast_online(actor=resident, poll=poll, choice="yes")
    # then
    assert vote_selectors.votes_awaiting_ballot(resident) == []
    assert poll_selectors.polls_awaiting_ballot(resident) == []


def test_polls_closing_soon_are_counted_like_the_poll_list(world):
    # given
    poll = poll_of_a(world)
    poll_of_a(world, closes_on=TODAY + datetime.timedelta(days=20))
    # when
    counts = poll_selectors.poll_workbench_counts(world.users["staff_a"], today=TODAY)
    # then
    assert counts == {"check": 0, "closing": 1, "publish": 0}
    assert list(poll_selectors.poll_list(world.users["staff_a"], queue="closing",
                                         today=TODAY)) == [poll]
    assert poll_selectors.poll_workbench_counts(world.users["staff_b"], today=TODAY) == {
        "check": 0, "closing": 0, "publish": 0}


def test_needs_without_a_match_and_agreements_expiring_in_the_reminder_window(world):
    # given
    need_of(world, world.community_a)
    need_of(world, world.community_a, title="已对接", status="matching")
    need_of(world, world.community_b, title="乙需求")
    expiring = agreement_of(world, world.community_a, ends_on=TODAY + datetime.timedelta(days=10))
    agreement_of(world, world.community_a, ends_on=TODAY + datetime.timedelta(days=90),
                 name="甲远期单位")
    agreement_of(world, world.community_b, ends_on=TODAY + datetime.timedelta(days=5),
                 name="乙共建单位")
    staff = world.users["staff_a"]
    # when
    counts = cobuilding_selectors.workbench_counts(staff, today=TODAY)
    # then
    assert counts == {"unmatched_needs": 1, "expiring_agreements": 1}
    board = cobuilding_selectors.board(staff, need_status="open")
    assert [need.title for need in board["open_needs"]] == ["甲需求"]
    assert list(cobuilding_selectors.agreements_expiring_soon(
        cobuilding_selectors.agreement_list(staff), today=TODAY)) == [expiring]


def test_services_to_confirm_count_posts_whose_day_has_come(world):
    from gongzhi.activities.rota import selectors as rota_selectors
    from gongzhi.party.tests.factories import party_of_a

    # given: party_a took 甲岗位's shift (2026-03-01); its day has come
    party_of_a(world)
    staff = world.users["staff_a"]
    # when
    count = rota_selectors.posts_to_confirm_count(staff, today=TODAY)
    # then
    assert count == 1
    assert list(rota_selectors.post_list(staff, to_confirm=True, today=TODAY)) == [
        world.post_a]
    assert rota_selectors.posts_to_confirm_count(
        staff, today=datetime.date(2026, 2, 1)) == 0
    assert rota_selectors.posts_to_confirm_count(world.users["staff_b"], today=TODAY) == 0


def test_a_party_member_sees_open_posts_claims_and_confirmed_hours_of_this_year(world):
    from gongzhi.activities.rota import services as rota_services
    from gongzhi.party import selectors as party_selectors
    from gongzhi.party import services as party_services
    from gongzhi.party.tests.factories import party_of_a

    # given: one shift confirmed with 2.5 hours (the ledger)
    party_of_a(world)
    rota_services.signup_confirm(actor=world.users["staff_a"], signup=world.shift_signup_a,
                                 work_done="巡查", hours="2.5")
    member = party_services.own_member(world.users["party_a"])
    # when
    counts = party_selectors.member_workbench_counts(world.users["party_a"], member,
                                                     today=TODAY)
    # then
    assert counts == {"open_posts": 1, "claims": 1, "waiting": 0,
                      "hours_this_year": Decimal("2.5")}
    assert party_selectors.member_workbench_counts(
        world.users["party_a"], member, today=datetime.date(2027, 1, 5))["hours_this_year"] == 0


def test_a_partner_contact_sees_requests_and_matches_waiting_for_their_unit(world):
    from gongzhi.casework.models import Case
    from gongzhi.cobuilding.tests.factories import BANK, partner_contact, unit_with_resource

    # given: two requests dispatched to the bank, one accepted; one to another unit
    root = world.users["superuser"]
    bank, _resource = unit_with_resource(root, world.community_a, BANK)
    other, _ = unit_with_resource(root, world.community_a,
                                  ("甲其他单位", "shop", "", "物资", "supplies", "hardship", 5))
    contact = partner_contact(world.community_a, bank, "bank_contact")
    first = case_in(world, world.building_a1, status="dispatched")
    second = case_in(world, world.building_a1, status="accepted")
    third = case_in(world, world.building_a1, status="dispatched")
    Case.objects.filter(pk__in=[first.pk, second.pk]).update(partner_unit=bank)
    Case.objects.filter(pk=third.pk).update(partner_unit=other)
    # when
    counts = case_selectors.partner_case_counts(contact)
    # then
    assert counts == {"accept": 1, "handle": 1}
    assert list(case_selectors.partner_case_queue(contact, "accept")) == [first]
    assert cobuilding_selectors.partner_workbench_counts(contact) == {"pending_matches": 0}


def test_the_street_table_has_every_community_with_its_own_figures(world):
    # given
    cases_of_a(world)
    street = world.users["street_admin"]
    # when
    with time_machine.travel(NOW, tick=False):
        data = selectors.workbench(street, now=NOW)
    # then
    section = next(s for s in data["sections"] if s.key == "street")
    rows = {row.community: {cell.key: cell.count for cell in row.cells} for row in section.rows}
    assert set(rows) == {"甲社区", "乙社区"}
    assert (rows["甲社区"]["open"], rows["甲社区"]["overdue"]) == (6, 1)
    assert (rows["乙社区"]["open"], rows["乙社区"]["overdue"]) == (3, 2)
    cell = next(c for c in section.rows[0].cells if c.key == "overdue")
    assert cell.url.startswith("/casework/?queue=overdue&community=")


def test_sections_follow_the_roles(world):
    from gongzhi.party.tests.factories import party_of_a

    party_of_a(world)
    expected = {
        "staff_a": ["cases", "deliberation", "cobuilding", "activities", "volunteering", "care"],
        "secretary_a": ["cases", "deliberation", "cobuilding", "activities", "volunteering",
                        "care"],
        "grid_a1": ["grid"],
        "resident_a": ["resident"],
        # party_a took a members' post's shift: their volunteer profile was made then
        "party_a": ["my_hours", "party"],
        "street_admin": ["street"],
        "district_admin": ["street"],
    }
    for name, keys in expected.items():
        data = selectors.workbench(world.users[name], now=NOW)
        assert [section.key for section in data["sections"]] == keys, name


def test_a_user_with_several_roles_sees_each_section_that_applies(world):
    from gongzhi.accounts.choices import Role
    from gongzhi.accounts.models import RoleAssignment
    from gongzhi.accounts.roles import ROLE_LEVEL

    # given: staff of A who is also the grid worker of grid A1, a resident and a street admin
    user = world.users["staff_a"]
    for role, place in ((Role.GRID_WORKER, world.grid_a1), (Role.RESIDENT, world.community_a),
                        (Role.STREET_ADMIN, world.street)):
        level = ROLE_LEVEL[role]
        RoleAssignment.objects.create(user=user, role=role, level=level, **{level: place})
    user.refresh_from_db()
    # when
    data = selectors.workbench(user, now=NOW)
    # then
    assert [section.key for section in data["sections"]] == [
        "cases", "deliberation", "cobuilding", "activities", "volunteering", "care", "grid",
        "resident", "street"]


def test_volunteering_counts_and_a_volunteers_own_hours(world):
    from gongzhi.activities.tests.volunteering.factories import volunteering_with_requests_of_a

    # given an applicant awaiting confirmation, a pending correction and resident_a's 5 hours
    volunteering_with_requests_of_a(world)
    # when staff open their workbench, then both counts link to their lists
    data = selectors.workbench(world.users["staff_a"], now=NOW)
    items = {item.key: item for section in data["sections"] for item in section.items}
    assert (items["volunteers.applied"].count, items["volunteers.applied"].url) == (
        1, "/activities/volunteers/?status=applied")
    assert (items["corrections.pending"].count, items["corrections.pending"].url) == (
        1, "/activities/hours/corrections/?status=pending")
    # when the resident opens theirs, then their hours this year and star level show
    data = selectors.workbench(world.users["resident_a"], now=NOW)
    mine = {item.key: item for section in data["sections"] for item in section.items}
    assert str(mine["hours.volunteer_year"].value) == "5.0 小时"
    assert str(mine["hours.stars"].value) == "未评星"

"""Each rule of duty against every role, with the expected answers written out."""

import pytest
import rules as django_rules

from gongzhi.activities.duty import rules
from gongzhi.activities.duty.models import Finding, SwapRequest
from gongzhi.activities.rota.models import ShiftSignUp
from gongzhi.activities.tests.duty.factories import cover_of_a, duty_of_a, finding_of_a, swap_of_a
from gongzhi.activities.tests.factories import at
from gongzhi.casework.tests.factories import dispute_of_a

USERS = ["anonymous", "resident_a", "staff_a", "secretary_a", "grid_a1", "staff_b",
         "street_admin", "district_admin", "vol_a1", "vol_a2", "vol_a3"]


def allowed(world, rule, obj) -> set[str]:
    return {name for name in USERS if django_rules.has_perm(rule, world.users.get(name), obj)}


@pytest.fixture
def duty(world):
    return duty_of_a(world)


@pytest.mark.parametrize("rule", [rules.ASK_COVER, rules.ASK_SWAP])
def test_only_the_holder_asks_while_the_shift_is_only_taken(world, duty, rule):
    assert allowed(world, rule, duty.signup1) == {"vol_a1"}
    # once checked in, nobody may
    ShiftSignUp.objects.filter(pk=duty.signup1.pk).update(checked_in_at=at("2026-03-10", 8))
    assert allowed(world, rule, ShiftSignUp.objects.get(pk=duty.signup1.pk)) == set()


@pytest.mark.parametrize("rule", [rules.ASK_COVER, rules.ASK_SWAP])
def test_a_shift_with_an_open_request_asks_no_second(world, duty, rule):
    cover_of_a(world)
    assert allowed(world, rule, ShiftSignUp.objects.get(pk=duty.signup1.pk)) == set()


def test_a_patrol_is_recorded_by_its_holder_and_the_community_editors(world, duty):
    assert allowed(world, rules.RECORD_FINDING, duty.signup1) == {
        "vol_a1", "staff_a", "secretary_a", "grid_a1"}


def test_a_cover_is_taken_by_those_who_may_serve_but_not_the_holder(world, duty):
    cover = cover_of_a(world)
    assert allowed(world, rules.TAKE_COVER, cover) == {"vol_a2", "vol_a3"}
    SwapRequest.objects.filter(pk=cover.pk).update(status="cancelled")
    assert allowed(world, rules.TAKE_COVER, SwapRequest.objects.get(pk=cover.pk)) == set()


def test_a_suspended_volunteer_may_not_take_a_cover(world, duty):
    cover = cover_of_a(world)
    duty.volunteer2.__class__.objects.filter(pk=duty.volunteer2.pk).update(status="suspended")
    assert allowed(world, rules.TAKE_COVER, SwapRequest.objects.get(pk=cover.pk)) == {"vol_a3"}


def test_a_cover_is_assigned_by_those_who_keep_the_names(world, duty):
    # the grid worker publishes posts but does not see who took them (accounts.roles)
    assert allowed(world, rules.ASSIGN_COVER, cover_of_a(world)) == {"staff_a", "secretary_a"}


def test_a_swap_is_answered_by_its_named_volunteer_and_withdrawn_by_its_requester(world, duty):
    swap = swap_of_a(world)
    assert allowed(world, rules.ACCEPT_SWAP, swap) == {"vol_a3"}
    assert allowed(world, rules.DECLINE_SWAP, swap) == {"vol_a3"}
    assert allowed(world, rules.WITHDRAW_SWAP, swap) == {"vol_a2"}
    assert allowed(world, rules.TAKE_COVER, swap) == set()
    assert allowed(world, rules.ASSIGN_COVER, swap) == set()
    SwapRequest.objects.filter(pk=swap.pk).update(status="declined")
    closed = SwapRequest.objects.get(pk=swap.pk)
    for rule in rules.SWAP_ACTIONS:
        assert allowed(world, rule, closed) == set(), rule


def test_a_finding_is_converted_once_by_the_community_editors(world, duty):
    finding = finding_of_a(world)
    assert allowed(world, rules.CONVERT_FINDING, finding) == {
        "staff_a", "secretary_a", "grid_a1"}
    Finding.objects.filter(pk=finding.pk).update(case=dispute_of_a(world))
    assert allowed(world, rules.CONVERT_FINDING, Finding.objects.get(pk=finding.pk)) == set()

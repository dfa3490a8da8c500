"""The register's rules against every role: who may take each action on a household of
community A and on its pairing, in which state."""

import pytest
import rules as django_rules
from django.contrib.auth.models import AnonymousUser

from gongzhi.care.register import rules, services
from gongzhi.care.tests.factories import care_of_a
from gongzhi.core.actions import open_actions

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident_a", "jia_bank_contact", "staff_b", "grid_a1", "staff_a",
         "secretary_a", "street_admin", "district_admin"]


def user(world, care, who):
    if who == "anonymous":
        return AnonymousUser()
    if who == "jia_bank_contact":
        return care.volunteering.contact
    return world.users[who]


@pytest.mark.parametrize("who", ROLES)
def test_the_actions_open_on_an_active_household(world, who):
    care = care_of_a(world)
    actions = open_actions(user(world, care, who), care.household, rules.HOUSEHOLD_ACTIONS)
    staff = who in ("staff_a", "secretary_a")
    assert actions == (["care.edit_household", "care.pair_household", "care.close_household"]
                       if staff else [])


@pytest.mark.parametrize("who", ROLES)
def test_the_actions_open_on_a_closed_household(world, who):
    care = care_of_a(world)
    closed = services.household_close(actor=world.users["staff_a"], household=care.unpaired,
                                      reason="迁出")
    actions = open_actions(user(world, care, who), closed, rules.HOUSEHOLD_ACTIONS)
    assert actions == (["care.reopen_household"] if who in ("staff_a", "secretary_a") else [])


@pytest.mark.parametrize("who", ROLES)
def test_who_may_read_a_household_in_full(world, who):
    # given 甲居民, paired with resident_a's volunteer profile and the bank
    care = care_of_a(world)
    expected = who in ("staff_a", "secretary_a", "resident_a", "jia_bank_contact")
    assert django_rules.has_perm(rules.READ_FULL, user(world, care, who),
                                 care.household) is expected


@pytest.mark.parametrize("who", ROLES)
def test_who_may_end_a_pairing(world, who):
    care = care_of_a(world)
    assert open_actions(user(world, care, who), care.pairing_unit, rules.PAIRING_ACTIONS) == (
        ["care.end_pairing"] if who in ("staff_a", "secretary_a") else [])


def test_an_ended_pairing_may_not_be_ended_again(world):
    care = care_of_a(world)
    services.pairing_end(actor=world.users["staff_a"], pairing=care.pairing_unit)
    care.pairing_unit.refresh_from_db()
    assert open_actions(world.users["staff_a"], care.pairing_unit, rules.PAIRING_ACTIONS) == []


@pytest.mark.parametrize(("who", "expected"), [
    ("staff_a", True), ("secretary_a", True), ("staff_b", False), ("grid_a1", False),
    ("street_admin", False), ("resident_a", False)])
def test_who_may_register_in_community_a(world, who, expected):
    assert django_rules.has_perm(rules.REGISTER, world.users[who], world.community_a) is expected

"""Each volunteering rule against every role: who may take the action on community A's row."""

import pytest
from django.contrib.auth.models import AnonymousUser

from gongzhi.activities.tests.volunteering.factories import volunteering_with_requests_of_a
from gongzhi.activities.volunteering import rules

EVERYONE = ["anonymous", "resident_a", "staff_a", "secretary_a", "grid_a1", "staff_b",
            "street_admin", "district_admin", "contact"]


def who_may(world, rule, row) -> set[str]:
    v = world.volunteering_a
    users = {**world.users, "contact": v.contact, "anonymous": AnonymousUser()}
    return {name for name in EVERYONE if users[name].has_perm(rule, row)}


@pytest.fixture
def v(world):
    return volunteering_with_requests_of_a(world)


@pytest.mark.parametrize(("rule", "row", "expected"), [
    # registrations: oneself where one may volunteer; staff a resident; a contact their unit
    (rules.REGISTER_OWN, "community", {"resident_a", "contact"}),
    (rules.REGISTER_RESIDENT, "community", {"staff_a", "secretary_a"}),
    (rules.REGISTER_UNIT_STAFF, "unit", {"contact"}),
    # an applicant: staff confirm or suspend, and edit; staff certify
    (rules.CONFIRM, "applicant", {"staff_a", "secretary_a"}),
    (rules.SUSPEND, "applicant", {"staff_a", "secretary_a"}),
    (rules.REINSTATE, "applicant", set()),
    (rules.EDIT, "applicant", {"staff_a", "secretary_a"}),
    (rules.CERTIFY, "applicant", {"staff_a", "secretary_a"}),
    # the resident's own profile: they edit it and certify, staff too
    (rules.CONFIRM, "resident", set()),
    (rules.SUSPEND, "resident", {"staff_a", "secretary_a"}),
    (rules.EDIT, "resident", {"resident_a", "staff_a", "secretary_a"}),
    (rules.CERTIFY, "resident", {"resident_a", "staff_a", "secretary_a"}),
    # the unit's staff member: the unit's contact edits, never confirms
    (rules.EDIT, "unit_staff", {"contact", "staff_a", "secretary_a"}),
    (rules.CONFIRM, "unit_staff", set()),
    (rules.CERTIFY, "unit_staff", {"staff_a", "secretary_a"}),
    # the resident's recorded service: only they ask to correct it
    (rules.REQUEST_CORRECTION, "entry", {"resident_a"}),
    # a pending request: staff decide
    (rules.APPROVE_CORRECTION, "correction", {"staff_a", "secretary_a"}),
    (rules.REJECT_CORRECTION, "correction", {"staff_a", "secretary_a"}),
])
def test_rule_matrix(world, v, rule, row, expected):
    rows = {"community": world.community_a, "unit": v.unit, "applicant": v.applicant,
            "resident": v.resident, "unit_staff": v.unit_staff, "entry": v.entry,
            "correction": world.volunteering_correction_a}
    assert who_may(world, rule, rows[row]) == expected


def test_an_entry_under_a_pending_request_takes_no_other(world, v):
    entry = world.volunteering_correction_a.entry
    assert who_may(world, rules.REQUEST_CORRECTION, entry) == set()


def test_a_suspended_volunteer_is_reinstated_by_staff_only(world, v):
    from gongzhi.activities.volunteering import services

    services.volunteer_suspend(actor=world.users["staff_a"], volunteer=v.resident)
    v.resident.refresh_from_db()
    assert who_may(world, rules.REINSTATE, v.resident) == {"staff_a", "secretary_a"}
    assert who_may(world, rules.SUSPEND, v.resident) == set()
    # a certificate of past service stays free on request
    assert "resident_a" in who_may(world, rules.CERTIFY, v.resident)


def test_a_decided_request_is_decided_by_nobody(world, v):
    from gongzhi.activities.volunteering import services

    correction = services.correction_reject(actor=world.users["staff_a"],
                                            correction=world.volunteering_correction_a,
                                            note="记录无误")
    assert who_may(world, rules.APPROVE_CORRECTION, correction) == set()

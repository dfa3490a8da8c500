"""Simultaneous requests never double a profile, a pending request or an approved correction
(PostgreSQL; SQLite serialises writes)."""

from decimal import Decimal

import pytest

from gongzhi.activities.tests.volunteering.factories import volunteering_of_a
from gongzhi.activities.volunteering import selectors, services
from gongzhi.activities.volunteering.models import HoursCorrection, HoursEntry, Volunteer
from gongzhi.conftest import at_once


@pytest.mark.django_db(transaction=True)
def test_one_pending_request_per_entry_and_one_approval(pg_world):
    v = volunteering_of_a(pg_world)
    resident, staff = pg_world.users["resident_a"], pg_world.users["staff_a"]
    # when the volunteer sends the same request six times at once
    outcomes = at_once([lambda h=h: services.correction_request(
        actor=resident, entry=v.entry, hours=Decimal(4) + h, reason="漏记")
        for h in range(6)])
    # then one is pending
    assert outcomes.count("ok") == 1
    assert HoursCorrection.objects.count() == 1
    request = HoursCorrection.objects.get()
    # when two staff approve it at once, then one correction row is added
    outcomes = at_once([lambda: services.correction_approve(actor=staff, correction=request),
                        lambda: services.correction_approve(
                            actor=pg_world.users["secretary_a"], correction=request)])
    assert sorted(outcomes) == ["correction_decided", "ok"]
    assert HoursEntry.objects.filter(kind="correction").count() == 1
    request.refresh_from_db()
    assert selectors.hours_total(v.resident) == request.hours


@pytest.mark.django_db(transaction=True)
def test_registering_twice_at_once_makes_one_profile(pg_world):
    resident = pg_world.users["resident_a"]
    outcomes = at_once([lambda: services.volunteer_register_self(
        actor=resident, community=pg_world.community_a)] * 4)
    assert outcomes.count("ok") == 1
    assert Volunteer.objects.filter(person=pg_world.person_resident_a).count() == 1

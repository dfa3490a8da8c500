"""The hours ledger: one row per service, corrections as new rows, totals and star levels."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from gongzhi.activities.tests.factories import post_in, shift_of, taken, volunteer_of
from gongzhi.activities.volunteering import selectors, services
from gongzhi.activities.volunteering.models import HoursEntry
from gongzhi.conftest import build_world
from gongzhi.core.errors import DomainError, ValidationFailed

DAY = datetime.date(2026, 3, 1)


@pytest.fixture
def served(world):
    root = world.users["superuser"]
    volunteer = volunteer_of(world.person_a)
    post = post_in(world.community_a, root)
    signup = taken(shift_of(post, date=DAY), volunteer)
    return root, volunteer, signup


def test_a_service_is_recorded_once(served):
    # given a shift whose hours are recorded
    root, volunteer, signup = served
    services.service_hours_record(actor=root, volunteer=volunteer, hours="3.5", served_on=DAY,
                                  description="值守", shift_signup=signup)
    # when it is recorded again
    with pytest.raises(DomainError) as refused:
        services.service_hours_record(actor=root, volunteer=volunteer, hours="3.5",
                                      served_on=DAY, description="值守", shift_signup=signup)
    # then it is refused and counted once
    assert refused.value.code == "hours_already_recorded"
    assert selectors.hours_total(volunteer) == Decimal("3.5")


def test_rows_are_never_changed_or_deleted(served):
    root, volunteer, signup = served
    entry = services.service_hours_record(actor=root, volunteer=volunteer, hours=2,
                                          served_on=DAY, description="值守", shift_signup=signup)
    entry.hours = Decimal(5)
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    assert HoursEntry.objects.get().hours == Decimal(2)


def test_a_correction_adds_the_difference(served):
    root, volunteer, signup = served
    entry = services.service_hours_record(actor=root, volunteer=volunteer, hours=2,
                                          served_on=DAY, description="值守", shift_signup=signup)
    correction = services.hours_correction_record(actor=root, entry=entry, hours="3.5",
                                                  note="签退漏记")
    assert correction.hours == Decimal("1.5")
    assert correction.corrects == entry
    services.hours_correction_record(actor=root, entry=entry, hours=0, note="未到岗")
    assert selectors.hours_total(volunteer) == 0
    assert HoursEntry.objects.count() == 3


@pytest.mark.parametrize("hours", ["0", "-1", "24.1", "abc"])
def test_bad_hours_are_refused(served, hours):
    root, volunteer, signup = served
    with pytest.raises(ValidationFailed):
        services.service_hours_record(actor=root, volunteer=volunteer, hours=hours,
                                      served_on=DAY, description="值守", shift_signup=signup)
    assert not HoursEntry.objects.exists()


def test_an_unchanged_correction_is_refused(served):
    root, volunteer, signup = served
    entry = services.service_hours_record(actor=root, volunteer=volunteer, hours=2,
                                          served_on=DAY, description="值守", shift_signup=signup)
    with pytest.raises(DomainError) as refused:
        services.hours_correction_record(actor=root, entry=entry, hours=2, note="")
    assert refused.value.code == "hours_unchanged"
    assert HoursEntry.objects.count() == 1


@pytest.mark.parametrize(("total", "stars"), [
    (0, 0), ("99.9", 0), (100, 1), ("299.9", 1), (300, 2), (599, 2), (600, 3), ("999.9", 3),
    (1000, 4), ("1499.9", 4), (1500, 5), (9000, 5)])
def test_star_levels_at_their_boundaries(total, stars):
    assert selectors.star_level(Decimal(str(total))) == stars


def test_totals_by_period_and_by_volunteer(served):
    root, volunteer, signup = served
    other = taken(shift_of(signup.shift.post, date=DAY + datetime.timedelta(days=40)), volunteer)
    services.service_hours_record(actor=root, volunteer=volunteer, hours=2, served_on=DAY,
                                  description="值守", shift_signup=signup)
    services.service_hours_record(actor=root, volunteer=volunteer, hours=3,
                                  served_on=other.shift.date, description="值守",
                                  shift_signup=other)
    march = {"start": datetime.date(2026, 3, 1), "end": datetime.date(2026, 3, 31)}
    assert selectors.hours_total(volunteer, **march) == Decimal(2)
    assert selectors.hours_by_volunteer([volunteer.pk], **march) == {volunteer.pk: Decimal(2)}
    assert selectors.hours_by_volunteer([volunteer.pk]) == {volunteer.pk: Decimal(5)}


class LedgerProperties(TestCase):
    """Whatever services and corrections are recorded, the total is the sum of what was
    confirmed as last corrected."""

    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.tuples(st.decimals(min_value=Decimal("0.1"), max_value=Decimal(24),
                                          places=1),
                              st.lists(st.decimals(min_value=Decimal(0), max_value=Decimal(24),
                                                   places=1), max_size=3)),
                    min_size=1, max_size=6))
    def test_total_is_the_last_corrected_hours(self, services_and_corrections):
        world = build_world()
        root = world.users["superuser"]
        volunteer = volunteer_of(world.person_a)
        post = post_in(world.community_a, root)
        expected = Decimal(0)
        for hours, corrections in services_and_corrections:
            signup = taken(shift_of(post, date=DAY), volunteer)
            entry = services.service_hours_record(actor=root, volunteer=volunteer, hours=hours,
                                                  served_on=DAY, description="值守",
                                                  shift_signup=signup)
            current = hours
            for corrected in corrections:
                if corrected == current:
                    continue
                services.hours_correction_record(actor=root, entry=entry, hours=corrected,
                                                 note="")
                current = corrected
            expected += current
        assert selectors.hours_total(volunteer) == expected
        assert sum(HoursEntry.objects.values_list("hours", flat=True)) == expected

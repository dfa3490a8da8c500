"""The reads of duty: the lists' batched rest rule agrees with rota's shift_conflict; the
workbench's count of empty slots is the board's `empty` filter."""

import datetime

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from gongzhi.activities.duty import selectors
from gongzhi.activities.rota.models import Shift, ShiftSignUp
from gongzhi.activities.rota.selectors import shift_conflict
from gongzhi.activities.tests.duty.factories import duty_of_a
from gongzhi.activities.tests.factories import at, post_in, shift_of, taken, volunteer_of
from gongzhi.activities.volunteering.models import Volunteer


@pytest.mark.parametrize(("held", "wanted", "limit"), [
    ([(8, 8)], (15, 8), 12),          # overlap
    ([(0, 8)], (8, 8), 16),           # back to back, within 16
    ([(0, 8)], (8, 8), 12),           # back to back, 16 in 24
    ([(16, 8)], (32, 8), 12),         # 16:00 and 08:00 the next day
    ([(16, 8)], (32, 8), 16),
    ([(0, 4), (20, 4)], (10, 4), 12),
    ([], (8, 8), 12),
])
def test_the_batched_rest_rule_agrees_with_shift_conflict(world, settings, held, wanted, limit):
    settings.ACTIVITIES_MAX_HOURS_IN_24 = limit
    post = post_in(world.community_a, world.users["superuser"])
    volunteer = volunteer_of(world.person_a)
    base = at("2026-03-01")
    for hour, hours in held:
        taken(shift_of(post, starts_at=base + datetime.timedelta(hours=hour), hours=hours),
              volunteer)
    shift = shift_of(post, starts_at=base + datetime.timedelta(hours=wanted[0]), hours=wanted[1])
    expected = shift_conflict(volunteer, shift)
    spans = selectors._timed_spans([volunteer.pk], [shift])[volunteer.pk]
    found = selectors.conflict_among(spans, shift)
    assert (found and found.code) == (expected and expected.code)


@hypothesis_settings(max_examples=25, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(held=st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=4),
       wanted=st.tuples(st.integers(0, 60), st.integers(1, 12)), limit=st.integers(8, 20))
def test_the_batched_rest_rule_agrees_on_any_rota(world, settings, held, wanted, limit):
    settings.ACTIVITIES_MAX_HOURS_IN_24 = limit
    post = post_in(world.community_a, world.users["superuser"])
    # (hypothesis runs the examples in one test's transaction: the rows stay between them)
    volunteer = (Volunteer.objects.filter(person=world.person_a).first()
                 or volunteer_of(world.person_a))
    ShiftSignUp.objects.filter(volunteer=volunteer).delete()
    base = at("2026-03-01")
    for hour, hours in held:
        taken(shift_of(post, starts_at=base + datetime.timedelta(hours=hour), hours=hours),
              volunteer)
    shift = shift_of(post, starts_at=base + datetime.timedelta(hours=wanted[0]), hours=wanted[1])
    expected = shift_conflict(volunteer, shift)
    spans = selectors._timed_spans([volunteer.pk], [shift])[volunteer.pk]
    found = selectors.conflict_among(spans, shift)
    assert (found and found.code) == (expected and expected.code)
    Shift.objects.filter(post=post, signups__isnull=True).delete()


def test_the_workbench_count_is_the_empty_slots_of_the_next_three_days(world):
    duty = duty_of_a(world)  # shifts on 03-10 and 03-11, each 1 of 2 taken
    shift_of(duty.post, starts_at=at("2026-03-12", 8), slots=3)   # 3 empty, day 3
    shift_of(duty.post, starts_at=at("2026-03-13", 8), slots=5)   # day 4: not counted
    staff = world.users["staff_a"]
    today = datetime.date(2026, 3, 10)
    assert selectors.empty_slots_soon(staff, today=today) == 5
    shifts = selectors.board_shifts(staff, community_id=world.community_a.pk, start=today,
                                    days=selectors.EMPTY_SOON_DAYS, only_empty=True)
    assert sum(shift.slots - shift.taken for shift in shifts) == 5
    assert selectors.empty_slots_soon(world.users["staff_b"], today=today) == 0
    assert selectors.empty_slots_soon(world.users["resident_a"], today=today) == 0

"""No overlapping shifts, and no more than ACTIVITIES_MAX_HOURS_IN_24 hours of duty in any 24."""

import pytest

from gongzhi.activities.rota.selectors import shift_conflict
from gongzhi.activities.tests.factories import at, post_in, shift_of, taken, volunteer_of


@pytest.fixture
def rota(world):
    post = post_in(world.community_a, world.users["superuser"])
    return post, volunteer_of(world.person_a)


def test_an_overlapping_shift_is_refused(rota):
    post, volunteer = rota
    taken(shift_of(post, starts_at=at("2026-03-01", 8)), volunteer)
    conflict = shift_conflict(volunteer, shift_of(post, starts_at=at("2026-03-01", 15)))
    assert conflict is not None and conflict.code == "shift_overlap"


def test_back_to_back_shifts_do_not_overlap(rota, settings):
    settings.ACTIVITIES_MAX_HOURS_IN_24 = 16
    post, volunteer = rota
    taken(shift_of(post, starts_at=at("2026-03-01", 0)), volunteer)
    assert shift_conflict(volunteer, shift_of(post, starts_at=at("2026-03-01", 8))) is None


@pytest.mark.parametrize(("limit", "refused"), [(12, True), (16, False)])
def test_the_rest_rule_counts_any_24_hours(rota, settings, limit, refused):
    # given 8 hours from 16:00 and 8 from 08:00 the next day (16 hours within 24)
    settings.ACTIVITIES_MAX_HOURS_IN_24 = limit
    post, volunteer = rota
    taken(shift_of(post, starts_at=at("2026-03-01", 16)), volunteer)
    conflict = shift_conflict(volunteer, shift_of(post, starts_at=at("2026-03-02", 8)))
    assert (conflict is not None and conflict.code == "rest_rule") is refused


def test_a_day_apart_is_within_the_rule(rota, settings):
    settings.ACTIVITIES_MAX_HOURS_IN_24 = 12
    post, volunteer = rota
    taken(shift_of(post, starts_at=at("2026-03-01", 0), hours=12), volunteer)
    assert shift_conflict(volunteer, shift_of(post, starts_at=at("2026-03-02", 12),
                                              hours=12)) is None


def test_a_shift_given_up_in_a_swap_is_left_out(rota):
    post, volunteer = rota
    mine = taken(shift_of(post, starts_at=at("2026-03-01", 8)), volunteer)
    other = shift_of(post, starts_at=at("2026-03-01", 10))
    assert shift_conflict(volunteer, other) is not None
    assert shift_conflict(volunteer, other, leaving=mine) is None


def test_untimed_tasks_conflict_with_nothing(rota):
    post, volunteer = rota
    taken(shift_of(post, starts_at=at("2026-03-01", 8)), volunteer)
    assert shift_conflict(volunteer, shift_of(post)) is None


def test_another_volunteers_shifts_do_not_count(rota, world):
    post, volunteer = rota
    taken(shift_of(post, starts_at=at("2026-03-01", 8)), volunteer_of(world.person_resident_a))
    assert shift_conflict(volunteer, shift_of(post, starts_at=at("2026-03-01", 8))) is None

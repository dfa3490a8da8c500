"""When a household is due for a visit: (last visit, or registration) + the plan's days; overdue
from the day after. Judged on an injected date, across a plan's boundary."""

import datetime

import pytest

from gongzhi.care.tests.factories import care_of_a
from gongzhi.care.tests.visits.factories import visit_of
from gongzhi.care.visits import selectors

REGISTERED = datetime.date(2026, 1, 5)  # care_of_a's households; 甲居民 every 30 days


def overdue_ids(world, today):
    return [row.household.pk for row in selectors.overdue(world.users["staff_a"], today=today)]


@pytest.mark.django_db
@pytest.mark.parametrize(("today", "is_overdue"), [
    (datetime.date(2026, 2, 3), False),   # the day before due
    (datetime.date(2026, 2, 4), False),   # the due day: registered + 30
    (datetime.date(2026, 2, 5), True),    # the day after
])
def test_a_household_never_visited_is_due_its_plan_after_registration(world, today, is_overdue):
    care = care_of_a(world)
    # given 甲居民, registered on 2026-01-05 with a visit every 30 days, never visited
    # when staff read the overdue list on `today`, then it is there only from the day after
    assert (care.household.pk in overdue_ids(world, today)) is is_overdue


@pytest.mark.django_db
@pytest.mark.parametrize(("today", "is_overdue"), [
    (datetime.date(2026, 4, 8), False),
    (datetime.date(2026, 4, 9), False),   # 2026-03-10 + 30
    (datetime.date(2026, 4, 10), True),
])
def test_a_visit_moves_the_due_date_to_the_plan_after_it(world, today, is_overdue):
    care = care_of_a(world)
    # given a visit on 2026-03-10
    visit_of(world, care.household, day=datetime.date(2026, 3, 10))
    # then the household is due on 2026-04-09 and overdue from 2026-04-10
    assert (care.household.pk in overdue_ids(world, today)) is is_overdue


@pytest.mark.django_db
def test_the_helper_sees_their_own_overdue_and_staff_see_the_community(world):
    care = care_of_a(world)
    today = datetime.date(2026, 2, 5)
    # then the helper's 我的帮扶 marks their household, not the one they do not help
    mine = selectors.my_households(world.users["resident_a"], today=today)
    assert [(row.household.pk, row.is_overdue, row.days_overdue) for row in mine] == [
        (care.household.pk, True, 1)]
    # and staff see both of A's households overdue (the unpaired one is due every 14 days),
    # none of B's
    assert overdue_ids(world, today) == [care.unpaired.pk, care.household.pk]
    assert selectors.overdue(world.users["staff_b"], today=today)[0].household.pk == (
        care.household_b.pk)


@pytest.mark.django_db
def test_a_resident_who_helps_no_one_has_no_overdue_list(world):
    care_of_a(world)
    assert selectors.overdue(world.users["resident_a"], today=datetime.date(2026, 6, 1)) == []

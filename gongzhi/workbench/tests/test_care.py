"""The workbench's care sections: each count is its list, and the page does not grow with
the households and visits."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.care.tests.factories import care_of_a, household_of
from gongzhi.care.tests.visits.factories import visit_of
from gongzhi.care.visits import selectors as visit_selectors
from gongzhi.people import services as people_services
from gongzhi.workbench import selectors

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 20, 9, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 3, 20)


def items(actor, key) -> dict:
    with time_machine.travel(NOW, tick=False):
        data = selectors.workbench(actor)
    section = next(s for s in data["sections"] if s.key == key)
    return {item.key: item for item in section.items}


def test_the_staff_counts_are_their_lists(world):
    care = care_of_a(world)
    visit_of(world, care.household, follow_up="换门锁", hours=1)
    staff = world.users["staff_a"]
    counts = items(staff, "care")
    assert counts["care.overdue"].count == len(visit_selectors.overdue(staff, today=TODAY)) == 1
    assert counts["care.overdue"].url == reverse("care:overdue")
    assert counts["care.follow_ups"].count == visit_selectors.follow_ups_open(staff).count() == 1
    assert counts["care.hours"].count == visit_selectors.hours_to_confirm(staff).count() == 1
    assert counts["care.hours"].url == reverse("care:visit_queue") + "?queue=hours"


def test_a_helper_sees_their_own_households_due(world):
    care_of_a(world)
    # 甲居民, registered 2026-01-05 every 30 days and never visited, is overdue on 2026-03-20
    counts = items(world.users["resident_a"], "my_care")
    assert (counts["care.my_overdue"].count, counts["care.my_due_soon"].count) == (1, 0)
    assert counts["care.my_overdue"].url == reverse("care:my_households")


def queries(client) -> int:
    client.get(reverse("workbench:home"))
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("workbench:home")).status_code == 200
    return len(context.captured_queries)


def more_households(world, n, start):
    staff, root = world.users["staff_a"], world.users["superuser"]
    care = care_of_a(world)
    for index in range(start, start + n):
        person = people_services.person_create(actor=root, community=world.community_a,
                                               name=f"甲老人{index}", sex="male")
        household_of(staff, person, every=7)
        visit_of(world, care.household, follow_up=f"事项{index}", hours=1,
                 day=datetime.date(2026, 3, 1 + index))


@pytest.mark.parametrize("name", ["staff_a", "resident_a"])
def test_the_care_sections_do_not_grow_with_the_data(client, world, name,
                                                     django_assert_max_num_queries):
    with time_machine.travel(NOW, tick=False):
        client.force_login(world.users[name])
        more_households(world, 1, 0)
        budget = queries(client)
        more_households(world, 4, 1)
        with django_assert_max_num_queries(budget):
            client.get(reverse("workbench:home"))

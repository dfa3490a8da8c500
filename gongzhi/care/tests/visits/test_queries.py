"""The visits pages ask the database a fixed number of times, however many households and
visits there are."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.care.register import services as register_services
from gongzhi.care.tests.factories import care_of_a, household_of
from gongzhi.care.tests.visits.factories import visit_of
from gongzhi.people import services as people_services


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def more_of_everything(world, care, n, start=0):
    staff, root = world.users["staff_a"], world.users["superuser"]
    for index in range(start, start + n):
        person = people_services.person_create(actor=root, community=world.community_a,
                                               name=f"甲老人{index}", sex="male")
        household = household_of(staff, person, every=7)
        pairing = register_services.pairing_create(
            actor=staff, household=household, volunteer=care.volunteering.resident,
            starts_on=datetime.date(2026, 1, 5))
        # logged by staff under the helper's pairing (hours to confirm, a follow-up open)
        visit_of(world, household, actor="staff_a", pairing=pairing, follow_up=f"事项{index}",
                 hours=1, day=datetime.date(2026, 2, 1 + index))
        visit_of(world, care.household, actor="staff_a", day=datetime.date(2026, 3, 1 + index))


def test_the_visits_pages_do_not_grow_with_the_data(client, world):
    care = care_of_a(world)
    pages = {
        "staff_a": [reverse("care:overdue"),
                    reverse("care:visit_queue") + "?queue=follow_ups",
                    reverse("care:visit_queue") + "?queue=hours",
                    reverse("care:household_visits", args=[care.household.pk])],
        "resident_a": [reverse("care:my_households")],
    }
    more_of_everything(world, care, 1)
    before = {}
    for who, urls in pages.items():
        client.force_login(world.users[who])
        for url in urls:
            before[url] = queries(client, url)
    more_of_everything(world, care, 5, start=1)
    for who, urls in pages.items():
        client.force_login(world.users[who])
        for url in urls:
            assert queries(client, url) == before[url], url

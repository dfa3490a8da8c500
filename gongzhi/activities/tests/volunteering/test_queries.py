"""The volunteering pages ask the database a fixed number of times, however many volunteers,
services and requests there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.activities.tests.factories import volunteer_of
from gongzhi.activities.tests.volunteering.factories import record_service, volunteering_of_a
from gongzhi.activities.volunteering import services
from gongzhi.activities.volunteering.choices import VolunteerStatus
from gongzhi.people.models import Person


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def more_of_everything(world, v, n):
    for _i in range(n):
        person = Person.objects.create(community=world.community_a, name="甲志愿者")
        volunteer = volunteer_of(person, status=VolunteerStatus.APPLIED)
        record_service(volunteer, 2, post=v.post)
        entry = record_service(v.resident, 1, post=v.post)
        services.correction_request(actor=world.users["resident_a"], entry=entry, hours=2,
                                    reason="漏记")


def test_lists_and_ledgers_do_not_grow_with_the_data(client, world):
    v = volunteering_of_a(world)
    pages = {
        "secretary_a": [reverse("activities:volunteer_list"),
                        reverse("activities:correction_list"),
                        reverse("activities:volunteer_detail", args=[v.resident.pk])],
        "resident_a": [reverse("activities:my_hours")],
        "street_admin": [reverse("activities:hours_statistics")],
    }
    more_of_everything(world, v, 1)
    before = {}
    for who, urls in pages.items():
        client.force_login(world.users[who])
        for url in urls:
            before[url] = queries(client, url)
    more_of_everything(world, v, 6)
    for who, urls in pages.items():
        client.force_login(world.users[who])
        for url in urls:
            assert queries(client, url) == before[url], url

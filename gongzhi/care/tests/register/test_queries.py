"""The register's pages and API reads ask the database a fixed number of times, however many
households, pairings and visits there are."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.care.register import services
from gongzhi.care.tests.factories import care_of_a, household_of
from gongzhi.care.tests.register.factories import visit_of
from gongzhi.people.models import Person


def queries(client, url, **headers) -> int:
    client.get(url, headers=headers)  # warm the caches (roles, rules)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, headers=headers).status_code == 200
    return len(captured)


def more_of_everything(world, care, n):
    staff = world.users["staff_a"]
    for i in range(n):
        person = Person.objects.create(community=world.community_a, name=f"甲困难户{i}")
        household = household_of(staff, person)
        for helper in (care.volunteering.resident, care.volunteering.unit_staff):
            services.pairing_create(actor=staff, household=household, volunteer=helper,
                                    starts_on=datetime.date(2026, 1, 5))
        services.pairing_create(actor=staff, household=household, unit=care.volunteering.unit,
                                starts_on=datetime.date(2026, 1, 5))
        visit_of(staff, household)
        visit_of(staff, care.household, day=datetime.date(2026, 3, 1 + i % 20))


def test_pages_and_api_reads_do_not_grow_with_the_data(client, world):
    care = care_of_a(world)
    detail = reverse("care:household_detail", args=[care.household.pk])
    pages = {
        "secretary_a": [reverse("care:household_list"), detail,
                        reverse("care:household_register"),
                        f"/api/v1/care/households/{care.household.pk}"],
        "resident_a": [reverse("care:household_list"), "/api/v1/care/households"],
        "staff_a": ["/api/v1/care/households"],
        "street_admin": [reverse("care:statistics"), "/api/v1/care/statistics"],
    }
    tokens = {who: api_token_create(user=world.users[who]).token for who in pages}

    def measure():
        counts = {}
        for who, urls in pages.items():
            client.force_login(world.users[who])
            for url in urls:
                headers = ({"Authorization": f"Bearer {tokens[who]}"}
                           if url.startswith("/api/") else {})
                counts[(who, url)] = queries(client, url, **headers)
        return counts

    more_of_everything(world, care, 1)
    before = measure()
    more_of_everything(world, care, 6)
    assert measure() == before

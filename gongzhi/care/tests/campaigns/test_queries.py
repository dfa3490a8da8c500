"""The campaign pages and API reads ask the database a fixed number of times, however many
targets, pairings and visits a campaign has."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.care.campaigns import services
from gongzhi.care.campaigns.models import CampaignHousehold
from gongzhi.care.register import services as register_services
from gongzhi.care.tests.campaigns.factories import DAY, campaign_of_a
from gongzhi.care.tests.factories import household_of
from gongzhi.people import services as people_services

VISIT_DAY = DAY + datetime.timedelta(days=3)


def queries(client, url, **headers) -> int:
    client.get(url, headers=headers)  # warm the caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, headers=headers).status_code == 200
    return len(captured)


def more_targets(world, care, campaign, n):
    """n more households of A, each paired with resident_a's volunteer profile, each a
    target, half visited."""
    staff = world.users["staff_a"]
    for i in range(n):
        person = people_services.person_create(actor=world.users["superuser"],
                                               community=world.community_a, name=f"甲老人{i}",
                                               sex="male")
        household = household_of(staff, person)
        pairing = register_services.pairing_create(
            actor=staff, household=household, volunteer=care.volunteering.resident,
            starts_on=datetime.date(2026, 1, 5))
        target = CampaignHousehold.objects.create(community=world.community_a,
                                                  campaign=campaign, household=household,
                                                  pairing=pairing)
        if i % 2:
            services.target_visit(actor=staff, target=target, visited_on=VISIT_DAY,
                                  goods={care.rice.pk: 0})


@pytest.mark.django_db
def test_campaign_pages_and_reads_do_not_grow_with_the_data(client, world):
    care, campaign = campaign_of_a(world)
    pages = {
        "staff_a": [reverse("care:campaign_list"),
                    reverse("care:campaign_board", args=[campaign.pk]),
                    reverse("care:campaign_board", args=[campaign.pk]) + "?pending=1",
                    reverse("care:campaign_report", args=[campaign.pk]),
                    f"/api/v1/care/campaigns/{campaign.pk}/targets",
                    f"/api/v1/care/campaigns/{campaign.pk}",
                    "/api/v1/care/campaigns"],
        "resident_a": [reverse("care:my_campaign_visits"), "/api/v1/care/campaign-visits/mine"],
        "street_admin": [reverse("care:campaign_list"),
                         reverse("care:campaign_report", args=[campaign.pk]),
                         f"/api/v1/care/campaigns/{campaign.pk}/report"],
    }
    tokens = {who: api_token_create(user=world.users[who]).token for who in pages}

    def measure() -> dict:
        counts = {}
        for who, urls in pages.items():
            client.force_login(world.users[who])
            for url in urls:
                headers = ({"Authorization": f"Bearer {tokens[who]}"}
                           if url.startswith("/api/") else {})
                counts[(who, url)] = queries(client, url, **headers)
        return counts

    more_targets(world, care, campaign, 2)
    before = measure()
    more_targets(world, care, campaign, 6)
    assert measure() == before

"""The workbench's activity counts equal the rows behind their links."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from gongzhi.activities.events import selectors
from gongzhi.activities.events.choices import ActivityStatus, SignUpStatus
from gongzhi.activities.tests.events.factories import activity_of, signup_of
from gongzhi.activities.tests.factories import at
from gongzhi.workbench import selectors as workbench

pytestmark = pytest.mark.django_db

NOW = at("2026-03-05", 10)


def _items(actor, key):
    data = workbench.workbench(actor, now=NOW)
    return {item.key: item for section in data["sections"] if section.key == key
            for item in section.items}


def test_staff_count_the_coming_week_and_the_offers_awaiting(client, world):
    # given: two activities this week (one with an offer), one next month, one cancelled
    week = activity_of(world, starts_at=at("2026-03-07", 9))
    activity_of(world, starts_at=at("2026-03-11", 9), title="周三讲座")
    activity_of(world, starts_at=at("2026-04-07", 9), title="四月")
    activity_of(world, starts_at=at("2026-03-08", 9), status=ActivityStatus.CANCELLED)
    signup_of(week, world.person_resident_a, status=SignUpStatus.OFFERED,
              offer_expires_at=NOW + datetime.timedelta(hours=5))
    # when
    items = _items(world.users["staff_a"], "activities")
    # then
    assert (items["activities.week"].count, items["activities.offers"].count) == (2, 1)
    with time_machine.travel(NOW, tick=False):
        client.force_login(world.users["staff_a"])
        page = client.get(items["activities.week"].url).content.decode()
        assert page.count('data-testid="planner-row"') == 2
        page = client.get(items["activities.offers"].url).content.decode()
        assert page.count('data-testid="planner-row"') == 1
    assert items["activities.offers"].url == reverse("activities:planner") + "?when=offers"


def test_a_resident_counts_their_upcoming_activities_and_offers(client, world):
    upcoming = activity_of(world, starts_at=at("2026-03-07", 9))
    offered = activity_of(world, starts_at=at("2026-03-09", 9), title="候补的")
    past = activity_of(world, starts_at=at("2026-03-01", 9), status=ActivityStatus.DONE)
    signup_of(upcoming, world.person_resident_a)
    signup_of(offered, world.person_resident_a, status=SignUpStatus.OFFERED,
              offer_expires_at=NOW + datetime.timedelta(hours=5))
    signup_of(past, world.person_resident_a)
    items = _items(world.users["resident_a"], "resident")
    assert (items["activities.upcoming"].count, items["activities.offers"].count) == (2, 1)
    assert selectors.own_signups(world.users["resident_a"], queue="offers",
                                 now=NOW).count() == 1
    with time_machine.travel(NOW, tick=False):
        client.force_login(world.users["resident_a"])
        page = client.get(items["activities.upcoming"].url).content.decode()
        assert page.count('data-testid="my-signup"') == 2
        page = client.get(items["activities.offers"].url).content.decode()
        assert page.count('data-testid="my-signup"') == 1 and "候补的" in page

"""The demo's year of consultation topics and co-building needs: one of each in every month
from eleven months ago to last month (the dashboards' trends), through the apps' services;
seeding again adds nothing."""

import datetime

import pytest
from django.utils import timezone

from gongzhi.cobuilding.models import Need
from gongzhi.deliberation.topics.choices import TopicStatus
from gongzhi.deliberation.topics.models import Topic
from gongzhi.demo.accounts import seed_accounts
from gongzhi.demo.places import seed_places
from gongzhi.demo.year import NEEDS, TOPICS, seed_year

pytestmark = pytest.mark.django_db


def _months(now: datetime.datetime) -> list[datetime.date]:
    first, months = timezone.localdate(now).replace(day=1), []
    for _ in range(11):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
        months.append(first)
    return sorted(months)


def test_every_month_of_the_past_year_has_a_topic_and_a_need_and_seeding_again_adds_nothing():
    # given the demo's places and logins
    places = seed_places()
    seed_accounts(places)
    yongtai = places["yongtai"]
    now = timezone.now()
    # when the year is seeded (twice)
    seed_year(yongtai, now=now)
    seed_year(yongtai, now=now)
    # then each of the last eleven months has one topic and one need, dated in that month
    topics = Topic.objects.filter(community=yongtai)
    needs = Need.objects.filter(community=yongtai)
    assert topics.count() == len(TOPICS) and needs.count() == len(NEEDS)
    months = _months(now)
    assert sorted(timezone.localdate(t.created_at).replace(day=1) for t in topics) == months
    assert sorted(timezone.localdate(n.created_at).replace(day=1) for n in needs) == months
    # and the topics went through their steps: most were decided and published, some declined
    statuses = set(topics.values_list("status", flat=True))
    assert statuses == {TopicStatus.PUBLISHED, TopicStatus.DECLINED}
    for topic in topics:
        steps = list(topic.steps.order_by("created_at", "pk"))
        assert steps[0].created_at == topic.created_at
        assert steps[-1].created_at < now

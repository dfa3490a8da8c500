"""Two people logging the same campaign visit at once: one visit, the goods taken from stock
once (PostgreSQL; SQLite serialises writes)."""

import datetime

import pytest

from gongzhi.care.campaigns import services
from gongzhi.care.supplies.models import Movement, Stock
from gongzhi.care.tests.campaigns.factories import campaign_of_a, target_of
from gongzhi.care.visits.models import Visit
from gongzhi.conftest import at_once


@pytest.mark.django_db(transaction=True)
def test_two_visits_of_one_target_at_once_record_one_and_take_stock_once(pg_world):
    care, campaign = campaign_of_a(pg_world)
    target = target_of(campaign, care.household)
    helper, staff = pg_world.users["resident_a"], pg_world.users["staff_a"]
    day = datetime.date(2026, 1, 22)
    # when the helper and staff log the same household's visit at the same moment
    outcomes = at_once([
        lambda: services.target_visit(actor=helper, target=target, visited_on=day),
        lambda: services.target_visit(actor=staff, target=target, visited_on=day)])
    # then one visit is recorded, the other is told it is done, and the rice left once
    assert sorted(outcomes) == ["care_campaign_target_visited", "ok"]
    assert Visit.objects.filter(campaign_target=target).count() == 1
    assert Movement.objects.filter(visit__campaign_target=target).count() == 1
    assert Stock.objects.get(store=care.store, item=care.rice).quantity == 18

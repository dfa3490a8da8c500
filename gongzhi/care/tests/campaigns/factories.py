"""Campaigns for tests, on top of care_of_a: a Spring Festival campaign of community A giving
each household two bags of rice from the store; its targets are A's two active households
(甲居民, visited under the volunteer's pairing; 甲老人, unpaired: staff visit)."""

import datetime

from gongzhi.care.campaigns import services
from gongzhi.care.campaigns.models import CampaignHousehold
from gongzhi.care.tests.factories import care_of_a

DAY = datetime.date(2026, 1, 20)


def campaign_of_a(world, *, rice=2, open_it=True, households=None):
    care = care_of_a(world)
    campaign = services.campaign_create(
        actor=world.users["staff_a"], community=world.community_a, name="2026年春节走访慰问",
        kind="spring_festival", starts_on=DAY, ends_on=DAY + datetime.timedelta(days=20),
        store=care.store, goods=[(care.rice, rice)], households=households)
    if open_it:
        campaign, _short = services.campaign_open(actor=world.users["staff_a"],
                                                  campaign=campaign)
    return care, campaign


def target_of(campaign, household) -> CampaignHousehold:
    return CampaignHousehold.objects.get(campaign=campaign, household=household)

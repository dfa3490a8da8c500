"""Fetch one campaign or target by id within the actor's scope; missing and forbidden alike.

A campaign is seen by the community's staff who run campaigns and by the admins who read its
report (street, district); a target by those staff and by the helpers of its household."""

from django.db.models import Q

from gongzhi.care.campaigns import rules
from gongzhi.care.campaigns.models import Campaign, CampaignHousehold
from gongzhi.care.register import helpers
from gongzhi.core.access import get_scoped


def visible_campaigns(actor):
    return Campaign.objects.filter(
        Q(pk__in=Campaign.objects.for_user(actor, rules.MANAGE_CAMPAIGN).values("pk"))
        | Q(pk__in=Campaign.objects.for_user(actor, rules.VIEW_STATISTICS).values("pk")))


def access_campaign(*, actor, id) -> Campaign:
    return get_scoped(visible_campaigns(actor).select_related("community", "store",
                                                               "created_by"), pk=id)


def visible_targets(actor):
    managed = CampaignHousehold.objects.for_user(actor, rules.MANAGE_CAMPAIGN).values("pk")
    condition = Q(pk__in=managed)
    if actor is not None and actor.is_authenticated:
        helped = (CampaignHousehold.objects.for_user(actor, rules.HELP_HOUSEHOLD)
                  .filter(household_id__in=helpers.active_pairings_of(actor)
                          .values("household_id")))
        condition |= Q(pk__in=helped.values("pk"))
    return CampaignHousehold.objects.filter(condition)


def access_target(*, actor, id) -> CampaignHousehold:
    return get_scoped(visible_targets(actor).select_related(
        "community", "campaign__community", "campaign__store", "household__person",
        "household__community", "pairing", "visit"), pk=id)

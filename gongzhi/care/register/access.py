"""Fetch one register row by id within the actor's scope; missing and forbidden alike.

A household is visible to the community's staff who hold care.view_household and to the
helpers of its active pairings; no one else learns it exists."""

from django.db.models import Q

from gongzhi.care.register import helpers, rules
from gongzhi.care.register.choices import PairingStatus
from gongzhi.care.register.models import CareHousehold, Pairing
from gongzhi.core.access import get_scoped


def visible_households(actor):
    condition = Q(pk__in=CareHousehold.objects.for_user(actor, rules.VIEW_HOUSEHOLD)
                  .values("pk"))
    if actor is not None and actor.is_authenticated:
        helped = (CareHousehold.objects.for_user(actor, rules.HELP_HOUSEHOLD)
                  .filter(pk__in=Pairing.objects.filter(helpers.helper_q(actor),
                                                        status=PairingStatus.ACTIVE)
                          .values("household_id")))
        condition |= Q(pk__in=helped.values("pk"))
    return CareHousehold.objects.filter(condition)


def access_household(*, actor, id) -> CareHousehold:
    return get_scoped(visible_households(actor).select_related(
        "community", "person__flat__unit__building", "created_by"), pk=id)


def access_pairing(*, actor, id) -> Pairing:
    return get_scoped(Pairing.objects.filter(household__in=visible_households(actor))
                      .select_related("community", "household__person", "member__person",
                                      "volunteer__person", "unit"), pk=id)

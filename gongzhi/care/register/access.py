"""Fetch one register row by id within the actor's scope; missing and forbidden alike.

A household is visible to the community's staff who hold care.view_household and to the
helpers of its active pairings; no one else learns it exists."""

from django.db.models import Q

from gongzhi.audit.choices import Outcome
from gongzhi.audit.services import audit_sensitive_read
from gongzhi.care.register import helpers, rules
from gongzhi.care.register.choices import PairingStatus
from gongzhi.care.register.models import CareHousehold, Pairing
from gongzhi.core.access import get_scoped
from gongzhi.core.errors import NotFound


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


def audited_refusal(model, *, actor, id, fields: list[str], reason: str) -> None:
    """When a full read is refused because the row is out of the actor's reach (another
    community's staff, a helper whose pairing ended, probing ids), write the refused read to
    the audit trail against the row, if it exists: an auditor sees someone looking where they
    may not. The caller answers not found either way."""
    try:
        row = model.objects.select_related("community").filter(pk=int(id)).first()
    except (TypeError, ValueError, OverflowError):
        return
    if row is not None:
        audit_sensitive_read(actor=actor, instance=row, fields=fields, reason=reason,
                             outcome=Outcome.FAILURE)


def access_household_for_read(*, actor, id) -> CareHousehold:
    """access_household for a full read of the profile: a refusal is audited too."""
    try:
        return access_household(actor=actor, id=id)
    except NotFound:
        audited_refusal(CareHousehold, actor=actor, id=id, fields=["profile"],
                        reason="查看帮扶对象")
        raise

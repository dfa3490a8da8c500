"""Fetch one volunteering row by id within the actor's scope; missing and forbidden alike.

A volunteer is seen by the community's secretary and staff, by the volunteer themself, and by
the contact of the partner unit the volunteer serves with (their own unit only)."""

from django.db.models import Q

from gongzhi.activities.volunteering import rules
from gongzhi.activities.volunteering.models import (
    HoursCertificate,
    HoursCorrection,
    HoursEntry,
    Volunteer,
)
from gongzhi.core.access import get_scoped
from gongzhi.organisations.models import PartnerUnit


def _visible_volunteers(actor):
    condition = Q(pk__in=Volunteer.objects.for_user(actor, rules.VIEW_VOLUNTEER).values("pk"))
    if actor.is_authenticated:
        condition |= Q(user=actor) | Q(person__user=actor)
        unit = rules.contact_unit_id(actor)
        if unit is not None:
            condition |= Q(pk__in=Volunteer.objects.for_user(
                actor, rules.PARTNER_VOLUNTEERS).filter(unit_id=unit).values("pk"))
    return Volunteer.objects.filter(condition)


def access_volunteer(*, actor, id) -> Volunteer:
    return get_scoped(_visible_volunteers(actor).select_related(
        "person", "unit", "community", "user", "confirmed_by"), pk=id)


def access_entry(*, actor, id) -> HoursEntry:
    """A ledger row of a volunteer the actor may see."""
    return get_scoped(HoursEntry.objects.filter(volunteer__in=_visible_volunteers(actor))
                      .select_related("community", "volunteer__person",
                                      "volunteer__community"), pk=id)


def access_correction(*, actor, id) -> HoursCorrection:
    """A correction request: to staff who decide them, and to the volunteer who asked."""
    condition = Q(pk__in=HoursCorrection.objects.for_user(actor, rules.CONFIRM_HOURS)
                  .values("pk"))
    if actor.is_authenticated:
        condition |= Q(volunteer__user=actor) | Q(volunteer__person__user=actor)
    return get_scoped(HoursCorrection.objects.filter(condition).select_related(
        "community", "volunteer__person", "volunteer__community", "entry", "result"), pk=id)


def access_unit(*, actor, id) -> PartnerUnit:
    """The partner unit a contact registers staff of: their own unit only."""
    unit = rules.contact_unit_id(actor)
    if unit is None or str(unit) != str(id):
        return get_scoped(PartnerUnit.objects.none(), pk=id)
    return get_scoped(PartnerUnit.objects.for_user(actor, rules.PARTNER_VOLUNTEERS)
                      .select_related("community"), pk=id)


def access_certificate(*, actor, id) -> HoursCertificate:
    """An issued certificate: to the volunteer, and to the staff who issue them."""
    condition = Q(volunteer__in=Volunteer.objects.for_user(actor, rules.MANAGE_VOLUNTEER)
                  .values("pk"))
    if actor.is_authenticated:
        condition |= Q(volunteer__user=actor) | Q(volunteer__person__user=actor)
    return get_scoped(HoursCertificate.objects.filter(condition).select_related(
        "volunteer__person", "volunteer__community", "volunteer__unit"), pk=id)

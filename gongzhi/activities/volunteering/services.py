"""Writes of volunteering: the hours ledger.

The ledger is append-only (志愿服务条例 art. 19: record service truthfully): a service's
confirmed hours are one row, added once (a unique constraint per service keeps a second
confirmation from counting it twice); a change to them is a new correction row naming it.
`service_hours_record` and `hours_correction_record` are called by the services that confirm a
shift or an activity's attendance, and by the approval of a correction request: they have
checked their own rule, in the same transaction, so these check none."""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.volunteering.choices import EntryKind, VolunteerStatus
from gongzhi.activities.volunteering.models import HoursEntry, Volunteer
from gongzhi.audit.writes import model_create
from gongzhi.core.errors import DomainError, ValidationFailed

HOURS_STEP = Decimal("0.1")


class AlreadyRecorded(DomainError):
    code = "hours_already_recorded"
    default_message = _("这次服务的时长已经记录。")


def clean_hours(value, *, field: str = "hours", allow_zero: bool = False) -> Decimal:
    """Hours as the ledger keeps them: tenths of an hour, within one day; zero only where
    `allow_zero` (a correction may say the service did not take place)."""
    try:
        hours = Decimal(str(value)).quantize(HOURS_STEP)
    except (ArithmeticError, ValueError):
        raise ValidationFailed(detail={field: [str(_("请填写服务时长。"))]}) from None
    if hours < 0 or hours > 24 or (hours == 0 and not allow_zero):
        raise ValidationFailed(detail={field: [str(_("服务时长应在 0 到 24 小时之间。"))]})
    return hours


@transaction.atomic
def service_hours_record(*, actor, volunteer: Volunteer, hours, served_on: datetime.date,
                         description: str, shift_signup=None, signup=None) -> HoursEntry:
    """Add the confirmed hours of one service (a shift sign-up or an activity sign-up)."""
    entry = HoursEntry(community_id=volunteer.community_id, volunteer=volunteer,
                       kind=EntryKind.SERVICE, hours=clean_hours(hours), served_on=served_on,
                       description=description[:200], shift_signup=shift_signup, signup=signup,
                       recorded_by=actor)
    if (shift_signup is None) == (signup is None):
        raise ValueError("a service entry names exactly one shift sign-up or activity sign-up")
    duplicate = HoursEntry.objects.filter(kind=EntryKind.SERVICE)
    duplicate = (duplicate.filter(shift_signup=shift_signup) if shift_signup is not None
                 else duplicate.filter(signup=signup))
    if duplicate.exists():
        raise AlreadyRecorded()
    try:
        with transaction.atomic():  # a concurrent confirmation of the same service loses here
            return model_create(actor=actor, instance=entry)
    except IntegrityError:
        raise AlreadyRecorded() from None


@transaction.atomic
def hours_correction_record(*, actor, entry: HoursEntry, hours, note: str) -> HoursEntry:
    """Bring the hours of the service `entry` records to `hours` (all corrections included) by
    adding a correction row for the difference; nothing is added when they already agree."""
    if entry.kind != EntryKind.SERVICE:
        raise ValueError("corrections name the service entry they correct")
    target = clean_hours(hours, allow_zero=True)
    # lock the corrected row so that two corrections of one service add up
    entry = HoursEntry.objects.select_for_update().get(pk=entry.pk)
    current = service_entry_hours(entry)
    difference = target - current
    if difference == 0:
        raise DomainError(_("更正后的时长与现有记录相同。"), code="hours_unchanged")
    return model_create(actor=actor, instance=HoursEntry(
        community_id=entry.community_id, volunteer_id=entry.volunteer_id,
        kind=EntryKind.CORRECTION, hours=difference, served_on=entry.served_on,
        description=entry.description, corrects=entry, note=note[:200], recorded_by=actor))


def service_entry_hours(entry: HoursEntry) -> Decimal:
    """The hours of one recorded service, its corrections included."""
    corrections = sum((row.hours for row in HoursEntry.objects.filter(corrects=entry)),
                      Decimal(0))
    return entry.hours + corrections


@transaction.atomic
def volunteer_of_member(*, actor, person) -> Volunteer:
    """The volunteer profile of a party member on the community's roll, made (confirmed) the
    first time they take a shift: registering with the community as a member is their joining
    (双报到), staff confirmed it then."""
    volunteer = Volunteer.objects.select_for_update().filter(person=person).first()
    if volunteer is not None:
        return volunteer
    return model_create(actor=actor, instance=Volunteer(
        community_id=person.community_id, person=person, user_id=person.user_id,
        status=VolunteerStatus.ACTIVE))

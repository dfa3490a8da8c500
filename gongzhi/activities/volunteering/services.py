"""Writes of volunteering: the hours ledger.

The ledger is append-only (志愿服务条例 art. 19: record service truthfully): a service's
confirmed hours are one row, added once (a unique constraint per service keeps a second
confirmation from counting it twice); a change to them is a new correction row naming it.
`service_hours_record` and `hours_correction_record` are called by the services that confirm a
shift or an activity's attendance, and by the approval of a correction request: they have
checked their own rule, in the same transaction, so these check none."""

import datetime
import secrets
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.events.choices import ActivityKind
from gongzhi.activities.rota.choices import PostKind
from gongzhi.activities.volunteering import rules, selectors
from gongzhi.activities.volunteering.choices import CorrectionStatus, EntryKind, VolunteerStatus
from gongzhi.activities.volunteering.models import (
    HoursCertificate,
    HoursCorrection,
    HoursEntry,
    Volunteer,
)
from gongzhi.audit.writes import model_create, model_update
from gongzhi.core.actions import require
from gongzhi.core.errors import Conflict, DomainError, ValidationFailed
from gongzhi.organisations.models import PartnerContact
from gongzhi.people.models import Person

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
                         description: str, shift_signup=None, signup=None,
                         source: str = "") -> HoursEntry:
    """Add the confirmed hours of one service: a shift sign-up, an activity sign-up, or a
    service an app above activities names by `source` ("care.visit:12")."""
    entry = HoursEntry(community_id=volunteer.community_id, volunteer=volunteer,
                       kind=EntryKind.SERVICE, hours=clean_hours(hours), served_on=served_on,
                       description=description[:200], shift_signup=shift_signup, signup=signup,
                       source=source, recorded_by=actor)
    if sum(1 for given in (shift_signup, signup, source or None) if given is not None) != 1:
        raise ValueError("a service entry names exactly one shift sign-up, activity sign-up or "
                         "source")
    duplicate = HoursEntry.objects.filter(kind=EntryKind.SERVICE)
    if shift_signup is not None:
        duplicate = duplicate.filter(shift_signup=shift_signup)
    elif signup is not None:
        duplicate = duplicate.filter(signup=signup)
    else:
        duplicate = duplicate.filter(source=source)
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
    (双报到), staff confirmed it then. The person's row is locked first: two first shifts
    taken at once make one profile (a lock on a profile row not yet there would hold nothing)."""
    Person.objects.select_for_update(of=("self",)).filter(pk=person.pk).first()
    volunteer = Volunteer.objects.select_for_update(of=("self",)).filter(person=person).first()
    if volunteer is not None:
        return volunteer
    return model_create(actor=actor, instance=Volunteer(
        community_id=person.community_id, person=person, user_id=person.user_id,
        status=VolunteerStatus.ACTIVE))


# ---- profiles ------------------------------------------------------------------------------
# (志愿服务条例 art. 19: a volunteer's basic information is recorded truthfully; art. 20: it is
# published nowhere without their consent, so profiles are read only within the scopes the
# rules give.)

# the kinds a volunteer may prefer: activities' and posts' kinds, each once
KIND_CHOICES = list({value: label for value, label in
                     (*ActivityKind.choices, *PostKind.choices)}.items())


class VolunteerExists(Conflict):
    code = "volunteer_exists"
    default_message = _("已经登记为志愿者。")


class CorrectionPending(Conflict):
    code = "correction_pending"
    default_message = _("这条记录已有待审核的更正申请。")


def clean_kinds(kinds) -> list[str]:
    known = {value for value, _label in KIND_CHOICES}
    kinds = list(dict.fromkeys(kinds or ()))
    unknown = [kind for kind in kinds if kind not in known]
    if unknown:
        raise ValidationFailed(detail={"preferred_kinds": [str(_("未知的服务意向。"))]})
    return kinds


def _profile_fields(skills: str, availability: str, preferred_kinds) -> dict:
    return {"skills": (skills or "").strip()[:200],
            "availability": (availability or "").strip()[:200],
            "preferred_kinds": clean_kinds(preferred_kinds)}


@transaction.atomic
def volunteer_register_self(*, actor, community, skills: str = "", availability: str = "",
                            preferred_kinds=(), now=None) -> Volunteer:
    """Anyone who may volunteer in the community registers themself; staff confirm. A
    resident registers as their registry record; a partner unit's contact as staff of their
    unit."""
    require(actor, rules.REGISTER_OWN, community)
    fields = _profile_fields(skills, availability, preferred_kinds)
    person = getattr(actor, "person", None)
    if Volunteer.objects.select_for_update().filter(user=actor).exists() or (
            person is not None and Volunteer.objects.filter(person=person).exists()):
        raise VolunteerExists()
    if person is not None and person.community_id == community.pk:
        volunteer = Volunteer(community=community, person=person, user=actor, **fields)
    else:
        contact = PartnerContact.objects.filter(user=actor, unit__community=community).first()
        if contact is None:
            raise ValidationFailed(_("请由所在单位的联络人或社区工作人员代为登记。"),
                                   code="volunteer_without_record")
        volunteer = Volunteer(community=community, unit_id=contact.unit_id, user=actor,
                              name=actor.get_full_name()[:64], **fields)
    return _created(actor, volunteer)


def _created(actor, volunteer: Volunteer) -> Volunteer:
    try:
        with transaction.atomic():  # a concurrent registration of the same person loses here
            return model_create(actor=actor, instance=volunteer)
    except IntegrityError:
        raise VolunteerExists() from None


@transaction.atomic
def volunteer_register_resident(*, actor, person, skills: str = "", availability: str = "",
                                preferred_kinds=(), now=None) -> Volunteer:
    """Staff register a resident of the registry (who asked them, e.g. without a phone): the
    registration is confirmed at once, by the staff who made it."""
    now = now or timezone.now()
    require(actor, rules.REGISTER_RESIDENT, person.community)
    if Volunteer.objects.filter(person=person).exists():
        raise VolunteerExists()
    return _created(actor, Volunteer(
        community_id=person.community_id, person=person, user_id=person.user_id,
        status=VolunteerStatus.ACTIVE, confirmed_by=actor, confirmed_at=now,
        **_profile_fields(skills, availability, preferred_kinds)))


@transaction.atomic
def volunteer_register_unit_staff(*, actor, unit, name: str, skills: str = "",
                                  availability: str = "", preferred_kinds=()) -> Volunteer:
    """A partner unit's contact registers a staff member of their unit; staff confirm."""
    require(actor, rules.REGISTER_UNIT_STAFF, unit)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(detail={"name": [str(_("请填写姓名。"))]})
    return _created(actor, Volunteer(community_id=unit.community_id, unit=unit, name=name[:64],
                                     **_profile_fields(skills, availability, preferred_kinds)))


def _locked(volunteer: Volunteer) -> Volunteer:
    # of=self: PostgreSQL locks no row of the nullable side of an outer join (the person)
    return (Volunteer.objects.select_for_update(of=("self",)).select_related("person",
                                                                            "community")
            .get(pk=volunteer.pk))


@transaction.atomic
def volunteer_confirm(*, actor, volunteer: Volunteer, now=None) -> Volunteer:
    now = now or timezone.now()
    volunteer = _locked(volunteer)
    require(actor, rules.CONFIRM, volunteer)
    model_update(actor=actor, instance=volunteer, fields=["status", "confirmed_by",
                                                          "confirmed_at"],
                 data={"status": VolunteerStatus.ACTIVE, "confirmed_by": actor,
                       "confirmed_at": now})
    return volunteer


@transaction.atomic
def volunteer_suspend(*, actor, volunteer: Volunteer) -> Volunteer:
    """Staff stop a volunteer from taking shifts; their ledger stays as it is."""
    volunteer = _locked(volunteer)
    require(actor, rules.SUSPEND, volunteer)
    model_update(actor=actor, instance=volunteer, fields=["status"],
                 data={"status": VolunteerStatus.SUSPENDED})
    return volunteer


@transaction.atomic
def volunteer_reinstate(*, actor, volunteer: Volunteer) -> Volunteer:
    """A suspended volunteer serves again: confirmed before, so active (never confirmed:
    back to awaiting confirmation)."""
    volunteer = _locked(volunteer)
    require(actor, rules.REINSTATE, volunteer)
    status = VolunteerStatus.ACTIVE if volunteer.confirmed_at else VolunteerStatus.APPLIED
    model_update(actor=actor, instance=volunteer, fields=["status"], data={"status": status})
    return volunteer


@transaction.atomic
def volunteer_edit(*, actor, volunteer: Volunteer, skills: str, availability: str,
                   preferred_kinds, name: str | None = None) -> list[str]:
    """The volunteer (or staff, or their unit's contact) edits the profile; a unit staff
    member's name too (a resident's name is the registry's)."""
    volunteer = _locked(volunteer)
    require(actor, rules.EDIT, volunteer)
    data = _profile_fields(skills, availability, preferred_kinds)
    if name is not None and volunteer.person_id is None:
        if not name.strip():
            raise ValidationFailed(detail={"name": [str(_("请填写姓名。"))]})
        data["name"] = name.strip()[:64]
    return model_update(actor=actor, instance=volunteer, data=data, fields=list(data))


# ---- corrections ---------------------------------------------------------------------------

@transaction.atomic
def correction_request(*, actor, entry: HoursEntry, hours, reason: str) -> HoursCorrection:
    """The volunteer asks to correct one recorded service: the hours it should be, and why.
    One pending request per service."""
    entry = (HoursEntry.objects.select_for_update(of=("self",))
             .select_related("community", "volunteer__person")
             .get(pk=entry.pk))
    require(actor, rules.REQUEST_CORRECTION, entry)
    target = clean_hours(hours, allow_zero=True)
    if target == service_entry_hours(entry):
        raise DomainError(_("更正后的时长与现有记录相同。"), code="hours_unchanged")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(detail={"reason": [str(_("请说明更正理由。"))]})
    try:
        with transaction.atomic():  # the partial unique constraint: one pending per entry
            return model_create(actor=actor, instance=HoursCorrection(
                community_id=entry.community_id, volunteer_id=entry.volunteer_id, entry=entry,
                hours=target, reason=reason, requested_by=actor))
    except IntegrityError:
        raise CorrectionPending() from None


def _locked_correction(correction: HoursCorrection) -> HoursCorrection:
    return (HoursCorrection.objects.select_for_update(of=("self",))
            .select_related("community", "volunteer__person", "entry").get(pk=correction.pk))


@transaction.atomic
def correction_approve(*, actor, correction: HoursCorrection, note: str = "",
                       now=None) -> HoursCorrection:
    """Staff approve: the ledger gets a correction row for the difference, the request names
    it as its result."""
    now = now or timezone.now()
    correction = _locked_correction(correction)
    require(actor, rules.APPROVE_CORRECTION, correction)
    note = (note or "").strip()
    row = hours_correction_record(actor=actor, entry=correction.entry, hours=correction.hours,
                                  note=note or correction.reason)
    model_update(actor=actor, instance=correction,
                 fields=["status", "decided_by", "decided_at", "decision_note", "result"],
                 data={"status": CorrectionStatus.APPROVED, "decided_by": actor,
                       "decided_at": now, "decision_note": note[:200], "result": row})
    return correction


@transaction.atomic
def correction_reject(*, actor, correction: HoursCorrection, note: str,
                      now=None) -> HoursCorrection:
    """Staff reject, saying why (the volunteer reads the note)."""
    now = now or timezone.now()
    correction = _locked_correction(correction)
    require(actor, rules.REJECT_CORRECTION, correction)
    note = (note or "").strip()
    if not note:
        raise ValidationFailed(detail={"note": [str(_("请填写不予更正的理由。"))]})
    model_update(actor=actor, instance=correction,
                 fields=["status", "decided_by", "decided_at", "decision_note"],
                 data={"status": CorrectionStatus.REJECTED, "decided_by": actor,
                       "decided_at": now, "decision_note": note[:200]})
    return correction


# ---- certificates --------------------------------------------------------------------------

def certificate_serial(community_id: int, issued_on: datetime.date) -> str:
    """ZY + community + date + 6 random hex digits: unguessable, so a copy is verified by
    looking its serial up, never by a number one could count along."""
    return f"ZY{community_id:04d}{issued_on:%Y%m%d}{secrets.token_hex(3).upper()}"


@transaction.atomic
def certificate_issue(*, actor, volunteer: Volunteer, start: datetime.date | None = None,
                      end: datetime.date | None = None, now=None) -> HoursCertificate:
    """Issue a service-record certificate (free, 志愿服务条例 art. 19) for the period: the
    row keeps what it stated and is audited (model_create); the PDF is drawn from it."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    end = min(end or today, today)
    if start is not None and start > end:
        raise ValidationFailed(detail={"start": [str(_("起始日期不能晚于截止日期。"))]})
    volunteer = _locked(volunteer)
    require(actor, rules.CERTIFY, volunteer)
    rows = selectors.ledger_of(volunteer, start=start, end=end)
    return model_create(actor=actor, instance=HoursCertificate(
        community_id=volunteer.community_id, volunteer=volunteer,
        serial=certificate_serial(volunteer.community_id, today), period_start=start,
        period_end=end, total_hours=sum((row.hours for row in rows), Decimal(0)),
        service_count=sum(1 for row in rows if row.hours > 0), issued_on=today,
        issued_by=actor))

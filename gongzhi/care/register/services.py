"""Writes of the care register, and the audited full read of a household's profile.

Every write asks its named rule (register/rules.py) after locking the row, and is audited by
audit.writes; the encrypted profile is audited as "(已加密)", never in clear."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.audit.choices import Outcome
from gongzhi.audit.services import audit_sensitive_read
from gongzhi.audit.writes import model_create, model_update
from gongzhi.care.register import rules, selectors
from gongzhi.care.register.choices import Difficulty, HelperKind, HouseholdStatus, PairingStatus
from gongzhi.care.register.models import CareHousehold, Pairing
from gongzhi.care.register.profile import decrypt_profile, encrypt_profile, kind_labels
from gongzhi.core.actions import require
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.text import mask_name
from gongzhi.people.models import Person
from gongzhi.people.rules import REVEAL_SENSITIVE
from gongzhi.places.models import Community


def _invalid(field: str, message) -> ValidationFailed:
    return ValidationFailed(detail={field: [str(message)]})


def _clean_kinds(kinds) -> list[str]:
    kinds = sorted(set(kinds or ()))
    if not kinds:
        raise _invalid("kinds", _("请选择至少一种困难类型。"))
    unknown = [kind for kind in kinds if kind not in Difficulty.values]
    if unknown:
        raise _invalid("kinds", _("未知的困难类型：%(kinds)s") % {"kinds": "、".join(unknown)})
    return kinds


def _clean_every(value) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        raise _invalid("visit_every_days", _("走访周期须为 1 至 366 天。")) from None
    if not 1 <= days <= 366:
        raise _invalid("visit_every_days", _("走访周期须为 1 至 366 天。"))
    return days


def household_register(*, actor, community, person, kinds, details: str = "", needs: str = "",
                       help: str = "", visit_every_days=30,
                       registered_on: datetime.date | None = None) -> CareHousehold:
    """Put a resident of the community's registry on the care register with their care plan."""
    require(actor, rules.REGISTER, community)
    if person.community_id != community.pk:
        raise _invalid("person", _("帮扶对象须是本社区登记的居民。"))
    kinds = _clean_kinds(kinds)
    with transaction.atomic():
        # the person's row is the lock: two registrations of one resident wait on each other
        Person.objects.select_for_update().get(pk=person.pk)
        if CareHousehold.objects.filter(person=person, status=HouseholdStatus.ACTIVE).exists():
            raise _invalid("person", _("该居民已在帮扶名册中。"))
        return model_create(actor=actor, instance=CareHousehold(
            community=community, person=person,
            profile_encrypted=encrypt_profile(kinds=kinds, details=details, needs=needs,
                                              help=help),
            visit_every_days=_clean_every(visit_every_days),
            registered_on=registered_on or timezone.localdate(), created_by=actor))


def _lock(household: CareHousehold) -> CareHousehold:
    return (CareHousehold.objects.select_for_update(of=("self",))
            .select_related("community", "person").get(pk=household.pk))


@transaction.atomic
def household_update(*, actor, household: CareHousehold, kinds, details: str = "",
                     needs: str = "", help: str = "", visit_every_days=30) -> CareHousehold:
    """Change the difficulty, needs and care plan (the profile is replaced as a whole)."""
    household = _lock(household)
    require(actor, rules.EDIT, household)
    data = {"profile_encrypted": encrypt_profile(kinds=_clean_kinds(kinds), details=details,
                                                 needs=needs, help=help),
            "visit_every_days": _clean_every(visit_every_days)}
    model_update(actor=actor, instance=household, data=data, fields=list(data))
    return household


@transaction.atomic
def household_close(*, actor, household: CareHousehold, reason: str,
                    closed_on: datetime.date | None = None) -> CareHousehold:
    """End the care (moved away, circumstances improved, passed away); its active pairings end
    the same day."""
    household = _lock(household)
    require(actor, rules.CLOSE, household)
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise _invalid("reason", _("请说明结束帮扶的原因。"))
    closed_on = closed_on or timezone.localdate()
    for pairing in household.pairings.select_for_update().filter(status=PairingStatus.ACTIVE):
        model_update(actor=actor, instance=pairing,
                     data={"status": PairingStatus.ENDED,
                           "ends_on": max(closed_on, pairing.starts_on)},
                     fields=["status", "ends_on"])
    model_update(actor=actor, instance=household,
                 data={"status": HouseholdStatus.CLOSED, "closed_on": closed_on,
                       "closed_reason": reason[:200]},
                 fields=["status", "closed_on", "closed_reason"])
    return household


@transaction.atomic
def household_reopen(*, actor, household: CareHousehold) -> CareHousehold:
    household = _lock(household)
    require(actor, rules.REOPEN, household)
    Person.objects.select_for_update().get(pk=household.person_id)
    if CareHousehold.objects.filter(person_id=household.person_id,
                                    status=HouseholdStatus.ACTIVE).exists():
        raise _invalid("person", _("该居民已在帮扶名册中。"))
    model_update(actor=actor, instance=household,
                 data={"status": HouseholdStatus.ACTIVE, "closed_on": None, "closed_reason": ""},
                 fields=["status", "closed_on", "closed_reason"])
    return household


def household_read(*, actor, household: CareHousehold, reason: str = "") -> dict:
    """The household's full profile (difficulty, details, needs, help needed), for staff and
    its helpers; every such read is written to the audit trail, a refused one too."""
    try:
        require(actor, rules.READ_FULL, household)
    except (NotFound, PermissionDenied):
        audit_sensitive_read(actor=actor, instance=household, fields=["profile"],
                             reason=reason or str(_("查看帮扶对象")), outcome=Outcome.FAILURE)
        raise
    audit_sensitive_read(actor=actor, instance=household, fields=["profile"],
                         reason=reason or str(_("查看帮扶对象")))
    record = decrypt_profile(household.profile_encrypted)
    return {**record, "kind_labels": kind_labels(record["kinds"])}


def masked_label(household: CareHousehold) -> str:
    """What a list shows of a household without a full read: the masked name and flat."""
    return mask_name(household.person.name)


# ---- pairings ------------------------------------------------------------------------------

def _clean_helper(community, *, member=None, volunteer=None, unit=None) -> tuple[str, dict]:
    given = [(kind, row) for kind, row in ((HelperKind.MEMBER, member),
                                           (HelperKind.VOLUNTEER, volunteer),
                                           (HelperKind.UNIT, unit)) if row is not None]
    if len(given) != 1:
        raise _invalid("helper", _("请选择一位帮扶人：党员、志愿者或共建单位。"))
    kind, row = given[0]
    if row.community_id != community.pk:
        raise _invalid("helper", _("帮扶人须是本社区的党员、志愿者或共建单位。"))
    return kind, {"member": member, "volunteer": volunteer, "unit": unit}


def pairing_create(*, actor, household: CareHousehold, member=None, volunteer=None, unit=None,
                   starts_on: datetime.date, ends_on: datetime.date | None = None,
                   goals: str = "") -> Pairing:
    """Pair a helper with the household; one active pairing per helper and household."""
    with transaction.atomic():
        household = _lock(household)
        require(actor, rules.PAIR, household)
        kind, helper = _clean_helper(household.community, member=member, volunteer=volunteer,
                                     unit=unit)
        if ends_on is not None and ends_on < starts_on:
            raise _invalid("ends_on", _("结束日期不能早于开始日期。"))
        if household.pairings.filter(status=PairingStatus.ACTIVE, helper_kind=kind,
                                     **{f"{kind}_id": helper[kind].pk}).exists():
            raise _invalid("helper", _("该帮扶人已与此帮扶对象结对。"))
        return model_create(actor=actor, instance=Pairing(
            community_id=household.community_id, household=household, helper_kind=kind,
            **helper, starts_on=starts_on, ends_on=ends_on, goals=(goals or "").strip()[:2000],
            created_by=actor))


@transaction.atomic
def pairing_end(*, actor, pairing: Pairing, ends_on: datetime.date | None = None) -> Pairing:
    pairing = (Pairing.objects.select_for_update(of=("self",))
               .select_related("community", "household__community").get(pk=pairing.pk))
    require(actor, rules.END_PAIRING, pairing)
    ends_on = ends_on or timezone.localdate()
    if ends_on < pairing.starts_on:
        raise _invalid("ends_on", _("结束日期不能早于开始日期。"))
    model_update(actor=actor, instance=pairing,
                 data={"status": PairingStatus.ENDED, "ends_on": ends_on},
                 fields=["status", "ends_on"])
    return pairing


def pairing_helper(community, kind: str, helper_id) -> dict:
    """The helper of the kind chosen, by id among the community's (a party member on its roll,
    a confirmed volunteer, a partner unit), as pairing_create's keyword."""
    rows = {HelperKind.MEMBER: selectors.helper_members,
            HelperKind.VOLUNTEER: selectors.helper_volunteers,
            HelperKind.UNIT: selectors.helper_units}
    if kind not in rows:
        raise _invalid("helper_kind", _("请选择帮扶人类型。"))
    try:
        row = rows[kind](community).filter(pk=int(helper_id)).first()
    except (TypeError, ValueError):
        row = None
    if row is None:
        raise _invalid("helper", _("请选择一位帮扶人：党员、志愿者或共建单位。"))
    return {kind: row}


# ---- who may be put on the register -------------------------------------------------------

def household_candidates(*, actor, community, today: datetime.date | None = None) -> list:
    """Residents of the community proposed for the register (living alone, aged 80+, and,
    where the reader may search the registry by sensitive tags, those tagged in difficulty,
    disabled or low income). A list of who is low income reveals the tag as much as the
    person's record does: the tag search is audited on the community, as people's own flag
    search is (people.services.person_flag_search)."""
    require(actor, rules.REGISTER, community)
    with_flags = (Community.objects.for_user(actor, REVEAL_SENSITIVE)
                  .filter(pk=community.pk).exists())
    if with_flags:
        audit_sensitive_read(actor=actor, instance=community,
                             fields=[f"flag:{flag}" for flag in selectors.CANDIDATE_FLAGS],
                             reason=str(_("登记帮扶对象")))
    return list(selectors.candidates(community, today=today or timezone.localdate(),
                                     with_flags=with_flags))

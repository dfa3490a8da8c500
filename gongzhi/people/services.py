"""Writes of the people app. Sensitive values are encrypted here and never written in clear to
the database or the audit trail (the trail holds masked values)."""

import datetime
import json
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.audit.choices import Outcome
from gongzhi.audit.services import audit_change, audit_sensitive_read
from gongzhi.audit.writes import field_value
from gongzhi.core import crypto
from gongzhi.core.actions import require, require_permission
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.scoping import user_can
from gongzhi.people import identity, rules
from gongzhi.people.choices import CorrectionStatus, HukouType, Relation, SensitiveFlag, Sex
from gongzhi.people.models import (
    CorrectionRequest,
    Household,
    Ownership,
    Person,
    PersonFlag,
    Residence,
)
from gongzhi.places.models import Community, Flat

PLAIN_FIELDS = ["name", "sex", "birth_date", "hukou_type", "is_living_alone", "notes"]
SENSITIVE_FIELDS = ["id_number", "phone", "flags"]


def flag_token(community_id: int, flag: str) -> str:
    """The search index of a sensitive flag; per community, so counts never join across them."""
    return crypto.blind_index(f"{community_id}|{flag}", purpose="person-flag")


def person_flags(person: Person) -> set[str]:
    """Decrypt a person's sensitive flags. Callers that show them must audit the read."""
    if not person.sensitive_flags_encrypted:
        return set()
    return set(json.loads(crypto.decrypt(person.sensitive_flags_encrypted)))


def person_id_number(person: Person) -> str:
    return crypto.decrypt(person.id_number_encrypted)


def person_phone(person: Person) -> str:
    return crypto.decrypt(person.phone_encrypted)


# ---- validation --------------------------------------------------------------------------

def clean_person_data(data: dict, *, today: datetime.date) -> tuple[dict, dict]:
    """Normalise and check the fields of a person; return (clean data, {field: [errors]})."""
    clean, errors = dict(data), {}

    def error(field, message):
        errors.setdefault(field, []).append(str(message))

    if "name" in clean:
        clean["name"] = (clean["name"] or "").strip()
        if not clean["name"]:
            error("name", _("请填写姓名。"))
        elif len(clean["name"]) > 64:
            error("name", _("姓名过长。"))
    if "id_number" in clean:
        clean["id_number"] = identity.normalise_id_number(clean["id_number"])
        if clean["id_number"]:
            problem = identity.id_number_problem(clean["id_number"])
            if problem:
                error("id_number", problem)
    if "phone" in clean:
        clean["phone"] = identity.normalise_phone(clean["phone"])
        if clean["phone"]:
            problem = identity.phone_problem(clean["phone"])
            if problem:
                error("phone", problem)
    id_number = clean.get("id_number") or ""
    if id_number and "id_number" not in errors:
        id_birth = identity.birth_date_from_id(id_number)
        if clean.get("birth_date") in (None, ""):
            clean["birth_date"] = id_birth
        elif clean["birth_date"] != id_birth:
            error("birth_date", _("出生日期与身份证号不一致（身份证号为 %(date)s）。")
                  % {"date": id_birth.isoformat()})
        if not clean.get("sex"):
            clean["sex"] = identity.sex_from_id(id_number)
        elif clean["sex"] != identity.sex_from_id(id_number):
            error("sex", _("性别与身份证号不一致。"))
    birth_date = clean.get("birth_date")
    if isinstance(birth_date, datetime.date):
        if birth_date > today:
            error("birth_date", _("出生日期不能晚于今天。"))
        elif birth_date.year < 1900:
            error("birth_date", _("出生日期过早，请核对。"))
    if "sex" in clean and not clean["sex"] and "id_number" not in errors:
        error("sex", _("请选择性别，或填写身份证号。"))
    elif "sex" in clean and clean["sex"] and clean["sex"] not in Sex.values:
        error("sex", _("性别应为“男”或“女”。"))
    if "hukou_type" in clean and clean["hukou_type"] not in HukouType.values:
        error("hukou_type", _("户籍类型不在可选范围内。"))
    if "flags" in clean:
        flags = set(clean["flags"] or [])
        unknown = flags - set(SensitiveFlag.values)
        if unknown:
            error("flags", _("未知的标签：%(tags)s。") % {"tags": "、".join(sorted(unknown))})
        clean["flags"] = flags & set(SensitiveFlag.values)
    return clean, errors


def masked_snapshot(person: Person) -> dict:
    return {
        **{name: field_value(person, name) for name in PLAIN_FIELDS},
        "id_number": person.id_number_masked,
        "phone": person.phone_masked,
        "flags": "（已加密）" if person.sensitive_flags_encrypted else "",
        "flat": person.flat_id,
    }


def apply_sensitive(person: Person, *, id_number=None, phone=None, flags=None) -> None:
    """Set the encrypted, indexed and masked forms of the sensitive fields given."""
    if id_number is not None:
        person.id_number_encrypted = crypto.encrypt(id_number)
        person.id_number_index = crypto.blind_index(id_number, purpose="id-number")
        person.id_number_masked = identity.mask_id_number(id_number) if id_number else ""
    if phone is not None:
        person.phone_encrypted = crypto.encrypt(phone)
        person.phone_index = crypto.blind_index(phone, purpose="phone")
        digits = phone.replace("-", "")
        person.phone_last4_index = (crypto.blind_index(digits[-4:], purpose="phone-last4")
                                    if phone else "")
        person.phone_masked = identity.mask_phone(phone) if phone else ""
    if flags is not None:
        person.sensitive_flags_encrypted = (crypto.encrypt(json.dumps(sorted(flags)))
                                            if flags else "")


def sync_flag_rows(person: Person, flags: set[str]) -> None:
    wanted = {flag_token(person.community_id, flag) for flag in flags}
    existing = set(person.flag_rows.values_list("token", flat=True))
    person.flag_rows.filter(token__in=existing - wanted).delete()
    PersonFlag.objects.bulk_create([
        PersonFlag(person=person, community_id=person.community_id, token=token)
        for token in wanted - existing])


def _check_unique_id(community, id_number: str, *, exclude_pk=None) -> None:
    if not id_number:
        return
    duplicates = Person.objects.filter(
        community=community, id_number_index=crypto.blind_index(id_number, purpose="id-number"))
    if exclude_pk:
        duplicates = duplicates.exclude(pk=exclude_pk)
    if duplicates.exists():
        raise ValidationFailed(detail={"id_number": [str(_("本社区已登记该身份证号的居民。"))]})


# ---- persons -----------------------------------------------------------------------------

@transaction.atomic
def person_create(*, actor, community, name: str, sex: str = "", birth_date=None,
                  id_number: str = "", phone: str = "", hukou_type: str = HukouType.LOCAL,
                  is_living_alone: bool = False, flags=(), notes: str = "") -> Person:
    # The community row stands for "a new person here": same scope rule, one query.
    require(actor, rules.CREATE_PERSON, community)
    clean, errors = clean_person_data(
        {"name": name, "sex": sex, "birth_date": birth_date, "id_number": id_number,
         "phone": phone, "hukou_type": hukou_type, "flags": flags},
        today=timezone.localdate())
    if errors:
        raise ValidationFailed(detail=errors)
    _check_unique_id(community, clean["id_number"])
    person = Person(community=community, name=clean["name"], sex=clean["sex"],
                    birth_date=clean["birth_date"], hukou_type=clean["hukou_type"],
                    is_living_alone=is_living_alone, notes=notes)
    apply_sensitive(person, id_number=clean["id_number"], phone=clean["phone"],
                    flags=clean["flags"])
    person.save(force_insert=True)
    sync_flag_rows(person, clean["flags"])
    audit_change(actor=actor, instance=person, action="create", before={},
                 after=masked_snapshot(person))
    return person


@transaction.atomic
def person_update(*, actor, person: Person, data: dict) -> list[str]:
    """Change plain and sensitive fields; `data` may hold id_number, phone and flags."""
    require(actor, rules.EDIT_PERSON, person)
    unknown = set(data) - set(PLAIN_FIELDS) - set(SENSITIVE_FIELDS)
    if unknown:
        raise ValidationFailed(detail={name: ["不可修改的字段。"] for name in sorted(unknown)})
    # Residents change their own phone and notes; other fields go through a correction
    # request, because staff must check them against documents.
    if (rules.is_own_record(actor, person) and not user_can(actor, rules.CHANGE_PERSON, person)
            and set(data) - {"phone", "notes"}):
        raise PermissionDenied(_("身份信息请通过“申请更正”提交，由社区工作人员核对后修改。"))
    merged = {"sex": person.sex, "birth_date": person.birth_date, **data}
    if "birth_date" in data or "sex" in data:
        merged.setdefault("id_number", person_id_number(person))
    clean, errors = clean_person_data(merged, today=timezone.localdate())
    if errors:
        raise ValidationFailed(detail=errors)
    before = masked_snapshot(person)
    changed = []
    for name in PLAIN_FIELDS:
        if name in data and field_value(person, name) != (
                str(clean[name]) if isinstance(clean[name], datetime.date) else clean[name]):
            setattr(person, name, clean[name])
            changed.append(name)
    if "id_number" in data and clean["id_number"] != person_id_number(person):
        _check_unique_id(person.community, clean["id_number"], exclude_pk=person.pk)
        apply_sensitive(person, id_number=clean["id_number"])
        changed += ["id_number_encrypted", "id_number_index", "id_number_masked"]
    if "phone" in data and clean["phone"] != person_phone(person):
        apply_sensitive(person, phone=clean["phone"])
        changed += ["phone_encrypted", "phone_index", "phone_last4_index", "phone_masked"]
    if "flags" in data and clean["flags"] != person_flags(person):
        apply_sensitive(person, flags=clean["flags"])
        sync_flag_rows(person, clean["flags"])
        changed.append("sensitive_flags_encrypted")
    if not changed:
        return []
    person.save(update_fields=[*changed, "updated_at"])
    after = masked_snapshot(person)
    keys = {k for k in after if after[k] != before[k]}
    if "sensitive_flags_encrypted" in changed:
        keys.add("flags")  # the trail says the flags changed, never what they are
    audit_change(actor=actor, instance=person, action="update",
                 before={k: before[k] for k in sorted(keys)},
                 after={k: after[k] for k in sorted(keys)})
    return changed


def person_reveal(*, actor, person: Person, field: str, reason: str) -> str:
    """The full value of a masked field, for a stated reason; every reveal is audited. The
    notes are shown with phone and ID numbers masked (core/text.py); this gives them whole."""
    if field not in {"id_number", "phone", "flags", "notes"}:
        raise ValidationFailed(detail={"field": [str(_("不能查看该字段。"))]})
    if not rules.is_own_record(actor, person):
        try:
            require(actor, rules.REVEAL_PERSON, person)
        except (PermissionDenied, NotFound):
            audit_sensitive_read(actor=actor, instance=person, fields=[field], reason=reason,
                                 outcome=Outcome.FAILURE)
            raise
    if not reason.strip():
        raise ValidationFailed(detail={"reason": [str(_("请说明查看原因。"))]})
    audit_sensitive_read(actor=actor, instance=person, fields=[field], reason=reason)
    if field == "id_number":
        return person_id_number(person)
    if field == "phone":
        return person_phone(person)
    if field == "notes":
        return person.notes
    labels = dict(SensitiveFlag.choices)
    return "、".join(str(labels[flag]) for flag in sorted(person_flags(person)))


def person_flag_search(*, actor, flag: str, reason: str, community_id: int | None = None) -> None:
    """Allow a search of the register by a sensitive flag, and audit it: a list of who is a party
    member, disabled or low-income reveals as much as each person's flags, so it needs the same
    permission and a reason, and each community searched gets an entry (refusals too)."""
    searched = Community.objects.for_user(actor, rules.REVEAL_SENSITIVE)
    if community_id:
        searched = searched.filter(pk=community_id)
    label = f"flag:{flag}"
    if not searched.exists():
        seen = Community.objects.for_user(actor, rules.VIEW_PERSON)
        if community_id:
            seen = seen.filter(pk=community_id)
        for community in seen:
            audit_sensitive_read(actor=actor, instance=community, fields=[label], reason=reason,
                                 outcome=Outcome.FAILURE)
        raise PermissionDenied(_("按敏感标签查找居民须有查看敏感信息的权限。"))
    if not reason.strip():
        raise ValidationFailed(_("按敏感标签查找居民须说明原因。"),
                               detail={"reason": [str(_("请选择查找原因。"))]})
    for community in searched:
        audit_sensitive_read(actor=actor, instance=community, fields=[label], reason=reason)


def person_flags_read(*, actor, person: Person, reason: str) -> set[str]:
    """A person's sensitive flags for a page that shows them; the read is audited when there
    is anything to show (health, income or party status)."""
    flags = person_flags(person)
    if flags:
        audit_sensitive_read(actor=actor, instance=person, fields=["flags"], reason=reason)
    return flags


def own_record_read(*, actor, person: Person,
                    fields=("id_number", "phone", "flags")) -> dict:
    """A resident's own record in full (PIPL art. 45: people may see their data); the fields
    shown are audited."""
    if not rules.is_own_record(actor, person):
        raise NotFound()
    audit_sensitive_read(actor=actor, instance=person, fields=list(fields),
                         reason=str(_("本人查看")))
    readers = {"id_number": person_id_number, "phone": person_phone, "flags": person_flags}
    return {field: readers[field](person) for field in fields}


# ---- households and residence ------------------------------------------------------------

@transaction.atomic
def residence_move_in(*, actor, person: Person, flat: Flat, relation: str,
                      moved_in_on: datetime.date | None = None) -> Residence:
    require(actor, rules.MOVE_IN_PERSON, person)
    if not user_can(actor, rules.CHANGE_PERSON, flat):
        raise NotFound()
    if flat.community_id != person.community_id:
        raise ValidationFailed(detail={"flat": [str(_("房屋须在本社区。"))]})
    if relation not in Relation.values:
        raise ValidationFailed(detail={"relation": [str(_("与户主关系不在可选范围内。"))]})
    if moved_in_on and moved_in_on > timezone.localdate():
        raise ValidationFailed(detail={"moved_in_on": [str(_("迁入日期不能晚于今天。"))]})
    person = Person.objects.select_for_update().get(pk=person.pk)
    if Residence.objects.filter(person=person, moved_out_on__isnull=True).exists():
        raise ValidationFailed(detail={"flat": [str(_("该居民已有现住址，请先办理迁出。"))]})
    household = Household.objects.filter(flat=flat).order_by("pk").first()
    if household is None:
        household = Household.objects.create(flat=flat, community_id=flat.community_id)
    if relation == Relation.HEAD and household.head_id is None:
        household.head = person
        household.save(update_fields=["head", "updated_at"])
    residence = Residence.objects.create(household=household, person=person, relation=relation,
                                         moved_in_on=moved_in_on,
                                         community_id=flat.community_id)
    person.flat = flat
    person.save(update_fields=["flat", "updated_at"])
    audit_change(actor=actor, instance=residence, action="create", before={},
                 after={"person": person.pk, "flat": flat.pk, "relation": relation,
                        "moved_in_on": str(moved_in_on) if moved_in_on else None})
    return residence


@transaction.atomic
def residence_move_out(*, actor, person: Person, moved_out_on: datetime.date) -> Residence:
    person = Person.objects.select_for_update().get(pk=person.pk)
    require(actor, rules.MOVE_OUT_PERSON, person)
    residence = (Residence.objects.select_for_update().select_related("household")
                 .filter(person=person, moved_out_on__isnull=True).first())
    if residence is None:
        raise ValidationFailed(detail={"moved_out_on": [str(_("该居民没有现住址。"))]})
    if moved_out_on > timezone.localdate():
        raise ValidationFailed(detail={"moved_out_on": [str(_("迁出日期不能晚于今天。"))]})
    if residence.moved_in_on and moved_out_on < residence.moved_in_on:
        raise ValidationFailed(detail={"moved_out_on": [str(_("迁出日期不能早于迁入日期。"))]})
    residence.moved_out_on = moved_out_on
    residence.save(update_fields=["moved_out_on", "updated_at"])
    household = residence.household
    if household.head_id == person.pk:
        household.head = None
        household.save(update_fields=["head", "updated_at"])
    person.flat = None
    person.save(update_fields=["flat", "updated_at"])
    audit_change(actor=actor, instance=residence, action="update", before={"moved_out_on": None},
                 after={"moved_out_on": str(moved_out_on)})
    return residence


# ---- ownership -----------------------------------------------------------------------------

@transaction.atomic
def ownership_add(*, actor, flat: Flat, person: Person, share_percent: Decimal,
                  since: datetime.date | None = None) -> Ownership:
    require(actor, rules.ADD_OWNERSHIP, flat)
    require_permission(actor, rules.CHANGE_PERSON, person, view_permission=rules.VIEW_PERSON)
    if flat.community_id != person.community_id:
        raise ValidationFailed(detail={"flat": [str(_("房屋须在本社区。"))]})
    Flat.objects.select_for_update().filter(pk=flat.pk).first()
    current = (Ownership.objects.filter(flat=flat, ended_on__isnull=True)
               .aggregate(total=Sum("share_percent"))["total"] or Decimal("0"))
    if share_percent <= 0 or current + share_percent > Decimal("100"):
        raise ValidationFailed(detail={"share_percent": [str(
            _("产权份额合计不能超过 100%%（已登记 %(current)s%%）。") % {"current": current})]})
    if Ownership.objects.filter(flat=flat, person=person, ended_on__isnull=True).exists():
        raise ValidationFailed(detail={"person": [str(_("该业主已登记在此房屋。"))]})
    ownership = Ownership.objects.create(flat=flat, person=person, share_percent=share_percent,
                                         since=since, community_id=flat.community_id)
    audit_change(actor=actor, instance=ownership, action="create", before={},
                 after={"flat": flat.pk, "person": person.pk,
                        "share_percent": str(share_percent)})
    return ownership


# ---- corrections (PIPL art. 46) ----------------------------------------------------------

@transaction.atomic
def correction_request_create(*, actor, person: Person, text: str) -> CorrectionRequest:
    require(actor, rules.CREATE_CORRECTION, person)
    text = text.strip()
    if not text:
        raise ValidationFailed(detail={"text": [str(_("请写明需要更正的内容。"))]})
    request = CorrectionRequest.objects.create(person=person, requested_by=actor, text=text,
                                               community_id=person.community_id)
    audit_change(actor=actor, instance=request, action="create", before={},
                 after={"person": person.pk, "status": request.status})
    return request


@transaction.atomic
def correction_request_resolve(*, actor, request: CorrectionRequest, status: str,
                               response: str = "") -> CorrectionRequest:
    request = CorrectionRequest.objects.select_for_update().get(pk=request.pk)
    require(actor, rules.RESOLVE_CORRECTION, request)
    if status not in {CorrectionStatus.DONE, CorrectionStatus.DECLINED}:
        raise ValidationFailed(detail={"status": [str(_("请选择“已更正”或“不予更正”。"))]})
    if status == CorrectionStatus.DECLINED and not response.strip():
        raise ValidationFailed(detail={"response": [str(_("不予更正时须说明理由。"))]})
    before = {"status": request.status}
    request.status, request.response = status, response.strip()
    request.handled_by, request.handled_at = actor, timezone.now()
    request.save(update_fields=["status", "response", "handled_by", "handled_at", "updated_at"])
    audit_change(actor=actor, instance=request, action="update", before=before,
                 after={"status": status})
    return request

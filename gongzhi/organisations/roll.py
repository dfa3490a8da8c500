"""Writes of the party roll: organisations, their officers and the members on it. Each checks
the action's rule (organisations.rules), validates, saves and audits. Party's pages and API
(and its posts, which draw on the roll) call these.

A member's status and its dates never reach the audit trail in clear: the trail records that
they changed, as the people app does for a person's sensitive flags.
"""

import datetime
import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.audit.choices import Outcome
from gongzhi.audit.services import audit_change, audit_sensitive_read
from gongzhi.audit.writes import field_value, model_create, model_update
from gongzhi.core import crypto
from gongzhi.core.actions import require, require_permission
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.organisations import rules
from gongzhi.organisations.choices import (
    ALLOWED_PARENTS,
    HOLDING_KINDS,
    PARTY_MEMBER_STATUSES,
    STATUS_DATE_KEYS,
    Category,
    MemberKind,
    MemberStatus,
    OfficerTitle,
    OrganisationKind,
)
from gongzhi.organisations.models import Member, Officer, Organisation
from gongzhi.people.choices import SensitiveFlag
from gongzhi.people.models import Person
from gongzhi.people.services import apply_sensitive, person_flags, sync_flag_rows
from gongzhi.places.rules import VIEW_COMMUNITY

MEMBER_FIELDS = ["kind", "organisation", "group", "work_unit_name", "partner_unit",
                 "unit_party_organisation", "skills", "preferred_categories", "grid",
                 "registered_on"]
# What a member may change in their own in-service registration (双报到), from 我的报到;
# the branch, grid and status stay with the community's staff.
OWN_FIELDS = ["work_unit_name", "unit_party_organisation", "skills", "preferred_categories"]
MASKED_STATUS = _("党员信息已隐藏")


def _invalid(field: str, message) -> ValidationFailed:
    return ValidationFailed(detail={field: [str(message)]})


# ---- organisations -------------------------------------------------------------------------

@transaction.atomic
def organisation_create(*, actor, kind: str, name: str, parent: Organisation | None = None,
                        street=None, community=None, founded_on=None,
                        notes: str = "") -> Organisation:
    """A new organisation under `parent` (a street committee has no parent but a street)."""
    if kind not in OrganisationKind.values:
        raise _invalid("kind", _("党组织类型不在可选范围内。"))
    allowed = ALLOWED_PARENTS[OrganisationKind(kind)]
    if parent is None and allowed:
        raise _invalid("parent", _("请选择上级党组织。"))
    if parent is not None and parent.kind not in allowed:
        raise _invalid("parent", _("上级党组织的类型不符合组织层级。"))
    if parent is not None:
        street = parent.street
        community = community or parent.community
        if parent.community_id and community.pk != parent.community_id:
            raise _invalid("community", _("须与上级党组织在同一社区。"))
    if street is None:
        raise _invalid("street", _("请选择街道。"))
    if kind == OrganisationKind.STREET_COMMITTEE:
        community = None
    elif community is None:
        raise _invalid("community", _("社区以下的党组织须属于一个社区。"))
    elif community.street_id != street.pk:
        raise _invalid("community", _("社区不在该街道。"))
    # The new row stands for itself in the scope check: street rows by street, others by
    # community.
    candidate = Organisation(kind=kind, name=name.strip(), parent=parent, street=street,
                             community=community, founded_on=founded_on, notes=notes)
    if parent is None:
        require(actor, rules.CREATE_STREET_COMMITTEE, street)
    elif community is not None:
        # The new row stands for itself: it is the community's, whose staff may add it even
        # under the street's committee (pages and the API ask party.create_organisation of
        # the parent they add to).
        require_permission(actor, rules.CHANGE_ORGANISATION, community,
                           view_permission=VIEW_COMMUNITY)
    else:
        require(actor, rules.CREATE_ORGANISATION, parent)
    if not candidate.name:
        raise _invalid("name", _("请填写名称。"))
    if Organisation.objects.filter(street=street, community=community,
                                   name=candidate.name).exists():
        raise _invalid("name", _("已有同名党组织。"))
    # one working committee per street, one party committee per community
    if kind == OrganisationKind.STREET_COMMITTEE and Organisation.objects.filter(
            street=street, kind=kind).exists():
        raise _invalid("street", _("该街道已有街道党工委。"))
    if kind == OrganisationKind.COMMUNITY_COMMITTEE and Organisation.objects.filter(
            community=community, kind=kind).exists():
        raise _invalid("community", _("该社区已有社区党委。"))
    return model_create(actor=actor, instance=candidate)


@transaction.atomic
def officer_appoint(*, actor, organisation: Organisation, title: str,
                    term_start: datetime.date, member: Member | None = None, person=None,
                    term_end: datetime.date | None = None) -> Officer:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    require(actor, rules.APPOINT_OFFICER, organisation)
    if title not in OfficerTitle.values:
        raise _invalid("title", _("职务不在可选范围内。"))
    if member is None and person is None:
        raise _invalid("member", _("请选择任职的党员或居民。"))
    if member is not None and organisation.community_id \
            and member.community_id != organisation.community_id:
        raise _invalid("member", _("任职党员须在本社区登记。"))
    if term_end is not None and term_end < term_start:
        raise _invalid("term_end", _("任期结束不能早于开始。"))
    return model_create(actor=actor, instance=Officer(
        organisation=organisation, title=title, member=member,
        person=person if member is None else None, term_start=term_start, term_end=term_end))


@transaction.atomic
def officer_end_term(*, actor, officer: Officer, term_end: datetime.date) -> Officer:
    officer = Officer.objects.select_for_update().select_related("organisation").get(
        pk=officer.pk)
    require(actor, rules.END_OFFICER_TERM, officer)
    if term_end < officer.term_start:
        raise _invalid("term_end", _("任期结束不能早于开始。"))
    model_update(actor=actor, instance=officer, data={"term_end": term_end},
                 fields=["term_end"])
    return officer


# ---- members: the encrypted status -----------------------------------------------------------

def member_status(member: Member) -> dict:
    """Decrypt a member's status and dates. Callers that show them must audit the read."""
    if not member.status_encrypted:
        return {}
    raw = json.loads(crypto.decrypt(member.status_encrypted))
    return {key: (datetime.date.fromisoformat(value) if key.endswith("_on") and value else value)
            for key, value in raw.items()}


def party_age(full_on: datetime.date | None, today: datetime.date) -> int | None:
    """Whole years since the member became a full member (党龄 counts from that date)."""
    if full_on is None or full_on > today:
        return None
    before_anniversary = (today.month, today.day) < (full_on.month, full_on.day)
    return today.year - full_on.year - before_anniversary


def clean_status(status: str, dates: dict, *, today: datetime.date) -> dict:
    """Check a status and the dates of the steps reached; return the record to encrypt."""
    if status not in MemberStatus.values:
        raise _invalid("status", _("党员状态不在可选范围内。"))
    record, previous = {"status": status}, None
    reached = list(STATUS_DATE_KEYS)[:list(STATUS_DATE_KEYS).index(MemberStatus(status)) + 1]
    for step in reached:
        key = STATUS_DATE_KEYS[step]
        day = dates.get(key)
        if day in ("", None):
            if step == status or step == MemberStatus.FULL:
                raise _invalid(key, _("请填写当前状态的日期。"))
            continue
        if isinstance(day, str):
            try:
                day = datetime.date.fromisoformat(day)
            except ValueError:
                raise _invalid(key, _("日期格式应为 年-月-日。")) from None
        if day > today:
            raise _invalid(key, _("日期不能晚于今天。"))
        if previous is not None and day < previous:
            raise _invalid(key, _("各阶段的日期须依次不早于前一阶段。"))
        record[key], previous = day.isoformat(), day
    return record


def _encrypt_status(record: dict) -> str:
    return crypto.encrypt(json.dumps(record, sort_keys=True))


def _sync_person_party_flag(*, actor, member: Member, status: str) -> None:
    """Keep people.Person's party_member flag true exactly for probationary and full members,
    so that the registry's counts and filters agree with the party roll."""
    person = member.person
    flags = person_flags(person)
    wanted = set(flags)
    if status in PARTY_MEMBER_STATUSES:
        wanted.add(SensitiveFlag.PARTY_MEMBER.value)
    else:
        wanted.discard(SensitiveFlag.PARTY_MEMBER.value)
    if wanted == flags:
        return
    apply_sensitive(person, flags=wanted)
    person.save(update_fields=["sensitive_flags_encrypted", "updated_at"])
    sync_flag_rows(person, wanted)
    audit_change(actor=actor, instance=person, action="update", before={"flags": "（已加密）"},
                 after={"flags": "（已加密）"})


def _clean_member_fields(data: dict, *, community) -> dict:
    clean = dict(data)
    kind = clean.get("kind", MemberKind.COMMUNITY)
    if kind not in MemberKind.values:
        raise _invalid("kind", _("党员类别不在可选范围内。"))
    organisation = clean.get("organisation")
    if organisation is not None and (organisation.community_id != community.pk
                                     or organisation.kind not in HOLDING_KINDS):
        raise _invalid("organisation", _("请选择本社区的党委、党总支或党支部。"))
    if kind == MemberKind.COMMUNITY and organisation is None:
        raise _invalid("organisation", _("社区党员须选择所在党支部。"))
    group = clean.get("group")
    if group is not None and (group.kind != OrganisationKind.GROUP
                              or group.parent_id != getattr(organisation, "pk", None)):
        raise _invalid("group", _("党小组须属于所在党支部。"))
    if kind == MemberKind.IN_SERVICE and not (clean.get("work_unit_name") or "").strip():
        raise _invalid("work_unit_name", _("在职党员须填写工作单位。"))
    unit = clean.get("partner_unit")
    if unit is not None and unit.community_id != community.pk:
        raise _invalid("partner_unit", _("共建单位须在本社区。"))
    grid = clean.get("grid")
    if grid is not None and grid.community_id != community.pk:
        raise _invalid("grid", _("网格须在本社区。"))
    categories = list(clean.get("preferred_categories") or [])
    if set(categories) - set(Category.values):
        raise _invalid("preferred_categories", _("服务意向不在可选范围内。"))
    clean["preferred_categories"] = [c for c in Category.values if c in categories]
    return clean


@transaction.atomic
def member_create(*, actor, person, status: str, status_dates: dict | None = None,
                  kind: str = MemberKind.COMMUNITY, **fields) -> Member:
    """Register a person on the party roll of their community (one row per person)."""
    person = Person.objects.select_for_update().select_related("community").get(pk=person.pk)
    require(actor, rules.REGISTER_MEMBER if kind == MemberKind.IN_SERVICE
            else rules.CREATE_MEMBER, person.community)
    if Member.objects.filter(person=person).exists():
        raise _invalid("person", _("该居民已在党员名册中。"))
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise ValidationFailed(detail={name: ["不可修改的字段。"] for name in sorted(unknown)})
    clean = _clean_member_fields({**fields, "kind": kind}, community=person.community)
    record = clean_status(status, status_dates or {}, today=timezone.localdate())
    member = Member(community_id=person.community_id, person=person, **clean)
    if member.kind == MemberKind.IN_SERVICE and member.registered_on is None:
        member.registered_on = timezone.localdate()
    member.status_encrypted = _encrypt_status(record)
    member.save(force_insert=True)
    audit_change(actor=actor, instance=member, action="create", before={},
                 after={**_member_snapshot(member), "status": "（已加密）"})
    _sync_person_party_flag(actor=actor, member=member, status=status)
    return member


def _member_snapshot(member: Member) -> dict:
    return {name: field_value(member, name) for name in MEMBER_FIELDS}


@transaction.atomic
def member_update(*, actor, member: Member, data: dict, status: str | None = None,
                  status_dates: dict | None = None) -> list[str]:
    """Change the plain fields in `data` and, when `status` is given, the encrypted status."""
    member = Member.objects.select_for_update().select_related("person", "community").get(
        pk=member.pk)
    require(actor, rules.EDIT_MEMBER, member)
    unknown = set(data) - set(MEMBER_FIELDS)
    if unknown:
        raise ValidationFailed(detail={name: ["不可修改的字段。"] for name in sorted(unknown)})
    merged = {**{name: getattr(member, name) for name in MEMBER_FIELDS}, **data}
    clean = _clean_member_fields(merged, community=member.community)
    before = _member_snapshot(member)
    changed = []
    for name in MEMBER_FIELDS:
        if name in data:
            setattr(member, name, clean[name])
            if field_value(member, name) != before[name]:
                changed.append(name)
    status_changed = False
    if status is not None:
        record = clean_status(status, status_dates or {}, today=timezone.localdate())
        current = member_status(member)
        as_stored = {k: (v.isoformat() if isinstance(v, datetime.date) else v)
                     for k, v in current.items()}
        if record != as_stored:
            member.status_encrypted = _encrypt_status(record)
            changed.append("status_encrypted")
            status_changed = True
    if not changed:
        return []
    member.save(update_fields=[*changed, "updated_at"])
    after = _member_snapshot(member)
    keys = [k for k in MEMBER_FIELDS if after[k] != before[k]]
    audit_before = {k: before[k] for k in keys}
    audit_after = {k: after[k] for k in keys}
    if status_changed:  # the trail says the status changed, never what it is
        audit_before["status"] = audit_after["status"] = "（已加密）"
    audit_change(actor=actor, instance=member, action="update", before=audit_before,
                 after=audit_after)
    if status_changed:
        _sync_person_party_flag(actor=actor, member=member, status=status)
    return changed


@transaction.atomic
def member_update_own(*, actor, member: Member, data: dict) -> list[str]:
    """A member with a login changes their own in-service registration (work unit, its party
    organisation, skills, preferred service categories); audited like a staff change."""
    member = Member.objects.select_for_update().select_related("person", "community").get(
        pk=member.pk)
    require(actor, rules.EDIT_OWN_MEMBER, member)
    unknown = set(data) - set(OWN_FIELDS)
    if unknown:
        raise ValidationFailed(detail={name: ["不可修改的字段。"] for name in sorted(unknown)})
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    merged = {**{name: getattr(member, name) for name in MEMBER_FIELDS}, **data}
    clean = _clean_member_fields(merged, community=member.community)
    before = _member_snapshot(member)
    for name in data:
        setattr(member, name, clean[name])
    changed = [name for name in OWN_FIELDS if field_value(member, name) != before[name]]
    if not changed:
        return []
    member.save(update_fields=[*changed, "updated_at"])
    audit_change(actor=actor, instance=member, action="update",
                 before={k: before[k] for k in changed},
                 after={k: field_value(member, k) for k in changed})
    return changed


def _status_view(member: Member, *, today: datetime.date) -> dict:
    record = member_status(member)
    labels = dict(MemberStatus.choices)
    return {
        **record,
        "status_label": str(labels.get(record.get("status"), "")),
        "party_age": party_age(record.get("full_on"), today),
    }


def member_status_reveal(*, actor, member: Member, reason: str) -> dict:
    """A member's party status, its dates and party age, for a stated reason (audited)."""
    try:
        require(actor, rules.REVEAL_MEMBER, member)
    except (PermissionDenied, NotFound):
        audit_sensitive_read(actor=actor, instance=member, fields=["status"], reason=reason,
                             outcome=Outcome.FAILURE)
        raise
    if not reason.strip():
        raise _invalid("reason", _("请说明查看原因。"))
    audit_sensitive_read(actor=actor, instance=member, fields=["status"], reason=reason)
    return _status_view(member, today=timezone.localdate())


def own_member_read(*, actor, member: Member) -> dict:
    """A member's own status (PIPL art. 45: people may see their data); audited."""
    if not rules.is_own_member(actor, member):
        raise NotFound()
    audit_sensitive_read(actor=actor, instance=member, fields=["status"],
                         reason=str(_("本人查看")))
    return _status_view(member, today=timezone.localdate())

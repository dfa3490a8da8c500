"""Writes of party building. Each checks scope and permission, validates, saves and audits.

A member's status and its dates never reach the audit trail in clear: the trail records that
they changed, as the people app does for a person's sensitive flags.
"""

import datetime
import json
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.audit.choices import Outcome
from gongzhi.audit.services import audit_change, audit_sensitive_read
from gongzhi.audit.writes import field_value, model_create, model_delete, model_update
from gongzhi.casework import services as case_services
from gongzhi.casework.access import access_case
from gongzhi.casework.choices import StepAction
from gongzhi.casework.selectors import masked_text
from gongzhi.core import crypto
from gongzhi.core.actions import require, require_permission
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.scoping import user_can
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

# The actor's own roll entry is read by organisations; party's pages and API name it here too.
from gongzhi.organisations.selectors import own_member as own_member
from gongzhi.party import rules
from gongzhi.party.choices import ClaimStatus, PostStatus
from gongzhi.party.models import Claim, Post
from gongzhi.people.choices import SensitiveFlag
from gongzhi.people.models import Person
from gongzhi.people.services import apply_sensitive, person_flags, sync_flag_rows
from gongzhi.places.rules import VIEW_COMMUNITY

MEMBER_FIELDS = ["kind", "organisation", "group", "work_unit_name", "partner_unit",
                 "unit_party_organisation", "skills", "preferred_categories", "grid",
                 "registered_on"]
POST_FIELDS = ["title", "category", "description", "place", "date", "start_time", "end_time",
               "slots"]
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
    else:
        require(actor, rules.CREATE_ORGANISATION, parent)
        if community is not None and community.pk != parent.community_id:
            # a community's committee under the street's: the community is the actor's too
            require_permission(actor, rules.CHANGE_ORGANISATION, community,
                               view_permission=VIEW_COMMUNITY)
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


# ---- posts and claims --------------------------------------------------------------------------

def _clean_post(data: dict) -> dict:
    clean = dict(data)
    clean["title"] = (clean.get("title") or "").strip()
    if not clean["title"]:
        raise _invalid("title", _("请填写岗位名称。"))
    if clean.get("category") not in Category.values:
        raise _invalid("category", _("类别不在可选范围内。"))
    slots = clean.get("slots")
    if not isinstance(slots, int) or slots < 1:
        raise _invalid("slots", _("名额至少为 1。"))
    start, end = clean.get("start_time"), clean.get("end_time")
    if start and end and end <= start:
        raise _invalid("end_time", _("结束时间须晚于开始时间。"))
    return clean


@transaction.atomic
def post_create(*, actor, community, title: str, category: str, date: datetime.date,
                slots: int, need=None, source_case=None, **fields) -> Post:
    """Publish a post for in-service members, standalone or from a need of the needs list."""
    require(actor, rules.CREATE_POST, community)
    unknown = set(fields) - set(POST_FIELDS)
    if unknown:
        raise ValidationFailed(detail={name: ["不可修改的字段。"] for name in sorted(unknown)})
    if need is not None and need.community_id != community.pk:
        raise _invalid("need", _("需求须在本社区。"))
    clean = _clean_post({**fields, "title": title, "category": category, "date": date,
                         "slots": slots})
    return model_create(actor=actor, instance=Post(
        community=community, need=need, source_case=source_case, created_by=actor, **clean))


@transaction.atomic
def post_create_from_case(*, actor, case, date: datetime.date, slots: int = 1,
                          title: str = "", category: str = Category.GOVERNANCE,
                          **fields) -> Post:
    """Turn a resident request into a post for in-service members (post.source_case)."""
    case = access_case(actor=actor, id=case.pk)  # the actor must be able to see the request
    if Post.objects.filter(source_case=case).exists():
        raise DomainError(_("该诉求已发布为党员岗位。"), code="already_converted")
    title = title or f"{case.category.name}：{case.building.name}"
    # every party member of the community sees the post: the reporter's name and phone stay
    # with staff, who put the member who claims it in touch
    fields["description"] = masked_text(case, fields.get("description") or None)
    fields.setdefault("place", case.building.name)
    post = post_create(actor=actor, community=case.community, title=title[:128],
                       category=category, date=date, slots=slots, source_case=case, **fields)
    case_services.case_task_note(actor=actor, case=case, action=StepAction.TASK, note=str(
        _("%(title)s（%(date)s，%(slots)s 个名额）") % {
            "title": post.title, "date": post.date.isoformat(), "slots": post.slots}))
    return post


@transaction.atomic
def post_set_status(*, actor, post: Post, status: str) -> Post:
    """Open, close or complete a post: each change is its own rule (party.close_post ...)."""
    if status not in PostStatus.values:
        raise _invalid("status", _("状态不在可选范围内。"))
    post = Post.objects.select_for_update().select_related("community").get(pk=post.pk)
    require(actor, rules.POST_STATUS_RULES[PostStatus(status)], post)
    model_update(actor=actor, instance=post, data={"status": status}, fields=["status"])
    return post


@transaction.atomic
def post_claim(*, actor, post: Post) -> Claim:
    """The actor (a party member with a login) claims one slot of an open post.

    The post row is locked while the slots are counted, so concurrent claims never exceed the
    slots; the unique constraint keeps one claim per member and post.
    """
    post = Post.objects.select_for_update().get(pk=post.pk)
    try:
        require(actor, rules.CLAIM, post)
    except PermissionDenied:  # say which half is missing
        if not user_can(actor, rules.CLAIM_POST, post):
            raise PermissionDenied(_("只有党员本人可以认领岗位。")) from None
        raise PermissionDenied(_("您的党员信息尚未在本社区登记，请联系社区。")) from None
    member = own_member(actor)
    if Claim.objects.filter(post=post, member=member).exists():
        raise DomainError(_("您已认领该岗位。"), code="already_claimed")
    if Claim.objects.filter(post=post).count() >= post.slots:
        raise DomainError(_("名额已满。"), code="post_full")
    return model_create(actor=actor, instance=Claim(community_id=post.community_id, post=post,
                                                    member=member))


@transaction.atomic
def claim_withdraw(*, actor, claim: Claim) -> None:
    """The member withdraws their own claim before the organiser confirmed it; the slot is
    free again. The post is locked first, as post_claim does, so a withdrawal and a claim of
    the same post are serialised; the claim row is locked against a concurrent confirmation.
    The audit trail keeps the withdrawn claim."""
    Post.objects.select_for_update().filter(pk=claim.post_id).first()
    locked = Claim.objects.select_for_update().select_related("member__person").filter(
        pk=claim.pk).first()
    if locked is None:
        raise NotFound()
    require(actor, rules.WITHDRAW_CLAIM, locked)
    model_delete(actor=actor, instance=locked)


@transaction.atomic
def claim_confirm(*, actor, claim: Claim, work_done: str, hours) -> Claim:
    """The organiser confirms what the member did and the actual hours served (DOMAIN_RULES:
    hours are actual time, travel excluded, confirmed by the organiser)."""
    # The post first, then the claim: the order claim_withdraw and post_claim lock in, so a
    # confirmation racing a withdrawal waits instead of deadlocking.
    Post.objects.select_for_update().filter(pk=claim.post_id).first()
    claim = Claim.objects.select_for_update().filter(pk=claim.pk).first()
    if claim is None:  # withdrawn by the member meanwhile
        raise NotFound()
    require(actor, rules.CONFIRM, claim)
    work_done = (work_done or "").strip()
    if not work_done:
        raise _invalid("work_done", _("请填写服务内容。"))
    try:
        hours = Decimal(str(hours)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise _invalid("hours", _("请填写服务时长。")) from None
    if hours <= 0 or hours > 24:
        raise _invalid("hours", _("服务时长应在 0 到 24 小时之间。"))
    model_update(actor=actor, instance=claim, data={
        "status": ClaimStatus.CONFIRMED, "work_done": work_done, "hours": hours,
        "confirmed_by": actor, "confirmed_at": timezone.now()},
        fields=["status", "work_done", "hours", "confirmed_by", "confirmed_at"])
    post = claim.post
    if post.source_case_id:  # the request it came from shows the work, not who did it
        case_services.case_task_note(
            actor=actor, case=post.source_case, action=StepAction.TASK_DONE,
            note=str(_("%(title)s：%(work)s（%(hours)s 小时）") % {
                "title": post.title, "work": work_done, "hours": hours}))
    return claim

"""Writes of party building's posts and claims. Each checks the action's rule, validates, saves
and audits. The roll's writes (organisations, officers, members) are organisations.roll."""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.audit.writes import model_create, model_delete, model_update
from gongzhi.casework import services as case_services
from gongzhi.casework.access import access_case
from gongzhi.casework.choices import StepAction
from gongzhi.casework.selectors import masked_text
from gongzhi.core.actions import require
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.scoping import user_can
from gongzhi.organisations.choices import (
    Category,
)
from gongzhi.organisations.roll import MASKED_STATUS as MASKED_STATUS
from gongzhi.organisations.roll import MEMBER_FIELDS as MEMBER_FIELDS
from gongzhi.organisations.roll import OWN_FIELDS as OWN_FIELDS
from gongzhi.organisations.roll import clean_status as clean_status
from gongzhi.organisations.roll import member_create as member_create
from gongzhi.organisations.roll import member_status as member_status
from gongzhi.organisations.roll import member_status_reveal as member_status_reveal
from gongzhi.organisations.roll import member_update as member_update
from gongzhi.organisations.roll import member_update_own as member_update_own
from gongzhi.organisations.roll import officer_appoint as officer_appoint
from gongzhi.organisations.roll import officer_end_term as officer_end_term

# The roll's writes live with the roll (organisations.roll); party's posts, pages, API and
# tests name them here too.
from gongzhi.organisations.roll import organisation_create as organisation_create
from gongzhi.organisations.roll import own_member_read as own_member_read
from gongzhi.organisations.roll import party_age as party_age

# The actor's own roll entry is read by organisations; party's pages and API name it here too.
from gongzhi.organisations.selectors import own_member as own_member
from gongzhi.party import rules
from gongzhi.party.choices import ClaimStatus, PostStatus
from gongzhi.party.models import Claim, Post

POST_FIELDS = ["title", "category", "description", "place", "date", "start_time", "end_time",
               "slots"]


def _invalid(field: str, message) -> ValidationFailed:
    return ValidationFailed(detail={field: [str(message)]})


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

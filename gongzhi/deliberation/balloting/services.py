"""Writes and helpers that owners' votes and residents' polls share. The callers
(votes.services, polls.services) lock their vote or poll first and require the action's rule;
what is here works on any ballot, objection or electorate of either, so a rule changes in one
place for both."""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.audit import services as audit_services
from gongzhi.core.errors import DomainError, PermissionDenied, ValidationFailed
from gongzhi.deliberation.balloting.choices import LIVE_STATES, BallotState
from gongzhi.notifications.services import notification_send


def audit(actor, instance, action, before=None, after=None) -> None:
    audit_services.audit_change(actor=actor, instance=instance, action=action,
                                before=before or {}, after=after or {})


def mask_name(name: str) -> str:
    """Publicity shows masked names only (PIPL): 陈嘉伟 → 陈**."""
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


# ---- the electorate ------------------------------------------------------------------------

def users_of_people(person_ids: set[int]) -> list:
    """The active logins of these registered people (votes' owners, polls' electors)."""
    if not person_ids:
        return []
    return list(get_user_model().objects.filter(is_active=True, person__pk__in=person_ids)
                .order_by("pk"))


def voted_elector_ids(ballots) -> set[int]:
    """The electors of `ballots` (a vote's or a poll's) that hold a live ballot."""
    return set(ballots.filter(state__in=LIVE_STATES).values_list("elector_id", flat=True))


def notify_electors(*, actor, ballot_of, url_name: str, recipients, kind: str, title,
                    body) -> None:
    """Tell electors about their vote or poll (`ballot_of`) through the notifications app
    (inbox, SMS, WeChat), linking to their own page `url_name`."""
    notification_send(
        actor=actor, recipients=recipients, kind=kind, title=title, body=body,
        params={"title": ballot_of.title, "deadline": ballot_of.closes_on.strftime("%Y-%m-%d"),
                "scope": ballot_of.scope_label},
        target=ballot_of, url=reverse(url_name), community=ballot_of.community,
        building=ballot_of.building)


def reminders_send(*, model, now=None, remind: Callable) -> int:
    """Remind, once per vote or poll of `model`, a few days before it closes
    (DELIBERATION_REMINDER_DAYS_BEFORE): `remind(row)` sends the notices. Each row is claimed
    by a conditional update in the same transaction as its notifications: a second run, or a
    second worker, finds it claimed and sends nothing. Returns how many rows were reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    last_day = today + datetime.timedelta(days=settings.DELIBERATION_REMINDER_DAYS_BEFORE)
    due = (model.objects.filter(status="open", reminder_sent_at__isnull=True,
                                closes_on__gte=today, closes_on__lte=last_day)
           .select_related("community", "building", "unit").order_by("pk"))
    reminded = 0
    for row in due:
        with transaction.atomic():
            if not model.objects.filter(pk=row.pk, status="open",
                                        reminder_sent_at__isnull=True).update(
                                            reminder_sent_at=now):
                continue
            remind(row)
        reminded += 1
    return reminded


# ---- ballots -------------------------------------------------------------------------------

def insert_live(ballot, *, refused_message):
    """Insert a live ballot; the partial unique index refuses a second one for the elector,
    even when two requests arrive at the same moment."""
    try:
        with transaction.atomic():
            ballot.save(force_insert=True)
    except IntegrityError:
        raise DomainError(refused_message, code="already_voted") from None
    return ballot


def paper_ballot_check(*, actor, ballot, approve: bool, not_pending_message, now=None):
    """A second staff member checks a paper ballot against its scan: counted or rejected.
    The caller has locked the vote or poll and required the rule; the ballot is locked after
    it (parent before child, the order every writer keeps)."""
    ballot = type(ballot).objects.select_for_update().get(pk=ballot.pk)
    if ballot.state != BallotState.PENDING_CHECK:
        raise DomainError(not_pending_message, code="not_pending")
    if ballot.cast_by_id == actor.pk:
        raise PermissionDenied(_("复核须由录入人以外的工作人员进行。"), code="same_person")
    ballot.state = BallotState.COUNTED if approve else BallotState.REJECTED
    ballot.checked_by, ballot.checked_at = actor, now or timezone.now()
    ballot.save(update_fields=["state", "checked_by", "checked_at"])
    audit(actor, ballot, "update", {"state": "pending"}, {"state": ballot.state})
    return ballot


# ---- objections during the publicity period (公示) ------------------------------------------

def objection_raise(*, actor, ballot_of, objection_model, is_staff: bool, text: str,
                    now=None):
    """An elector, or staff on someone's behalf, objects to the published result of
    `ballot_of` (a vote or a poll) during its publicity period. The caller has locked it and
    required the rule (an elector's own objection, or staff recording one), which checked that
    it is published; the publicity period's end is a date, checked here against `now`. A
    resident's name is shown masked; staff sign with their own name."""
    if timezone.localdate(now or timezone.now()) > ballot_of.publicity_ends_on:
        raise DomainError(_("公示期已结束。"), code="publicity_over")
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(detail={"text": [str(_("请填写异议内容。"))]})
    person = getattr(actor, "person", None)
    name = mask_name(person.name) if person is not None and not is_staff else \
        (getattr(actor, "display_name", "") or actor.get_full_name() or actor.username)
    # ballot_of's model name is the objection's foreign key: vote or poll
    objection = objection_model.objects.create(
        **{ballot_of._meta.model_name: ballot_of}, raised_by=actor, raised_by_name=name,
        text=text[:2000])
    audit(actor, objection, "create", after={ballot_of._meta.model_name: ballot_of.pk})
    return objection


def objection_answer(*, actor, objection, answer: str, now=None):
    """Staff answer an objection once. The caller has locked the vote or poll and required the
    rule; the row is re-read under a lock (after its parent's) so that two staff answering at
    once do not overwrite each other."""
    objection = type(objection).objects.select_for_update().get(pk=objection.pk)
    if objection.answered_at is not None:
        raise DomainError(_("该异议已答复。"), code="answered")
    answer = (answer or "").strip()
    if not answer:
        raise ValidationFailed(detail={"answer": [str(_("请填写答复。"))]})
    objection.answer, objection.answered_by = answer, actor
    objection.answered_at = now or timezone.now()
    objection.save(update_fields=["answer", "answered_by", "answered_at"])
    audit(actor, objection, "update", {"answer": ""}, {"answer": objection.answer})
    return objection

"""Writes of residents' polls (one person, one vote).

Each checks scope and permission, validates, saves and audits. Ballots are never edited or
deleted: a paper ballot is checked by a second person, who only changes its state. What polls
share with owners' votes (the paper-ballot check, objections, the electorate's notices) is in
deliberation.balloting.
"""

import datetime
from fractions import Fraction

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.audit.writes import model_create, model_update
from gongzhi.core.actions import require, require_permission
from gongzhi.core.errors import DomainError, NotFound, ValidationFailed
from gongzhi.deliberation.balloting import services as balloting
from gongzhi.deliberation.balloting.choices import BallotState
from gongzhi.deliberation.balloting.services import audit as _audit
from gongzhi.deliberation.balloting.services import mask_name
from gongzhi.deliberation.polls import rules
from gongzhi.deliberation.polls.choices import PollChannel, PollKind, PollStatus
from gongzhi.deliberation.polls.models import (
    YES_NO_OPTIONS,
    Poll,
    PollBallot,
    PollElector,
    PollObjection,
)
from gongzhi.deliberation.polls.tally import ABSTAIN, PollRules, poll_tally
from gongzhi.people.models import Residence
from gongzhi.places.models import Building, Community, Unit

ADULT_AGE = 18


def _lock_poll(poll: Poll) -> Poll:
    """The poll's row, re-read and locked until the transaction ends. Every write calls this
    before it requires its rule (core.actions.require) and before it reads or locks any row of
    the poll (parent before child), as poll_close and poll_publish lock the same row, so that
    nothing slips in after a close or a publication and the rule judges the latest status
    (see votes.services._lock_vote)."""
    return Poll.objects.select_for_update().get(pk=poll.pk)


def _action(action: str) -> str:
    return rules.POLL_ACTION_RULES[action]


def _fraction_setting(name: str, value: str) -> str:
    try:
        fraction = Fraction(str(value).strip())
    except (ValueError, ZeroDivisionError):
        fraction = None
    if fraction is None or not 0 <= fraction < 1:
        raise ValidationFailed(detail={name: [str(_("门槛须为 0 到 1 之间的分数，如 1/2。"))]})
    return f"{fraction.numerator}/{fraction.denominator}"


def _options(kind: str, labels: list[str]) -> list[dict]:
    if kind == PollKind.YES_NO:
        return [dict(option) for option in YES_NO_OPTIONS]
    if kind != PollKind.CUSTOM:
        raise ValidationFailed(detail={"kind": [str(_("未知的选项类型。"))]})
    labels = [label.strip() for label in labels if label.strip()]
    if len(labels) < 2 or len(set(labels)) != len(labels):
        raise ValidationFailed(detail={"options": [str(_("请至少填写两个互不相同的选项。"))]})
    if len(labels) > 12:
        raise ValidationFailed(detail={"options": [str(_("选项不能超过 12 个。"))]})
    return [{"key": str(index), "label": label[:64]} for index, label in enumerate(labels, 1)] \
        + [{"key": ABSTAIN, "label": "弃权"}]


@transaction.atomic
def poll_create(*, actor, community: Community, title: str, closes_on: datetime.date,
                building: Building | None = None, unit: Unit | None = None,
                kind: str = PollKind.YES_NO, option_labels: list[str] | None = None,
                description: str = "", quorum: str = "1/2", quorum_is_strict: bool = True,
                majority: str = "1/2", majority_is_strict: bool = True,
                publicity_days: int = 7) -> Poll:
    """A draft poll. Defaults follow 居委会组织法 art. 22 for a residents' meeting: more than
    half of those entitled take part, more than half of those taking part agree (settings)."""
    require_permission(actor, rules.MANAGE_POLL, community, view_permission=rules.VIEW_POLL)
    if building is not None and building.community_id != community.pk:
        raise ValidationFailed(detail={"building": [str(_("楼栋须在本社区。"))]})
    if unit is not None and (building is None or unit.building_id != building.pk):
        raise ValidationFailed(detail={"unit": [str(_("单元须属于所选楼栋。"))]})
    if not title.strip():
        raise ValidationFailed(detail={"title": [str(_("请填写投票事项。"))]})
    if not 1 <= int(publicity_days) <= 60:
        raise ValidationFailed(detail={"publicity_days": [str(_("公示天数须在 1 到 60 之间。"))]})
    poll = Poll(community=community, building=building, unit=unit, title=title.strip(),
                description=description.strip(), kind=kind,
                options=_options(kind, option_labels or []),
                quorum=_fraction_setting("quorum", quorum), quorum_is_strict=quorum_is_strict,
                majority=_fraction_setting("majority", majority),
                majority_is_strict=majority_is_strict, publicity_days=publicity_days,
                closes_on=closes_on, created_by=actor)
    return model_create(actor=actor, instance=poll)


def electorate_of(poll: Poll, day: datetime.date) -> list[Residence]:
    """Current residences in the poll's scope of people aged 18 or more on `day`.

    A person without a recorded birth date is left out (their age cannot be shown); staff
    complete the register before opening.
    """
    residences = (Residence.objects.filter(community=poll.community, moved_out_on__isnull=True)
                  .select_related("person", "household__flat__unit")
                  .order_by("household__flat__unit__number", "household__flat__room_number",
                            "person__pk"))
    if poll.unit_id:
        residences = residences.filter(household__flat__unit=poll.unit)
    elif poll.building_id:
        residences = residences.filter(household__flat__building=poll.building)
    return [residence for residence in residences
            if (residence.moved_in_on is None or residence.moved_in_on <= day)
            and (residence.person.age_on(day) or 0) >= ADULT_AGE]


@transaction.atomic
def poll_open(*, actor, poll: Poll, now=None) -> Poll:
    """Open the poll and freeze its electorate from today's register."""
    poll = _lock_poll(poll)
    require(actor, _action("open"), poll)
    now = now or timezone.now()
    residences = electorate_of(poll, timezone.localdate(now))
    if not residences:
        raise DomainError(_("投票范围内没有登记的成年居民。"), code="no_electors")
    PollElector.objects.bulk_create([PollElector(
        poll=poll, person=residence.person, person_id_frozen=residence.person_id,
        name_masked=mask_name(residence.person.name),
        flat_label=f"{residence.household.flat.unit.number}单元"
                   f"{residence.household.flat.room_number}")
        for residence in residences])
    model_update(actor=actor, instance=poll, fields=["status", "opened_at"],
                 data={"status": PollStatus.OPEN, "opened_at": now})
    recipients = poll_electorate_users(poll)
    if recipients:
        transaction.on_commit(lambda: _notify_electors(
            actor=actor, poll=poll, recipients=recipients, kind="ballot_open",
            title=_("居民投票开始：%(title)s"),
            body=_("%(deadline)s 截止。您在投票范围内（%(scope)s），请在截止前投票。")))
    return poll


def poll_electorate_users(poll: Poll, *, electors=None) -> list:
    """The logins of the residents of `electors` (default: the whole frozen electorate)."""
    electors = poll.electors.all() if electors is None else electors
    return balloting.users_of_people({elector.person_id_frozen for elector in electors})


def _notify_electors(*, actor, poll: Poll, recipients, kind: str, title, body) -> None:
    balloting.notify_electors(actor=actor, ballot_of=poll, url_name="deliberation:my_polls",
                    recipients=recipients, kind=kind, title=title, body=body)


def poll_reminders_send(*, now=None) -> int:
    """Remind the electors who have not voted, once per poll, a few days before it closes
    (see balloting.services.reminders_send). Returns how many polls were reminded."""
    return balloting.reminders_send(model=Poll, now=now, remind=_remind_poll)


def _remind_poll(poll: Poll) -> None:
    voted = balloting.voted_elector_ids(poll.ballots)
    recipients = poll_electorate_users(poll, electors=[
        elector for elector in poll.electors.all() if elector.pk not in voted])
    if recipients:
        _notify_electors(actor=None, poll=poll, recipients=recipients,
                         kind="ballot_reminder",
                         title=_("居民投票即将截止：%(title)s"),
                         body=_("%(deadline)s 截止。您尚未投票，请在截止前投票。"))


def _check_choice(poll: Poll, choice: str) -> None:
    if choice not in {option["key"] for option in poll.options}:
        raise ValidationFailed(detail={"choice": [str(_("请选择一个选项。"))]})


def _insert_live(ballot: PollBallot) -> PollBallot:
    return balloting.insert_live(ballot, refused_message=_("您已投过票，每人只能投一票。"))


def own_poll_elector(actor, poll: Poll) -> PollElector | None:
    """The actor's own row of the frozen electorate, if any."""
    person = getattr(actor, "person", None) if actor is not None and actor.is_authenticated \
        else None
    if person is None:
        return None
    return poll.electors.filter(person_id_frozen=person.pk).first()


@transaction.atomic
def poll_cast_online(*, actor, poll: Poll, choice: str) -> PollBallot:
    """A resident casts their own vote (never someone else's: the elector is the actor's)."""
    poll = _lock_poll(poll)
    require(actor, rules.OWN_POLL_ACTION_RULES["ballot"], poll)
    elector = own_poll_elector(actor, poll)
    if elector is None:
        raise NotFound()
    _check_choice(poll, choice)
    ballot = _insert_live(PollBallot(poll=poll, elector=elector, choice=choice,
                                     channel=PollChannel.ONLINE, state=BallotState.COUNTED,
                                     cast_by=actor))
    _audit(actor, ballot, "create", after={"elector": elector.pk, "channel": "online"})
    return ballot


@transaction.atomic
def poll_enter_paper(*, actor, poll: Poll, elector: PollElector, choice: str,
                     scan) -> PollBallot:
    """Staff enter a signed paper vote with its scan; it counts once a second person checks."""
    poll = _lock_poll(poll)
    require(actor, _action("paper"), poll)
    if elector.poll_id != poll.pk:
        raise NotFound()
    _check_choice(poll, choice)
    if not scan:
        raise ValidationFailed(detail={"scan": [str(_("请上传纸质选票的扫描件。"))]})
    ballot = _insert_live(PollBallot(poll=poll, elector=elector, choice=choice,
                                     channel=PollChannel.PAPER,
                                     state=BallotState.PENDING_CHECK, cast_by=actor, scan=scan))
    _audit(actor, ballot, "create", after={"elector": elector.pk, "channel": "paper"})
    return ballot


@transaction.atomic
def poll_ballot_check(*, actor, ballot: PollBallot, approve: bool, now=None) -> PollBallot:
    require(actor, _action("check"), _lock_poll(ballot.poll))
    return balloting.paper_ballot_check(actor=actor, ballot=ballot, approve=approve, now=now,
                                        not_pending_message=_("该选票无需复核。"))


@transaction.atomic
def poll_ballot_correct(*, actor, ballot: PollBallot, choice: str, reason: str) -> PollBallot:
    """Staff correct a counted paper ballot (e.g. misread when entered): a new row supersedes
    it, the old one stays, so the record shows what was counted and why it changed."""
    poll = _lock_poll(ballot.poll)
    require(actor, _action("correct"), poll)
    _check_choice(poll, choice)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(detail={"reason": [str(_("请说明更正理由。"))]})
    old = PollBallot.objects.select_for_update().get(pk=ballot.pk)
    if old.state != BallotState.COUNTED:
        raise DomainError(_("只能更正已计入的选票。"), code="not_counted")
    if old.channel != PollChannel.PAPER:
        # an online vote is the resident's own act: staff never change it
        raise DomainError(_("只能更正工作人员录入的纸质选票。"), code="not_paper")
    old.state = BallotState.SUPERSEDED
    old.save(update_fields=["state"])
    new = _insert_live(PollBallot(poll=poll, elector=old.elector, choice=choice,
                                  channel=old.channel, state=BallotState.COUNTED, cast_by=actor,
                                  scan=old.scan, checked_by=old.checked_by,
                                  checked_at=old.checked_at, supersedes=old,
                                  correction_reason=reason[:255]))
    _audit(actor, new, "update", {"ballot": old.pk, "choice": old.choice},
           {"ballot": new.pk, "choice": choice, "reason": reason})
    return new


def poll_early_close_facts(poll: Poll, *, now=None) -> dict | None:
    """The deadline and the turnout, shown before an open poll is closed ahead of its
    closing day; None when the closing day has come."""
    if poll.status != PollStatus.OPEN or \
            timezone.localdate(now or timezone.now()) >= poll.closes_on:
        return None
    voted = poll.ballots.filter(state=BallotState.COUNTED).count()
    return {"deadline": poll.closes_on.strftime("%Y-%m-%d"), "voted": voted,
            "electorate": poll.electors.count()}


POLL_EARLY_CLOSE_MESSAGE = _("截止日期 %(deadline)s 未到：目前 %(voted)s / %(electorate)s 人参与"
                             "投票。确需提前截止，请确认。")


@transaction.atomic
def poll_close(*, actor, poll: Poll, confirm_early: bool = False, now=None) -> Poll:
    """Close the poll; before its closing day only with `confirm_early` (see vote_close)."""
    poll = _lock_poll(poll)
    require(actor, _action("close"), poll)
    if poll.ballots.filter(state=BallotState.PENDING_CHECK).exists():
        raise DomainError(_("尚有待复核的纸质选票，复核后才能截止。"), code="pending_ballots")
    facts = poll_early_close_facts(poll, now=now)
    if facts is not None and not confirm_early:
        message = POLL_EARLY_CLOSE_MESSAGE % facts
        raise DomainError(message, code="early_close_unconfirmed",
                          detail={"confirm_early": [str(message)]})
    model_update(actor=actor, instance=poll, fields=["status", "closed_at"],
                 data={"status": PollStatus.CLOSED, "closed_at": now or timezone.now()})
    return poll


def poll_result(poll: Poll) -> dict:
    """The result with both gates explained, as published."""
    electorate = poll.electors.count()
    choices = list(poll.ballots.filter(state=BallotState.COUNTED)
                   .values_list("choice", flat=True))
    keys = [option["key"] for option in poll.options]
    result = poll_tally(electorate=electorate, choices=choices, option_keys=keys,
                        rules=PollRules(quorum=Fraction(poll.quorum),
                                        quorum_is_strict=poll.quorum_is_strict,
                                        majority=Fraction(poll.majority),
                                        majority_is_strict=poll.majority_is_strict))
    return {
        "electorate": result.electorate, "voted": result.voted,
        "options": [{"key": key, "label": poll.option_label(key), "count": result.counts[key]}
                    for key in keys],
        "leader": result.leader or "",
        "leader_label": poll.option_label(result.leader) if result.leader else "",
        "quorum": poll.quorum, "quorum_is_strict": poll.quorum_is_strict,
        "quorum_passed": result.quorum_passed,
        "majority": poll.majority, "majority_is_strict": poll.majority_is_strict,
        "majority_passed": result.majority_passed,
        "passed": result.passed,
    }


@transaction.atomic
def poll_publish(*, actor, poll: Poll, now=None) -> Poll:
    poll = _lock_poll(poll)
    require(actor, _action("publish"), poll)
    now = now or timezone.now()
    ends = timezone.localdate(now) + datetime.timedelta(days=poll.publicity_days)
    model_update(actor=actor, instance=poll,
                 fields=["status", "published_at", "publicity_ends_on", "result"],
                 data={"status": PollStatus.PUBLISHED, "published_at": now,
                       "publicity_ends_on": ends, "result": poll_result(poll)})
    return poll


@transaction.atomic
def poll_objection_create(*, actor, poll: Poll, text: str, now=None) -> PollObjection:
    """A resident of the electorate, or staff on someone's behalf, objects to a published
    result during its publicity period (as for owners' votes)."""
    poll = _lock_poll(poll)
    is_staff = rules.can_manage_poll(actor, poll)
    require(actor, _action("objection") if is_staff else rules.OWN_POLL_ACTION_RULES["objection"],
            poll)
    return balloting.objection_raise(actor=actor, ballot_of=poll, objection_model=PollObjection,
                                     is_staff=is_staff, text=text, now=now)


@transaction.atomic
def poll_objection_answer(*, actor, objection: PollObjection, answer: str,
                          now=None) -> PollObjection:
    require(actor, _action("answer"), _lock_poll(objection.poll))
    return balloting.objection_answer(actor=actor, objection=objection, answer=answer, now=now)

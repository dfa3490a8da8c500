"""Writes of owners' votes. Each checks scope and permission, validates, saves and audits.
Ballots are never edited or deleted; corrections add rows. What votes share with polls (the
paper-ballot check, objections, the electorate's notices) is in deliberation.balloting."""

import datetime
import uuid
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.audit.writes import model_create, model_update
from gongzhi.core.actions import require, require_permission
from gongzhi.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from gongzhi.core.uploads import stored_upload
from gongzhi.deliberation.balloting import services as balloting
from gongzhi.deliberation.balloting.choices import BallotState
from gongzhi.deliberation.balloting.services import audit as _audit
from gongzhi.deliberation.balloting.services import mask_name
from gongzhi.deliberation.uploads import document_validate, photo_validate
from gongzhi.deliberation.votes import rules, selectors
from gongzhi.deliberation.votes.choices import (
    ELEVATOR_ITEM,
    ITEM_NUMERALS,
    Channel,
    Choice,
    CostScheme,
    VoteKind,
    VoteStatus,
    kind_for_item,
)
from gongzhi.deliberation.votes.models import (
    Ballot,
    Elector,
    ElectorCorrection,
    Objection,
    ProxyAuthorisation,
    PublicityPhoto,
    RuleSet,
    Vote,
    VoteDocument,
)
from gongzhi.deliberation.votes.tally import CostFlat, Rules, cost_shares, tally, within_law
from gongzhi.people.models import Ownership
from gongzhi.places.models import Building, Flat, Unit


def _lock_vote(vote: Vote) -> Vote:
    """The vote's row, re-read and locked until the transaction ends. Every write calls this
    before it requires its rule (core.actions.require) and before it reads or locks any row of
    the vote (parent before child, so that two writers never wait on each other), as
    vote_close and vote_publish lock the same row: no ballot, check or correction slips in
    after a close or a publication, and the rule judges the latest status (a stale instance
    only gives the id)."""
    # Lock the vote row only: PostgreSQL refuses FOR UPDATE on the outer join to rule_set.
    return Vote.objects.select_for_update(of=("self",)).select_related("rule_set").get(
        pk=vote.pk)


def _action(action: str) -> str:
    return rules.VOTE_ACTION_RULES[action]


def rule_set_in_force(kind: str, day: datetime.date) -> RuleSet:
    rule_set = (RuleSet.objects.filter(kind=kind, effective_from__lte=day)
                .order_by("-effective_from").first())
    if rule_set is None:
        raise DomainError(_("该日期没有适用的表决规则。"), code="no_rule_set")
    return rule_set


def _check_cost(scheme: str, parameters: dict) -> None:
    for value in parameters.values():
        try:
            if Fraction(str(value)) < 0:
                raise ValueError
        except (ValueError, ZeroDivisionError):
            raise ValidationFailed(detail={"cost_parameters": [
                str(_("分摊参数须为非负数。"))]}) from None
    if scheme not in CostScheme.values:
        raise ValidationFailed(detail={"cost_scheme": [str(_("未知的分摊方式。"))]})


def derive_kind(*, kind: str | None, item_number: int | None) -> tuple[str, int]:
    """The kind and item of a new vote: the item (民法典 art. 278 para. 1) decides the kind, and
    so the threshold; "elevator" is item 7 under the elevator rule set. A kind given that is
    not the item's is refused rather than allowed to undercut (or stand in for) the law."""
    elevator = kind == VoteKind.ELEVATOR
    if elevator and item_number is None:
        item_number = ELEVATOR_ITEM
    if item_number is None:
        raise ValidationFailed(detail={"item_number": [
            str(_("请选择民法典第278条第一款的事项。"))]})
    if item_number not in ITEM_NUMERALS:
        raise ValidationFailed(detail={"item_number": [str(_("第278条共九项。"))]})
    if elevator and item_number != ELEVATOR_ITEM:
        raise ValidationFailed(detail={"item_number": [str(_(
            "加装电梯属于第278条第一款第（七）项（改建）。"))]})
    derived = kind_for_item(item_number, elevator=elevator)
    if kind not in (None, "", derived):
        raise ValidationFailed(detail={"kind": [str(_(
            "事项类别由第278条的事项决定：第%(item)s项为“%(kind)s”。") % {
                "item": item_number, "kind": VoteKind(derived).label})]})
    return derived, item_number


@transaction.atomic
def vote_create(*, actor, building: Building, unit: Unit | None, title: str,
                closes_on: datetime.date, item_number: int | None = None,
                kind: str | None = None, description: str = "",
                cost_total: Decimal = Decimal("0"), cost_scheme: str = CostScheme.BY_AREA,
                cost_parameters: dict | None = None) -> Vote:
    """A draft vote. The art. 278 item is required (an elevator is item 7) and decides the
    kind, so the rule set and its thresholds; `kind` need only be given for an elevator."""
    require_permission(actor, rules.MANAGE_VOTE, building.community,
                       view_permission=rules.VIEW_VOTE)
    cost_parameters = cost_parameters or {}
    if unit is not None and unit.building_id != building.pk:
        raise ValidationFailed(detail={"unit": [str(_("单元须属于所选楼栋。"))]})
    kind, item_number = derive_kind(kind=kind, item_number=item_number)
    if kind == VoteKind.ELEVATOR:
        # 广州 2025 measure: 4+ floors without an elevator; the scope is the unit served.
        if building.has_elevator or building.floors < 4:
            raise ValidationFailed(detail={"building": [str(_("加装电梯仅适用于四层及以上、"
                                                              "尚无电梯的住宅楼。"))]})
        if unit is None and building.units.count() > 1:
            raise ValidationFailed(detail={"unit": [str(_("加装电梯须选择所服务的单元。"))]})
    _check_cost(cost_scheme, cost_parameters)
    return model_create(actor=actor, instance=Vote(
        community_id=building.community_id, building=building, unit=unit, title=title.strip(),
        description=description, kind=kind, item_number=item_number, closes_on=closes_on,
        cost_total=cost_total, cost_scheme=cost_scheme, cost_parameters=cost_parameters,
        created_by=actor))


# the draft's fields that staff may change until it opens (the scope, building and unit, stays:
# its flats are what the page offered to mark as affected)
EDITABLE = ("title", "item_number", "closes_on", "description", "cost_total", "cost_scheme",
            "cost_parameters")


@transaction.atomic
def vote_edit(*, actor, vote: Vote, **changes) -> Vote:
    """Change a draft's fields (any of EDITABLE; the others keep their value). The item
    decides the kind again, as at creation; an elevator stays an elevator (item 7)."""
    vote = _lock_vote(vote)
    require(actor, _action("edit"), vote)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    data = {field: getattr(vote, field) for field in EDITABLE} | changes
    data["title"] = data["title"].strip()
    if not data["title"]:
        raise ValidationFailed(detail={"title": [str(_("请填写表决事项。"))]})
    data["cost_parameters"] = data["cost_parameters"] or {}
    elevator = VoteKind.ELEVATOR if vote.kind == VoteKind.ELEVATOR else None
    data["kind"], data["item_number"] = derive_kind(kind=elevator,
                                                    item_number=data["item_number"])
    _check_cost(data["cost_scheme"], data["cost_parameters"])
    model_update(actor=actor, instance=vote, fields=[*EDITABLE, "kind"], data=data)
    return vote


def _scope_flats(vote: Vote):
    flats = Flat.objects.filter(building=vote.building)
    if vote.unit_id:
        flats = flats.filter(unit=vote.unit)
    return flats.select_related("unit", "building").order_by("unit__number", "floor",
                                                         "room_number")


@transaction.atomic
def vote_open(*, actor, vote: Vote, affected_flat_ids=(), now=None) -> Vote:
    """Open the vote and freeze its electorate from today's registry.

    Every flat in scope must be settled first: it has a current owner in the registry, or
    staff marked it unsold developer stock with the evidence (places.flat_mark_unsold). Only
    those marked flats count together as the developer's one owner (最高法 建筑物区分所有权解释
    art. 9); a sold flat whose buyer is missing from the registry refuses the opening.
    """
    vote = _lock_vote(vote)
    require(actor, _action("open"), vote)
    now = now or timezone.now()
    rule_set = rule_set_in_force(vote.kind, timezone.localdate(now))
    flats = list(_scope_flats(vote))
    if not flats:
        raise DomainError(_("表决范围内没有登记房屋。"), code="no_flats")
    affected = {int(pk) for pk in affected_flat_ids}
    if affected - {flat.pk for flat in flats}:
        raise ValidationFailed(detail={"affected": [str(_("受影响房屋须在表决范围内。"))]})
    owners = _current_owners(flats)
    unsettled = [flat for flat in flats if flat.pk not in owners and not flat.is_unsold]
    if unsettled:
        raise Conflict(_("表决范围内有 %(n)s 户房屋既未登记业主，也未标记为开发商未售出："
                            "请先登记业主或标记未售出（附依据），再开始表决。")
                       % {"n": len(unsettled)}, code="unsettled_flats")
    Elector.objects.bulk_create([Elector(
        vote=vote, flat=flat, unit_number=flat.unit.number, room_number=flat.room_number,
        floor=flat.floor, floor_area=flat.floor_area, area_source=flat.area_source,
        owner_ids=[person.pk for person in owners.get(flat.pk, [])],
        owner_names="、".join(mask_name(person.name) for person in owners.get(flat.pk, [])),
        is_unsold=flat.pk not in owners, is_affected=flat.pk in affected)
        for flat in flats])
    model_update(actor=actor, instance=vote, fields=["status", "opened_at", "rule_set"],
                 data={"status": VoteStatus.OPEN, "opened_at": now, "rule_set": rule_set})
    recipients = electorate_users(vote)
    if recipients:
        transaction.on_commit(lambda: _notify_electors(
            actor=actor, vote=vote, recipients=recipients, kind="ballot_open",
            title=_("业主表决开始：%(title)s"),
            body=_("%(deadline)s 截止。您名下的房屋在表决范围内（%(scope)s），请在截止前投票。")))
    return vote


def electorate_users(vote: Vote, *, electors=None) -> list:
    """The logins of the owners of `electors` (default: the whole frozen electorate): the
    people a vote's notices reach. An owner without a login is reached on paper."""
    electors = vote.electors.all() if electors is None else electors
    return balloting.users_of_people({person_id for elector in electors
                                      for person_id in elector.owner_ids})


def _notify_electors(*, actor, vote: Vote, recipients, kind: str, title, body) -> None:
    balloting.notify_electors(actor=actor, ballot_of=vote, url_name="deliberation:my_votes",
                    recipients=recipients, kind=kind, title=title, body=body)


def vote_reminders_send(*, now=None) -> int:
    """Remind the owners of flats without a live ballot, once per vote, a few days before it
    closes (DELIBERATION_REMINDER_DAYS_BEFORE; see balloting.services.reminders_send).
    Returns how many votes were reminded."""
    return balloting.reminders_send(model=Vote, now=now, remind=_remind_vote)


def _remind_vote(vote: Vote) -> None:
    voted = balloting.voted_elector_ids(vote.ballots)
    recipients = electorate_users(vote, electors=[
        elector for elector in vote.electors.all() if elector.pk not in voted])
    if recipients:
        _notify_electors(actor=None, vote=vote, recipients=recipients,
                         kind="ballot_reminder",
                         title=_("业主表决即将截止：%(title)s"),
                         body=_("%(deadline)s 截止。您名下的房屋尚未投票，"
                                "请在截止前投票。"))


def vote_cost_shares(vote: Vote, electors=None) -> dict[int, Decimal]:
    """Each flat's share of the cost (elector id → yuan) under the vote's scheme: the same
    computation as the published result and the notice."""
    electors = list(vote.electors.all()) if electors is None else electors
    return cost_shares([CostFlat(key=e.pk, area=Fraction(e.floor_area), floor=e.floor,
                                 room_number=e.room_number) for e in electors],
                       total=vote.cost_total, scheme=vote.cost_scheme,
                       parameters=vote.cost_parameters)


def cost_scheme_terms(vote: Vote) -> list[tuple[str, str]]:
    """The scheme's parameters as an owner reads them: floor → coefficient, or room →
    agreed weight; empty for shares by area or equal shares."""
    if vote.cost_scheme not in (CostScheme.BY_FLOOR, CostScheme.CUSTOM):
        return []
    def order(key):
        return (0, int(key), key) if str(key).lstrip("-").isdigit() else (1, 0, str(key))
    return [(str(key), str(vote.cost_parameters[key]))
            for key in sorted(vote.cost_parameters, key=order)]


# ---- plan documents ------------------------------------------------------------------------

@transaction.atomic
def vote_document_add(*, actor, vote: Vote, upload) -> VoteDocument:
    """Staff attach a plan document (design, budget, agreement) while the vote is a draft, so
    that every owner sees the same documents from the opening day to the close."""
    vote = _lock_vote(vote)
    require(actor, _action("document"), vote)
    if not upload:
        raise ValidationFailed(detail={"documents": [str(_("请选择文件。"))]})
    if vote.documents.count() >= settings.DELIBERATION_DOCUMENT_MAX_COUNT:
        raise ValidationFailed(detail={"documents": [str(_("最多上传 %(n)s 个文件。") % {
            "n": settings.DELIBERATION_DOCUMENT_MAX_COUNT})]})
    content_type = document_validate(upload)
    document = VoteDocument(vote=vote, content_type=content_type, uploaded_by=actor,
                            name=(getattr(upload, "name", "") or "")[:128] or "file")
    extension = "pdf" if content_type == "application/pdf" else content_type.split("/")[1]
    # a random name: the file is only ever served by the checked view
    document.file.save(f"{uuid.uuid4().hex}.{extension}", stored_upload(upload, content_type),
                       save=False)
    document.save(force_insert=True)
    _audit(actor, document, "create", after={"vote": vote.pk, "name": document.name})
    return document


def _current_owners(flats) -> dict[int, list]:
    """flat id → its current owners (people) in the registry, by person id."""
    owners: dict[int, list] = {}
    for ownership in (Ownership.objects.filter(flat__in=flats, ended_on__isnull=True)
                      .select_related("person").order_by("person__pk")):
        owners.setdefault(ownership.flat_id, []).append(ownership.person)
    return owners


def scope_flats_with_owners(vote: Vote) -> list[dict]:
    """The flats a draft vote would freeze, as the affected-flats checklist shows them: room,
    owners (masked names), whether the flat is marked unsold developer stock (and has no
    owner), and whether it is unsettled (neither an owner nor the marking: it stops the
    opening)."""
    flats = list(_scope_flats(vote))
    owners = _current_owners(flats)
    return [{"flat": flat, "owner_names": "、".join(mask_name(person.name)
                                                   for person in owners.get(flat.pk, [])),
             "is_unsold": flat.pk not in owners and flat.is_unsold,
             "is_unsettled": flat.pk not in owners and not flat.is_unsold} for flat in flats]


ELECTOR_FIELDS = {"floor_area", "is_unsold", "is_affected"}


@transaction.atomic
def elector_correct(*, actor, elector: Elector, field: str, value, reason: str) -> Elector:
    """An explicit, logged correction of the frozen electorate (never a silent re-read)."""
    require(actor, rules.CORRECT_ELECTOR, _lock_vote(elector.vote))
    elector = Elector.objects.get(pk=elector.pk)  # the vote's lock serialises its corrections
    if field not in ELECTOR_FIELDS:
        raise ValidationFailed(detail={"field": [str(_("不可更正的项目。"))]})
    if not reason.strip():
        raise ValidationFailed(detail={"reason": [str(_("请说明更正理由。"))]})
    if field == "floor_area":
        try:
            value = Decimal(str(value)).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise ValidationFailed(detail={"value": [str(_("面积须为数字。"))]}) from None
        if value <= 0:
            raise ValidationFailed(detail={"value": [str(_("面积须大于零。"))]})
    else:
        value = value in (True, "1", "true", "on", "yes")
    before = getattr(elector, field)
    setattr(elector, field, value)
    elector.save(update_fields=[field])
    correction = ElectorCorrection.objects.create(
        elector=elector, field=field, before=str(before), after=str(value),
        reason=reason.strip(), actor=actor)
    _audit(actor, correction, "create", {field: str(before)}, {field: str(value)})
    return elector


def _insert_live(ballot: Ballot) -> Ballot:
    return balloting.insert_live(ballot, refused_message=_(
        "该户已有一张有效表决票，如需更正请由工作人员办理。"))


def _check_choice(choice: str) -> None:
    if choice not in Choice.values:
        raise ValidationFailed(detail={"choice": [str(_("请选择同意、反对或弃权。"))]})


@transaction.atomic
def ballot_cast_online(*, actor, vote: Vote, elector: Elector, choice: str) -> Ballot:
    """An owner casts their own flat's ballot (co-owners agree on one; whoever casts it is
    recorded)."""
    vote = _lock_vote(vote)
    require(actor, rules.OWN_VOTE_ACTION_RULES["ballot"], vote)
    if elector.vote_id != vote.pk or selectors.actor_person_id(actor) not in elector.owner_ids:
        raise NotFound()
    _check_choice(choice)
    ballot = _insert_live(Ballot(vote=vote, elector=elector, choice=choice,
                                 channel=Channel.ONLINE, state=BallotState.COUNTED,
                                 cast_by=actor, voter_name=actor.person.name))
    _audit(actor, ballot, "create", after={"elector": elector.pk, "channel": "online"})
    return ballot


@transaction.atomic
def ballot_enter_paper(*, actor, vote: Vote, elector: Elector, choice: str, voter_name: str,
                       scan) -> Ballot:
    """Staff enter a paper ballot with its scan; it counts once a second person checks it."""
    vote = _lock_vote(vote)
    require(actor, _action("paper"), vote)
    if elector.vote_id != vote.pk:
        raise NotFound()
    _check_choice(choice)
    if not scan:
        raise ValidationFailed(detail={"scan": [str(_("请上传纸质表决票的扫描件。"))]})
    if not voter_name.strip():
        raise ValidationFailed(detail={"voter_name": [str(_("请填写签名的业主。"))]})
    ballot = _insert_live(Ballot(vote=vote, elector=elector, choice=choice,
                                 channel=Channel.PAPER, state=BallotState.PENDING_CHECK,
                                 cast_by=actor, voter_name=voter_name.strip(), scan=scan))
    _audit(actor, ballot, "create", after={"elector": elector.pk, "channel": "paper"})
    return ballot


@transaction.atomic
def ballot_check(*, actor, ballot: Ballot, approve: bool, now=None) -> Ballot:
    """A second staff member checks a paper ballot against its scan."""
    require(actor, _action("check"), _lock_vote(ballot.vote))
    return balloting.paper_ballot_check(actor=actor, ballot=ballot, approve=approve, now=now,
                                        not_pending_message=_("该表决票无需复核。"))


@transaction.atomic
def proxy_authorise(*, actor, elector: Elector, owner_name: str, proxy_name: str,
                    document) -> ProxyAuthorisation:
    # the vote's lock also keeps one active authorisation per flat, even at once
    require(actor, _action("proxy"), _lock_vote(elector.vote))
    if not document:
        raise ValidationFailed(detail={"document": [str(_("请上传书面委托书。"))]})
    if not owner_name.strip() or not proxy_name.strip():
        raise ValidationFailed(detail={"proxy_name": [str(_("请填写委托人和受托人。"))]})
    if elector.proxies.filter(revoked_at__isnull=True).exists():
        raise DomainError(_("该户已有有效委托，请先撤销。"), code="proxy_exists")
    proxy = ProxyAuthorisation.objects.create(
        elector=elector, owner_name=owner_name.strip(), proxy_name=proxy_name.strip(),
        document=document, recorded_by=actor)
    _audit(actor, proxy, "create", after={"elector": elector.pk, "proxy": proxy.proxy_name})
    return proxy


@transaction.atomic
def proxy_revoke(*, actor, proxy: ProxyAuthorisation, reason: str, now=None):
    require(actor, _action("proxy_revoke"), _lock_vote(proxy.elector.vote))
    # locked as ballot_enter_proxy locks it: no proxy ballot under a revoked authorisation
    proxy = ProxyAuthorisation.objects.select_for_update().get(pk=proxy.pk)
    if not proxy.is_active:
        raise DomainError(_("该委托已撤销。"), code="revoked")
    if proxy.ballots.filter(state__in=[BallotState.PENDING_CHECK, BallotState.COUNTED]).exists():
        raise DomainError(_("受托人已投票，委托不能再撤销；如有争议请更正表决票。"),
                          code="proxy_used")
    proxy.revoked_at, proxy.revoke_reason = now or timezone.now(), reason.strip()
    proxy.save(update_fields=["revoked_at", "revoke_reason"])
    _audit(actor, proxy, "update", {"revoked_at": None}, {"revoked_at": str(proxy.revoked_at)})
    return proxy


@transaction.atomic
def ballot_enter_proxy(*, actor, proxy: ProxyAuthorisation, choice: str) -> Ballot:
    """Staff enter the ballot a proxy cast under an active, uploaded authorisation."""
    vote = _lock_vote(proxy.elector.vote)
    require(actor, _action("proxy_ballot"), vote)
    _check_choice(choice)
    proxy = ProxyAuthorisation.objects.select_for_update().select_related("elector").get(
        pk=proxy.pk)
    if not proxy.is_active:
        raise DomainError(_("该委托已撤销。"), code="revoked")
    ballot = _insert_live(Ballot(vote=vote, elector=proxy.elector, choice=choice,
                                 channel=Channel.PROXY, state=BallotState.COUNTED,
                                 cast_by=actor, voter_name=proxy.proxy_name, proxy=proxy))
    _audit(actor, ballot, "create", after={"elector": proxy.elector_id, "channel": "proxy"})
    return ballot


@transaction.atomic
def ballot_correct(*, actor, ballot: Ballot, choice: str, reason: str) -> Ballot:
    """Replace a counted ballot by a new row; the old one stays, marked superseded."""
    vote = _lock_vote(ballot.vote)
    require(actor, _action("correct"), vote)
    _check_choice(choice)
    if not reason.strip():
        raise ValidationFailed(detail={"reason": [str(_("请说明更正理由。"))]})
    old = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if old.state != BallotState.COUNTED:
        raise DomainError(_("只能更正已计入的表决票。"), code="not_counted")
    old.state = BallotState.SUPERSEDED
    old.save(update_fields=["state"])
    new = _insert_live(Ballot(vote=vote, elector=old.elector, choice=choice,
                              channel=old.channel, state=BallotState.COUNTED, cast_by=actor,
                              voter_name=old.voter_name, scan=old.scan, proxy=old.proxy,
                              supersedes=old, correction_reason=reason.strip()))
    _audit(actor, new, "update", {"ballot": old.pk, "choice": old.choice},
           {"ballot": new.pk, "choice": choice, "reason": reason.strip()})
    return new


def early_close_facts(vote: Vote, *, now=None) -> dict | None:
    """What staff must see before closing an open vote ahead of its closing day: the
    deadline and the turnout (owners and area taking part against the total); None when the
    closing day has come."""
    if vote.status != VoteStatus.OPEN or \
            timezone.localdate(now or timezone.now()) >= vote.closes_on:
        return None
    result = vote_tally(vote)
    return {"deadline": vote.closes_on.strftime("%Y-%m-%d"),
            "owners": result.voted_owners, "total_owners": result.total_owners,
            "area": _area_text(result.voted_area), "total_area": _area_text(result.total_area)}


def _area_text(area: Fraction) -> str:
    return f"{Decimal(area.numerator) / Decimal(area.denominator):.2f}"


EARLY_CLOSE_MESSAGE = _("截止日期 %(deadline)s 未到：目前 %(owners)s / %(total_owners)s 户业主、"
                        "%(area)s / %(total_area)s 平方米参与表决。确需提前截止，请确认。")


@transaction.atomic
def vote_close(*, actor, vote: Vote, confirm_early: bool = False, now=None) -> Vote:
    """Close the vote. Before its closing day only with `confirm_early`, given after staff
    saw the turnout: owners who meant to vote later lose their say."""
    vote = _lock_vote(vote)
    require(actor, _action("close"), vote)
    if vote.ballots.filter(state=BallotState.PENDING_CHECK).exists():
        raise DomainError(_("尚有待复核的纸质表决票，复核后才能截止。"), code="pending_ballots")
    facts = early_close_facts(vote, now=now)
    if facts is not None and not confirm_early:
        message = EARLY_CLOSE_MESSAGE % facts
        raise DomainError(message, code="early_close_unconfirmed",
                          detail={"confirm_early": [str(message)]})
    model_update(actor=actor, instance=vote, fields=["status", "closed_at"],
                 data={"status": VoteStatus.CLOSED, "closed_at": now or timezone.now()})
    return vote


def vote_tally(vote: Vote):
    return tally(selectors.electors_with_choices(vote), vote_rules(vote))


def vote_rules(vote: Vote) -> Rules:
    """The vote's rule set, never below the law's gate for its art. 278 item."""
    return rules_of(vote.rule_set, vote.item_number)


def rules_of(rule_set, item_number: int | None) -> Rules:
    return within_law(Rules(
        participation=rule_set.participation, approval=rule_set.approval,
        approval_is_strict=rule_set.approval_is_strict,
        requires_affected_consent=rule_set.requires_affected_consent), item_number)


def approval_rule_for(vote: Vote) -> RuleSet:
    return vote.rule_set


def _fraction_text(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}" if value.denominator != 1 \
        else str(value.numerator)


def vote_tally_shown(vote: Vote) -> dict:
    """The result the staff read (rules.VIEW_TALLY): as published once it is, else the
    running tally counted now."""
    return vote.result or vote_result(vote)


def vote_result(vote: Vote) -> dict:
    """The result as published: both gates, the veto and each flat's cost share."""
    result = vote_tally(vote)
    electors = list(vote.electors.all())
    shares = vote_cost_shares(vote, electors)
    counted = dict(vote.ballots.filter(state=BallotState.COUNTED)
                   .values_list("elector_id", "choice"))
    by_key = {e.pk: e for e in electors}
    return {
        "rule_set": str(vote.rule_set), "rule_source": vote.rule_set.source,
        "total_area": _fraction_text(result.total_area),
        "total_owners": result.total_owners,
        "voted_area": _fraction_text(result.voted_area), "voted_owners": result.voted_owners,
        "yes_area": _fraction_text(result.yes_area), "yes_owners": result.yes_owners,
        "participation_area_passed": result.participation_area_passed,
        "participation_owners_passed": result.participation_owners_passed,
        "approval_area_passed": result.approval_area_passed,
        "approval_owners_passed": result.approval_owners_passed,
        "affected_refusing": [by_key[key].room_number for key in result.affected_refusing],
        "split_owners": result.split_owners,
        "passed": result.passed,
        "flats": [{"unit": e.unit_number, "room": e.room_number, "floor": e.floor,
                   "area": str(e.floor_area), "choice": counted.get(e.pk, ""),
                   "is_affected": e.is_affected, "share": str(shares[e.pk])}
                  for e in sorted(electors, key=lambda e: (e.unit_number, e.floor,
                                                           e.room_number))],
    }


@transaction.atomic
def vote_publish(*, actor, vote: Vote, now=None) -> Vote:
    """Publish the result for the publicity period of the vote's rule set (公示)."""
    vote = _lock_vote(vote)
    require(actor, _action("publish"), vote)
    now = now or timezone.now()
    ends = timezone.localdate(now) + datetime.timedelta(days=vote.rule_set.publicity_days)
    model_update(actor=actor, instance=vote,
                 fields=["status", "published_at", "publicity_ends_on", "result"],
                 data={"status": VoteStatus.PUBLISHED, "published_at": now,
                       "publicity_ends_on": ends, "result": vote_result(vote)})
    return vote


@transaction.atomic
def objection_create(*, actor, vote: Vote, text: str, now=None) -> Objection:
    """An owner of the electorate, or staff on someone's behalf, objects during publicity."""
    vote = _lock_vote(vote)
    is_staff = rules.can_manage_vote(actor, vote)
    require(actor, _action("objection") if is_staff else rules.OWN_VOTE_ACTION_RULES["objection"],
            vote)
    return balloting.objection_raise(actor=actor, ballot_of=vote, objection_model=Objection,
                                     is_staff=is_staff, text=text, now=now)


@transaction.atomic
def objection_answer(*, actor, objection: Objection, answer: str, now=None) -> Objection:
    require(actor, _action("answer"), _lock_vote(objection.vote))
    return balloting.objection_answer(actor=actor, objection=objection, answer=answer, now=now)


# ---- publicity evidence --------------------------------------------------------------------

@transaction.atomic
def publicity_photo_add(*, actor, vote, posted_on: datetime.date, place: str, photo,
                        now=None) -> PublicityPhoto:
    """Staff record a photo of the result notice posted on the building's board."""
    vote = _lock_vote(vote)
    require(actor, _action("photo"), vote)
    if not place.strip():
        raise ValidationFailed(detail={"place": [str(_("请填写张贴地点。"))]})
    if posted_on is None:
        raise ValidationFailed(detail={"posted_on": [str(_("请填写张贴日期。"))]})
    published_on = timezone.localdate(vote.published_at)
    if posted_on < published_on or posted_on > timezone.localdate(now or timezone.now()):
        raise ValidationFailed(detail={"posted_on": [str(_("张贴日期须在公示之日与今天之间。"))]})
    if not photo:
        raise ValidationFailed(detail={"photo": [str(_("请上传照片。"))]})
    content_type = photo_validate(photo)
    row = PublicityPhoto(vote=vote, posted_on=posted_on, place=place.strip()[:128],
                         content_type=content_type, uploaded_by=actor)
    # a random name: the file is only ever served by the checked view
    row.file.save(f"{uuid.uuid4().hex}.{content_type.split('/')[1]}",
                  stored_upload(photo, content_type), save=False)
    row.save(force_insert=True)
    _audit(actor, row, "create", after={"vote": vote.pk, "place": row.place,
                                        "posted_on": str(posted_on)})
    return row

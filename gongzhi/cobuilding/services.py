"""Writes of co-building. Each checks scope and permission, validates, saves and audits."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.accounts.models import User
from gongzhi.audit.services import audit_change
from gongzhi.audit.writes import model_create, model_update
from gongzhi.casework.access import access_case
from gongzhi.casework.selectors import masked_text
from gongzhi.cobuilding import rules, selectors
from gongzhi.cobuilding.choices import MatchStatus, NeedStatus, ProjectStatus
from gongzhi.cobuilding.models import (
    Evaluation,
    Match,
    Milestone,
    Need,
    ProgressReport,
    Project,
    Resource,
)
from gongzhi.core.actions import require
from gongzhi.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from gongzhi.notifications.services import notification_send
from gongzhi.organisations.models import Agreement, Member, PartnerContact, PartnerUnit

NEED_FIELDS = ["title", "description", "category", "affected", "urgency", "people_count"]
RESOURCE_FIELDS = ["title", "description", "kind", "category", "capacity", "available_from",
                   "available_until", "is_active", "offered_by_member"]
PUBLISH_FIELDS = ["result", "evaluation", "summary"]
EXPIRY_NOTICE_DAYS = 30


@transaction.atomic
def need_create(*, actor, community, title: str, category: str, description: str = "",
                affected: str = "", urgency: str = "medium", people_count=None) -> Need:
    require(actor, "cobuilding.create_need", community)
    return model_create(actor=actor, instance=Need(
        community=community, title=title.strip(), category=category, description=description,
        affected=affected, urgency=urgency, people_count=people_count, raised_by=actor))


@transaction.atomic
def need_create_from_case(*, actor, case, category: str = "other") -> Need:
    """Turn a resident request that the community cannot solve alone into a need, so that a
    partner unit can take it on; the two stay linked (need.source_case, case.needs)."""
    case = access_case(actor=actor, id=case.pk)  # the actor must be able to see the request
    require(actor, "cobuilding.create_need_from_case", case)
    if Need.objects.filter(source_case=case).exists():
        raise DomainError(_("该诉求已转为共建需求。"), code="already_converted")
    title = f"{case.category.name}：{case.building.name}"
    # partner units read the need (matches, projects): the reporter stays with the community
    description = masked_text(case)
    return model_create(actor=actor, instance=Need(
        community_id=case.community_id, title=title[:128], category=category,
        description=description, affected=case.building.name,
        urgency="medium", raised_by=actor, source_case=case))


def _check_window(resource: Resource) -> None:
    if (resource.available_from and resource.available_until
            and resource.available_until < resource.available_from):
        raise ValidationFailed(detail={"available_until": [str(_("结束日期早于开始日期。"))]})


@transaction.atomic
def resource_create(*, actor, title: str, kind: str, category: str,
                    unit: PartnerUnit | None = None, community=None, member=None,
                    **fields) -> Resource:
    """A resource offered by a partner unit; or (unit None) by a party member on the roll
    (`member`), or by one not on it, named in `offered_by_member`, in `community`."""
    fields.pop("member", None)
    if unit is not None:
        require(actor, "cobuilding.create_resource", unit.community)
        community_id = unit.community_id
        member = None
        fields.pop("offered_by_member", None)
    elif member is not None:
        if community is not None and community.pk != member.community_id:
            raise ValidationFailed(detail={"member": [str(_("党员须在本社区登记。"))]})
        require(actor, "cobuilding.create_resource", member.community)
        community_id = member.community_id
        fields["offered_by_member"] = ""
    else:
        if community is None:
            raise ValidationFailed(detail={"unit": [str(_("请选择提供单位。"))]})
        require(actor, "cobuilding.create_resource", community)
        community_id = community.pk
        if not str(fields.get("offered_by_member", "")).strip():
            raise ValidationFailed(detail={"offered_by_member": [
                str(_("请选择提供单位或党员，或填写提供资源的党员姓名。"))]})
    resource = Resource(community_id=community_id, unit=unit, member=member, title=title.strip(),
                        kind=kind, category=category,
                        **{k: v for k, v in fields.items() if k in RESOURCE_FIELDS})
    _check_window(resource)
    return model_create(actor=actor, instance=resource)


@transaction.atomic
def resource_offer(*, actor, title: str, kind: str, category: str, **fields) -> Resource:
    """A partner contact offers a new resource of their own unit, in the partner portal."""
    unit_id = rules.partner_unit_id(actor)
    unit = PartnerUnit.objects.for_user(actor, rules.PARTNER_PORTAL).filter(pk=unit_id).first()
    if unit is None:
        raise NotFound()
    require(actor, "cobuilding.offer_unit_resource", unit)
    fields.pop("offered_by_member", None)
    resource = Resource(community_id=unit.community_id, unit=unit, title=title.strip(),
                        kind=kind, category=category,
                        **{k: v for k, v in fields.items() if k in RESOURCE_FIELDS})
    _check_window(resource)
    return model_create(actor=actor, instance=resource)


@transaction.atomic
def resource_offer_by_member(*, actor, title: str, kind: str, category: str,
                             **fields) -> Resource:
    """A party member offers a resource of their own (a skill, their time, a venue) from
    我的报到. The member is the one whose person the login belongs to, in the community
    where the login holds the party-member role; nobody can offer in another's name."""
    member = (Member.objects.for_user(actor, rules.OFFER_RESOURCE)
              .select_related("community", "person").filter(person__user=actor).first()
              if actor is not None and actor.is_authenticated else None)
    if member is None:
        raise NotFound()
    require(actor, "cobuilding.offer_member_resource", member)
    fields.pop("offered_by_member", None)
    fields.pop("is_active", None)
    if not title.strip():
        raise ValidationFailed(detail={"title": [str(_("此项为必填。"))]})
    resource = Resource(community_id=member.community_id, member=member, title=title.strip(),
                        kind=kind, category=category,
                        **{k: v for k, v in fields.items() if k in RESOURCE_FIELDS})
    _check_window(resource)
    return model_create(actor=actor, instance=resource)


@transaction.atomic
def resource_update(*, actor, resource: Resource, data: dict) -> list[str]:
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    require(actor, "cobuilding.change_resource", resource)
    changed = model_update(actor=actor, instance=resource, data=data, fields=RESOURCE_FIELDS)
    _check_window(resource)
    return changed


@transaction.atomic
def need_update(*, actor, need: Need, data: dict) -> list[str]:
    need = Need.objects.select_for_update().get(pk=need.pk)
    require(actor, "cobuilding.change_need", need)
    return model_update(actor=actor, instance=need, data=data, fields=NEED_FIELDS)


@transaction.atomic
def need_close(*, actor, need: Need, reason: str) -> Need:
    """Close a need nobody will meet (solved otherwise, no longer relevant), with a reason.
    A need already in a project finishes with the project instead."""
    need = Need.objects.select_for_update().get(pk=need.pk)
    require(actor, "cobuilding.close_need", need)
    if not reason.strip():
        raise ValidationFailed(detail={"reason": [str(_("请说明关闭原因。"))]})
    model_update(actor=actor, instance=need,
                 data={"status": NeedStatus.CLOSED, "close_reason": reason.strip()},
                 fields=["status", "close_reason"])
    return need


@transaction.atomic
def need_reopen(*, actor, need: Need, reason: str) -> Need:
    """Reopen a closed need (it came back, or was closed by mistake), with a reason that the
    audit trail keeps next to the old close reason."""
    need = Need.objects.select_for_update().get(pk=need.pk)
    require(actor, "cobuilding.reopen_need", need)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(detail={"reason": [str(_("请说明重新开启的原因。"))]})
    before = {"status": need.status, "close_reason": need.close_reason}
    need.status, need.close_reason = NeedStatus.OPEN, ""
    need.save(update_fields=["status", "close_reason", "updated_at"])
    audit_change(actor=actor, instance=need, action="update", before=before,
                 after={"status": need.status, "close_reason": "", "reopen_reason": reason})
    return need


@transaction.atomic
def match_propose(*, actor, need: Need, resource: Resource, score=0, reasons=()) -> Match:
    """Staff confirm that a suggested resource should meet the need; the unit is asked."""
    need = Need.objects.select_for_update().get(pk=need.pk)
    require(actor, "cobuilding.propose_match", need)
    if resource.community_id != need.community_id:
        raise NotFound()
    if not resource.is_active:
        raise DomainError(_("该资源已停止提供。"), code="resource_inactive")
    if Match.objects.filter(need=need, resource=resource).exists():
        raise DomainError(_("已向该单位提出过此匹配。"), code="already_proposed")
    match = model_create(actor=actor, instance=Match(
        community_id=need.community_id, need=need, resource=resource,
        score=Decimal(str(score)).quantize(Decimal("0.001")),
        reasons=[str(reason) for reason in reasons], proposed_by=actor))
    model_update(actor=actor, instance=need, data={"status": NeedStatus.MATCHING},
                 fields=["status"])
    contacts = [c.user for c in PartnerContact.objects.filter(
        unit_id=resource.unit_id).select_related("user")] if resource.unit_id else []
    if resource.member_id and resource.member.person.user_id:
        contacts.append(resource.member.person.user)
    if contacts:
        _notify_after_commit(actor=actor, recipients=contacts, kind="cobuilding_match",
                             title=_("社区请贵单位支持：%(need)s"), params={"need": need.title},
                             url="/cobuilding/partner/", community=need.community)
    return match


def match_propose_suggested(*, actor, need: Need, resource_id: int) -> Match:
    """Propose the resource `resource_id` of the need's community, with the score and reasons
    the matcher gives it today (none if it is not among the suggestions): the need's page and
    the API alike."""
    resource = selectors.community_resource(actor, need=need, resource_id=resource_id)
    if resource is None:
        raise NotFound()
    ranked = {s.resource.pk: s for s in selectors.need_suggestions(
        actor, need, today=timezone.localdate())}
    suggestion = ranked.get(resource.pk)
    return match_propose(actor=actor, need=need, resource=resource,
                         score=suggestion.score if suggestion else 0,
                         reasons=suggestion.reasons if suggestion else [])


@transaction.atomic
def match_respond(*, actor, match: Match, accept: bool, note: str = "") -> Project | None:
    """The partner unit's contact accepts (a project starts) or declines a proposed match."""
    match = Match.objects.select_for_update(of=("self",)).select_related(
        "need", "resource__unit").get(
        pk=match.pk)
    require(actor, "cobuilding.respond_match", match)
    if not accept and not note.strip():
        raise ValidationFailed(detail={"note": [str(_("婉拒时请说明原因。"))]})
    model_update(actor=actor, instance=match,
                 data={"status": MatchStatus.ACCEPTED if accept else MatchStatus.DECLINED,
                       "responded_by": actor, "responded_at": timezone.now(),
                       "response_note": note.strip()},
                 fields=["status", "responded_by", "responded_at", "response_note"])
    need = match.need
    if not accept:
        if not need.matches.filter(status=MatchStatus.PROPOSED).exists():
            model_update(actor=actor, instance=need, data={"status": NeedStatus.OPEN},
                         fields=["status"])
        return None
    project = match.project
    if project is None:
        # another unit already took this need on: its resource joins that project
        project = need.projects.filter(status=ProjectStatus.RUNNING).first()
    if project is None:
        unit = match.resource.unit
        project = model_create(actor=actor, instance=Project(
            community_id=match.community_id, title=need.title, lead_unit=unit,
            lead_user=None if unit else actor,
            plan=str(_("由%(unit)s以“%(resource)s”承接。")
                     % {"unit": match.resource.provider_name,
                        "resource": match.resource.title})))
    if match.project_id != project.pk:
        model_update(actor=actor, instance=match, data={"project": project},
                     fields=["project"])
    project.needs.add(need)
    project.resources.add(match.resource)
    if need.status != NeedStatus.IN_PROJECT:
        model_update(actor=actor, instance=need, data={"status": NeedStatus.IN_PROJECT},
                     fields=["status"])
    return project


@transaction.atomic
def project_create(*, actor, community, title: str, matches, lead_unit=None, lead_user=None,
                   plan: str = "") -> Project:
    """Staff put one or more matches (several needs, several resources) into one project.

    Each match must be in the community, not declined and not yet in a project. Accepted
    matches bring their resource at once; proposed ones bring it when the unit accepts.
    """
    require(actor, "cobuilding.create_project", community)
    match_ids = [m.pk for m in matches]
    if not match_ids:
        raise ValidationFailed(detail={"matches": [str(_("请至少选择一项对接。"))]})
    locked = list(Match.objects.select_for_update().filter(pk__in=match_ids).order_by("pk"))
    if len(locked) != len(set(match_ids)) or any(
            m.community_id != community.pk for m in locked):
        raise NotFound()
    if any(m.status == MatchStatus.DECLINED or m.project_id for m in locked):
        raise DomainError(_("所选对接已婉拒或已在其他项目中。"), code="match_unavailable")
    if (lead_unit is None) == (lead_user is None):
        raise ValidationFailed(detail={"lead_unit": [str(_("请选择一个牵头单位或一位牵头人。"))]})
    if lead_unit is not None and lead_unit.community_id != community.pk:
        raise NotFound()
    if not title.strip():
        raise ValidationFailed(detail={"title": [str(_("此项为必填。"))]})
    project = model_create(actor=actor, instance=Project(
        community=community, title=title.strip(), lead_unit=lead_unit, lead_user=lead_user,
        plan=plan.strip()))
    resources = [m.resource_id for m in locked if m.status == MatchStatus.ACCEPTED]
    need_ids = sorted({m.need_id for m in locked})
    for match in locked:
        model_update(actor=actor, instance=match, data={"project": project}, fields=["project"])
    project.needs.add(*need_ids)
    project.resources.add(*resources)
    for need in Need.objects.select_for_update().filter(pk__in=need_ids):
        if need.status != NeedStatus.IN_PROJECT:
            model_update(actor=actor, instance=need, data={"status": NeedStatus.IN_PROJECT},
                         fields=["status"])
    return project


@transaction.atomic
def project_update(*, actor, project: Project, data: dict) -> list[str]:
    project = Project.objects.select_for_update().get(pk=project.pk)
    require(actor, "cobuilding.change_project", project)
    return model_update(actor=actor, instance=project, data=data, fields=["title", "plan"])


@transaction.atomic
def project_set_lead(*, actor, project: Project, lead_unit: PartnerUnit | None = None,
                     lead_user=None) -> Project:
    """Staff hand a project's lead to another partner unit of the community, or to a person
    (the community's staff or a party member with a login there). Exactly one of the two."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    require(actor, "cobuilding.set_project_lead", project)
    if (lead_unit is None) == (lead_user is None):
        raise ValidationFailed(detail={"lead_unit": [str(_("请选择一个牵头单位或一位牵头人。"))]})
    if lead_unit is not None and lead_unit.community_id != project.community_id:
        raise NotFound()
    if lead_user is not None and not lead_user_allowed(project.community, lead_user):
        raise ValidationFailed(detail={"lead_user": [str(_("牵头人须是本社区的工作人员或党员。"))]})
    model_update(actor=actor, instance=project,
                 data={"lead_unit": lead_unit, "lead_user": lead_user},
                 fields=["lead_unit", "lead_user"])
    return project


def lead_user_allowed(community, user) -> bool:
    return user.is_active and user.role_assignments.filter(
        community=community, role__in=selectors.LEAD_ROLES).exists()


@transaction.atomic
def milestone_create(*, actor, project: Project, title: str, due_on=None) -> Milestone:
    project = Project.objects.select_for_update().get(pk=project.pk)
    require(actor, "cobuilding.create_milestone", project)
    return model_create(actor=actor, instance=Milestone(
        community_id=project.community_id, project=project, title=title.strip(),
        due_on=due_on))


@transaction.atomic
def milestone_done(*, actor, milestone: Milestone, done_on: date) -> Milestone:
    milestone = Milestone.objects.select_for_update().select_related("project").get(
        pk=milestone.pk)
    require(actor, "cobuilding.complete_milestone", milestone)
    model_update(actor=actor, instance=milestone, data={"done_on": done_on},
                 fields=["done_on"])
    return milestone


def evaluation_submit(*, actor, project: Project, rating: int, comment: str = "") -> Evaluation:
    """A resident of the community rates a finished project (1–5), once.

    The unique constraint decides between two concurrent submissions: the second gets a
    Conflict and nothing is counted twice.
    """
    require(actor, "cobuilding.evaluate_project", project)
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationFailed(detail={"rating": [str(_("请给出1到5分。"))]})
    if Evaluation.objects.filter(project=project, resident=actor).exists():
        raise Conflict(_("您已评价过该项目。"), code="already_evaluated")
    try:
        with transaction.atomic():
            return model_create(actor=actor, instance=Evaluation(
                community_id=project.community_id, project=project, resident=actor,
                rating=rating, comment=comment.strip()))
    except (IntegrityError, ValidationFailed) as error:
        if Evaluation.objects.filter(project=project, resident=actor).exists():
            raise Conflict(_("您已评价过该项目。"), code="already_evaluated") from None
        raise error


@transaction.atomic
def report_create(*, actor, project: Project, text: str, photo=None) -> ProgressReport:
    project = Project.objects.select_for_update().get(pk=project.pk)
    require(actor, "cobuilding.create_report", project)
    if not text.strip():
        raise ValidationFailed(detail={"text": [str(_("请填写进展。"))]})
    return model_create(actor=actor, instance=ProgressReport(
        community_id=project.community_id, project=project, text=text.strip(),
        photo=photo or "", author=actor))


@transaction.atomic
def project_publish(*, actor, project: Project, result: str, summary: str,
                    evaluation: str = "") -> Project:
    """Finish a project and publish its result (community staff only)."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    require(actor, "cobuilding.publish_project", project)
    if not result.strip() or not summary.strip():
        raise ValidationFailed(detail={
            name: [str(_("此项为必填。"))]
            for name, value in (("result", result), ("summary", summary)) if not value.strip()})
    model_update(actor=actor, instance=project,
                 data={"result": result.strip(), "summary": summary.strip(),
                       "evaluation": evaluation.strip(), "status": ProjectStatus.FINISHED,
                       "published_at": timezone.now()},
                 fields=[*PUBLISH_FIELDS, "status", "published_at"])
    for need in project.needs.select_for_update():
        model_update(actor=actor, instance=need, data={"status": NeedStatus.DONE},
                     fields=["status"])
    return project


def _notify_after_commit(**kwargs) -> None:
    transaction.on_commit(lambda: notification_send(**kwargs))


def agreements_expiring(*, today: date) -> list[Agreement]:
    return list(Agreement.objects.filter(
        ends_on__gte=today, ends_on__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS),
        expiry_reminded_on__isnull=True).select_related("unit", "community"))


@transaction.atomic
def agreement_remind_expiry(*, agreement: Agreement, today: date) -> None:
    """Tell the community's secretary and staff, and the unit's contacts, once per agreement."""
    recipients = list(User.objects.filter(
        is_active=True, role_assignments__community_id=agreement.community_id,
        role_assignments__role__in=["community_secretary", "community_staff"]).distinct())
    recipients += [c.user for c in agreement.unit.contacts.select_related("user")]
    Agreement.objects.filter(pk=agreement.pk).update(expiry_reminded_on=today)
    notification_send(actor=None, recipients=recipients, kind="agreement_expiry",
                      title=_("共建协议将于%(date)s到期：%(title)s"),
                      params={"date": agreement.ends_on.isoformat(), "title": agreement.title},
                      url="/cobuilding/", community=agreement.community)


@transaction.atomic
def project_create_for_needs(*, actor, lead_unit: PartnerUnit, title: str, needs=(),
                             plan: str = "") -> Project:
    """Start a project directly (e.g. from a consultation outcome) with a lead partner unit;
    the needs it meets move into the project."""
    require(actor, "cobuilding.create_project", lead_unit.community)
    if not title.strip():
        raise ValidationFailed(detail={"title": [str(_("此项为必填。"))]})
    needs = list(needs)
    if any(need.community_id != lead_unit.community_id for need in needs):
        raise ValidationFailed(detail={"needs": [str(_("需求须属于牵头单位所在社区。"))]})
    project = model_create(actor=actor, instance=Project(
        community_id=lead_unit.community_id, title=title.strip()[:128], lead_unit=lead_unit,
        plan=plan.strip()))
    for need in needs:
        project.needs.add(need)
        model_update(actor=actor, instance=need, data={"status": NeedStatus.IN_PROJECT},
                     fields=["status"])
    return project

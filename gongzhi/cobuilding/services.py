"""Writes of co-building. Each checks scope and permission, validates, saves and audits."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.cobuilding import rules
from gongzhi.cobuilding.choices import MatchStatus, NeedStatus, ProjectStatus
from gongzhi.cobuilding.models import (
    Agreement,
    Match,
    Need,
    PartnerContact,
    PartnerUnit,
    ProgressReport,
    Project,
    Resource,
)
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.scoping import user_can
from gongzhi.core.services import model_create, model_update

NEED_FIELDS = ["title", "description", "category", "affected", "urgency", "people_count"]
RESOURCE_FIELDS = ["title", "description", "kind", "category", "capacity", "available_from",
                   "available_until", "is_active"]
UNIT_FIELDS = ["name", "kind", "party_organisation", "liaison_name", "liaison_phone", "offers"]
PUBLISH_FIELDS = ["result", "evaluation", "summary"]
EXPIRY_NOTICE_DAYS = 30


def _require_change(actor, obj) -> None:
    if user_can(actor, rules.CHANGE_LISTS, obj):
        return
    if user_can(actor, rules.VIEW_BOARD, obj):
        raise PermissionDenied()
    raise NotFound()


def _require_community(actor, community) -> None:
    from gongzhi.places.rules import VIEW_COMMUNITY

    if user_can(actor, rules.CHANGE_LISTS, community):
        return
    if user_can(actor, VIEW_COMMUNITY, community):
        raise PermissionDenied()
    raise NotFound()


@transaction.atomic
def unit_create(*, actor, community, name: str, kind: str, **fields) -> PartnerUnit:
    _require_community(actor, community)
    if PartnerUnit.objects.filter(community=community, name=name.strip()).exists():
        raise ValidationFailed(detail={"name": [str(_("本社区已有同名共建单位。"))]})
    return model_create(actor=actor, instance=PartnerUnit(
        community=community, name=name.strip(), kind=kind,
        **{k: v for k, v in fields.items() if k in UNIT_FIELDS}))


@transaction.atomic
def contact_bind(*, actor, user, unit: PartnerUnit) -> PartnerContact:
    """Bind a partner contact's login to their unit (one unit per login)."""
    _require_change(actor, unit)
    if not user.role_assignments.filter(role="partner_contact",
                                        community_id=unit.community_id).exists():
        raise ValidationFailed(_("该账号须先在本社区担任共建单位联络人角色。"))
    existing = PartnerContact.objects.filter(user=user).first()
    if existing is not None:
        if existing.unit_id == unit.pk:
            return existing
        raise ValidationFailed(_("该账号已绑定其他共建单位。"))
    return model_create(actor=actor, instance=PartnerContact(user=user, unit=unit))


@transaction.atomic
def agreement_create(*, actor, unit: PartnerUnit, title: str, starts_on: date, ends_on: date,
                     commitments: str, cadence: str) -> Agreement:
    _require_change(actor, unit)
    if ends_on <= starts_on:
        raise ValidationFailed(detail={"ends_on": [str(_("到期日期须晚于开始日期。"))]})
    return model_create(actor=actor, instance=Agreement(
        community_id=unit.community_id, unit=unit, title=title.strip(), starts_on=starts_on,
        ends_on=ends_on, commitments=commitments, cadence=cadence))


@transaction.atomic
def need_create(*, actor, community, title: str, category: str, description: str = "",
                affected: str = "", urgency: str = "medium", people_count=None) -> Need:
    _require_community(actor, community)
    return model_create(actor=actor, instance=Need(
        community=community, title=title.strip(), category=category, description=description,
        affected=affected, urgency=urgency, people_count=people_count, raised_by=actor))


@transaction.atomic
def need_create_from_case(*, actor, case, category: str = "other") -> Need:
    """Turn a resident request that the community cannot solve alone into a need, so that a
    partner unit can take it on; the two stay linked (need.source_case, case.needs)."""
    from gongzhi.casework.access import access_case

    case = access_case(actor=actor, id=case.pk)  # the actor must be able to see the request
    _require_community(actor, case.community)
    if Need.objects.filter(source_case=case).exists():
        raise DomainError(_("该诉求已转为共建需求。"), code="already_converted")
    title = f"{case.category.name}：{case.building.name}"
    return model_create(actor=actor, instance=Need(
        community_id=case.community_id, title=title[:128], category=category,
        description=case.description, affected=case.building.name,
        urgency="medium", raised_by=actor, source_case=case))


@transaction.atomic
def resource_create(*, actor, unit: PartnerUnit, title: str, kind: str, category: str,
                    **fields) -> Resource:
    _require_change(actor, unit)
    resource = Resource(community_id=unit.community_id, unit=unit, title=title.strip(),
                        kind=kind, category=category,
                        **{k: v for k, v in fields.items() if k in RESOURCE_FIELDS})
    if (resource.available_from and resource.available_until
            and resource.available_until < resource.available_from):
        raise ValidationFailed(detail={"available_until": [str(_("结束日期早于开始日期。"))]})
    return model_create(actor=actor, instance=resource)


@transaction.atomic
def match_propose(*, actor, need: Need, resource: Resource, score=0, reasons=()) -> Match:
    """Staff confirm that a suggested resource should meet the need; the unit is asked."""
    need = Need.objects.select_for_update().get(pk=need.pk)
    _require_change(actor, need)
    if resource.community_id != need.community_id:
        raise NotFound()
    if need.status in (NeedStatus.IN_PROJECT, NeedStatus.DONE):
        raise DomainError(_("该需求已在项目中，不能再匹配。"), code="need_closed")
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
        unit_id=resource.unit_id).select_related("user")]
    if contacts:
        _notify_after_commit(actor=actor, recipients=contacts, kind="cobuilding_match",
                             title=_("社区请贵单位支持：%(need)s"), params={"need": need.title},
                             url="/cobuilding/partner/", community=need.community)
    return match


@transaction.atomic
def match_respond(*, actor, match: Match, accept: bool, note: str = "") -> Project | None:
    """The partner unit's contact accepts (a project starts) or declines a proposed match."""
    match = Match.objects.select_for_update().select_related("need", "resource__unit").get(
        pk=match.pk)
    if rules.partner_unit_id(actor) != match.resource.unit_id or not user_can(
            actor, rules.PARTNER_PORTAL, match):
        raise NotFound()
    if match.status != MatchStatus.PROPOSED:
        raise DomainError(_("该匹配已回复过。"), code="already_answered")
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
    project = model_create(actor=actor, instance=Project(
        community_id=match.community_id, title=need.title, lead_unit=match.resource.unit,
        plan=str(_("由%(unit)s以“%(resource)s”承接。")
                 % {"unit": match.resource.unit.name, "resource": match.resource.title})))
    project.needs.add(need)
    project.resources.add(match.resource)
    model_update(actor=actor, instance=need, data={"status": NeedStatus.IN_PROJECT},
                 fields=["status"])
    return project


def _require_project_editor(actor, project: Project) -> None:
    """Community staff, or the contact of the project's lead unit."""
    if user_can(actor, rules.CHANGE_LISTS, project):
        return
    if rules.partner_unit_id(actor) == project.lead_unit_id and user_can(
            actor, rules.PARTNER_PORTAL, project):
        return
    if user_can(actor, rules.VIEW_BOARD, project):
        raise PermissionDenied()
    raise NotFound()


@transaction.atomic
def project_update(*, actor, project: Project, data: dict) -> list[str]:
    _require_project_editor(actor, project)
    return model_update(actor=actor, instance=project, data=data, fields=["plan", "milestones"])


@transaction.atomic
def report_create(*, actor, project: Project, text: str, photo=None) -> ProgressReport:
    _require_project_editor(actor, project)
    if project.status != ProjectStatus.RUNNING:
        raise DomainError(_("项目已完成，不能再填报进展。"), code="project_finished")
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
    _require_change(actor, project)
    if project.status == ProjectStatus.FINISHED:
        raise DomainError(_("项目成效已公开。"), code="already_published")
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
    from gongzhi.notifications.services import notification_send

    transaction.on_commit(lambda: notification_send(**kwargs))


def agreements_expiring(*, today: date) -> list[Agreement]:
    return list(Agreement.objects.filter(
        ends_on__gte=today, ends_on__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS),
        expiry_reminded_on__isnull=True).select_related("unit", "community"))


@transaction.atomic
def agreement_remind_expiry(*, agreement: Agreement, today: date) -> None:
    """Tell the community's secretary and staff, and the unit's contacts, once per agreement."""
    from gongzhi.accounts.models import User
    from gongzhi.notifications.services import notification_send

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
def project_create(*, actor, lead_unit: PartnerUnit, title: str, needs=(), plan: str = ""
                   ) -> Project:
    """Start a project directly (e.g. from a consultation outcome) with a lead partner unit;
    the needs it meets move into the project."""
    _require_change(actor, lead_unit)
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

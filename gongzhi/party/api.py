"""Party building in the JSON API: the same selectors, access functions and services as the
pages (in-service members' posts and shifts: /api/v1/activities/). Members are listed
masked: the status is never in a list or a detail response; a member reads their own through
/party/me (audited)."""

import datetime
from decimal import Decimal

from django.db.models import Count
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.core.access import get_scoped
from gongzhi.core.actions import open_actions, require_who
from gongzhi.core.api_types import Id, Pagination, Year
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.organisations import roll
from gongzhi.organisations.choices import (
    Category,
    MemberKind,
    MemberStatus,
    OfficerTitle,
    OrganisationKind,
)
from gongzhi.party import access, exporting, rules, selectors, services
from gongzhi.party.forms import MemberForm, RevealStatusForm
from gongzhi.people.access import access_person
from gongzhi.people.rules import VIEW_PERSON
from gongzhi.places.access import access_community

router = Router(tags=["party"])


class OrganisationOut(Schema):
    id: int
    kind: str
    name: str
    parent_id: int | None
    street_id: int
    community_id: int | None
    member_count: int = 0


class OfficerOut(Schema):
    id: int
    title: str
    holder_name: str
    term_start: datetime.date
    term_end: datetime.date | None


def actions_field(what: str):
    return Field(..., description=(
        f"The actions the reader may take on this {what} now, as rule names (party.…): the "
        "same rules that show the page's buttons."))


class OrganisationDetailOut(OrganisationOut):
    officers: list[OfficerOut]
    actions: list[str] = actions_field("organisation")


class MemberOut(Schema):
    id: int
    community_id: int
    name: str
    kind: str
    organisation_id: int | None
    group_id: int | None
    grid_id: int | None
    work_unit_name: str
    unit_party_organisation: str
    partner_unit_id: int | None
    skills: str
    preferred_categories: list[str]
    registered_on: datetime.date | None
    status: str = Field("党员信息已隐藏")

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.person.name

    @staticmethod
    def resolve_status(obj) -> str:
        return getattr(obj, "own_status", None) or str(roll.MASKED_STATUS)


class MemberDetailOut(MemberOut):
    actions: list[str] = actions_field("member")

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.MEMBER_ACTIONS)


class OwnMemberOut(MemberOut):
    status_label: str
    full_on: datetime.date | None = None
    party_age: int | None = None


class MemberYearOut(Schema):
    member_id: int
    name: str
    work_unit_name: str
    shifts: int
    hours: Decimal
    quarters: list[Decimal] = Field(..., description="Hours in each quarter (Q1–Q4)")
    below_minimum: bool = Field(..., description="Fewer hours than PARTY_YEARLY_MIN_HOURS")


class UnitYearOut(Schema):
    name: str
    party_organisation: str
    reported: int
    active: int
    shifts: int
    hours: Decimal
    quarters: list[Decimal]
    below_minimum: int


class SummaryOut(Schema):
    year: int
    min_hours: int
    reported: int
    shifts: int
    hours: Decimal
    quarters: list[Decimal]
    below_minimum: int
    units: list[UnitYearOut]
    members: list[MemberYearOut]


@router.get("/organisations", response=list[OrganisationOut], summary="党组织")
@paginate(Pagination)
def organisation_list(request, community_id: Id | None = None):
    return selectors.organisation_list(request.auth, community_id=community_id).annotate(
        member_count=Count("members")).order_by("kind", "name")


@router.get("/organisations/{organisation_id}", response=OrganisationDetailOut,
            summary="党组织详情（含现任委员）")
def organisation_detail(request, organisation_id: Id):
    organisation = access.access_organisation(actor=request.auth, id=organisation_id)
    today = timezone.localdate()
    officers = [o for o in selectors.organisation_officers(request.auth, organisation)
                if o.is_current_on(today)]
    organisation.member_count = organisation.members.count()
    return {**OrganisationOut.from_orm(organisation).dict(),
            "officers": [OfficerOut.from_orm(o).dict() for o in officers],
            "actions": open_actions(request.auth, organisation, rules.ORGANISATION_ACTIONS)}


class StreetCommitteeIn(Schema):
    """The street's party working committee (街道党工委), as the street's admin sets it up."""

    street_id: Id
    name: str = Field(..., max_length=64)
    founded_on: datetime.date | None = None


@router.post("/organisations", response={201: OrganisationOut}, summary="设立街道党工委")
def street_committee_create(request, payload: StreetCommitteeIn):
    # as the page: one of the streets whose party organisations the actor keeps
    street = get_scoped(selectors.editable_streets(request.auth), pk=payload.street_id)
    return Status(201, roll.organisation_create(
        actor=request.auth, kind=OrganisationKind.STREET_COMMITTEE, name=payload.name,
        street=street, founded_on=payload.founded_on))


class ChildOrganisationIn(Schema):
    """An organisation under another, as the organisation page adds it; `community_id` only
    for a community party committee under the street's working committee."""

    kind: OrganisationKind
    name: str = Field(..., max_length=64)
    community_id: Id | None = None


@router.post("/organisations/{organisation_id}/children", response={201: OrganisationOut},
             summary="在党组织下添加下级党组织")
def organisation_create(request, organisation_id: Id, payload: ChildOrganisationIn):
    parent = access.access_organisation(actor=request.auth, id=organisation_id)
    require_who(request.auth, rules.CREATE_ORGANISATION, parent)
    community = (access_community(actor=request.auth, id=payload.community_id,
                                  permission=rules.CHANGE_ORGANISATION)
                 if payload.community_id else None)
    return Status(201, roll.organisation_create(
        actor=request.auth, parent=parent, kind=str(payload.kind), name=payload.name,
        community=community))


class OfficerIn(Schema):
    title: OfficerTitle
    member_id: Id
    term_start: datetime.date
    term_end: datetime.date | None = None


@router.post("/organisations/{organisation_id}/officers", response={201: OfficerOut},
             summary="登记党组织委员任职")
def officer_appoint(request, organisation_id: Id, payload: OfficerIn):
    organisation = access.access_organisation(actor=request.auth, id=organisation_id)
    require_who(request.auth, rules.APPOINT_OFFICER, organisation)
    # the page offers the same members (its form's choices)
    member = get_scoped(selectors.officer_candidates(request.auth, organisation),
                        pk=payload.member_id)
    return Status(201, roll.officer_appoint(
        actor=request.auth, organisation=organisation, title=str(payload.title),
        member=member, term_start=payload.term_start, term_end=payload.term_end))


class OfficerEndIn(Schema):
    term_end: datetime.date


@router.post("/officers/{officer_id}/end", response=OfficerOut, summary="结束委员任期")
def officer_end(request, officer_id: Id, payload: OfficerEndIn):
    officer = access.access_officer(actor=request.auth, id=officer_id,
                                    permission=rules.VIEW_ORGANISATION)
    return roll.officer_end_term(actor=request.auth, officer=officer,
                                     term_end=payload.term_end)


@router.get("/members", response=list[MemberOut], summary="党员名册（状态已隐藏）")
@paginate(Pagination)
def member_list(request, organisation_id: Id | None = None, kind: str | None = None,
                grid_id: Id | None = None):
    return selectors.member_list(request.auth, organisation_id=organisation_id, kind=kind,
                                 grid_id=grid_id)


@router.get("/members/{member_id}", response=MemberDetailOut, summary="党员详情（状态已隐藏）")
def member_detail(request, member_id: Id):
    return access.access_member(actor=request.auth, id=member_id)


class MemberPatchIn(Schema):
    """The member page's fields; omitted = unchanged. `status` with its dates (the date of the
    new status is required by the service) replaces the encrypted status."""

    kind: MemberKind | None = None
    organisation_id: Id | None = None
    group_id: Id | None = None
    grid_id: Id | None = None
    partner_unit_id: Id | None = None
    work_unit_name: str | None = Field(None, max_length=64)
    unit_party_organisation: str | None = Field(None, max_length=64)
    skills: str | None = Field(None, max_length=200)
    preferred_categories: list[Category] | None = None
    registered_on: datetime.date | None = None
    status: MemberStatus | None = None
    applied_on: datetime.date | None = None
    activist_on: datetime.date | None = None
    candidate_on: datetime.date | None = None
    probationary_on: datetime.date | None = None
    full_on: datetime.date | None = None


MEMBER_RELATIONS = ("organisation", "group", "grid", "partner_unit")
STATUS_DATES = ("applied_on", "activist_on", "candidate_on", "probationary_on", "full_on")


def _member_data(given: dict, *, community) -> dict:
    """The service's fields from a payload's (ids turned into rows, enums into values)."""
    # the page's form offers these rows of the member's community; the same choices here
    form = MemberForm(community=community)
    data = {}
    for name in MEMBER_RELATIONS:
        if f"{name}_id" not in given:
            continue
        row_id = given.pop(f"{name}_id")
        row = None if row_id is None else form.fields[name].queryset.filter(pk=row_id).first()
        if row_id is not None and row is None:
            raise ValidationFailed(detail={
                name: [str(form.fields[name].error_messages["invalid_choice"])]})
        data[name] = row
    data |= {name: value for name, value in given.items() if value is not None
             or name == "registered_on"}
    if "preferred_categories" in data:
        data["preferred_categories"] = [str(c) for c in data["preferred_categories"]]
    if "kind" in data:
        data["kind"] = str(data["kind"])
    return data


@router.patch("/members/{member_id}", response=MemberDetailOut, summary="修改党员信息")
def member_edit(request, member_id: Id, payload: MemberPatchIn):
    member = access.access_member(actor=request.auth, id=member_id)
    given = payload.dict(exclude_unset=True)
    status = given.pop("status", None)
    status_dates = {key: given.pop(key) for key in STATUS_DATES if key in given}
    roll.member_update(actor=request.auth, member=member,
                           data=_member_data(given, community=member.community),
                           status=str(status) if status else None,
                           status_dates=status_dates if status else None)
    return access.access_member(actor=request.auth, id=member.pk)


class MemberCreateIn(MemberPatchIn):
    """A resident put on the roll (the member page's 登记党员, or 双报到 with kind in_service)."""

    person_id: Id
    status: MemberStatus
    kind: MemberKind = MemberKind.COMMUNITY


@router.post("/members", response={201: MemberDetailOut}, summary="登记党员（含在职党员双报到）")
def member_create(request, payload: MemberCreateIn):
    # as the page: a resident the actor sees, in a community whose roll the actor keeps
    person = access_person(actor=request.auth, id=payload.person_id, permission=VIEW_PERSON)
    if not selectors.editable_member_communities(request.auth).filter(
            pk=person.community_id).exists():
        raise NotFound()
    given = payload.dict(exclude_unset=True)
    given.pop("person_id")
    given.pop("status")
    status_dates = {key: given.pop(key) for key in STATUS_DATES if key in given}
    data = _member_data(given, community=person.community)
    member = roll.member_create(actor=request.auth, person=person,
                                    status=str(payload.status), status_dates=status_dates,
                                    **{"kind": str(payload.kind), **data})
    return Status(201, access.access_member(actor=request.auth, id=member.pk))


class MemberRevealIn(Schema):
    """Why the status is needed: one of the member page's reasons (kept in the audit trail)."""

    reason: str = Field(..., description="party_work, identity_check, benefit_case, contact, "
                                         "emergency or record_correction")


class MemberStatusOut(Schema):
    status: str
    status_label: str
    applied_on: datetime.date | None = None
    activist_on: datetime.date | None = None
    candidate_on: datetime.date | None = None
    probationary_on: datetime.date | None = None
    full_on: datetime.date | None = None
    party_age: int | None = None


@router.post("/members/{member_id}/reveal", response=MemberStatusOut,
             summary="查看党员状态（说明原因，记入审计日志）")
def member_reveal(request, member_id: Id, payload: MemberRevealIn):
    member = access.access_member(actor=request.auth, id=member_id)
    # the page's form holds the list of reasons and their labels; the audit keeps the label
    reasons = dict(RevealStatusForm.base_fields["reason"].choices)
    if payload.reason not in reasons:
        raise ValidationFailed(detail={"reason": [str(_("请选择查看原因。"))]})
    return roll.member_status_reveal(actor=request.auth, member=member,
                                         reason=str(reasons[payload.reason]))


@router.get("/me", response=OwnMemberOut, summary="我的党员信息（本人查看，记入审计）")
def my_member(request):
    member = services.own_member(request.auth)
    if member is None:
        raise NotFound()
    status = roll.own_member_read(actor=request.auth, member=member)
    member.own_status = status.get("status", "")
    member.status_label = status["status_label"]
    member.full_on = status.get("full_on")
    member.party_age = status["party_age"]
    return member


class OwnRegistrationIn(Schema):
    """What a member may change in their own in-service registration; omitted = unchanged."""

    work_unit_name: str | None = Field(None, max_length=64)
    unit_party_organisation: str | None = Field(None, max_length=64)
    skills: str | None = Field(None, max_length=200)
    preferred_categories: list[Category] | None = None


@router.patch("/me", response=MemberOut, summary="修改本人的报到信息（工作单位、特长、服务意向）")
def my_registration_update(request, payload: OwnRegistrationIn):
    member = services.own_member(request.auth)
    if member is None:
        raise NotFound()
    data = {k: v for k, v in payload.dict().items() if v is not None}
    if "preferred_categories" in data:
        data["preferred_categories"] = [str(c) for c in data["preferred_categories"]]
    roll.member_update_own(actor=request.auth, member=member, data=data)
    return access_own_member(request.auth)


def access_own_member(actor):
    member = services.own_member(actor)
    if member is None:
        raise NotFound()
    return member


@router.get("/summary", response=SummaryOut, summary="在职党员年度服务汇总")
def summary(request, year: Year, work_unit: str = ""):
    if not rules.can_view_summary(request.auth):
        raise PermissionDenied()
    data = selectors.yearly_summary(request.auth, year=year, work_unit=work_unit)
    return {
        "year": year, "min_hours": data["min_hours"], **data["totals"],
        "units": [{"name": u.name, "party_organisation": u.party_organisation,
                   "reported": u.reported, "active": u.active, "shifts": u.shifts,
                   "hours": u.hours, "quarters": u.quarters,
                   "below_minimum": u.below_minimum} for u in data["units"]],
        "members": [{"member_id": r.member.pk, "name": r.member.person.name,
                     "work_unit_name": r.member.work_unit_name, "shifts": r.shifts,
                     "hours": r.hours, "quarters": r.quarters,
                     "below_minimum": r.below_minimum} for r in data["members"]],
    }


class SummaryExportIn(Schema):
    """One community's yearly summary as the page exports it, optionally of one work unit."""

    community_id: Id
    year: Year
    work_unit: str = Field("", max_length=64)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.post("/summary/export", summary="导出在职党员年度服务汇总（Excel，记入审计）",
             openapi_extra={"responses": {200: {
                 "description": "The workbook", "content": {XLSX: {}}}}})
def summary_export(request, payload: SummaryExportIn):
    if not rules.can_view_summary(request.auth):
        raise PermissionDenied()
    community = access_community(actor=request.auth, id=payload.community_id,
                                 permission=rules.EXPORT_SUMMARY)
    content = exporting.export_summary_xlsx(actor=request.auth, community=community,
                                            year=payload.year,
                                            work_unit=payload.work_unit.strip())
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="party-summary-{payload.year}.xlsx"')
    return response

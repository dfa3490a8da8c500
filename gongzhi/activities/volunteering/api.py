"""Volunteers, service hours, corrections and certificates in the JSON API (e.g. for a
mini-program), under /api/v1/activities/: the same access functions, rules and services as
the pages."""

import datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.activities.volunteering import access, printing, rules, selectors, services
from gongzhi.activities.volunteering.choices import CorrectionStatus, VolunteerStatus
from gongzhi.activities.volunteering.profiles import own_volunteer
from gongzhi.core.access import get_scoped
from gongzhi.core.actions import open_actions, require_who
from gongzhi.core.api_types import Id, Pagination
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.people.access import access_person

router = Router()

PDF = "application/pdf"
Period = str  # month | quarter | year | all


class VolunteerOut(Schema):
    id: int
    community_id: int
    name: str = Field(..., description="The registry's name of a resident, or the name a unit "
                                       "gave for its staff member.")
    unit_id: int | None
    unit_name: str | None
    skills: str
    availability: str
    preferred_kinds: list[str]
    status: VolunteerStatus
    confirmed_at: datetime.datetime | None


def _volunteer(volunteer) -> dict:
    return {"id": volunteer.pk, "community_id": volunteer.community_id,
            "name": volunteer.display_name, "unit_id": volunteer.unit_id,
            "unit_name": volunteer.unit.name if volunteer.unit_id else None,
            "skills": volunteer.skills, "availability": volunteer.availability,
            "preferred_kinds": volunteer.preferred_kinds, "status": volunteer.status,
            "confirmed_at": volunteer.confirmed_at}


class VolunteerListOut(VolunteerOut):
    total_hours: Decimal
    year_hours: Decimal
    stars: int


class TotalsOut(Schema):
    month: Decimal
    quarter: Decimal
    year: Decimal
    all: Decimal
    stars: int
    next_star_hours: int | None = Field(..., description="Cumulative hours of the next star.")
    hours_to_next_star: Decimal | None


class HoursCorrectionOut(Schema):
    id: int
    volunteer_id: int
    entry_id: int
    hours: Decimal = Field(..., description="What the volunteer says the service's hours "
                                            "should be, all corrections included.")
    reason: str
    status: CorrectionStatus
    decision_note: str
    decided_at: datetime.datetime | None
    result_id: int | None
    created_at: datetime.datetime


class CorrectionDetailOut(HoursCorrectionOut):
    actions: list[str] = Field(..., description=(
        "activities.approve_correction_hours, activities.reject_correction_hours: the same "
        "rules that show the page's buttons."))

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.CORRECTION_ACTIONS)


class LedgerRowOut(Schema):
    entry_id: int
    served_on: datetime.date
    description: str
    recorded_hours: Decimal
    hours: Decimal = Field(..., description="The hours with every correction included.")
    corrections: list[Decimal]
    requests: list[HoursCorrectionOut]
    actions: list[str] = Field(..., description="activities.request_correction_hours when "
                                                "the reader may ask to correct this row now.")


class VolunteerDetailOut(VolunteerOut):
    totals: TotalsOut
    actions: list[str] = Field(..., description=(
        "The actions the reader may take on this volunteer now, as rule names "
        "(activities.confirm_volunteer, activities.suspend_volunteer, "
        "activities.reinstate_volunteer, activities.edit_volunteer, "
        "activities.certify_volunteer): the same rules that show the page's buttons."))


class MyHoursOut(Schema):
    volunteer: VolunteerOut
    totals: TotalsOut
    period: str
    rows: list[LedgerRowOut]


class CommunityHoursOut(Schema):
    community_id: int
    community_name: str
    volunteers: int
    hours: Decimal


def _totals(volunteer) -> dict:
    totals = selectors.hours_totals(volunteer, today=timezone.localdate())
    stars = selectors.star_progress(totals["all"])
    return {**totals, "stars": stars.level, "next_star_hours": stars.next_threshold,
            "hours_to_next_star": stars.to_next}


def _detail(request, volunteer) -> dict:
    return {**_volunteer(volunteer), "totals": _totals(volunteer),
            "actions": open_actions(request.auth, volunteer, rules.VOLUNTEER_ACTIONS)}


def _rows(request, volunteer, start=None, end=None) -> list[dict]:
    return [{"entry_id": row.entry.pk, "served_on": row.entry.served_on,
             "description": row.entry.description, "recorded_hours": row.entry.hours,
             "hours": row.hours, "corrections": [c.hours for c in row.corrections],
             "requests": row.requests,
             "actions": open_actions(request.auth, row.entry, rules.ENTRY_ACTIONS)}
            for row in selectors.ledger_of(volunteer, start=start, end=end)]


def _period(period: str) -> str:
    return period if period in selectors.PERIODS else "all"


# ---- volunteers ----------------------------------------------------------------------------

@router.get("/volunteers", response=list[VolunteerListOut],
            summary="志愿者（含累计与本年时长、星级）")
@paginate(Pagination)
def volunteer_list(request, status: str = "", q: str = ""):
    if not rules.can_view_volunteers(request.auth):
        raise PermissionDenied()
    volunteers = selectors.volunteer_list(request.auth, status=status, search=q.strip())
    return _ListWithHours(volunteers)


class _ListWithHours:
    """The paginated page of volunteers with their hours: two queries for the page
    (selectors.with_hours), after the paginator has cut it."""

    def __init__(self, queryset):
        self.queryset = queryset

    def __len__(self):
        return self.queryset.count()

    def __getitem__(self, item):
        rows = selectors.with_hours(self.queryset[item], today=timezone.localdate())
        return [{**_volunteer(row.volunteer), "total_hours": row.total,
                 "year_hours": row.this_year, "stars": row.stars.level} for row in rows]


class ProfileIn(Schema):
    skills: str = ""
    availability: str = ""
    preferred_kinds: list[str] = Field([], description="Activity kinds and post kinds.")


class JoinIn(ProfileIn):
    community_id: Id
    consent: bool = Field(..., description="The volunteer agrees that the community records "
                                           "their service (志愿服务条例 art. 20); must be true.")


@router.post("/volunteers/join", response={201: VolunteerDetailOut}, summary="注册志愿者（本人）")
def volunteer_join(request, payload: JoinIn):
    if not payload.consent:
        raise ValidationFailed(detail={"consent": [str(_("请同意记录志愿服务信息。"))]})
    community = get_scoped(selectors.manageable_communities(request.auth, rules.JOIN_VOLUNTEER),
                           pk=payload.community_id)
    volunteer = services.volunteer_register_self(
        actor=request.auth, community=community, skills=payload.skills,
        availability=payload.availability, preferred_kinds=payload.preferred_kinds)
    return Status(201, _detail(request, volunteer))


class VolunteerResidentIn(ProfileIn):
    person_id: Id


@router.post("/volunteers", response={201: VolunteerDetailOut},
             summary="登记居民为志愿者（工作人员代登记，即为已确认）")
def volunteer_register(request, payload: VolunteerResidentIn):
    person = access_person(actor=request.auth, id=payload.person_id,
                           permission=rules.MANAGE_VOLUNTEER)
    volunteer = services.volunteer_register_resident(
        actor=request.auth, person=person, skills=payload.skills,
        availability=payload.availability, preferred_kinds=payload.preferred_kinds)
    return Status(201, _detail(request, volunteer))


class UnitStaffIn(ProfileIn):
    name: str


@router.post("/volunteers/unit-staff", response={201: VolunteerDetailOut},
             summary="共建单位联络人登记本单位志愿者")
def unit_staff_register(request, payload: UnitStaffIn):
    unit_id = rules.contact_unit_id(request.auth)
    if unit_id is None:
        raise NotFound()
    unit = access.access_unit(actor=request.auth, id=unit_id)
    volunteer = services.volunteer_register_unit_staff(
        actor=request.auth, unit=unit, name=payload.name, skills=payload.skills,
        availability=payload.availability, preferred_kinds=payload.preferred_kinds)
    return Status(201, _detail(request, volunteer))


# after /volunteers/join and /volunteers/unit-staff, which its path would match first
@router.get("/volunteers/{volunteer_id}", response=VolunteerDetailOut,
            summary="志愿者详情（含可执行的操作）")
def volunteer_detail(request, volunteer_id: Id):
    return _detail(request, access.access_volunteer(actor=request.auth, id=volunteer_id))


def _volunteer_action(service):
    def operation(request, volunteer_id: Id):
        volunteer = access.access_volunteer(actor=request.auth, id=volunteer_id)
        service(actor=request.auth, volunteer=volunteer)
        return _detail(request, access.access_volunteer(actor=request.auth, id=volunteer_id))
    return operation


router.post("/volunteers/{volunteer_id}/confirm", response=VolunteerDetailOut,
            summary="确认志愿者", operation_id="volunteer_confirm")(
    _volunteer_action(services.volunteer_confirm))
router.post("/volunteers/{volunteer_id}/suspend", response=VolunteerDetailOut,
            summary="停用志愿者", operation_id="volunteer_suspend")(
    _volunteer_action(services.volunteer_suspend))
router.post("/volunteers/{volunteer_id}/reinstate", response=VolunteerDetailOut,
            summary="恢复志愿者", operation_id="volunteer_reinstate")(
    _volunteer_action(services.volunteer_reinstate))


class ProfilePatchIn(ProfileIn):
    name: str | None = Field(None, description="Only for a partner unit's staff member.")


@router.patch("/volunteers/{volunteer_id}", response=VolunteerDetailOut,
              summary="修改志愿者信息（本人、工作人员或本单位联络人）")
def volunteer_edit(request, volunteer_id: Id, payload: ProfilePatchIn):
    volunteer = access.access_volunteer(actor=request.auth, id=volunteer_id)
    services.volunteer_edit(actor=request.auth, volunteer=volunteer, skills=payload.skills,
                            availability=payload.availability,
                            preferred_kinds=payload.preferred_kinds, name=payload.name)
    return _detail(request, access.access_volunteer(actor=request.auth, id=volunteer_id))


@router.get("/volunteers/{volunteer_id}/ledger", response=list[LedgerRowOut],
            summary="志愿者的服务记录（含更正）")
def volunteer_ledger(request, volunteer_id: Id, period: Period = "all"):
    volunteer = access.access_volunteer(actor=request.auth, id=volunteer_id)
    start, end = selectors.period_bounds(_period(period), timezone.localdate())
    return _rows(request, volunteer, start, end)


# ---- my hours ------------------------------------------------------------------------------

@router.get("/my-hours", response=MyHoursOut,
            summary="我的服务时长（本月、本季度、本年、累计与星级）")
def my_hours(request, period: Period = "all"):
    volunteer = own_volunteer(request.auth)
    if volunteer is None:
        raise NotFound()
    period = _period(period)
    start, end = selectors.period_bounds(period, timezone.localdate())
    return {"volunteer": _volunteer(volunteer), "totals": _totals(volunteer), "period": period,
            "rows": _rows(request, volunteer, start, end)}


# ---- corrections ---------------------------------------------------------------------------

class HoursCorrectionIn(Schema):
    hours: Decimal = Field(..., ge=0, le=24)
    reason: str


@router.post("/hours/entries/{entry_id}/corrections", response={201: CorrectionDetailOut},
             summary="申请更正一条服务时长")
def correction_request(request, entry_id: Id, payload: HoursCorrectionIn):
    entry = access.access_entry(actor=request.auth, id=entry_id)
    require_who(request.auth, rules.REQUEST_CORRECTION, entry)
    return Status(201, services.correction_request(actor=request.auth, entry=entry,
                                                   hours=payload.hours, reason=payload.reason))


@router.get("/hours/corrections", response=list[HoursCorrectionOut], summary="时长更正申请")
@paginate(Pagination)
def correction_list(request, status: str = CorrectionStatus.PENDING):
    if not rules.can_decide_corrections(request.auth):
        raise PermissionDenied()
    return selectors.correction_list(request.auth, status=status)


@router.get("/hours/corrections/{correction_id}", response=CorrectionDetailOut,
            summary="时长更正申请详情")
def correction_detail(request, correction_id: Id):
    return access.access_correction(actor=request.auth, id=correction_id)


class DecisionIn(Schema):
    note: str = ""


@router.post("/hours/corrections/{correction_id}/approve", response=CorrectionDetailOut,
             summary="批准时长更正（追加更正记录）")
def correction_approve(request, correction_id: Id, payload: DecisionIn):
    correction = access.access_correction(actor=request.auth, id=correction_id)
    services.correction_approve(actor=request.auth, correction=correction, note=payload.note)
    return access.access_correction(actor=request.auth, id=correction_id)


@router.post("/hours/corrections/{correction_id}/reject", response=CorrectionDetailOut,
             summary="驳回时长更正（须说明理由）")
def correction_reject(request, correction_id: Id, payload: DecisionIn):
    correction = access.access_correction(actor=request.auth, id=correction_id)
    services.correction_reject(actor=request.auth, correction=correction, note=payload.note)
    return access.access_correction(actor=request.auth, id=correction_id)


# ---- certificates and statistics -----------------------------------------------------------

class CertificateIn(Schema):
    start: datetime.date | None = None
    end: datetime.date | None = None


@router.post("/volunteers/{volunteer_id}/certificates",
             summary="出具志愿服务记录证明（PDF，每次出具均有记录）",
             openapi_extra={"responses": {200: {"description": "The certificate",
                                                "content": {PDF: {}}}}})
def certificate_issue(request, volunteer_id: Id, payload: CertificateIn):
    volunteer = access.access_volunteer(actor=request.auth, id=volunteer_id)
    certificate = services.certificate_issue(actor=request.auth, volunteer=volunteer,
                                             start=payload.start, end=payload.end)
    return _pdf(certificate)


class CertificateOut(Schema):
    serial: str
    volunteer_id: int
    volunteer_name: str
    period_start: datetime.date | None
    period_end: datetime.date
    total_hours: Decimal
    service_count: int
    issued_on: datetime.date
    issuing_organisation: str


@router.get("/certificates", response=list[CertificateOut],
            summary="按编号核验志愿服务记录证明（本社区出具的）")
def certificate_verify(request, serial: str = ""):
    if not rules.can_view_volunteers(request.auth):
        raise PermissionDenied()
    return [{"serial": c.serial, "volunteer_id": c.volunteer_id,
             "volunteer_name": c.volunteer.display_name, "period_start": c.period_start,
             "period_end": c.period_end, "total_hours": c.total_hours,
             "service_count": c.service_count, "issued_on": c.issued_on,
             "issuing_organisation": selectors.issuing_organisation(c.community)}
            for c in selectors.certificates_by_serial(request.auth, serial)[:1]]


@router.get("/certificates/{certificate_id}", summary="已出具的志愿服务记录证明（PDF）",
            openapi_extra={"responses": {200: {"description": "The certificate",
                                               "content": {PDF: {}}}}})
def certificate_pdf(request, certificate_id: Id):
    return _pdf(access.access_certificate(actor=request.auth, id=certificate_id))


def _pdf(certificate) -> HttpResponse:
    response = HttpResponse(printing.certificate_pdf(certificate), content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="{certificate.serial}.pdf"'
    response["X-Certificate-Serial"] = certificate.serial
    return response


@router.get("/hours/statistics", response=list[CommunityHoursOut],
            summary="各社区志愿服务时长（不含个人信息）")
def hours_statistics(request, period: Period = "all"):
    if not rules.can_view_statistics(request.auth):
        raise PermissionDenied()
    start, end = selectors.period_bounds(_period(period), timezone.localdate())
    return [{"community_id": row["community"].pk, "community_name": row["community"].name,
             "volunteers": row["volunteers"], "hours": row["total"]}
            for row in selectors.hours_by_community(request.auth, start=start, end=end)]

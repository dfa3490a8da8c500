"""People in the JSON API: masked values by default; full values only through `reveal`."""

import datetime
from decimal import Decimal
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gongzhi.core.actions import open_actions, require
from gongzhi.core.api_types import Id, Pagination
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.scoping import user_can
from gongzhi.people import access, exporting, rules, selectors, services
from gongzhi.people.choices import (
    AgeBand,
    HukouType,
    ImportStatus,
    Relation,
    RevealReason,
    SensitiveFlag,
    Sex,
)
from gongzhi.people.importing import services as import_services
from gongzhi.people.responses import xlsx_response
from gongzhi.places import access as place_access

router = Router(tags=["people"])


class PersonOut(Schema):
    id: int
    community_id: int
    flat_id: int | None
    name: str
    sex: Sex
    birth_date: datetime.date | None
    age: int | None
    hukou_type: HukouType
    id_number_masked: str
    phone_masked: str
    is_living_alone: bool

    @staticmethod
    def resolve_age(person):
        return person.age_on(timezone.localdate())


class PersonDetailOut(PersonOut):
    actions: list[str] = Field(..., description=(
        "The actions the reader may take on this row now, as rule names "
        "(people.edit_person, people.reveal_person, people.move_out_person, ...)."))

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.PERSON_ACTIONS)


class PersonIn(Schema):
    community_id: Id
    name: str = Field(..., min_length=1, max_length=64)
    sex: Sex | None = None
    birth_date: datetime.date | None = None
    id_number: str = ""
    phone: str = ""
    hukou_type: HukouType = HukouType.LOCAL
    is_living_alone: bool = False
    flags: list[SensitiveFlag] = []
    notes: str = ""


class PersonPatch(Schema):
    name: str | None = None
    sex: Sex | None = None
    birth_date: datetime.date | None = None
    id_number: str | None = None
    phone: str | None = None
    hukou_type: HukouType | None = None
    is_living_alone: bool | None = None
    flags: list[SensitiveFlag] | None = None
    notes: str | None = None


class RevealIn(Schema):
    field: str = Field(..., pattern="^(id_number|phone|flags|notes)$")
    reason: RevealReason


class RevealOut(Schema):
    field: str
    value: str


class ResidenceOut(Schema):
    person_id: int
    person_name: str = Field(..., alias="person.name")
    relation: str
    moved_in_on: datetime.date | None
    moved_out_on: datetime.date | None


class HouseholdOut(Schema):
    id: int
    flat_id: int
    head_id: int | None
    residences: list[ResidenceOut]

    @staticmethod
    def resolve_residences(household):
        return list(household.residences.all())


class MoveInIn(Schema):
    person_id: Id
    relation: Relation
    moved_in_on: datetime.date | None = None


class MoveOutIn(Schema):
    moved_out_on: datetime.date


class ResidenceDetailOut(Schema):
    """One residence: who lived in which household of which flat, and when."""

    id: int
    household_id: int
    flat_id: int = Field(..., alias="household.flat_id")
    person_id: int
    relation: Relation
    moved_in_on: datetime.date | None
    moved_out_on: datetime.date | None


class OwnershipIn(Schema):
    """The owner, by the id of their record or (as on the page) by their ID number."""

    person_id: Id | None = None
    id_number: str | None = Field(None, max_length=18)
    share_percent: Decimal = Field(..., gt=0, le=100, max_digits=5, decimal_places=2)
    since: datetime.date | None = None


class OwnershipOut(Schema):
    id: int
    flat_id: int
    person_id: int
    share_percent: Decimal
    since: datetime.date | None
    ended_on: datetime.date | None


class ImportFindingOut(Schema):
    """One finding of the check: where (sheet, row, column), what is wrong, how to fix it."""

    sheet: str
    row: int | None
    column: str
    value: str
    problem: str
    fix: str
    # runs checked before findings had a level hold errors only
    level: Literal["error", "warning"] = "error"


class ImportRunOut(Schema):
    id: int
    community_id: int
    file_name: str
    status: ImportStatus
    only_clean_rows: bool
    total_rows: int
    valid_rows: int
    processed_rows: int
    errors: list[ImportFindingOut]
    summary: dict
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    actions: list[str] = Field(..., description=(
        "The actions the reader may take on this row now, as rule names "
        "(people.import_all_rows, people.import_clean_rows)."))

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.IMPORT_ACTIONS)



class ImportConfirmIn(Schema):
    only_clean_rows: bool = False


class OverviewOut(Schema):
    residents: int
    over_60: int
    over_80: int
    children: int
    living_alone: int
    over_60_living_alone: int
    households: int
    owners: int
    flags: dict[str, int]


class MeOut(PersonOut):
    id_number: str
    phone: str


class MePatch(Schema):
    phone: str


class CorrectionIn(Schema):
    text: str = Field(..., min_length=1, max_length=1000)


class CorrectionOut(Schema):
    id: int
    text: str
    status: str
    response: str
    actions: list[str] = Field(..., description=(
        "The actions the reader may take on this row now, as rule names "
        "(people.resolve_correction)."))

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.CORRECTION_ACTIONS)


class CorrectionResolveIn(Schema):
    status: Literal["done", "declined"]  # CorrectionStatus.DONE, CorrectionStatus.DECLINED
    response: str = Field("", max_length=2000)


def _person_data(payload: Schema) -> dict:
    data = payload.dict(exclude_unset=True)
    if "flags" in data and data["flags"] is not None:
        data["flags"] = {str(flag) for flag in data["flags"]}
    return {k: v for k, v in data.items() if v is not None or k in {"birth_date"}}


@router.get("/persons", response=list[PersonOut], summary="居民列表（脱敏）")
@paginate(Pagination)
def person_list(request, community_id: Id | None = None, building_id: Id | None = None,
                search: str = "", flag: SensitiveFlag | None = None,
                age_band: AgeBand | None = None, living_alone: bool | None = None,
                reason: RevealReason | None = None):
    """A search by a sensitive `flag` needs the permission to reveal flags and a `reason`; it is
    audited like a reveal."""
    if not rules.can_view_people(request.auth):
        raise PermissionDenied()
    if flag:
        services.person_flag_search(actor=request.auth, flag=flag, community_id=community_id,
                                    reason=str(RevealReason(reason).label) if reason else "")
    return selectors.person_list(request.auth, community_id=community_id,
                                 building_id=building_id, search=search,
                                 flag=flag or "", age_band=age_band or "",
                                 living_alone=living_alone)


@router.get("/persons/{person_id}", response=PersonDetailOut, summary="居民详情（脱敏）")
def person_detail(request, person_id: Id):
    return access.access_person(actor=request.auth, id=person_id)


@router.post("/persons", response={201: PersonDetailOut}, summary="登记居民")
def person_create(request, payload: PersonIn):
    community = place_access.access_community(actor=request.auth, id=payload.community_id,
                                              permission=rules.CHANGE_PERSON)
    data = _person_data(payload)
    data.pop("community_id")
    return Status(201, services.person_create(actor=request.auth, community=community,
                                              **{**data, "sex": data.get("sex") or ""}))


@router.patch("/persons/{person_id}", response=PersonDetailOut, summary="修改居民信息")
def person_update(request, person_id: Id, payload: PersonPatch):
    person = access.access_person(actor=request.auth, id=person_id)
    services.person_update(actor=request.auth, person=person, data=_person_data(payload))
    person.refresh_from_db()
    return person


@router.post("/persons/{person_id}/reveal", response=RevealOut,
             summary="查看完整证件号、电话或敏感标签（记入审计日志）")
def person_reveal(request, person_id: Id, payload: RevealIn):
    person = access.access_person(actor=request.auth, id=person_id)
    value = services.person_reveal(actor=request.auth, person=person, field=payload.field,
                                   reason=str(RevealReason(payload.reason).label))
    return {"field": payload.field, "value": value}


@router.get("/flats/{flat_id}/households", response=list[HouseholdOut], summary="房屋的住户")
def flat_households(request, flat_id: Id):
    if not rules.can_view_people(request.auth):
        raise NotFound()
    flat = place_access.access_flat(actor=request.auth, id=flat_id)
    return list(selectors.flat_households(request.auth, flat))


@router.post("/flats/{flat_id}/residences", response={201: ResidenceDetailOut},
             summary="登记入住（加入该房屋的住户）")
def residence_move_in(request, flat_id: Id, payload: MoveInIn):
    flat = _flat_for_household_change(request, flat_id)
    person = access.access_person(actor=request.auth, id=payload.person_id)
    return Status(201, services.residence_move_in(
        actor=request.auth, person=person, flat=flat, relation=payload.relation,
        moved_in_on=payload.moved_in_on))


@router.post("/persons/{person_id}/move-out", response=ResidenceDetailOut,
             summary="登记迁出（居住记录保留）")
def residence_move_out(request, person_id: Id, payload: MoveOutIn):
    person = access.access_person(actor=request.auth, id=person_id,
                                  permission=rules.CHANGE_PERSON)
    return services.residence_move_out(actor=request.auth, person=person,
                                       moved_out_on=payload.moved_out_on)


@router.post("/flats/{flat_id}/ownerships", response={201: OwnershipOut}, summary="登记业主")
def ownership_add(request, flat_id: Id, payload: OwnershipIn):
    flat = _flat_for_household_change(request, flat_id)
    if (payload.person_id is None) == (payload.id_number is None):
        message = _("请给出业主的居民编号或身份证号（二者选一）。")
        raise ValidationFailed(message, detail={"person_id": [str(message)]})
    if payload.person_id is not None:
        owner = access.access_person(actor=request.auth, id=payload.person_id)
    else:
        owner = selectors.person_by_id_number(request.auth, community_id=flat.community_id,
                                              id_number=payload.id_number)
        if owner is None:
            raise ValidationFailed(detail={"id_number": [
                str(_("本社区未找到该身份证号的居民，请先登记该居民。"))]})
    ownership = services.ownership_add(actor=request.auth, flat=flat, person=owner,
                                       share_percent=payload.share_percent, since=payload.since)
    ownership.refresh_from_db()  # the share as stored (two decimals), as a later read shows it
    return Status(201, ownership)


def _flat_for_household_change(request, flat_id: int):
    """The flat whose households or owners change: visible to the actor (else not found), and
    theirs to change (else refused), by the rule the flat's households page offers its forms by.
    """
    flat = place_access.access_flat(actor=request.auth, id=flat_id)
    if not user_can(request.auth, rules.CHANGE_PERSON, flat):
        raise PermissionDenied()
    return flat


@router.post("/corrections/{correction_id}/resolve", response=CorrectionOut,
             summary="处理更正申请")
def correction_resolve(request, correction_id: Id, payload: CorrectionResolveIn):
    correction = access.access_correction(actor=request.auth, id=correction_id)
    return services.correction_request_resolve(actor=request.auth, request=correction,
                                               status=payload.status, response=payload.response)


# ---- import and export (the twins of the pages under /people/import/ and /people/export/) ----

@router.post("/communities/{community_id}/imports", response={201: ImportRunOut},
             summary="上传居民登记表（.xlsx 或 .csv），后台逐行检查")
def import_run_start(request, community_id: Id, file: File[UploadedFile] = None):
    # scope and permission first: whoever may not import learns nothing from a bad body
    community = place_access.access_community(actor=request.auth, id=community_id)
    require(request.auth, rules.UPLOAD_IMPORT, community)
    if file is None:
        raise ValidationFailed(detail={"file": [str(_("请选择文件。"))]})
    run = import_services.import_run_start(actor=request.auth, community=community,
                                           file_name=file.name, content=file.read())
    run.refresh_from_db()  # the check may already have run (a job after commit, or eager)
    return Status(201, run)


@router.get("/imports/{import_run_id}", response=ImportRunOut,
            summary="导入批次：进度、检查报告和结果")
def import_run_detail(request, import_run_id: Id):
    return access.access_import_run(actor=request.auth, id=import_run_id)


@router.post("/imports/{import_run_id}/confirm", response=ImportRunOut,
             summary="确认导入（全部，或仅无误的行）")
def import_run_confirm(request, import_run_id: Id, payload: ImportConfirmIn):
    run = access.access_import_run(actor=request.auth, id=import_run_id)
    return import_services.import_run_confirm(actor=request.auth, run=run,
                                              only_clean_rows=payload.only_clean_rows)


@router.post("/communities/{community_id}/export", response={200: None},
             summary="导出居民登记表（含完整证件号和电话，记入审计日志）")
def people_export(request, community_id: Id):
    community = place_access.access_community(actor=request.auth, id=community_id)
    content = exporting.export_people_xlsx(actor=request.auth, community=community)
    stamp = timezone.localdate().isoformat()
    return xlsx_response(content, f"{community.name}-居民登记-{stamp}.xlsx")


@router.get("/communities/{community_id}/overview", response=OverviewOut,
            summary="居民登记概况（按标签计数）")
def community_overview(request, community_id: Id):
    if not rules.can_view_statistics(request.auth):
        raise NotFound()
    community = place_access.access_community(actor=request.auth, id=community_id,
                                              permission=rules.VIEW_STATISTICS)
    return selectors.person_overview(request.auth, community)


def _me(request):
    person = selectors.own_person(request.auth)
    if person is None:
        raise NotFound()
    return person


@router.get("/me", response=MeOut, summary="本人登记信息（完整，记入审计日志）")
def me(request):
    person = _me(request)
    record = services.own_record_read(actor=request.auth, person=person,
                                      fields=("id_number", "phone"))
    person.id_number, person.phone = record["id_number"], record["phone"]
    return person


@router.patch("/me", response=PersonOut, summary="修改本人联系电话")
def me_update(request, payload: MePatch):
    person = _me(request)
    services.person_update(actor=request.auth, person=person, data={"phone": payload.phone})
    person.refresh_from_db()
    return person


@router.post("/me/corrections", response={201: CorrectionOut}, summary="申请更正本人信息")
def me_correction(request, payload: CorrectionIn):
    person = _me(request)
    return Status(201, services.correction_request_create(actor=request.auth, person=person,
                                                          text=payload.text))

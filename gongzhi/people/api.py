"""People in the JSON API: masked values by default; full values only through `reveal`."""

import datetime

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.people import access, rules, selectors, services
from gongzhi.people.choices import AgeBand, HukouType, RevealReason, SensitiveFlag, Sex
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


class PersonIn(Schema):
    community_id: int
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
    field: str = Field(..., pattern="^(id_number|phone|flags)$")
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


def _person_data(payload: Schema) -> dict:
    data = payload.dict(exclude_unset=True)
    if "flags" in data and data["flags"] is not None:
        data["flags"] = {str(flag) for flag in data["flags"]}
    return {k: v for k, v in data.items() if v is not None or k in {"birth_date"}}


@router.get("/persons", response=list[PersonOut], summary="居民列表（脱敏）")
@paginate(LimitOffsetPagination)
def person_list(request, community_id: int | None = None, building_id: int | None = None,
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


@router.get("/persons/{person_id}", response=PersonOut, summary="居民详情（脱敏）")
def person_detail(request, person_id: int):
    return access.access_person(actor=request.auth, id=person_id)


@router.post("/persons", response={201: PersonOut}, summary="登记居民")
def person_create(request, payload: PersonIn):
    community = place_access.access_community(actor=request.auth, id=payload.community_id,
                                              permission=rules.CHANGE_PERSON)
    data = _person_data(payload)
    data.pop("community_id")
    return Status(201, services.person_create(actor=request.auth, community=community,
                                              **{**data, "sex": data.get("sex") or ""}))


@router.patch("/persons/{person_id}", response=PersonOut, summary="修改居民信息")
def person_update(request, person_id: int, payload: PersonPatch):
    person = access.access_person(actor=request.auth, id=person_id)
    services.person_update(actor=request.auth, person=person, data=_person_data(payload))
    person.refresh_from_db()
    return person


@router.post("/persons/{person_id}/reveal", response=RevealOut,
             summary="查看完整证件号、电话或敏感标签（记入审计日志）")
def person_reveal(request, person_id: int, payload: RevealIn):
    person = access.access_person(actor=request.auth, id=person_id)
    value = services.person_reveal(actor=request.auth, person=person, field=payload.field,
                                   reason=str(RevealReason(payload.reason).label))
    return {"field": payload.field, "value": value}


@router.get("/flats/{flat_id}/households", response=list[HouseholdOut], summary="房屋的住户")
def flat_households(request, flat_id: int):
    if not rules.can_view_people(request.auth):
        raise NotFound()
    flat = place_access.access_flat(actor=request.auth, id=flat_id)
    return list(selectors.flat_households(request.auth, flat))


@router.get("/communities/{community_id}/overview", response=OverviewOut,
            summary="居民登记概况（按标签计数）")
def community_overview(request, community_id: int):
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

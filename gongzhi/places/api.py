"""Places in the JSON API: the same selectors, access functions and services as the pages."""

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from gongzhi.core.actions import open_actions
from gongzhi.core.api_types import INT_MAX, Id, Pagination, Unchanged, Year
from gongzhi.places import access, rules, selectors, services
from gongzhi.places.choices import AreaSource, BuildingUse

router = Router(tags=["places"])


class DistrictOut(Schema):
    id: int
    code: str
    name: str


class StreetOut(Schema):
    id: int
    code: str
    name: str
    district_id: int
    area_km2: Decimal | None
    resident_population: int | None


class HonourOut(Schema):
    id: int
    title: str
    year: int
    awarding_body: str


class CommunityOut(Schema):
    id: int
    name: str
    street_id: int
    district_id: int
    is_demo: bool
    area_km2: Decimal | None
    resident_population: int | None
    elderly_population: int | None
    buildings_without_management: int | None
    facilities: list[str] = Field(..., alias="facility_list")
    description: str


class CommunityDetailOut(CommunityOut):
    actions: list[str] = Field(..., description=(
        "The actions the reader may take on this row now, as rule names (places.edit_community, "
        "places.create_building, places.create_honour)."))

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.COMMUNITY_ACTIONS)


class CommunityProfileIn(Schema):
    area_km2: Decimal | None = None
    resident_population: int | None = Field(None, ge=0, le=INT_MAX)
    elderly_population: int | None = Field(None, ge=0, le=INT_MAX)
    buildings_without_management: int | None = Field(None, ge=0, le=INT_MAX)
    facilities: str = Unchanged()
    description: str = Unchanged()


class HonourIn(Schema):
    title: str = Field(..., min_length=1, max_length=128)
    year: Year
    awarding_body: str = ""


class GridOut(Schema):
    id: int
    community_id: int
    number: int
    name: str


class BuildingOut(Schema):
    id: int
    community_id: int
    grid_id: int | None
    name: str
    address: str
    use: BuildingUse
    floors: int
    year_built: int | None
    has_elevator: bool
    has_property_management: bool


class BuildingDetailOut(BuildingOut):
    actions: list[str] = Field(..., description=(
        "The actions the reader may take on this row now, as rule names (places.edit_building)."))

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.BUILDING_ACTIONS)


class BuildingIn(Schema):
    name: str = Unchanged(min_length=1, max_length=64)
    address: str = Unchanged(max_length=128)
    use: BuildingUse = Unchanged()
    floors: int = Unchanged(ge=1, le=120)
    year_built: Annotated[int, Field(ge=1800, le=2100)] | None = None
    has_elevator: bool = Unchanged()
    has_property_management: bool = Unchanged()


class BuildingCreateIn(Schema):
    """A new building and its stairway units 1..units, as the page's "添加楼栋" form takes them."""

    name: str = Field(..., min_length=1, max_length=64)
    address: str = Field("", max_length=128)
    use: BuildingUse = BuildingUse.RESIDENTIAL
    floors: int = Field(..., ge=1, le=120)
    year_built: Annotated[int, Field(ge=1800, le=2100)] | None = None
    grid_id: Id | None = None
    has_elevator: bool = False
    has_property_management: bool = False
    units: int = Field(1, ge=1, le=20)


class UnitOut(Schema):
    id: int
    building_id: int
    number: str


AREA_DOC = ("The exclusive area (专有部分面积) in square metres: the area owners' votes count "
            "and costs are shared by.")
SOURCE_DOC = ("Where the exclusive area comes from: the property register, else a survey, "
              "else the sale contract (a lower-ranked source does not replace a better one).")


class FlatOut(Schema):
    id: int
    community_id: int
    building_id: int
    unit_id: int
    room_number: str
    floor: int
    floor_area: Decimal = Field(..., description=AREA_DOC)
    area_source: AreaSource = Field(..., description=SOURCE_DOC)


class FlatDetailOut(FlatOut):
    is_unsold: bool = Field(..., description=(
        "Marked by staff as the developer's unsold (or undelivered) stock: such flats count "
        "together as one owner in owners' votes."))
    unsold_evidence: str
    unsold_marked_at: datetime.datetime | None
    actions: list[str] = Field(..., description=(
        "The actions the reader may take on this row now, as rule names (places.edit_flat)."))

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.FLAT_ACTIONS)


class FlatIn(Schema):
    room_number: str = Unchanged(min_length=1, max_length=16)
    floor: int = Unchanged(ge=-5, le=120)
    floor_area: Decimal = Unchanged(description=AREA_DOC)
    area_source: AreaSource = Unchanged(description=SOURCE_DOC)


class FlatUnsoldIn(Schema):
    unsold: bool = Field(..., description="true marks the flat unsold; false takes it off")
    evidence: str = Field(..., min_length=1, max_length=2000,
                          description="the evidence, or the reason for taking it off")


class FlatCreateIn(Schema):
    room_number: str = Field(..., min_length=1, max_length=16)
    floor: int = Field(..., ge=-5, le=120)
    floor_area: Decimal = Field(..., description=AREA_DOC)
    area_source: AreaSource = Field(AreaSource.UNKNOWN, description=SOURCE_DOC)


def _changes(payload: Schema) -> dict:
    return payload.dict(exclude_unset=True)


@router.get("/districts", response=list[DistrictOut], summary="区")
@paginate(Pagination)
def district_list(request):
    return selectors.district_list(request.auth)


@router.get("/streets", response=list[StreetOut], summary="街道")
@paginate(Pagination)
def street_list(request):
    return selectors.street_list(request.auth)


@router.get("/communities", response=list[CommunityOut], summary="社区")
@paginate(Pagination)
def community_list(request, street_id: Id | None = None, search: str = ""):
    return selectors.community_list(request.auth, street_id=street_id, search=search)


@router.get("/communities/{community_id}", response=CommunityDetailOut, summary="社区概况")
def community_detail(request, community_id: Id):
    return access.access_community(actor=request.auth, id=community_id)


@router.patch("/communities/{community_id}", response=CommunityDetailOut, summary="修改社区概况")
def community_update(request, community_id: Id, payload: CommunityProfileIn):
    community = access.access_community(actor=request.auth, id=community_id)
    services.community_profile_update(actor=request.auth, community=community,
                                      data=_changes(payload))
    return community


@router.get("/communities/{community_id}/honours", response=list[HonourOut], summary="社区荣誉")
def honour_list(request, community_id: Id):
    community = access.access_community(actor=request.auth, id=community_id)
    return selectors.community_honours(request.auth, community)


@router.post("/communities/{community_id}/honours", response={201: HonourOut},
             summary="新增社区荣誉")
def honour_create(request, community_id: Id, payload: HonourIn):
    community = access.access_community(actor=request.auth, id=community_id)
    honour = services.honour_create(actor=request.auth, community=community, **payload.dict())
    return Status(201, honour)


@router.delete("/honours/{honour_id}", response={204: None}, summary="删除社区荣誉")
def honour_delete(request, honour_id: Id):
    honour = access.access_honour(actor=request.auth, id=honour_id)
    services.honour_delete(actor=request.auth, honour=honour)
    return Status(204, None)


@router.get("/grids", response=list[GridOut], summary="网格")
@paginate(Pagination)
def grid_list(request, community_id: Id | None = None):
    return selectors.grid_list(request.auth, community_id=community_id)


@router.get("/buildings", response=list[BuildingOut], summary="楼栋")
@paginate(Pagination)
def building_list(request, community_id: Id | None = None, grid_id: Id | None = None,
                  search: str = ""):
    return selectors.building_list(request.auth, community_id=community_id, grid_id=grid_id,
                                   search=search)


@router.post("/communities/{community_id}/buildings", response={201: BuildingDetailOut},
             summary="添加楼栋（连同其单元）")
def building_create(request, community_id: Id, payload: BuildingCreateIn):
    community = access.access_community(actor=request.auth, id=community_id)
    data = payload.dict()
    grid_id = data.pop("grid_id")
    grid = access.access_grid(actor=request.auth, id=grid_id) if grid_id else None
    building = services.building_create(actor=request.auth, community=community, grid=grid,
                                        **data)
    return Status(201, building)


@router.get("/buildings/{building_id}", response=BuildingDetailOut, summary="楼栋详情")
def building_detail(request, building_id: Id):
    return access.access_building(actor=request.auth, id=building_id)


@router.patch("/buildings/{building_id}", response=BuildingDetailOut, summary="修改楼栋")
def building_update(request, building_id: Id, payload: BuildingIn):
    building = access.access_building(actor=request.auth, id=building_id)
    services.building_update(actor=request.auth, building=building, data=_changes(payload))
    return building


@router.get("/units", response=list[UnitOut], summary="单元")
@paginate(Pagination)
def unit_list(request, building_id: Id | None = None):
    return selectors.unit_list(request.auth, building_id=building_id)


@router.post("/units/{unit_id}/flats", response={201: FlatDetailOut}, summary="添加房屋")
def flat_create(request, unit_id: Id, payload: FlatCreateIn):
    unit = access.access_unit(actor=request.auth, id=unit_id)
    return Status(201, services.flat_create(actor=request.auth, unit=unit, **payload.dict()))


@router.get("/flats", response=list[FlatOut], summary="房屋")
@paginate(Pagination)
def flat_list(request, building_id: Id | None = None, unit_id: Id | None = None):
    return selectors.flat_list(request.auth, building_id=building_id, unit_id=unit_id)


@router.get("/flats/{flat_id}", response=FlatDetailOut, summary="房屋详情")
def flat_detail(request, flat_id: Id):
    return access.access_flat(actor=request.auth, id=flat_id)


@router.patch("/flats/{flat_id}", response=FlatDetailOut, summary="修改房屋")
def flat_update(request, flat_id: Id, payload: FlatIn):
    flat = access.access_flat(actor=request.auth, id=flat_id)
    services.flat_update(actor=request.auth, flat=flat, data=_changes(payload))
    return flat


@router.post("/flats/{flat_id}/unsold", response=FlatDetailOut, summary="标记开发商未售出")
def flat_mark_unsold(request, flat_id: Id, payload: FlatUnsoldIn):
    flat = access.access_flat(actor=request.auth, id=flat_id)
    return services.flat_mark_unsold(actor=request.auth, flat=flat, unsold=payload.unsold,
                                     evidence=payload.evidence)

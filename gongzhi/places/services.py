"""Writes of the places app. Each checks scope and permission, validates, saves and audits."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.audit.writes import model_create, model_delete, model_update
from gongzhi.core.actions import require
from gongzhi.core.errors import ValidationFailed
from gongzhi.places import rules
from gongzhi.places.choices import AreaSource, area_source_rank
from gongzhi.places.models import Building, Community, Flat, Honour, Unit

COMMUNITY_PROFILE_FIELDS = ["area_km2", "resident_population", "elderly_population",
                            "buildings_without_management", "facilities", "description"]
BUILDING_FIELDS = ["name", "address", "use", "floors", "year_built", "has_elevator",
                   "has_property_management", "grid"]
FLAT_FIELDS = ["room_number", "floor", "floor_area", "area_source"]


@transaction.atomic
def community_profile_update(*, actor, community: Community, data: dict) -> list[str]:
    require(actor, rules.EDIT_COMMUNITY, community)
    return model_update(actor=actor, instance=community, data=data,
                        fields=COMMUNITY_PROFILE_FIELDS)


@transaction.atomic
def honour_create(*, actor, community: Community, title: str, year: int,
                  awarding_body: str = "") -> Honour:
    require(actor, rules.CREATE_HONOUR, community)
    title = title.strip()
    if Honour.objects.filter(community=community, title=title, year=year).exists():
        raise ValidationFailed(_("该年度已记录此荣誉。"),
                               detail={"title": [str(_("该年度已记录此荣誉。"))]})
    return model_create(actor=actor, instance=Honour(
        community=community, title=title, year=year, awarding_body=awarding_body.strip()))


@transaction.atomic
def honour_delete(*, actor, honour: Honour) -> None:
    require(actor, rules.DELETE_HONOUR, honour)
    model_delete(actor=actor, instance=honour)


@transaction.atomic
def building_update(*, actor, building: Building, data: dict) -> list[str]:
    require(actor, rules.EDIT_BUILDING, building)
    grid = data.get("grid")
    if grid is not None and grid.community_id != building.community_id:
        raise ValidationFailed(detail={"grid": [str(_("网格须属于本社区。"))]})
    return model_update(actor=actor, instance=building, data=data, fields=BUILDING_FIELDS)


@transaction.atomic
def building_create(*, actor, community: Community, name: str, floors: int,
                    units: int = 1, **fields) -> Building:
    """Add a building with `units` stairway units numbered 1..n (community staff only)."""
    require(actor, rules.CREATE_BUILDING, community)
    if units < 1 or units > 20:
        raise ValidationFailed(detail={"units": [str(_("单元数须在 1 到 20 之间。"))]})
    building = model_create(actor=actor, instance=Building(
        community=community, name=name.strip(), floors=floors, **fields))
    for number in range(1, units + 1):
        model_create(actor=actor, instance=Unit(community=community, building=building,
                                                number=str(number)))
    return building


@transaction.atomic
def flat_update(*, actor, flat: Flat, data: dict) -> list[str]:
    require(actor, rules.EDIT_FLAT, flat)
    _check_area_order(flat, data)
    return model_update(actor=actor, instance=flat, data=data, fields=FLAT_FIELDS)


def _check_area_order(flat: Flat, data: dict) -> None:
    """The exclusive area is taken from the register, else a survey, else the sale contract
    (最高法 建筑物区分所有权解释 art. 8): a new figure from a lower-ranked source does not replace
    one from a better source. Relabelling the source without changing the area stays possible
    (to correct a wrongly recorded source); it is audited like any change."""
    area = data.get("floor_area", flat.floor_area)
    if area is None or area == flat.floor_area:
        return
    source = data.get("area_source", flat.area_source) or AreaSource.UNKNOWN
    if area_source_rank(source) > area_source_rank(flat.area_source):
        raise ValidationFailed(detail={"floor_area": [str(
            _("已有来自“%(current)s”的专有部分面积，不能用“%(new)s”的面积替换（顺序：不动产登记、"
              "测绘报告、买卖合同）。")
            % {"current": AreaSource(flat.area_source).label, "new": AreaSource(source).label})]})


@transaction.atomic
def flat_mark_unsold(*, actor, flat: Flat, unsold: bool, evidence: str) -> Flat:
    """Mark a flat as unsold developer stock (or sold but not delivered), or take the marking
    off, with the evidence or reason: logged with who and when (the audit keeps each change).
    Only marked flats count together as the developer's one owner in owners' votes."""
    flat = Flat.objects.select_for_update(of=("self",)).select_related(
        "unit", "building").get(pk=flat.pk)
    require(actor, rules.MARK_FLAT_UNSOLD, flat)
    evidence = (evidence or "").strip()
    if not evidence:
        raise ValidationFailed(detail={"evidence": [str(
            _("请写明依据（如开发商未售房源清单、未交付证明）。") if unsold
            else _("请说明取消标记的理由。"))]})
    model_update(actor=actor, instance=flat, fields=[
        "is_unsold", "unsold_evidence", "unsold_marked_by", "unsold_marked_at"], data={
        "is_unsold": bool(unsold), "unsold_evidence": evidence, "unsold_marked_by": actor,
        "unsold_marked_at": timezone.now()})
    return flat


@transaction.atomic
def flat_create(*, actor, unit: Unit, room_number: str, floor: int, floor_area,
                area_source: str) -> Flat:
    require(actor, rules.CREATE_FLAT, unit)
    if Flat.objects.filter(unit=unit, room_number=room_number).exists():
        raise ValidationFailed(detail={"room_number": [str(_("本单元已有该房号。"))]})
    return model_create(actor=actor, instance=Flat(
        community_id=unit.community_id, building_id=unit.building_id, unit=unit,
        room_number=room_number.strip(), floor=floor, floor_area=floor_area,
        area_source=area_source))

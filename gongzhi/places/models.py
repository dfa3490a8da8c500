from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core.models import NaturallySortedModel, NaturalSortKeyField, ScopedModel
from gongzhi.places.choices import AreaSource, BuildingUse


class District(ScopedModel):
    """An urban district (区), the top of the place tree, e.g. 越秀区."""

    code = models.CharField(_("行政区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)

    scope_paths = {"district": "pk"}

    class Meta:
        verbose_name = _("区")
        verbose_name_plural = _("区")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def scope_ids(self) -> dict:
        return {"district_id": self.pk}


class Street(ScopedModel):
    """A sub-district (街道) of a district, e.g. 黄花岗街."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="streets",
                                 verbose_name=_("区"))
    code = models.CharField(_("行政区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    area_km2 = models.DecimalField(_("面积（平方公里）"), max_digits=8, decimal_places=2,
                                   null=True, blank=True)
    resident_population = models.PositiveIntegerField(_("常住人口"), null=True, blank=True)

    scope_paths = {"district": "district", "street": "pk"}

    class Meta:
        verbose_name = _("街道")
        verbose_name_plural = _("街道")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def scope_ids(self) -> dict:
        return {"district_id": self.district_id, "street_id": self.pk}


class Community(ScopedModel):
    """A community (社区) served by one residents' committee, with its profile."""

    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="communities",
                               verbose_name=_("街道"))
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("区"), editable=False)
    name = models.CharField(_("名称"), max_length=64)
    is_demo = models.BooleanField(_("演示数据"), default=False,
                                  help_text=_("名称为虚构，仅作演示"))
    area_km2 = models.DecimalField(_("面积（平方公里）"), max_digits=8, decimal_places=2,
                                   null=True, blank=True,
                                   validators=[MinValueValidator(Decimal("0"))])
    resident_population = models.PositiveIntegerField(_("常住人口"), null=True, blank=True)
    elderly_population = models.PositiveIntegerField(_("60岁以上人口"), null=True, blank=True)
    buildings_without_management = models.PositiveIntegerField(
        _("无物业管理楼栋数"), null=True, blank=True)
    facilities = models.TextField(_("公共设施"), blank=True,
                                  help_text=_("每行一项，例如：党群服务中心、长者饭堂。"))
    description = models.TextField(_("简介"), blank=True)

    scope_paths = {"district": "district", "street": "street", "community": "pk"}

    class Meta:
        verbose_name = _("社区")
        verbose_name_plural = _("社区")
        ordering = ["street", "name"]
        constraints = [
            models.UniqueConstraint(fields=["street", "name"], name="community_name_per_street"),
            models.CheckConstraint(
                name="community_elderly_within_population",
                condition=Q(elderly_population__isnull=True)
                | Q(resident_population__isnull=True)
                | Q(elderly_population__lte=models.F("resident_population")),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.district_id = self.street.district_id
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "street" in update_fields:
            kwargs["update_fields"] = {*update_fields, "district"}
        super().save(*args, **kwargs)

    def clean(self):
        if (self.elderly_population is not None and self.resident_population is not None
                and self.elderly_population > self.resident_population):
            raise ValidationError({"elderly_population": _("60岁以上人口不能多于常住人口。")})

    def scope_ids(self) -> dict:
        return {"district_id": self.district_id, "street_id": self.street_id,
                "community_id": self.pk}

    def facility_list(self) -> list[str]:
        return [line.strip() for line in self.facilities.splitlines() if line.strip()]


class CommunityRowModel(ScopedModel):
    """Base for rows that belong to one community (the community is the scope key)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="%(class)ss",
                                  verbose_name=_("社区"))

    class Meta:
        abstract = True

    def scope_ids(self) -> dict:
        community = self.community
        return {"district_id": community.district_id, "street_id": community.street_id,
                "community_id": community.pk}


COMMUNITY_PATHS = {"district": "community__district", "street": "community__street",
                   "community": "community"}


class Honour(CommunityRowModel):
    """A title awarded to a community, e.g. 广州市幸福社区 (2015)."""

    title = models.CharField(_("称号"), max_length=128)
    year = models.PositiveSmallIntegerField(
        _("年份"), validators=[MinValueValidator(1949), MaxValueValidator(2100)])
    awarding_body = models.CharField(_("授予单位"), max_length=128, blank=True)

    scope_paths = COMMUNITY_PATHS

    class Meta:
        verbose_name = _("荣誉")
        verbose_name_plural = _("荣誉")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["community", "title", "year"],
                                    name="honour_once_per_year"),
        ]

    def __str__(self):
        return f"{self.title}（{self.year}）"


class Grid(CommunityRowModel):
    """A grid (网格): the patch of a community one grid worker looks after."""

    number = models.PositiveSmallIntegerField(_("编号"))
    name = models.CharField(_("名称"), max_length=64)

    scope_paths = {**COMMUNITY_PATHS, "grid": "pk"}

    class Meta:
        verbose_name = _("网格")
        verbose_name_plural = _("网格")
        ordering = ["community", "number"]
        constraints = [
            models.UniqueConstraint(fields=["community", "number"],
                                    name="grid_number_per_community"),
        ]

    def __str__(self):
        return self.name


class Building(NaturallySortedModel, CommunityRowModel):
    """A building (楼栋) in a community, residential or office."""

    grid = models.ForeignKey(Grid, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="buildings", verbose_name=_("网格"))
    name = models.CharField(_("楼栋名称"), max_length=64, help_text=_("例如：永泰新街 3 号"))
    address = models.CharField(_("地址"), max_length=128, blank=True)
    use = models.CharField(_("用途"), max_length=16, choices=BuildingUse.choices,
                           default=BuildingUse.RESIDENTIAL)
    floors = models.PositiveSmallIntegerField(
        _("层数"), validators=[MinValueValidator(1), MaxValueValidator(120)])
    year_built = models.PositiveSmallIntegerField(
        _("建成年份"), null=True, blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)])
    has_elevator = models.BooleanField(_("有电梯"), default=False)
    has_property_management = models.BooleanField(_("有物业管理"), default=False)
    sort_key = NaturalSortKeyField(_("排序键"), source="name", db_index=True)

    scope_paths = {**COMMUNITY_PATHS, "grid": "grid"}

    class Meta:
        verbose_name = _("楼栋")
        verbose_name_plural = _("楼栋")
        ordering = ["community", "sort_key", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"],
                                    name="building_name_per_community"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.grid_id and self.community_id and self.grid.community_id != self.community_id:
            raise ValidationError({"grid": _("网格须属于本社区。")})


class Unit(NaturallySortedModel, CommunityRowModel):
    """A stairway unit (单元) of a building; buildings without units have one unit "1"."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="units",
                                 verbose_name=_("楼栋"))
    number = models.CharField(_("单元号"), max_length=16)
    sort_key = NaturalSortKeyField(_("排序键"), source="number")

    scope_paths = {**COMMUNITY_PATHS, "grid": "building__grid"}

    class Meta:
        verbose_name = _("单元")
        verbose_name_plural = _("单元")
        ordering = ["building", "sort_key", "number"]
        constraints = [
            models.UniqueConstraint(fields=["building", "number"], name="unit_number_per_building"),
        ]

    def __str__(self):
        return f"{self.building.name} {self.number}单元"

    def save(self, *args, **kwargs):
        # The community is the scope key: always the building's, never typed separately.
        self.community_id = self.building.community_id
        super().save(*args, **kwargs)


class Flat(NaturallySortedModel, CommunityRowModel):
    """A flat (户/房屋) with its floor and exclusive area, the unit of owners' votes.

    `floor_area` holds the exclusive area (专有部分面积), the area owners' votes count and costs
    are shared by, and `area_source` says where it comes from (register, else survey, else sale
    contract). Before 2026-12 the field was labelled 建筑面积 on the page and in the import; the
    stored values are kept as the exclusive area with their recorded source."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="flats",
                                 verbose_name=_("楼栋"))
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="flats",
                             verbose_name=_("单元"))
    room_number = models.CharField(_("房号"), max_length=16)
    floor = models.SmallIntegerField(_("楼层"), validators=[MinValueValidator(-5),
                                                          MaxValueValidator(120)])
    floor_area = models.DecimalField(
        _("专有部分面积（平方米）"), max_digits=8, decimal_places=2,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("2000"))])
    area_source = models.CharField(_("专有部分面积来源"), max_length=16,
                                   choices=AreaSource.choices, default=AreaSource.UNKNOWN)
    sort_key = NaturalSortKeyField(_("排序键"), source="room_number")
    # Developer stock (最高法 建筑物区分所有权解释 art. 9): only flats the developer has not sold,
    # or sold but not delivered, count together as one owner in owners' votes. Marked
    # explicitly by staff with the evidence; a flat with no owner and no marking is unsettled.
    is_unsold = models.BooleanField(_("开发商未售出"), default=False)
    unsold_evidence = models.TextField(_("未售出依据"), blank=True)
    unsold_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("标记人"))
    unsold_marked_at = models.DateTimeField(_("标记时间"), null=True, blank=True)

    scope_paths = {**COMMUNITY_PATHS, "grid": "building__grid"}

    class Meta:
        verbose_name = _("房屋")
        verbose_name_plural = _("房屋")
        ordering = ["building", "unit", "floor", "sort_key", "room_number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "room_number"], name="flat_room_per_unit"),
            models.CheckConstraint(name="flat_area_positive",
                                   condition=Q(floor_area__gt=0)),
        ]

    def __str__(self):
        return f"{self.building.name} {self.unit.number}单元 {self.room_number}"

    def save(self, *args, **kwargs):
        # Building and community follow the unit, so that scope checks cannot be misled.
        self.building_id = self.unit.building_id
        self.community_id = self.unit.community_id
        super().save(*args, **kwargs)

    def clean(self):
        if self.building_id and self.floor is not None and self.floor > self.building.floors:
            raise ValidationError({"floor": _("楼层不能高于楼栋层数（%(floors)s 层）。")
                                   % {"floors": self.building.floors}})

"""Demo places: 越秀区 > 黄花岗街 with its 15 communities, 永泰社区 in detail.

Facts about 黄花岗街 and 永泰社区 (areas, population, 40 residential buildings without property
management, honours and years) come from a 2020 newspaper profile of the community. Everything
else — the other 14 community names, grid and building names, floors, flats and areas — is
invented and marked as demo data. Building rows are generated from a fixed seed, so the demo is
the same on every machine.
"""

import random
from decimal import Decimal

from django.db import transaction

from gongzhi.places.choices import AreaSource, BuildingUse
from gongzhi.places.models import Building, Community, District, Flat, Grid, Honour, Street, Unit

YONGTAI = "永泰社区"
SECOND = "晨曦社区"

# Invented names for the street's other 14 communities (the real ones were not verified).
OTHER_COMMUNITIES = [
    ("晨曦社区", 6800, 1450), ("木棉社区", 7200, 1610), ("桂香社区", 5900, 1320),
    ("榕荫社区", 8100, 1780), ("知新社区", 6400, 1290), ("和乐社区", 7700, 1640),
    ("安康社区", 6100, 1400), ("惠民社区", 7400, 1530), ("兴隆社区", 5600, 1170),
    ("丰泽社区", 6900, 1480), ("云泉社区", 7000, 1520), ("青松社区", 6600, 1390),
    ("明德社区", 6200, 1350), ("怡景社区", 5700, 1260),
]

YONGTAI_HONOURS = [
    ("广东省宜居社区", 2011, "广东省"),
    ("广东省“六好”平安和谐社区", 2012, "广东省"),
    ("广州市幸福社区", 2015, "广州市"),
    ("越秀区计划生育达标社区", 2016, "越秀区"),
]

YONGTAI_FACILITIES = "\n".join([
    "党群服务中心（议事厅、党员活动室）",
    "长者饭堂",
    "星光老年之家",
    "社区图书室",
    "居民健身点",
])

YONGTAI_DESCRIPTION = (
    "位于中心城区的老旧社区，辖内 40 栋居民楼均无物业管理，由居委会兼任“大管家”；"
    "另有商务楼宇。辖区内有公园、社区卫生服务中心、小学、百货公司、银行网点、派出所等"
    "机团单位，长期与社区开展共建。（演示数据：楼栋、房屋为虚构。）"
)

# Invented lane names for 永泰社区's buildings; four grids of ten residential buildings each.
GRID_LANES = [
    ("第一网格", "永泰东街"), ("第二网格", "永泰西街"),
    ("第三网格", "福寿里"), ("第四网格", "仁安巷"),
]


def _generate_buildings(rng: random.Random, lanes, per_lane: int):
    """Yield (grid index, name, floors, units, flats per floor, year built, elevator)."""
    for grid_index, (_grid, lane) in enumerate(lanes):
        for number in range(1, per_lane + 1):
            floors = rng.choice([4, 5, 6, 6, 7, 7, 7, 8, 9])
            units = rng.choice([1, 1, 2, 2, 3])
            per_floor = rng.choice([2, 2, 3, 4])
            year = rng.randint(1978, 1999)
            elevator = floors >= 9 and rng.random() < 0.5
            yield grid_index, f"{lane}{number * 2 - 1}号", floors, units, per_floor, year, elevator


def _flat_area(rng: random.Random) -> Decimal:
    """An exclusive area (专有部分面积) of 38–112 m², the area owners' votes count."""
    return Decimal(rng.randint(3800, 11200)) / Decimal(100)


def _create_building(community, grid, *, name, floors, units, per_floor, year, elevator,
                     rng, use=BuildingUse.RESIDENTIAL, managed=False, address=""):
    building, created = Building.objects.get_or_create(
        community=community, name=name,
        defaults={"grid": grid, "floors": floors, "year_built": year, "has_elevator": elevator,
                  "use": use, "has_property_management": managed, "address": address},
    )
    if not created:
        return building
    if use != BuildingUse.RESIDENTIAL:
        return building
    unit_rows = Unit.objects.bulk_create(
        [Unit(community=community, building=building, number=str(n)) for n in range(1, units + 1)])
    flats = []
    for unit in unit_rows:
        for floor in range(1, floors + 1):
            for position in range(1, per_floor + 1):
                flats.append(Flat(
                    community=community, building=building, unit=unit,
                    room_number=f"{floor}{position:02d}", floor=floor,
                    floor_area=_flat_area(rng),
                    area_source=rng.choice([AreaSource.REGISTER] * 6
                                           + [AreaSource.CONTRACT, AreaSource.SURVEY]),
                ))
    Flat.objects.bulk_create(flats)
    return building


@transaction.atomic
def seed_places() -> dict:
    district, _ = District.objects.get_or_create(code="440104", defaults={"name": "越秀区"})
    street, _ = Street.objects.get_or_create(
        code="440104014",
        defaults={"district": district, "name": "黄花岗街", "area_km2": Decimal("3.30"),
                  "resident_population": 100000},
    )
    yongtai, _ = Community.objects.get_or_create(
        street=street, name=YONGTAI,
        defaults={"area_km2": Decimal("0.20"), "resident_population": 4400,
                  "elderly_population": 912, "buildings_without_management": 40,
                  "facilities": YONGTAI_FACILITIES, "description": YONGTAI_DESCRIPTION},
    )
    for title, year, body in YONGTAI_HONOURS:
        Honour.objects.get_or_create(community=yongtai, title=title, year=year,
                                     defaults={"awarding_body": body})
    for name, population, elderly in OTHER_COMMUNITIES:
        Community.objects.get_or_create(
            street=street, name=name,
            defaults={"is_demo": True, "resident_population": population,
                      "elderly_population": elderly,
                      "description": "演示数据：名称与数字均为虚构。"},
        )

    rng = random.Random(20201029)
    grids = []
    for number, (grid_name, _lane) in enumerate(GRID_LANES, start=1):
        grid, _ = Grid.objects.get_or_create(community=yongtai, number=number,
                                             defaults={"name": grid_name})
        grids.append(grid)
    for grid_index, name, floors, units, per_floor, year, elevator in _generate_buildings(
            rng, GRID_LANES, per_lane=10):
        _create_building(yongtai, grids[grid_index], name=name, floors=floors, units=units,
                         per_floor=per_floor, year=year, elevator=elevator, rng=rng,
                         address=f"广州市越秀区{name}（虚构地址）")
    for name in ("永泰商务大厦（演示）", "东风商务中心（演示）"):
        _create_building(yongtai, grids[0], name=name, floors=18, units=1, per_floor=1,
                         year=2003, elevator=True, rng=rng, use=BuildingUse.OFFICE,
                         managed=True)

    second = Community.objects.get(street=street, name=SECOND)
    second_grid, _ = Grid.objects.get_or_create(community=second, number=1,
                                                defaults={"name": "第一网格"})
    for index in range(1, 6):
        _create_building(second, second_grid, name=f"晨曦路{index * 2}号", floors=6, units=2,
                         per_floor=2, year=1990 + index, elevator=False, rng=rng,
                         address=f"广州市越秀区晨曦路{index * 2}号（虚构地址）")
    return {"district": district, "street": street, "yongtai": yongtai, "second": second,
            "yongtai_grid": grids[0], "second_grid": second_grid}

from decimal import Decimal

import factory

from gongzhi.places.models import Building, Community, District, Flat, Grid, Honour, Street, Unit


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    code = factory.Sequence(lambda n: f"9901{n:02d}")
    name = factory.Sequence(lambda n: f"测试区{n}")


class StreetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Street

    district = factory.SubFactory(DistrictFactory)
    code = factory.Sequence(lambda n: f"990101{n:03d}")
    name = factory.Sequence(lambda n: f"测试街{n}")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    street = factory.SubFactory(StreetFactory)
    name = factory.Sequence(lambda n: f"测试社区{n}")
    resident_population = 3000
    elderly_population = 600


class HonourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Honour

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"测试荣誉{n}")
    year = 2015


class GridFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grid

    community = factory.SubFactory(CommunityFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"第{o.number}网格")


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    community = factory.SubFactory(CommunityFactory)
    grid = factory.SubFactory(GridFactory, community=factory.SelfAttribute("..community"))
    name = factory.Sequence(lambda n: f"测试楼{n}号")
    floors = 7


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    building = factory.SubFactory(BuildingFactory)
    community = factory.SelfAttribute("building.community")
    number = factory.Sequence(lambda n: str(n + 1))


class FlatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flat

    unit = factory.SubFactory(UnitFactory)
    building = factory.SelfAttribute("unit.building")
    community = factory.SelfAttribute("unit.community")
    room_number = factory.Sequence(lambda n: f"{n % 7 + 1}{n:02d}")
    floor = factory.LazyAttribute(lambda o: int(o.room_number[0]))
    floor_area = Decimal("65.50")

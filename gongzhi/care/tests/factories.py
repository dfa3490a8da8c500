"""A care world for tests, in community A (on top of gongzhi/conftest.py's world and the
volunteering world of activities):

- `household`: 甲居民 (person_a, low income, living alone), paired with resident_a's volunteer
  profile and with the partner bank 甲银行 (whose contact logs in as jia_bank_contact);
- `unpaired`: 甲老人, a second household of A that nobody is paired with yet;
- `household_b`: 乙居民 in community B, paired with nobody;
- `store` 甲社区物资仓库 with 口罩 (箱) and 大米 (袋), received from the bank: 10 and 20.

Each part's tests build on it; rows are made through the services, as users would."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from gongzhi.activities.tests.volunteering.factories import volunteering_of_a
from gongzhi.care.register import services as register_services
from gongzhi.care.supplies import ledger
from gongzhi.care.supplies.choices import ItemKind, MovementKind
from gongzhi.care.supplies.models import Donation, Item, Store
from gongzhi.people import services as people_services

DAY = datetime.date(2026, 3, 2)


@dataclass
class Care:
    volunteering: object
    household: object
    unpaired: object
    household_b: object
    pairing_volunteer: object
    pairing_unit: object
    store: object
    masks: object
    rice: object
    donation: object


def household_of(actor, person, *, kinds=("low_income",), every=30, needs="每月送米面油",
                 registered_on=datetime.date(2026, 1, 5)):
    return register_services.household_register(
        actor=actor, community=person.community, person=person, kinds=list(kinds),
        details="患高血压，独自居住", needs=needs, help="陪同就医", visit_every_days=every,
        registered_on=registered_on)


def receive(actor, store, lines, *, donor_unit=None, donor_name="", day=DAY, serial=None):
    with transaction.atomic():
        donation = Donation.objects.create(
            community_id=store.community_id, store=store, donor_unit=donor_unit,
            donor_name=donor_name, received_on=day, recorded_by=actor,
            serial=serial or f"T-{Donation.objects.count() + 1:05d}")
        ledger.move(actor=actor, store=store, lines=lines, kind=MovementKind.RECEIPT,
                    moved_on=day, donation=donation)
    return donation


def care_of_a(world) -> Care:
    if getattr(world, "care_a", None) is not None:
        return world.care_a
    volunteering = volunteering_of_a(world)
    staff, root = world.users["staff_a"], world.users["superuser"]
    household = household_of(staff, world.person_a)
    elder = people_services.person_create(actor=root, community=world.community_a,
                                          name="甲老人", sex="female")
    unpaired = household_of(staff, elder, kinds=("elderly_alone",), every=14)
    household_b = household_of(world.users["staff_b"], world.person_b)
    pairing_volunteer = register_services.pairing_create(
        actor=staff, household=household, volunteer=volunteering.resident,
        starts_on=datetime.date(2026, 1, 5), goals="每月上门一次")
    pairing_unit = register_services.pairing_create(
        actor=staff, household=household, unit=volunteering.unit,
        starts_on=datetime.date(2026, 1, 5), goals="节日慰问")
    store = Store.objects.create(community=world.community_a, name="甲社区物资仓库",
                                 place="甲楼一号首层")
    masks = Item.objects.create(community=world.community_a, name="口罩", unit="箱",
                                kind=ItemKind.EPIDEMIC)
    rice = Item.objects.create(community=world.community_a, name="大米", unit="袋",
                               kind=ItemKind.VISIT_GOODS)
    donation = receive(staff, store, [(masks, 10), (rice, 20)], donor_unit=volunteering.unit)
    world.care_a = Care(volunteering, household, unpaired, household_b, pairing_volunteer,
                        pairing_unit, store, masks, rice, donation)
    return world.care_a

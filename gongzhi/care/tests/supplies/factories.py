"""The supplies world for tests, on top of care_of_a (a store with 10 boxes of masks and 20
bags of rice received from the bank 甲银行): an activity and a checkpoint shift of community A
to issue for, a store of community B, and helpers that go through the services."""

import datetime
from dataclasses import dataclass

from gongzhi.activities.rota.choices import PostKind
from gongzhi.activities.tests.events.factories import activity_of
from gongzhi.activities.tests.factories import post_in, shift_of
from gongzhi.care.supplies import services
from gongzhi.care.supplies.models import Item, Store
from gongzhi.care.tests.factories import DAY, care_of_a

TODAY = datetime.date(2026, 3, 20)


@dataclass
class Supplies:
    care: object
    activity: object
    shift: object
    store_b: object
    masks_b: object


def supplies_of_a(world) -> Supplies:
    if getattr(world, "supplies_a", None) is not None:
        return world.supplies_a
    care = care_of_a(world)
    staff = world.users["staff_a"]
    activity = activity_of(world)
    checkpoint = post_in(world.community_a, staff, title="甲卡点", kind=PostKind.CHECKPOINT)
    shift = shift_of(checkpoint, date=DAY)
    store_b = Store.objects.create(community=world.community_b, name="乙社区物资仓库")
    masks_b = Item.objects.create(community=world.community_b, name="口罩", unit="箱")
    world.supplies_a = Supplies(care, activity, shift, store_b, masks_b)
    return world.supplies_a


def issue(world, lines, *, store=None, day=DAY, **fields):
    s = supplies_of_a(world)
    return services.supplies_issue(actor=world.users["staff_a"], store=store or s.care.store,
                                   issued_on=day, lines=lines,
                                   recipient=fields.pop("recipient", "甲卡点值守组"),
                                   today=TODAY, **fields)


def supplies_issue_of_a(world):
    """An issue of 2 bags of rice for community A's activity (the row the scope matrix returns
    and corrects), made once."""
    s = supplies_of_a(world)
    if getattr(world, "supplies_issue_a", None) is None:
        [world.supplies_issue_a] = issue(world, [(s.care.rice, 2)], activity=s.activity)
    return world.supplies_issue_a

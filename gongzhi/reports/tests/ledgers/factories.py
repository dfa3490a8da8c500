"""Rows the ledgers count, in March 2026: activities held in communities A and B, and
requests received in A (their dates set inside the month)."""

import datetime

from django.utils import timezone

from gongzhi.activities.events.choices import ActivityStatus
from gongzhi.activities.tests.events.factories import activity_of
from gongzhi.casework import services as case_services
from gongzhi.casework.models import Case
from gongzhi.casework.tests.factories import category

MONTH = (2026, 3)


def at(day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, tzinfo=timezone.get_current_timezone())


def ledger_data_of_a(world):
    """Three activities held in A (one titled like a formula), one in B, one in A in April;
    two requests received in A in March. Created once."""
    if not hasattr(world, "ledger_data"):
        titles = ((3, "甲社区义诊"), (12, '=HYPERLINK("x")读书会'), (20, "甲社区清洁日"))
        for day, title in titles:
            activity_of(world, status=ActivityStatus.DONE, starts_at=at(day), title=title)
        activity_of(world, status=ActivityStatus.DONE, starts_at=at(15),
                    community=world.community_b, title="乙社区义剪")
        activity_of(world, status=ActivityStatus.DONE, title="甲社区四月活动",
                    starts_at=datetime.datetime(2026, 4, 2, 9,
                                                tzinfo=timezone.get_current_timezone()))
        leak = category(world.community_a)
        for day in (5, 25):
            case = case_services.case_report(
                actor=world.users["staff_a"], category=leak, building=world.building_a1,
                description="屋面漏水")
            Case.objects.filter(pk=case.pk).update(created_at=at(day))
        world.ledger_data = True
    return world

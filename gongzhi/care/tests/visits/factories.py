"""Visits for the visits part's tests, logged through the service as a helper would."""

import datetime

from gongzhi.care.visits import services

DAY = datetime.date(2026, 3, 10)


def visit_of(world, household, *, actor="resident_a", day=DAY, found="血压偏高，药快吃完了",
             follow_up="", hours=None, **fields):
    return services.visit_record(actor=world.users[actor], household=household, visited_on=day,
                                 found=found, follow_up=follow_up, hours=hours, today=day,
                                 **fields)

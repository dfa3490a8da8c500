"""The register's additions to the care world of gongzhi/care/tests/factories.py."""

import datetime

from gongzhi.care.tests.factories import care_of_a
from gongzhi.care.visits import services as visit_services


def with_care_of_a(world) -> dict:
    """care_of_a as a scope route's kwargs builder (no kwargs: a list route)."""
    care_of_a(world)
    return {}


def visit_of(actor, household, day=datetime.date(2026, 3, 5), **kwargs):
    return visit_services.visit_record(actor=actor, household=household, visited_on=day,
                                       today=datetime.date(2026, 12, 31), **kwargs)

"""Each metric's number equals the same number counted directly from the rows."""

import datetime

import pytest

from gongzhi.activities.events.models import Activity
from gongzhi.casework.models import Case
from gongzhi.reports import metrics

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(2000, 1, 1), datetime.date(2100, 12, 31))


def test_registry_sections_are_known():
    assert {row.section for row in metrics.REGISTRY.values()} <= set(metrics.SECTIONS)


def test_numbers_without_rows_are_zero(world):
    start, end = YEAR
    actor = world.users["street_admin"]
    for row in metrics.REGISTRY.values():
        assert metrics.value(row, actor, start=start, end=end) == 0
        assert metrics.by_community(row, actor, start=start, end=end) == {}
    assert Case.objects.count() == Activity.objects.count() == 0


def test_months_between():
    assert metrics.months_between(datetime.date(2026, 11, 15), datetime.date(2027, 2, 1)) == [
        datetime.date(2026, 11, 1), datetime.date(2026, 12, 1), datetime.date(2027, 1, 1),
        datetime.date(2027, 2, 1)]

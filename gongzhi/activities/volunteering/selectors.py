"""Reads of volunteering: the hours ledger's totals and star levels."""

import datetime
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from gongzhi.activities.volunteering.choices import STAR_THRESHOLDS
from gongzhi.activities.volunteering.models import HoursEntry


def star_level(total_hours) -> int:
    """志愿服务星级 for a cumulative total: 0 below 100 hours, 5 from 1,500."""
    return sum(1 for threshold in STAR_THRESHOLDS if Decimal(total_hours) >= threshold)


def ledger_rows(*, start: datetime.date | None = None,
                end: datetime.date | None = None) -> QuerySet[HoursEntry]:
    """Ledger rows served from `start` up to and including `end` (a correction counts on the
    day of the service it corrects)."""
    rows = HoursEntry.objects.all()
    if start is not None:
        rows = rows.filter(served_on__gte=start)
    if end is not None:
        rows = rows.filter(served_on__lte=end)
    return rows


def hours_total(volunteer, *, start: datetime.date | None = None,
                end: datetime.date | None = None) -> Decimal:
    """A volunteer's hours in the period (all of them without one)."""
    total = ledger_rows(start=start, end=end).filter(volunteer=volunteer).aggregate(
        total=Sum("hours"))["total"]
    return total or Decimal(0)


def hours_by_volunteer(volunteer_ids, *, start: datetime.date | None = None,
                       end: datetime.date | None = None) -> dict[int, Decimal]:
    """{volunteer id: hours in the period} for the given volunteers, in one query; a volunteer
    without a row in the period is left out."""
    rows = (ledger_rows(start=start, end=end).filter(volunteer_id__in=volunteer_ids)
            .values("volunteer_id").annotate(total=Sum("hours")).filter(~Q(total=0)))
    return {row["volunteer_id"]: row["total"] for row in rows}

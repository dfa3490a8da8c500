"""Reads of the dashboards: every number through reports.metrics (one grouped query per metric
for the period, one for the trend), the communities in the reader's scope, the rows behind a
number, and the .xlsx of those rows."""

import datetime
import io
from dataclasses import dataclass

import openpyxl
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core.scoping import has_permission_somewhere
from gongzhi.places.models import Community
from gongzhi.reports import metrics

PERIODS = ("month", "quarter", "year", "custom")
MAX_DAYS = 366 * 5
PAGE_SIZE = 30


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date
    error: str = ""


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text or "")
    except ValueError:
        return None


def period_of(kind: str, start: str = "", end: str = "", *,
              today: datetime.date | None = None) -> Period:
    """The period a picker names: the month, quarter or year holding `start` (today without
    one), or `start`..`end`. Bad input gives this month and a message."""
    today = today or timezone.localdate()
    kind = kind if kind in PERIODS else ("custom" if start and end else "month")
    anchor = _date(start) or today
    if kind == "month":
        first = anchor.replace(day=1)
        return Period(kind, first, month_end(first))
    if kind == "quarter":
        first = anchor.replace(month=(anchor.month - 1) // 3 * 3 + 1, day=1)
        after = (first.replace(day=28) + datetime.timedelta(days=70)).replace(day=1)
        return Period(kind, first, after - datetime.timedelta(days=1))
    if kind == "year":
        return Period(kind, anchor.replace(month=1, day=1), anchor.replace(month=12, day=31))
    first, last = _date(start), _date(end)
    if first is None or last is None or first > last or (last - first).days > MAX_DAYS:
        fallback = period_of("month", today=today)
        return Period("month", fallback.start, fallback.end,
                      error=_("日期无效：请填写开始和结束日期，开始不晚于结束，跨度不超过五年。"))
    return Period(kind, first, last)


def can_view(actor) -> bool:
    return has_permission_somewhere(actor, metrics.VIEW_DASHBOARD)


def communities_of(actor) -> list[Community]:
    """The communities whose numbers the reader may see, by name (one query)."""
    return list(Community.objects.for_user(actor, metrics.VIEW_DASHBOARD).order_by("name", "pk"))


def chosen_community(communities, raw: str) -> Community | None:
    """The community picked (by id) among the reader's; anything else is none."""
    try:
        wanted = int(raw)
    except (TypeError, ValueError):
        return None
    return next((c for c in communities if c.pk == wanted), None)


def trend_months(end: datetime.date) -> list[datetime.date]:
    last = end.replace(day=1)
    first = (last - datetime.timedelta(days=31 * 11)).replace(day=1)
    return metrics.months_between(first, last)


def month_end(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def _share(numerator, denominator) -> float | None:
    return None if not denominator else round(float(numerator) / float(denominator) * 100, 1)


def dashboard(actor, *, period: Period, community: Community | None = None,
              communities=None) -> dict:
    """Every metric of the reader's scope: its number in the period, per community, per month
    over the 12 months up to the period's end, and per group where it has one; the rates."""
    communities = communities_of(actor) if communities is None else communities
    ids = [community.pk] if community else [c.pk for c in communities]
    months = trend_months(period.end)
    trend_start, trend_end = months[0], month_end(months[-1])
    numbers = {}
    for row in metrics.REGISTRY.values():
        per_community = metrics.by_community(row, actor, start=period.start, end=period.end,
                                             community_ids=ids)
        per_month = metrics.by_month(row, actor, start=trend_start, end=trend_end,
                                     community_ids=ids)
        monthly = {month: 0 for month in months}
        for (_community, month), amount in per_month.items():
            monthly[month] = monthly.get(month, 0) + amount
        numbers[row.key] = {
            "metric": row, "total": sum(per_community.values(), 0),
            "by_community": per_community, "by_month": [monthly[m] for m in months],
            "by_group": (metrics.by_group(row, actor, start=period.start, end=period.end,
                                          community_ids=ids) if row.group_path else {}),
        }
    rates = [{"rate": rate, "numerator": numbers[rate.numerator]["total"],
              "denominator": numbers[rate.denominator]["total"],
              "percent": _share(numbers[rate.numerator]["total"],
                                numbers[rate.denominator]["total"]),
              "by_month": [_share(n, d) for n, d in zip(numbers[rate.numerator]["by_month"],
                                                        numbers[rate.denominator]["by_month"],
                                                        strict=True)]}
             for rate in metrics.RATES]
    sections = [{"key": key, "label": label,
                 "metrics": [numbers[m.key] for m in metrics.in_section(key)]}
                for key, label in metrics.SECTIONS.items()]
    return {"period": period, "community": community, "communities": communities,
            "months": months, "numbers": numbers, "rates": rates, "sections": sections,
            "compare": len(communities) > 1 and community is None}


def metric_rows(actor, key: str, *, period: Period, community: Community | None = None,
                page: str | int | None = 1):
    """The rows behind a number, in the reader's scope, a page of them."""
    metric = metrics.metric(key)
    queryset = metrics.shown_rows(metric, actor, start=period.start, end=period.end,
                                  community_ids=[community.pk] if community else None)
    return Paginator(queryset, PAGE_SIZE).get_page(page)


def cells(metric: metrics.Metric, row) -> list:
    return [column.value(row) for column in metric.columns]


def _safe(value):
    # text that starts with = + - @ stays text: never a formula in Excel
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    return value


def rows_workbook(actor, key: str, *, period: Period, community: Community | None = None
                  ) -> bytes:
    """Every row behind the number (not only a page) as .xlsx; no personal data (the metric's
    columns carry none)."""
    metric = metrics.metric(key)
    queryset = metrics.shown_rows(metric, actor, start=period.start, end=period.end,
                                  community_ids=[community.pk] if community else None)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = str(metric.label)[:31]
    sheet.append([_safe(f"{metric.label}（{period.start} — {period.end}）")])
    sheet.append([str(column.label) for column in metric.columns])
    for row in queryset.iterator(chunk_size=500):
        sheet.append([_safe(value) for value in cells(metric, row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def text(value) -> str:
    if isinstance(value, datetime.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)


class RowCells:
    """The rows of a metric as {"cells": [...]} for the API's pagination: it slices and counts
    the queryset (one query each), so a page costs the same whatever the number of rows."""

    def __init__(self, metric: metrics.Metric, queryset):
        self.metric, self.queryset = metric, queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        rows = self.queryset[index] if isinstance(index, slice) else [self.queryset[index]]
        return [{"cells": [text(value) for value in cells(self.metric, row)]} for row in rows]

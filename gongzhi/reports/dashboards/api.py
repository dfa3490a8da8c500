"""The dashboards in the JSON API, under /api/v1/reports/: the same selectors as the pages
(every number through reports.metrics, within the reader's scope). Reads only: they offer no
actions, so they list none."""

import datetime
from decimal import Decimal

from ninja import Router, Schema
from ninja.pagination import paginate

from gongzhi.core.api_types import Pagination
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.reports import metrics
from gongzhi.reports.dashboards import selectors

router = Router()


class CommunityNumberOut(Schema):
    community_id: int
    community: str
    value: Decimal


class MonthNumberOut(Schema):
    month: datetime.date
    value: Decimal


class MetricNumberOut(Schema):
    key: str
    label: str
    section: str
    unit: str
    help: str
    value: Decimal
    by_community: list[CommunityNumberOut]
    by_month: list[MonthNumberOut]


class ReportsRateOut(Schema):
    key: str
    label: str
    numerator: str
    denominator: str
    numerator_value: Decimal
    denominator_value: Decimal
    percent: float | None


class DashboardOut(Schema):
    start: datetime.date
    end: datetime.date
    community_id: int | None
    metrics: list[MetricNumberOut]
    rates: list[ReportsRateOut]
    actions: list[str]


class MetricRowOut(Schema):
    cells: list[str]


def _viewer(actor):
    if not selectors.can_view(actor):
        raise PermissionDenied()


def _period(start: datetime.date | None, end: datetime.date | None) -> selectors.Period:
    if start is None or end is None:
        return selectors.period_of("month")
    period = selectors.period_of("custom", start.isoformat(), end.isoformat())
    if period.error:
        raise ValidationFailed(period.error)
    return period


def _community(actor, communities, community: int | None):
    if community is None:
        return None
    chosen = selectors.chosen_community(communities, str(community))
    if chosen is None:
        raise NotFound()
    return chosen


@router.get("/dashboard", response=DashboardOut, summary="统计：各项指标（按社区、按月）")
def dashboard(request, start: datetime.date | None = None, end: datetime.date | None = None,
              community: int | None = None):
    """Every metric in the period (this month without one) for the reader's scope or one of
    its communities: the total, per community, per month over the 12 months up to `end`; and
    the three rates of requests (numerator and denominator are metrics)."""
    actor = request.auth
    _viewer(actor)
    period = _period(start, end)
    communities = selectors.communities_of(actor)
    chosen = _community(actor, communities, community)
    result = selectors.dashboard(actor, period=period, community=chosen, communities=communities)
    names = {c.pk: c.name for c in communities}
    return {
        "start": period.start, "end": period.end, "community_id": chosen.pk if chosen else None,
        "metrics": [{"key": n["metric"].key, "label": str(n["metric"].label),
                     "section": n["metric"].section, "unit": str(n["metric"].unit),
                     "help": str(n["metric"].help), "value": n["total"],
                     "by_community": [{"community_id": pk, "community": names.get(pk, ""),
                                       "value": amount}
                                      for pk, amount in sorted(n["by_community"].items())],
                     "by_month": [{"month": month, "value": amount}
                                  for month, amount in zip(result["months"], n["by_month"],
                                                           strict=True)]}
                    for n in result["numbers"].values()],
        "rates": [{"key": r["rate"].key, "label": str(r["rate"].label),
                   "numerator": r["rate"].numerator, "denominator": r["rate"].denominator,
                   "numerator_value": r["numerator"], "denominator_value": r["denominator"],
                   "percent": r["percent"]} for r in result["rates"]],
        "actions": []}


@router.get("/metrics/{key}/rows", response=list[MetricRowOut],
            summary="统计：某项指标背后的记录")
@paginate(Pagination)
def metric_rows(request, key: str, start: datetime.date | None = None,
                end: datetime.date | None = None, community: int | None = None):
    """The rows a number counts, in the reader's scope, in the metric's columns (no personal
    data); the column labels are those of the page (GET /reports/dashboard lists the keys)."""
    actor = request.auth
    _viewer(actor)
    if key not in metrics.REGISTRY:
        raise NotFound()
    metric = metrics.metric(key)
    period = _period(start, end)
    chosen = _community(actor, selectors.communities_of(actor), community)
    return selectors.RowCells(metric, metrics.shown_rows(
        metric, actor, start=period.start, end=period.end,
        community_ids=[chosen.pk] if chosen else None))

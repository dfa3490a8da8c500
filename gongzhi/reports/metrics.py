"""Every number the dashboards and the ledgers show, defined once: which rows it counts (or
sums), in whose scope, and which date puts a row in a month. A dashboard's number, its trend
and its comparison across communities, the rows a click leads to, and the ledger's totals are
all read through the same `Metric`, so they cannot disagree.

A metric's rows are always narrowed by `reports.view_dashboard` (core.scoping) over the rows'
own model: a community's staff see their community, a street admin the street's communities,
a district admin the district's. The columns a metric shows of its rows carry no personal
data (no resident's name, phone or ID number): admins read them too.

Counting is one grouped query per metric (by community, or by community and month), whatever
the number of rows."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.events.choices import ActivityStatus
from gongzhi.activities.events.models import Activity
from gongzhi.casework.choices import Status as CaseStatus
from gongzhi.casework.models import Case

VIEW_DASHBOARD = "reports.view_dashboard"

# the ledger's and the dashboards' sections, in their order
SECTIONS = {
    "party": _("党建引领"),
    "cobuilding": _("共驻共建"),
    "requests": _("诉求办理"),
    "activities": _("活动与志愿服务"),
    "care": _("结对帮扶"),
    "deliberation": _("协商议事与业主表决"),
}


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable  # row -> the cell's value (text, number or date)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    section: str
    unit: str
    # (actor) -> the queryset of every row the metric could count, already narrowed to the
    # actor's scope; the period and the communities are applied by the functions below
    base: Callable[[object], QuerySet]
    date_path: str          # the field that puts a row in a period and a month
    columns: tuple[Column, ...]
    community_path: str = "community_id"
    sum_path: str = ""      # empty: the number of rows; else the sum of this field
    help: str = ""
    order_by: tuple[str, ...] = field(default=())


REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    if metric.key in REGISTRY:
        raise ValueError(f"metric {metric.key} is already registered")
    if metric.section not in SECTIONS:
        raise ValueError(f"unknown section {metric.section}")
    REGISTRY[metric.key] = metric
    return metric


def metric(key: str) -> Metric:
    return REGISTRY[key]


def in_section(section: str) -> list[Metric]:
    return [row for row in REGISTRY.values() if row.section == section]


# ---- periods -------------------------------------------------------------------------------

def _bounds(model, path: str, start: datetime.date, end: datetime.date) -> dict:
    """The filter of `start`..`end` (inclusive days) on a date or a date-time field."""
    target = model._meta.get_field(path.split("__")[0])
    for part in path.split("__")[1:]:
        target = target.related_model._meta.get_field(part)
    if target.get_internal_type() == "DateTimeField":
        tz = timezone.get_current_timezone()
        start_at = datetime.datetime.combine(start, datetime.time(), tzinfo=tz)
        end_at = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(),
                                           tzinfo=tz)
        return {f"{path}__gte": start_at, f"{path}__lt": end_at}
    return {f"{path}__gte": start, f"{path}__lte": end}


def rows(metric: Metric, actor, *, start: datetime.date, end: datetime.date,
         community_ids=None) -> QuerySet:
    """The rows behind the number: in the actor's scope, in the period, in the communities."""
    queryset = metric.base(actor)
    queryset = queryset.filter(**_bounds(queryset.model, metric.date_path, start, end))
    if community_ids is not None:
        queryset = queryset.filter(**{f"{metric.community_path}__in": list(community_ids)})
    return queryset.order_by(*(metric.order_by or (f"-{metric.date_path}", "-pk")))


def _amount(metric: Metric):
    return Sum(metric.sum_path) if metric.sum_path else Count("pk", distinct=True)


def _number(value) -> int | Decimal:
    if value is None:
        return 0
    return value


def value(metric: Metric, actor, *, start, end, community_ids=None) -> int | Decimal:
    queryset = rows(metric, actor, start=start, end=end, community_ids=community_ids)
    return _number(queryset.order_by().aggregate(amount=_amount(metric))["amount"])


def by_community(metric: Metric, actor, *, start, end, community_ids=None) -> dict:
    """{community id: number} for the period, one query."""
    queryset = rows(metric, actor, start=start, end=end, community_ids=community_ids)
    grouped = (queryset.order_by().values(metric.community_path)
               .annotate(amount=_amount(metric)))
    return {row[metric.community_path]: _number(row["amount"]) for row in grouped}


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, cursor = [], start.replace(day=1)
    while cursor <= end:
        months.append(cursor)
        cursor = (cursor + datetime.timedelta(days=32)).replace(day=1)
    return months


def by_month(metric: Metric, actor, *, start, end, community_ids=None) -> dict:
    """{(community id, first day of the month): number} for the period, one query."""
    queryset = rows(metric, actor, start=start, end=end, community_ids=community_ids)
    grouped = (queryset.order_by()
               .annotate(month=TruncMonth(metric.date_path))
               .values(metric.community_path, "month")
               .annotate(amount=_amount(metric)))
    table = {}
    for row in grouped:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        key = (row[metric.community_path], month.replace(day=1))
        table[key] = table.get(key, 0) + _number(row["amount"])
    return table


# ---- the metrics ---------------------------------------------------------------------------
# More are registered by each section below; every one has a test that its number equals the
# same number counted directly from the rows (reports/tests/test_metrics.py).

register(Metric(
    key="cases_received", label=_("受理诉求"), section="requests", unit=_("件"),
    base=lambda actor: (Case.objects.for_user(actor, VIEW_DASHBOARD)
                        .filter(is_unreasonable=False).exclude(status=CaseStatus.MERGED)
                        .select_related("community", "category")),
    date_path="created_at",
    columns=(Column(_("编号"), lambda case: f"#{case.pk}"),
             Column(_("社区"), lambda case: case.community.name),
             Column(_("类别"), lambda case: case.category.name),
             Column(_("受理时间"), lambda case: timezone.localtime(case.created_at)),
             Column(_("状态"), lambda case: case.get_status_display())),
    help=_("受理的诉求，不含合并和经街道认定的不合理诉求（与诉求办理“三率”的口径相同）。")))

register(Metric(
    key="activities_held", label=_("举办活动"), section="activities", unit=_("场"),
    base=lambda actor: (Activity.objects.for_user(actor, VIEW_DASHBOARD)
                        .filter(status=ActivityStatus.DONE).select_related("community")),
    date_path="starts_at",
    columns=(Column(_("活动名称"), lambda activity: activity.title),
             Column(_("社区"), lambda activity: activity.community.name),
             Column(_("类型"), lambda activity: activity.get_kind_display()),
             Column(_("开始时间"), lambda activity: timezone.localtime(activity.starts_at)),
             Column(_("地点"), lambda activity: activity.place))))

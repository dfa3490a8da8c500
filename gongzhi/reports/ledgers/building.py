"""The content of a work ledger, section by section, read through the metrics registry: for
each section (metrics.SECTIONS) and each metric registered in it, the number per community
(one grouped query) and the rows behind it (one query, the metric's own select_related),
shown with the metric's columns, which carry no personal data.

The numbers are those of `metrics.value` for the same actor, period and communities: the
ledger and the dashboards cannot disagree."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.reports import metrics
from gongzhi.reports.ledgers import selectors
from gongzhi.reports.ledgers.choices import LedgerFormat
from gongzhi.reports.ledgers.models import LedgerRun


@dataclass
class Table:
    key: str
    label: str
    unit: str
    headers: list[str]
    rows: list[list]
    # the number of rows behind it; a long table in a PDF is printed by month instead (`note`)
    count: int = 0
    note: str = ""


def _by_month_table(table: Table, months: dict, run: LedgerRun) -> Table:
    """A table too long to print row by row: the number per month, with a note saying so."""
    rows = [[_("%(year)s年%(month)s月") % {"year": month.year, "month": month.month},
             months.get(month, 0)]
            for month in metrics.months_between(run.period_start, run.period_end)]
    note = _("共 %(count)s 条，超过 %(limit)s 条时按月汇总；明细见统计看板或 Excel 台账。") % {
        "count": table.count, "limit": settings.REPORTS_LEDGER_PDF_ROWS}
    return Table(key=table.key, label=table.label, unit=table.unit,
                 headers=[_("月份"), f"{table.label}（{table.unit}）"], rows=rows,
                 count=table.count, note=note)


@dataclass
class Section:
    key: str
    title: str
    # (metric key, label, number, unit)
    totals: list[tuple[str, str, object, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class CommunityLedger:
    community: object
    committee: str
    sections: list[Section]


@dataclass
class Ledger:
    run: LedgerRun
    title: str
    place: str
    period_label: str
    made_on: datetime.date
    issuer: str
    is_street: bool
    communities: list[CommunityLedger]
    # the street's comparison: (metric label, unit, [number per community], total)
    comparison: list[tuple[str, str, list, object]]
    metric_count: int


def _attribute(row, path: str):
    for part in path.split("__"):
        row = getattr(row, part)
    return row


def _cell(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(
            value) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    return str(value)


def committee(community) -> str:
    return _("%(community)s居民委员会") % {"community": community.name}


def period_label(run: LedgerRun) -> str:
    if run.period_kind == "month":
        return _("%(year)s年%(month)s月") % {"year": run.period_start.year,
                                           "month": run.period_start.month}
    return _("%(year)s年度") % {"year": run.period_start.year}


def build(run: LedgerRun, *, on_step: Callable[[int, str], None] = lambda percent, step: None,
          today: datetime.date | None = None) -> Ledger:
    """The whole ledger of `run`, as its requester may see it. `on_step(percent, step)` is
    told as each section is read."""
    actor = run.requested_by
    if run.community_id:
        communities = [run.community]
    else:
        communities = list(selectors.street_communities(run.street))
    ids = [community.pk for community in communities]
    per_community = {community.pk: [] for community in communities}
    comparison = []
    sections = list(metrics.SECTIONS.items())
    metric_count = 0
    for index, (key, title) in enumerate(sections):
        on_step(int(90 * index / len(sections)), str(title))
        for community in communities:
            per_community[community.pk].append(Section(key=key, title=str(title)))
        for metric in metrics.in_section(key):
            metric_count += 1
            numbers = metrics.by_community(metric, actor, start=run.period_start,
                                           end=run.period_end, community_ids=ids)
            grouped = {pk: [] for pk in ids}
            for row in metrics.shown_rows(metric, actor, start=run.period_start, end=run.period_end,
                                    community_ids=ids):
                owner = _attribute(row, metric.community_path)
                if owner in grouped:
                    grouped[owner].append([_cell(column.value(row))
                                           for column in metric.columns])
            headers = [str(column.label) for column in metric.columns]
            long_tables = (run.format == LedgerFormat.PDF and any(
                len(rows) > settings.REPORTS_LEDGER_PDF_ROWS for rows in grouped.values()))
            months = (metrics.by_month(metric, actor, start=run.period_start,
                                       end=run.period_end, community_ids=ids)
                      if long_tables else {})
            for community in communities:
                section = per_community[community.pk][-1]
                number = numbers.get(community.pk, 0)
                section.totals.append((metric.key, str(metric.label), number, str(metric.unit)))
                table = Table(key=metric.key, label=str(metric.label), unit=str(metric.unit),
                              headers=headers, rows=grouped[community.pk],
                              count=len(grouped[community.pk]))
                if long_tables and table.count > settings.REPORTS_LEDGER_PDF_ROWS:
                    table = _by_month_table(table, {month: value for (owner, month), value
                                                    in months.items()
                                                    if owner == community.pk}, run)
                section.tables.append(table)
            comparison.append((str(metric.label), str(metric.unit),
                               [numbers.get(pk, 0) for pk in ids],
                               sum(numbers.get(pk, 0) for pk in ids)))
    on_step(90, _("排版"))
    place = run.community.name if run.community_id else run.street.name
    issuer = (committee(run.community) if run.community_id
              else _("%(street)s办事处") % {"street": run.street.name})
    label = period_label(run)
    return Ledger(
        run=run, title=_("%(place)s%(period)s工作台账") % {"place": place, "period": label},
        place=place, period_label=label, made_on=today or timezone.localdate(), issuer=issuer,
        is_street=not run.community_id,
        communities=[CommunityLedger(community=community, committee=committee(community),
                                     sections=per_community[community.pk])
                     for community in communities],
        comparison=comparison, metric_count=metric_count)

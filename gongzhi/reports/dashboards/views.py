"""The dashboards' pages: the numbers of the reader's scope (reports:dashboard) and the rows
behind one of them (reports:metric_rows, with its .xlsx). Reads only, through the selectors."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongzhi.core.exporting import xlsx_response
from gongzhi.reports import metrics
from gongzhi.reports.dashboards import selectors


def rows_url(key: str, *, start, end, community_id=None) -> str:
    query = {"start": start.isoformat(), "end": end.isoformat()}
    if community_id:
        query["community"] = community_id
    return f"{reverse('reports:metric_rows', args=[key])}?{urlencode(query)}"


def _period(request) -> selectors.Period:
    period = selectors.period_of(request.GET.get("period", ""), request.GET.get("start", ""),
                                 request.GET.get("end", ""))
    if period.error:
        messages.error(request, period.error)
    return period


def _require_viewer(user):
    if not selectors.can_view(user):
        raise PermissionDenied()


def chart_data(result: dict, compare_key: str) -> dict:
    """What reports_dashboard.js draws: a trend per section, the comparison across communities;
    each bar or point with the address of the rows behind it."""
    months = result["months"]
    labels = [f"{month:%Y-%m}" for month in months]
    trends = []
    for section in result["sections"]:
        series = [{"name": str(number["metric"].label),
                   "values": [float(v) for v in number["by_month"]],
                   "urls": [rows_url(number["metric"].key, start=month,
                                     end=selectors.month_end(month),
                                     community_id=getattr(result["community"], "pk", None))
                            for month in months]}
                  for number in section["metrics"]]
        trends.append({"key": section["key"], "series": series})
    data = {"months": labels, "trends": trends,
            "rates": [{"name": str(rate["rate"].label), "values": rate["by_month"]}
                      for rate in result["rates"]]}
    if result["compare"]:
        number = result["numbers"][compare_key]
        period = result["period"]
        data["compare"] = {
            "label": str(number["metric"].label),
            "names": [c.name for c in result["communities"]],
            "values": [float(number["by_community"].get(c.pk, 0))
                       for c in result["communities"]],
            "urls": [rows_url(compare_key, start=period.start, end=period.end,
                              community_id=c.pk) for c in result["communities"]]}
    return data


@login_required
def dashboard(request):
    _require_viewer(request.user)
    period = _period(request)
    communities = selectors.communities_of(request.user)
    community = selectors.chosen_community(communities, request.GET.get("community", ""))
    compare_key = request.GET.get("compare", "")
    if compare_key not in metrics.REGISTRY:
        compare_key = "cases_received"
    result = selectors.dashboard(request.user, period=period, community=community,
                                 communities=communities)
    community_id = community.pk if community else None
    for number in result["numbers"].values():
        number["url"] = rows_url(number["metric"].key, start=period.start, end=period.end,
                                 community_id=community_id)
        number["cells"] = [(number["by_community"].get(c.pk, 0),
                            rows_url(number["metric"].key, start=period.start, end=period.end,
                                     community_id=c.pk)) for c in communities]
    for section in result["sections"]:
        section["table"] = [(month, [number["by_month"][index] for number in section["metrics"]])
                            for index, month in enumerate(result["months"])]
    for rate in result["rates"]:
        rate["url"] = rows_url(rate["rate"].numerator, start=period.start, end=period.end,
                               community_id=community_id)
    return render(request, "reports/dashboards/dashboard.html", {
        **result, "periods": {"month": _("月"), "quarter": _("季度"), "year": _("年"),
                              "custom": _("自定义")},
        "compare_key": compare_key, "metrics": list(metrics.REGISTRY.values()),
        "charts": chart_data(result, compare_key)})


@login_required
def metric_rows(request, key: str):
    _require_viewer(request.user)
    if key not in metrics.REGISTRY:
        raise Http404()
    metric = metrics.metric(key)
    period = _period(request)
    communities = selectors.communities_of(request.user)
    community = selectors.chosen_community(communities, request.GET.get("community", ""))
    if request.GET.get("format") == "xlsx":
        content = selectors.rows_workbook(request.user, key, period=period, community=community)
        return xlsx_response(content, f"{key}-{period.start}-{period.end}.xlsx")
    page = selectors.metric_rows(request.user, key, period=period, community=community,
                                 page=request.GET.get("page"))
    table = [selectors.cells(metric, row) for row in page.object_list]
    query = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    if community:
        query["community"] = community.pk
    return render(request, "reports/dashboards/metric_rows.html", {
        "metric": metric, "period": period, "community": community, "page": page,
        "table": table, "query": urlencode(query),
        "rows_hidden": metrics.rows_hidden(metric, request.user),
        "export_url": f"{request.path}?{urlencode({**query, 'format': 'xlsx'})}",
        "back_url": f"{reverse('reports:dashboard')}?{urlencode({**query, 'period': 'custom'})}"})

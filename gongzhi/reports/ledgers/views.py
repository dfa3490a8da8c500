"""The ledger pages: the user's ledgers with a request form, a run's progress (polled with
HTMX every second until it is finished) and its download. Reads go through selectors and
access, writes through services, as in the API."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongzhi.core.errors import PermissionDenied
from gongzhi.core.forms import submit_form
from gongzhi.reports.ledgers import access, rules, selectors, services
from gongzhi.reports.ledgers.forms import STREET, LedgerRequestForm

LIST_SIZE = 30


def _need_make(user) -> None:
    if not rules.can_make_ledgers(user):
        raise PermissionDenied()


def _request(actor, data):
    if data["target_kind"] == STREET:
        target = {"street": access.access_street(actor=actor, id=data["target_id"])}
    else:
        target = {"community": access.access_community(actor=actor, id=data["target_id"])}
    return services.ledger_request(actor=actor, period_kind=data["period_kind"],
                                   year=data["year"], month=data["month"],
                                   format=data["format"], **target)


@login_required
def ledger_list(request):
    _need_make(request.user)
    form = LedgerRequestForm(data=request.POST or None,
                             communities=selectors.communities(request.user),
                             streets=selectors.streets(request.user))
    done = submit_form(request, form, lambda data: _request(request.user, data),
                       success_message=_("已开始生成台账。"),
                       success_url=lambda run: reverse("reports:ledger_detail", args=[run.pk]))
    if done:
        return done
    return render(request, "reports/ledgers/list.html", {
        "form": form, "runs": selectors.run_list(request.user)[:LIST_SIZE]})


@login_required
def ledger_detail(request, pk):
    run = access.access_run(actor=request.user, id=pk)
    context = {"run": run, "file_name": services.file_name(run)}
    if request.htmx and request.htmx.target == "ledger-status":
        return render(request, "reports/ledgers/detail.html#status", context)
    return render(request, "reports/ledgers/detail.html", context)


@login_required
def ledger_download(request, pk):
    run = access.access_run(actor=request.user, id=pk)
    content, name, content_type = services.ledger_download(actor=request.user, run=run)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "no-store"
    return response

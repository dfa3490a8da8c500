"""The supplies ledger's pages: stores and items, donations and their receipts, stock, the
ledger with its returns and corrections, issues and write-offs, the stock report and the
donor's statement. Each action is one form and one service; the rules decide."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from gongzhi.audit.exporting import export_list
from gongzhi.care.supplies import access, printing, rules, selectors, services
from gongzhi.care.supplies.forms import (
    CorrectForm,
    DonationForm,
    EmptyForm,
    IssueForm,
    ItemForm,
    LedgerFilterForm,
    PeriodForm,
    ReturnForm,
    StoreForm,
    WriteOffForm,
)
from gongzhi.core.actions import require_who
from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.core.exporting import Column
from gongzhi.core.forms import submit_form

FORM = "care/supplies/form.html"


def _need_view(user) -> None:
    if not rules.can_view_supplies(user):
        raise PermissionDenied()


def _need_manage(user) -> list:
    """The communities whose ledger the user keeps; refused when none."""
    communities = list(selectors.communities(user))
    if not communities:
        raise PermissionDenied()
    return communities


def _community(form, communities):
    return form.communities.get(form.cleaned_data.get("community")) or communities[0]


# ---- stores and items ----------------------------------------------------------------------

STORE_COLUMNS = (
    Column(gettext_lazy("仓库"), lambda s: s.name, 20),
    Column(gettext_lazy("状态"), lambda s: _("使用中") if s.is_active else _("已停用")),
    Column(gettext_lazy("社区"), lambda s: s.community.name),
    Column(gettext_lazy("地点"), lambda s: s.place, 20),
    Column(gettext_lazy("保管人"), lambda s: s.keeper),
    Column(gettext_lazy("有库存的物资（种）"), lambda s: s.item_count),
)


@login_required
def store_list(request):
    _need_view(request.user)
    stores = selectors.store_list(request.user)
    # names each store's keeper: audited
    if export := export_list(request, stores, STORE_COLUMNS, what="care.store_list",
                             title=gettext_lazy("仓库"), personal=True):
        return export
    return render(request, "care/supplies/store_list.html", {
        "stores": stores,
        "can_create": rules.can_manage_supplies(request.user)})


@login_required
def store_create(request):
    communities = _need_manage(request.user)
    form = StoreForm(data=request.POST or None, communities=communities)
    done = submit_form(request, form, lambda data: services.store_create(
        actor=request.user, community=_community(form, communities), name=data["name"],
        place=data["place"], keeper=data["keeper"]),
        success_message=_("仓库已添加。"), success_url=reverse("care:store_list"))
    return done or render(request, FORM, {"form": form, "title": _("添加仓库"),
                                          "back": reverse("care:store_list")})


@login_required
def store_edit(request, pk):
    store = access.access_store(actor=request.user, id=pk)
    require_who(request.user, rules.EDIT_STORE, store)
    form = StoreForm(data=request.POST) if request.method == "POST" else StoreForm.of(store)
    done = submit_form(request, form, lambda data: services.store_update(
        actor=request.user, store=store, name=data["name"], place=data["place"],
        keeper=data["keeper"]),
        success_message=_("仓库信息已保存。"), success_url=reverse("care:store_list"))
    return done or render(request, FORM, {"form": form, "title": _("编辑仓库"),
                                          "back": reverse("care:store_list")})


STORE_ACTION_FORMS = {
    "deactivate": (lambda actor, store: services.store_deactivate(actor=actor, store=store),
                   _("仓库已停用。")),
    "activate": (lambda actor, store: services.store_activate(actor=actor, store=store),
                 _("仓库已恢复使用。")),
}


@login_required
@require_POST
def store_action(request, pk, action):
    store = access.access_store(actor=request.user, id=pk)
    if action not in STORE_ACTION_FORMS:
        raise Http404()
    require_who(request.user, rules.STORE_ACTION_RULES[action], store)
    perform, message = STORE_ACTION_FORMS[action]
    url = reverse("care:store_list")
    return submit_form(request, EmptyForm(data=request.POST),
                       lambda data: perform(request.user, store),
                       success_message=message, success_url=url, failure_url=url)


ITEM_COLUMNS = (
    Column(gettext_lazy("物资"), lambda i: i.name, 20),
    Column(gettext_lazy("单位"), lambda i: i.unit),
    Column(gettext_lazy("类别"), lambda i: i.get_kind_display()),
    Column(gettext_lazy("社区"), lambda i: i.community.name),
)


@login_required
def item_list(request):
    _need_view(request.user)
    items = selectors.item_list(request.user)
    if export := export_list(request, items, ITEM_COLUMNS, what="care.item_list",
                             title=gettext_lazy("物资品种")):
        return export
    return render(request, "care/supplies/item_list.html", {
        "items": items,
        "can_create": rules.can_manage_supplies(request.user)})


@login_required
def item_create(request):
    communities = _need_manage(request.user)
    form = ItemForm(data=request.POST or None, communities=communities)
    done = submit_form(request, form, lambda data: services.item_create(
        actor=request.user, community=_community(form, communities), name=data["name"],
        unit=data["unit"], kind=data["kind"]),
        success_message=_("物资品种已添加。"), success_url=reverse("care:item_list"))
    return done or render(request, FORM, {"form": form, "title": _("添加物资品种"),
                                          "back": reverse("care:item_list")})


@login_required
def item_edit(request, pk):
    item = access.access_item(actor=request.user, id=pk)
    require_who(request.user, rules.EDIT_ITEM, item)
    form = ItemForm(data=request.POST) if request.method == "POST" else ItemForm.of(item)
    done = submit_form(request, form, lambda data: services.item_update(
        actor=request.user, item=item, name=data["name"], unit=data["unit"], kind=data["kind"]),
        success_message=_("物资品种已保存。"), success_url=reverse("care:item_list"))
    return done or render(request, FORM, {"form": form, "title": _("编辑物资品种"),
                                          "back": reverse("care:item_list")})


# ---- donations -----------------------------------------------------------------------------

DONATION_COLUMNS = (
    Column(gettext_lazy("编号"), lambda d: d.serial, 18),
    Column(gettext_lazy("受赠日期"), lambda d: d.received_on),
    Column(gettext_lazy("捐赠方"), lambda d: d.donor_display, 24),
    Column(gettext_lazy("仓库"), lambda d: d.store.name),
    Column(gettext_lazy("经办人"), lambda d: d.recorded_by.shown_name if d.recorded_by else ""),
)

@login_required
def donation_list(request):
    _need_view(request.user)
    donations = selectors.donation_list(request.user)
    # names the donors (people as well as units) and who recorded them: audited
    if export := export_list(request, donations, DONATION_COLUMNS, what="care.donation_list",
                             title=gettext_lazy("受赠记录"), personal=True):
        return export
    page = Paginator(donations, 50).get_page(request.GET.get("page"))
    return render(request, "care/supplies/donation_list.html", {
        "page": page, "can_receive": rules.can_manage_supplies(request.user)})


def _store_choice(request, stores):
    """The store the form opens on: ?store=, else the first."""
    wanted = request.GET.get("store")
    return next((s for s in stores if str(s.pk) == wanted), stores[0] if stores else None)


@login_required
def donation_create(request):
    """Receive a donation (受赠入库): donor, date, store, several lines, a note."""
    _need_manage(request.user)
    stores = list(selectors.store_list(request.user, active_only=True,
                                       permission=rules.MANAGE_SUPPLIES))
    if not stores:
        return render(request, "care/supplies/no_store.html",
                      {"back": reverse("care:store_list")})
    store = _store_choice(request, stores)
    if request.method == "POST":
        store = next((s for s in stores if str(s.pk) == request.POST.get("store")), store)
    community = store.community
    form = DonationForm(data=request.POST or None, stores=stores,
                        units=selectors.partner_units(community),
                        items=selectors.item_list(request.user, community=community),
                        initial={"store": store.pk})
    done = submit_form(request, form, lambda data: services.donation_receive(
        actor=request.user, store=form.stores[data["store"]], received_on=data["received_on"],
        lines=data["lines"], donor_unit=form.units.get(data["donor_unit"]),
        donor_name=data["donor_name"], note=data["note"]),
        success_message=lambda donation: _("已入库，收据编号 %(serial)s。") % {
            "serial": donation.serial},
        success_url=lambda donation: reverse("care:donation_detail", args=[donation.pk]))
    return done or render(request, "care/supplies/lines_form.html", {
        "form": form, "title": _("受赠入库"), "back": reverse("care:donation_list"),
        "with_new": True})


@login_required
def donation_detail(request, pk):
    donation = access.access_donation(actor=request.user, id=pk)
    return render(request, "care/supplies/donation_detail.html", {
        "donation": donation, "lines": selectors.donation_lines(donation)})


@login_required
def donation_receipt(request, pk):
    donation = access.access_donation(actor=request.user, id=pk)
    response = HttpResponse(printing.receipt_pdf(donation), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{donation.serial}.pdf"'
    return response


# ---- stock and the ledger ------------------------------------------------------------------

def _stock_mark(row) -> str:
    return _("无库存") if row.is_out else _("库存偏低") if row.is_low else ""


STOCK_COLUMNS = (
    Column(gettext_lazy("物资"), lambda r: r.item.name, 20),
    Column(gettext_lazy("类别"), lambda r: r.item.get_kind_display()),
    Column(gettext_lazy("数量"), lambda r: r.quantity),
    Column(gettext_lazy("单位"), lambda r: r.item.unit),
    Column(gettext_lazy("提示"), _stock_mark),
)


@login_required
def stock(request):
    """Each item's stock in one store (?store=), low and zero marked."""
    _need_view(request.user)
    stores = list(selectors.store_list(request.user))
    store = _store_choice(request, stores)
    rows = selectors.stock_of(store) if store else []
    if export := export_list(request, rows, STOCK_COLUMNS, what="care.stock",
                             title=f"{_('库存')} {store.name}" if store else _("库存")):
        return export
    return render(request, "care/supplies/stock.html", {
        "stores": stores, "store": store, "rows": rows, "low": selectors.LOW_STOCK})


def _movement_details(m) -> str:
    parts = [str(m.store.name)]
    if m.donation:
        parts.append(f"{_('受赠')} {m.donation.serial}（{m.donation.donor_display}）")
    if m.recipient:
        parts.append(f"{_('领用人')}：{m.recipient}")
    if m.activity:
        parts.append(f"{_('活动')}：{m.activity.title}")
    if m.shift:
        parts.append(f"{_('值守班次')}：{m.shift}")
    if m.household:
        parts.append(f"{_('帮扶对象')}：{m.household_name}")
    if m.visit:
        parts.append(_("%(day)s走访") % {"day": m.visit.visited_on.isoformat()})
    if m.reason:
        parts.append(str(m.get_reason_display()))
    if m.corrects:
        parts.append(_("更正 %(day)s 的%(kind)s记录") % {
            "day": m.corrects.moved_on.isoformat(), "kind": m.corrects.get_kind_display()})
    if m.returns:
        parts.append(_("退回 %(day)s 的发放") % {"day": m.returns.moved_on.isoformat()})
    return " · ".join(parts)


# The ledger as shown: a household's name masked, recipients and who recorded each row named.
MOVEMENT_COLUMNS = (
    Column(gettext_lazy("日期"), lambda m: m.moved_on),
    Column(gettext_lazy("类别"), lambda m: m.get_kind_display()),
    Column(gettext_lazy("物资"), lambda m: m.item.name, 20),
    Column(gettext_lazy("数量"), lambda m: m.quantity),
    Column(gettext_lazy("单位"), lambda m: m.item.unit),
    Column(gettext_lazy("详情"), _movement_details, 48),
    Column(gettext_lazy("经办人"), lambda m: m.recorded_by.shown_name if m.recorded_by else ""),
    Column(gettext_lazy("备注"), lambda m: m.note, 24),
)


@login_required
def movement_list(request):
    """The ledger: every movement, filtered, 50 a page; what each was for and who recorded
    it; a return and a correction form on the rows that allow them."""
    _need_view(request.user)
    stores = list(selectors.store_list(request.user))
    items = list(selectors.item_list(request.user))
    form = LedgerFilterForm(data=request.GET, stores=stores, items=items)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.LedgerFilters(
        store=form.stores.get(data.get("store")), item=form.items.get(data.get("item")),
        kind=data.get("kind") or "", start=data.get("start"), end=data.get("end"))
    movements = selectors.movement_list(request.user, filters)
    if request.GET.get("export") == "xlsx":
        return export_list(request, selectors.ledger_page(movements), MOVEMENT_COLUMNS,
                           what="care.movement_list", title=gettext_lazy("物资台账"), personal=True)
    page = Paginator(movements, 50).get_page(request.GET.get("page"))
    return render(request, "care/supplies/movement_list.html", {
        "form": form, "page": page, "rows": selectors.ledger_page(page.object_list),
        "today": timezone.localdate(), "query": request.GET.urlencode()})


MOVEMENT_ACTION_FORMS = {
    "return": (ReturnForm, lambda actor, movement, data: services.issue_return(
        actor=actor, issue=movement, quantity=data["quantity"],
        returned_on=data["returned_on"], note=data["note"]), _("已登记退回，库存已增加。")),
    "correct": (CorrectForm, lambda actor, movement, data: services.movement_correct(
        actor=actor, movement=movement, quantity=data["quantity"], note=data["note"]),
        _("已追加更正记录，原记录保留不变。")),
}


@login_required
@require_POST
def movement_action(request, pk, action):
    movement = access.access_movement(actor=request.user, id=pk)
    if action not in MOVEMENT_ACTION_FORMS:
        raise Http404()
    require_who(request.user, {"return": rules.RETURN, "correct": rules.CORRECT}[action],
                movement)
    form_class, perform, message = MOVEMENT_ACTION_FORMS[action]
    url = reverse("care:movement_list")
    return submit_form(request, form_class(data=request.POST),
                       lambda data: perform(request.user, movement, data),
                       success_message=message, success_url=url, failure_url=url)


def _lines_page(request, form_class, *, title, perform, message, **choices):
    _need_manage(request.user)
    stores = list(selectors.store_list(request.user, active_only=True,
                                       permission=rules.MANAGE_SUPPLIES))
    if not stores:
        return render(request, "care/supplies/no_store.html",
                      {"back": reverse("care:store_list")})
    store = _store_choice(request, stores)
    if request.method == "POST":
        store = next((s for s in stores if str(s.pk) == request.POST.get("store")), store)
    extra = choices["choices"](store.community) if "choices" in choices else {}
    form = form_class(data=request.POST or None, stores=stores, initial={"store": store.pk},
                      items=selectors.item_list(request.user, community=store.community),
                      **extra)
    done = submit_form(request, form, lambda data: perform(form, data),
                       success_message=message, success_url=reverse("care:movement_list"))
    return done or render(request, "care/supplies/lines_form.html", {
        "form": form, "title": title, "back": reverse("care:movement_list")})


@login_required
@require_http_methods(["GET", "POST"])
def issue_create(request):
    """Issue goods (发放) to a recipient, for an activity, a checkpoint shift or a household."""
    today = timezone.localdate()
    return _lines_page(
        request, IssueForm, title=_("物资发放"), message=_("已登记发放，库存已扣减。"),
        choices=lambda community: selectors.issue_choices(request.user, community, today=today),
        perform=lambda form, data: services.supplies_issue(
            actor=request.user, store=form.stores[data["store"]], issued_on=data["issued_on"],
            lines=data["lines"], recipient=data["recipient"],
            activity=form.activities.get(data["activity"]), shift=form.shifts.get(data["shift"]),
            household=form.households.get(data["household"]), note=data["note"]))


@login_required
@require_http_methods(["GET", "POST"])
def write_off_create(request):
    """Write goods off (报损): expired, damaged, lost."""
    return _lines_page(
        request, WriteOffForm, title=_("物资报损"), message=_("已登记报损，库存已扣减。"),
        perform=lambda form, data: services.supplies_write_off(
            actor=request.user, store=form.stores[data["store"]],
            written_off_on=data["written_off_on"], lines=data["lines"], reason=data["reason"],
            note=data["note"]))


# ---- the stock report and the donor's statement --------------------------------------------

def _report_period(request) -> tuple[PeriodForm, datetime.date, datetime.date]:
    today = timezone.localdate()
    form = PeriodForm(data=request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return PeriodForm(initial={"start": today.replace(day=1), "end": today}), \
        today.replace(day=1), today


@login_required
def stock_report(request):
    """收发存 per store and item for a period (this month by default); ?format=xlsx or pdf."""
    _need_view(request.user)
    form, start, end = _report_period(request)
    report = selectors.stock_report(request.user, start=start, end=end)
    name = f"stock-{start:%Y%m%d}-{end:%Y%m%d}"
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(printing.report_xlsx(report), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if request.GET.get("format") == "pdf":
        response = HttpResponse(printing.report_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
    return render(request, "care/supplies/stock_report.html", {
        "form": form, "report": report, "query": request.GET.urlencode(),
        "labels": [selectors.COLUMN_LABELS[c] for c in selectors.COLUMNS]})


@login_required
def own_statement(request):
    """A partner unit's contact: the statement of their own unit."""
    unit = access.own_statement_unit(request.user)
    if unit is None:
        raise NotFound()
    return redirect("care:donor_statement", pk=unit.pk)


@login_required
def donor_statement(request, pk):
    unit = access.access_statement_unit(actor=request.user, id=pk)
    require_who(request.user, rules.READ_STATEMENT, unit)
    statement = selectors.donor_statement(unit)
    if request.GET.get("format") == "pdf":
        response = HttpResponse(printing.statement_pdf(statement), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="statement-{unit.pk}.pdf"'
        return response
    return render(request, "care/supplies/statement.html", {"statement": statement})

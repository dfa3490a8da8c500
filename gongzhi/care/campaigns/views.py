"""The campaign pages: the list, a new campaign, the board, a target's visit (phone first), a
helper's pending visits and the summary report (page and PDF). Each action is one form and one
service; the rules decide."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.audit.exporting import export_list
from gongzhi.care.campaigns import access, printing, rules, selectors, services
from gongzhi.care.campaigns.forms import CampaignForm, EmptyForm, PairingForm, VisitForm
from gongzhi.care.supplies.ledger import OutOfStock
from gongzhi.core.actions import require_who
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.exporting import Column
from gongzhi.core.forms import domain_error_text, submit_form
from gongzhi.core.scoping import has_permission_somewhere


def _board_url(campaign) -> str:
    return reverse("care:campaign_board", args=[campaign.pk])


def _shortage_text(lines) -> str:
    return "；".join(_("%(item)s 库存 %(stock)s，尚需 %(needed)s") % {
        "item": line.item, "stock": line.stock, "needed": line.needed} for line in lines)


# ---- the list and a new campaign -----------------------------------------------------------

CAMPAIGN_COLUMNS = (
    Column(gettext_lazy("活动"), lambda c: c.name, 28),
    Column(gettext_lazy("状态"), lambda c: c.get_status_display()),
    Column(gettext_lazy("社区"), lambda c: c.community.name),
    Column(gettext_lazy("类别"), lambda c: c.get_kind_display()),
    Column(gettext_lazy("开始"), lambda c: c.starts_on),
    Column(gettext_lazy("结束"), lambda c: c.ends_on),
    Column(gettext_lazy("已走访（户）"), lambda c: c.visited_count),
    Column(gettext_lazy("目标（户）"), lambda c: c.target_count),
)


@login_required
def campaign_list(request):
    if not rules.can_list_campaigns(request.user):
        raise PermissionDenied()
    campaigns = selectors.campaign_list(request.user)
    if export := export_list(request, campaigns, CAMPAIGN_COLUMNS, what="care.campaign_list",
                             title=gettext_lazy("慰问活动")):
        return export
    page = Paginator(campaigns, 30).get_page(request.GET.get("page"))
    return render(request, "care/campaigns/campaign_list.html", {
        "page": page, "can_create": rules.can_manage_campaigns(request.user)})


@login_required
def campaign_create(request):
    communities = list(selectors.managed_communities(request.user))
    if not communities:
        raise PermissionDenied()
    chosen = request.POST.get("community") or request.GET.get("community")
    community = next((c for c in communities if str(c.pk) == str(chosen)),
                     None if chosen else communities[0])
    if community is None:  # a community the actor does not run campaigns in
        raise NotFound()
    require_who(request.user, rules.CREATE, community)
    form = CampaignForm(data=request.POST or None, stores=list(selectors.stores_of(community)),
                        items=list(selectors.items_of(community)),
                        households=list(selectors.active_households(community)))
    done = submit_form(request, form, lambda data: services.campaign_create(
        actor=request.user, community=community, **form.service_data()),
        success_message=_("慰问活动已创建，核对对象和物资后即可开始。"), success_url=_board_url)
    if done:
        return done
    return render(request, "care/campaigns/campaign_form.html", {
        "form": form, "community": community, "communities": communities})


# ---- the board -----------------------------------------------------------------------------

@login_required
def campaign_board(request, pk):
    """Progress at a glance: visited or not, per helper, the store's stock of each campaign
    item, each target with its visit link; ?pending=1 shows those not yet visited."""
    campaign = access.access_campaign(actor=request.user, id=pk)
    require_who(request.user, rules.VIEW_BOARD, campaign)
    return render(request, "care/campaigns/campaign_board.html",
                  _board_context(request, campaign))


def _board_context(request, campaign) -> dict:
    targets = list(selectors.targets_of(campaign))
    progress = selectors.progress(targets)
    goods = selectors.goods_of(campaign)
    pending_only = request.GET.get("pending") == "1"
    pairings = selectors.pairings_by_household([t.household_id for t in targets])
    rows = [{"target": t, "visited": rules.is_visited(t),
             "form": PairingForm(pairings=pairings.get(t.household_id, ()),
                                 initial={"pairing": t.pairing_id}, prefix=f"t{t.pk}")}
            for t in targets if not (pending_only and rules.is_visited(t))]
    return {"campaign": campaign, "progress": progress, "rows": rows,
            "pending_only": pending_only,
            "stock": selectors.stock_lines(campaign, goods, pending=progress["pending"]),
            "goods": goods}


CAMPAIGN_ACTION_MESSAGES = {
    "open": _("慰问活动已开始，结对帮扶人可以记录走访。"),
    "close": _("慰问活动已结束。"),
}


@login_required
@require_POST
def campaign_action(request, pk, action):
    """Staff's buttons on the board: open, close."""
    campaign = access.access_campaign(actor=request.user, id=pk)
    if action not in rules.CAMPAIGN_ACTION_RULES:
        raise Http404()
    require_who(request.user, rules.CAMPAIGN_ACTION_RULES[action], campaign)
    url = _board_url(campaign)

    def perform(data):
        if action == "open":
            opened, short = services.campaign_open(actor=request.user, campaign=campaign)
            if short:
                messages.warning(request, _("注意：仓库库存不足以慰问全部对象（未预留库存）：")
                                 + _shortage_text(short))
            return opened
        return services.campaign_close(actor=request.user, campaign=campaign)

    return submit_form(request, EmptyForm(data=request.POST), perform,
                       success_message=CAMPAIGN_ACTION_MESSAGES[action], success_url=url,
                       failure_url=url)


@login_required
@require_POST
def target_pairing(request, pk):
    """Change who visits a target (from the board)."""
    target = access.access_target(actor=request.user, id=pk)
    require_who(request.user, rules.SET_PAIRING, target)
    pairings = selectors.pairings_by_household([target.household_id]).get(
        target.household_id, ())
    form = PairingForm(data=request.POST, pairings=pairings, prefix=f"t{target.pk}")
    url = _board_url(target.campaign)
    return submit_form(request, form, lambda data: services.target_set_pairing(
        actor=request.user, target=target, pairing=form.pairings.get(data["pairing"])),
        success_message=_("已更改负责走访的结对。"), success_url=url, failure_url=url)


# ---- the visit (phone first) ---------------------------------------------------------------

@login_required
def campaign_visit(request, pk):
    """A helper (or staff) logs the campaign's visit to one household; the goods leave the
    campaign's store in the same step."""
    target = access.access_target(actor=request.user, id=pk)
    require_who(request.user, rules.VISIT, target)
    campaign = target.campaign
    goods = selectors.goods_of(campaign)
    form = VisitForm(data=request.POST or None, goods=goods,
                     initial={"visitors": request.user.shown_name})
    manages = rules.may_manage(request.user, campaign)

    def perform(data):
        try:
            return services.target_visit(
                actor=request.user, target=target, visited_on=data["visited_on"],
                found=data["found"], visitors=data["visitors"], goods=form.goods())
        except OutOfStock as error:  # the form shows the refusal and each short item
            raise ValidationFailed(detail={"__all__": [domain_error_text(error)]}) from error

    done = submit_form(request, form, perform,
        success_message=_("走访已记录，慰问物资已出库。"),
        success_url=_board_url(campaign) if manages else reverse("care:my_campaign_visits"))
    if done:
        return done
    return render(request, "care/campaigns/campaign_visit.html", {
        "form": form, "target": target, "campaign": campaign, "goods": goods,
        "visited": rules.is_visited(target),
        "stock": selectors.stock_lines(campaign, goods, pending=1),
        "back": _board_url(campaign) if manages else reverse("care:my_campaign_visits")})


@login_required
def my_campaign_visits(request):
    """我的慰问走访: the open campaigns' households the helper still has to visit."""
    if not has_permission_somewhere(request.user, rules.HELP_HOUSEHOLD):
        raise PermissionDenied()
    return render(request, "care/campaigns/my_campaign_visits.html", {
        "targets": list(selectors.my_pending_targets(request.user)[:200])})


# ---- the report ----------------------------------------------------------------------------

@login_required
def campaign_report(request, pk):
    """The street's summary: counts, goods issued, visits by the helper's kind; no names."""
    campaign = access.access_campaign(actor=request.user, id=pk)
    require_who(request.user, rules.VIEW_REPORT, campaign)
    return render(request, "care/campaigns/campaign_report.html", {
        "campaign": campaign, "report": selectors.report(campaign),
        "generated": timezone.localdate()})


@login_required
def campaign_report_pdf(request, pk):
    campaign = access.access_campaign(actor=request.user, id=pk)
    require_who(request.user, rules.VIEW_REPORT, campaign)
    response = HttpResponse(printing.report_pdf(campaign), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="campaign-{campaign.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response

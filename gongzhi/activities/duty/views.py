"""The duty pages: the coverage board, 换班与替班 (cover and swap requests), a sign-up's duty
page (ask for cover, propose a swap, record a patrol's finding), and the patrol findings."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.activities.duty import access, rules, selectors, services
from gongzhi.activities.duty.forms import (
    AssignForm,
    BoardFilterForm,
    ConvertForm,
    CoverForm,
    EmptyForm,
    FindingForm,
    SwapForm,
)
from gongzhi.activities.rota.choices import PostKind
from gongzhi.audit.exporting import export_list
from gongzhi.casework import selectors as case_selectors
from gongzhi.core.actions import require_who, user_can_on
from gongzhi.core.errors import PermissionDenied
from gongzhi.core.exporting import Column
from gongzhi.core.forms import submit_form
from gongzhi.core.scoping import user_can
from gongzhi.core.text import mask_personal_data

# ---- the coverage board ------------------------------------------------------------------

@login_required
def board(request):
    """Every post's shifts of a community for some days, as days × shift times: how many
    took each shift of how many it needs; the empty ones stand out."""
    communities = list(selectors.board_communities(request.user))
    if not communities:
        raise PermissionDenied()
    today = timezone.localdate()
    form = BoardFilterForm(data=request.GET or None, communities=communities)
    filters = form.filters(today=today)
    community = next((c for c in communities if c.pk == filters["community_id"]),
                     communities[0])
    shifts = list(selectors.board_shifts(
        request.user, community_id=community.pk, start=filters["start"], days=filters["days"],
        kind=filters["kind"], only_empty=filters["only_empty"]))
    grid = selectors.board_grid(shifts, start=filters["start"], days=filters["days"])
    dates = [filters["start"] + datetime.timedelta(days=offset)
             for offset in range(filters["days"])]
    return render(request, "activities/duty/board.html", {
        "form": form, "community": community, "communities": communities, "grid": grid,
        "dates": dates, "today": today, "filters": filters,
        "empty_total": sum(post.empty for post in grid),
        "taken_total": sum(shift.taken for shift in shifts),
        "slots_total": sum(shift.slots for shift in shifts),
        "open_requests": list(selectors.open_requests_for_staff(request.user)),
    })


# ---- cover and swap ----------------------------------------------------------------------

@login_required
def swaps(request):
    """换班与替班: the covers I may take, my own requests, the swaps offered to me; staff see
    the open requests of their communities, to assign a cover."""
    return render(request, "activities/duty/swaps.html", {
        "covers": selectors.covers_open_to(request.user),
        "offered": selectors.swaps_offered_to(request.user),
        "own": selectors.own_requests(request.user),
        "staff_requests": list(selectors.open_requests_for_staff(request.user)),
    })


def _signup_forms(request, signup) -> dict:
    """The forms of a sign-up's actions, built for one who may take them (the template asks
    each action's rule before showing it). The clock is read here, next to the buttons: a
    shift changes hands until it begins, and a patrol records findings once it has."""
    user, ahead = request.user, services.shift_is_ahead(signup.shift)
    forms = {}
    if ahead and user.has_perm(rules.ASK_COVER, signup):
        forms["cover_form"] = CoverForm()
    if ahead and user.has_perm(rules.ASK_SWAP, signup):
        forms["swap_form"] = SwapForm(
            targets=selectors.swap_targets(signup),
            with_names=user_can(user, rules.VIEW_SHIFT_SIGNUPS, signup))
    if not ahead and user.has_perm(rules.RECORD_FINDING, signup):
        forms["finding_form"] = FindingForm(
            buildings=selectors.finding_buildings(signup.community_id))
    return forms


@login_required
def signup_duty(request, pk):
    """One of my shifts (or, for staff, anyone's): ask for cover, propose a swap, record
    what a patrol found; with its requests and findings."""
    signup = access.access_signup(actor=request.user, id=pk)
    requests = list(selectors.signup_requests(signup))
    assign = {}
    open_request = next((r for r in requests if request.user.has_perm(rules.ASSIGN_COVER, r)),
                        None)
    if open_request is not None:
        assign = {"assign_request": open_request, "assign_form": AssignForm(
            candidates=selectors.cover_candidates(open_request))}
    # who holds a shift is personal data: the holder, and those who see who took a post's
    # shifts (a grid worker lays out rotas and records findings, by count and not by name)
    show_names = (rules.is_volunteer_of(request.user, signup.volunteer)
                  or user_can_on(request.user, rules.VIEW_SHIFT_SIGNUPS, signup,
                                 scope_key=("community", signup.community_id)))
    return render(request, "activities/duty/signup.html", {
        "signup": signup, "shift": signup.shift, "post": signup.shift.post,
        "show_names": show_names,
        "is_patrol": signup.shift.post.kind == PostKind.PATROL,
        "requests": requests, **assign,
        "findings": list(selectors.signup_findings(signup)),
        **_signup_forms(request, signup),
    })


def _signup_cover(request, signup):
    return CoverForm(data=request.POST), lambda data: services.cover_request_create(
        actor=request.user, signup=signup, note=data["note"])


def _signup_swap(request, signup):
    form = SwapForm(data=request.POST, targets=selectors.swap_targets(signup))
    return form, lambda data: services.swap_request_create(
        actor=request.user, signup=signup, target=form.targets[data["target"]],
        note=data["note"])


def _signup_finding(request, signup):
    form = FindingForm(data=request.POST,
                       buildings=selectors.finding_buildings(signup.community_id))
    return form, lambda data: services.finding_create(
        actor=request.user, signup=signup, description=data["description"],
        building=form.buildings.get(data["building"]))


# a sign-up's action -> (its rule, its form and service call, what the user is told)
SIGNUP_ACTION_FORMS = {
    "cover": (rules.ASK_COVER, _signup_cover, _("已发出替班请求，有人接替后会通知您。")),
    "swap": (rules.ASK_SWAP, _signup_swap, _("已向对方发出换班请求。")),
    "finding": (rules.RECORD_FINDING, _signup_finding, _("巡查发现已记录。")),
}


@login_required
@require_POST
def signup_action(request, pk, action):
    signup = access.access_signup(actor=request.user, id=pk)
    if action not in SIGNUP_ACTION_FORMS:
        raise Http404()
    rule, build, message = SIGNUP_ACTION_FORMS[action]
    require_who(request.user, rule, signup)
    form, perform = build(request, signup)
    url = reverse("activities:duty_signup", args=[signup.pk])
    return submit_form(request, form, perform, success_message=str(message),
                       success_url=url, failure_url=url)


def _request_assign(request, swap):
    form = AssignForm(data=request.POST, candidates=selectors.cover_candidates(swap))
    return form, lambda data: services.cover_assign(
        actor=request.user, request=swap, volunteer=form.candidates[data["volunteer"]])


def _plain(service):
    return lambda request, swap: (EmptyForm(data=request.POST), lambda data: service(
        actor=request.user, request=swap))


# a request's action -> (its rule, its form and service call, what the user is told)
REQUEST_ACTION_FORMS = {
    "take": (rules.TAKE_COVER, _plain(services.cover_take), _("您已接替该班次，请按时到岗。")),
    "accept": (rules.ACCEPT_SWAP, _plain(services.swap_accept), _("已同意换班。")),
    "decline": (rules.DECLINE_SWAP, _plain(services.swap_decline), _("已拒绝换班。")),
    "withdraw": (rules.WITHDRAW_SWAP, _plain(services.swap_request_withdraw), _("申请已撤回。")),
    "assign": (rules.ASSIGN_COVER, _request_assign, _("已安排替班。")),
}


@login_required
@require_POST
def request_action(request, pk, action):
    swap = access.access_request(actor=request.user, id=pk)
    if action not in REQUEST_ACTION_FORMS:
        raise Http404()
    rule, build, message = REQUEST_ACTION_FORMS[action]
    require_who(request.user, rule, swap)
    form, perform = build(request, swap)
    url = reverse("activities:duty_board" if request.POST.get("next") == "board"
                  else "activities:duty_swaps")
    return submit_form(request, form, perform, success_message=str(message),
                       success_url=url, failure_url=url)


# ---- patrol findings ---------------------------------------------------------------------

FINDING_COLUMNS = (
    Column(gettext_lazy("发现"), lambda f: mask_personal_data(f.description), 40),
    Column(gettext_lazy("已转为诉求"), lambda f: f.case_id is not None),
    Column(gettext_lazy("岗位"), lambda f: f.signup.shift.post.title, 20),
    Column(gettext_lazy("楼栋"), lambda f: f.building.name if f.building else ""),
    Column(gettext_lazy("时间"), lambda f: f.created_at, 18),
)


@login_required
def finding_list(request):
    converted = request.GET.get("converted", "")
    findings = selectors.finding_list(request.user, converted=converted)[:100]
    if export := export_list(request, findings, FINDING_COLUMNS, what="activities.finding_list",
                             title=gettext_lazy("巡查发现"), personal=True):
        return export
    return render(request, "activities/duty/finding_list.html", {
        "findings": findings,
        "converted": converted,
        "own_patrols": selectors.own_patrol_signups(request.user),
    })


def _convert_form(request, finding, data=None) -> ConvertForm:
    return ConvertForm(
        data=data,
        categories=case_selectors.category_list(request.user, community_id=finding.community_id),
        buildings=case_selectors.report_buildings(request.user).filter(
            community_id=finding.community_id),
        initial={"building": finding.building_id})


@login_required
def finding_detail(request, pk):
    finding = access.access_finding(actor=request.user, id=pk)
    context = {"finding": finding, "signup": finding.signup, "shift": finding.signup.shift,
               "can_open_case": finding.case_id is not None
               and case_selectors.case_is_visible(request.user, finding.case)}
    if request.user.has_perm(rules.CONVERT_FINDING, finding):
        context["convert_form"] = _convert_form(request, finding)
    return render(request, "activities/duty/finding_detail.html", context)


@login_required
@require_POST
def finding_convert(request, pk):
    finding = access.access_finding(actor=request.user, id=pk)
    require_who(request.user, rules.CONVERT_FINDING, finding)
    form = _convert_form(request, finding, data=request.POST)
    url = reverse("activities:finding_detail", args=[finding.pk])
    return submit_form(request, form, lambda data: services.finding_convert(
        actor=request.user, finding=finding, category=form.categories[data["category"]],
        building=form.buildings[data["building"]]),
        success_message=_("已转为诉求，按巡查发现（未诉先办）办理。"), success_url=url,
        failure_url=url)


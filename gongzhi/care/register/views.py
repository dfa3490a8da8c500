"""The register's pages: the list of households in difficulty, registering one, its detail
(each render an audited full read), editing, closing and reopening it, pairing helpers, and
counts per community for the street and the district. Each action is one form and one
service; the rules decide."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.audit.exporting import export_list
from gongzhi.care.register import access, rules, selectors, services
from gongzhi.care.register.forms import (
    CloseForm,
    EmptyForm,
    HouseholdFilterForm,
    HouseholdForm,
    PairingForm,
)
from gongzhi.core.actions import require_who
from gongzhi.core.errors import PermissionDenied
from gongzhi.core.exporting import Column
from gongzhi.core.forms import submit_form
from gongzhi.people.access import access_person


def _detail_url(household) -> str:
    return reverse("care:household_detail", args=[household.pk])


# ---- the register --------------------------------------------------------------------------

HOUSEHOLD_COLUMNS = (
    Column(gettext_lazy("姓名"), lambda h: h.person.name),
    Column(gettext_lazy("楼栋房号"), lambda h: str(h.person.flat) if h.person.flat else "—", 20),
    Column(gettext_lazy("走访周期（天）"), lambda h: h.visit_every_days),
    Column(gettext_lazy("结对帮扶人"), lambda h: "、".join(p.helper_name for p in h.active_pairings)
           or gettext_lazy("未结对"), 24),
    Column(gettext_lazy("最近走访"), lambda h: h.last_visited_on),
    Column(gettext_lazy("状态"), lambda h: h.get_status_display()),
)

@login_required
def household_list(request):
    """The register: the community's households for its secretary and staff; a helper sees
    the households they are paired with. No difficulty here (the detail's audited read)."""
    if not (rules.can_view_register(request.user) or rules.can_help(request.user)):
        raise PermissionDenied()
    form = HouseholdFilterForm(data=request.GET or None,
                               grids=selectors.list_grids(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    paired = {"yes": True, "no": False}.get(filters.get("paired") or "")
    households = selectors.household_list(
        request.user, status=filters.get("status") or "", paired=paired,
        grid_id=filters.get("grid"), search=(filters.get("q") or "").strip())
    if export := export_list(request, households, HOUSEHOLD_COLUMNS, what="care.household_list",
                             title=gettext_lazy("帮扶名册"), personal=True):
        return export
    page = Paginator(households, 50).get_page(request.GET.get("page"))
    return render(request, "care/register/household_list.html", {
        "form": form, "page": page, "rows": page.object_list,
        "can_register": selectors.manageable_communities(request.user).exists(),
        "can_statistics": rules.can_view_statistics(request.user),
    })


@login_required
def household_register(request):
    """Staff put a resident of the registry on the register: proposed candidates (tags of
    the registry) or a search by name, then the difficulty and the care plan."""
    communities = list(selectors.manageable_communities(request.user))
    if not communities:
        raise PermissionDenied()
    person_id = request.GET.get("person") or request.POST.get("person")
    if not person_id:
        chosen = {str(c.pk): c for c in communities}.get(request.GET.get("community", ""),
                                                          communities[0])
        query = (request.GET.get("q") or "").strip()
        return render(request, "care/register/person_pick.html", {
            "communities": communities, "community": chosen, "query": query,
            "candidates": services.household_candidates(actor=request.user,
                                                        community=chosen),
            "results": selectors.registrable_persons(chosen, query)})
    person = access_person(actor=request.user, id=person_id,
                           permission=rules.MANAGE_HOUSEHOLD)
    form = HouseholdForm(data=request.POST or None)
    done = submit_form(request, form, lambda data: services.household_register(
        actor=request.user, community=person.community, person=person, **data),
        success_message=_("已纳入帮扶名册。"), success_url=_detail_url)
    if done:
        return done
    return render(request, "care/register/household_form.html", {
        "form": form, "person": person, "title": _("登记帮扶对象"),
        "lead": _("为%(name)s登记困难情况和帮扶计划。"
                  "困难情况加密保存，仅工作人员和结对帮扶人可查看。") % {"name": person.name}})


VISITS_SHOWN = 10


def _latest_visits(household) -> dict:
    """The detail page's latest visits, and whether there are more (one query: one row over)."""
    visits = selectors.household_visits(household, limit=VISITS_SHOWN + 1)
    return {"visits": visits[:VISITS_SHOWN], "visits_more": len(visits) > VISITS_SHOWN}


@login_required
def household_detail(request, pk):
    """The household in full: each render reads its profile through the audited read."""
    household = access.access_household_for_read(actor=request.user, id=pk)
    return render(request, "care/register/household_detail.html",
                  _detail_context(request, household))


def _detail_context(request, household, **bound) -> dict:
    profile = services.household_read(actor=request.user, household=household)
    context = {
        "household": household, "profile": profile,
        "pairings": selectors.pairings_of(household, request.user),
        **_latest_visits(household),
        "close_form": bound.get("close_form") or CloseForm(),
        "pairing_form": None,
    }
    if request.user.has_perm(rules.PAIR, household):
        context["pairing_form"] = bound.get("pairing_form") or _pairing_form(
            household, initial={"starts_on": timezone.localdate()})
    return context


def _pairing_form(household, **kwargs) -> PairingForm:
    community = household.community
    return PairingForm(members=selectors.helper_members(community),
                       volunteers=selectors.helper_volunteers(community),
                       units=selectors.helper_units(community), **kwargs)


@login_required
def household_edit(request, pk):
    """Change the difficulty, needs and care plan (the form shows the profile: audited)."""
    household = access.access_household(actor=request.user, id=pk)
    require_who(request.user, rules.EDIT, household)
    if request.method == "POST":
        form = HouseholdForm(data=request.POST)
    else:
        profile = services.household_read(actor=request.user, household=household,
                                          reason=_("修改帮扶对象"))
        form = HouseholdForm.of(household, profile)
    done = submit_form(request, form, lambda data: services.household_update(
        actor=request.user, household=household, **data),
        success_message=_("帮扶信息已保存。"), success_url=_detail_url(household))
    if done:
        return done
    return render(request, "care/register/household_form.html", {
        "form": form, "household": household, "title": _("修改帮扶信息"),
        "lead": household.person.name})


# action -> (its form, the service call, the message): one form and one service per button;
# the rule of each is rules.HOUSEHOLD_ACTION_RULES[action], which the service requires
HOUSEHOLD_ACTION_FORMS = {
    "close": (CloseForm, lambda actor, household, data: services.household_close(
        actor=actor, household=household, reason=data["reason"]), _("帮扶已结束，结对同时结束。")),
    "reopen": (EmptyForm, lambda actor, household, data: services.household_reopen(
        actor=actor, household=household), _("已恢复帮扶。")),
}


@login_required
@require_POST
def household_action(request, pk, action):
    """Staff's buttons on a household: close (with a reason), reopen."""
    household = access.access_household(actor=request.user, id=pk)
    if action not in HOUSEHOLD_ACTION_FORMS:
        raise Http404()
    require_who(request.user, rules.HOUSEHOLD_ACTION_RULES[action], household)
    form_class, perform, message = HOUSEHOLD_ACTION_FORMS[action]
    url = _detail_url(household)
    return submit_form(request, form_class(data=request.POST),
                       lambda data: perform(request.user, household, data),
                       success_message=message, success_url=url, failure_url=url)


# ---- pairings ------------------------------------------------------------------------------

@login_required
@require_POST
def pairing_create(request, pk):
    """Pair a helper with the household (the detail page's form)."""
    household = access.access_household(actor=request.user, id=pk)
    require_who(request.user, rules.PAIR, household)
    form = _pairing_form(household, data=request.POST)
    url = _detail_url(household)

    def perform(data):
        helper = services.pairing_helper(household.community, data["helper_kind"],
                                         form.helper_id())
        return services.pairing_create(actor=request.user, household=household,
                                       starts_on=data["starts_on"], ends_on=data["ends_on"],
                                       goals=data["goals"], **helper)

    return submit_form(request, form, perform, success_message=_("已结对。"),
                       success_url=url, failure_url=url)


@login_required
@require_POST
def pairing_end(request, pk):
    pairing = access.access_pairing(actor=request.user, id=pk)
    require_who(request.user, rules.END_PAIRING, pairing)
    url = _detail_url(pairing.household)
    return submit_form(request, EmptyForm(data=request.POST),
                       lambda data: services.pairing_end(actor=request.user, pairing=pairing),
                       success_message=_("结对已结束。"), success_url=url, failure_url=url)


# ---- statistics (street and district) -------------------------------------------------------

@login_required
def statistics(request):
    """Households and visits per community, counts only (admins above the community see
    totals, not people)."""
    if not rules.can_view_statistics(request.user):
        raise PermissionDenied()
    rows = selectors.statistics_by_community(request.user, today=timezone.localdate())
    totals = {key: sum(row[key] for row in rows)
              for key in ("active", "paired", "unpaired", "closed_this_year",
                          "visits_this_month")}
    return render(request, "care/register/statistics.html", {"rows": rows, "totals": totals})

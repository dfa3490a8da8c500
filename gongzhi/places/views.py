from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.audit.exporting import export_list
from gongzhi.core.actions import require
from gongzhi.core.errors import DomainError
from gongzhi.core.exporting import Column
from gongzhi.core.forms import add_domain_error, submit_form
from gongzhi.places import access, rules, selectors, services
from gongzhi.places.forms import (
    BuildingCreateForm,
    BuildingForm,
    CommunityProfileForm,
    FlatForm,
    FlatUnsoldForm,
    HonourForm,
)

COMMUNITY_COLUMNS = (
    Column(gettext_lazy("社区"), lambda c: c.name, 24),
    Column(gettext_lazy("街道"), lambda c: c.street.name, 20),
    Column(gettext_lazy("常住人口"), lambda c: c.resident_population),
    Column(gettext_lazy("60岁以上"), lambda c: c.elderly_population),
    Column(gettext_lazy("楼栋数"), lambda c: c.building_count),
)


@login_required
def community_list(request):
    search = request.GET.get("q", "").strip()
    communities = selectors.community_list(request.user, search=search)
    if export := export_list(request, communities, COMMUNITY_COLUMNS,
                             what="places.community_list", title=_("社区")):
        return export
    page = Paginator(communities, 30).get_page(request.GET.get("page"))
    context = {"page": page, "search": search}
    if request.htmx:
        return render(request, "places/community_list.html#results", context)
    return render(request, "places/community_list.html", context)


@login_required
def community_detail(request, pk):
    community = access.access_community(actor=request.user, id=pk)
    can_view_places = rules.can_view_places(request.user)
    context = {
        "community": community,
        "honours": selectors.community_honours(request.user, community),
        "can_view_places": can_view_places,
        "honour_form": HonourForm(),
    }
    if can_view_places:
        grids = list(selectors.grid_list(request.user, community_id=community.pk))
        selected_grid = next((g for g in grids if str(g.pk) == request.GET.get("grid")), None)
        context.update({
            "summary": selectors.community_summary(request.user, community),
            "grids": grids,
            "selected_grid": selected_grid,
            "buildings": selectors.community_buildings(
                request.user, community, grid_id=selected_grid.pk if selected_grid else None),
        })
        if request.htmx and request.htmx.target == "buildings":
            return render(request, "places/community_detail.html#buildings", context)
    return render(request, "places/community_detail.html", context)


@login_required
def community_edit(request, pk):
    community = access.access_community(actor=request.user, id=pk,
                                        permission=rules.CHANGE_COMMUNITY)
    form = CommunityProfileForm(data=request.POST or None, instance=community)
    done = submit_form(request, form, lambda data: services.community_profile_update(
        actor=request.user, community=community, data=data),
        success_message=_("社区概况已保存。"),
        success_url=reverse("places:community_detail", args=[community.pk]))
    if done:
        return done
    return render(request, "places/community_edit.html", {"community": community, "form": form})


@login_required
@require_POST
def honour_create(request, pk):
    community = access.access_community(actor=request.user, id=pk,
                                        permission=rules.CHANGE_COMMUNITY)
    detail_url = reverse("places:community_detail", args=[community.pk])
    return submit_form(request, HonourForm(data=request.POST),
                       lambda data: services.honour_create(actor=request.user,
                                                           community=community, **data),
                       success_message=_("荣誉已添加。"), success_url=detail_url,
                       failure_url=detail_url)


@login_required
@require_POST
def honour_delete(request, pk):
    """A button with no input: nothing for a form to check, and a refusal keeps its status."""
    honour = access.access_honour(actor=request.user, id=pk, permission=rules.CHANGE_COMMUNITY)
    community_id = honour.community_id
    services.honour_delete(actor=request.user, honour=honour)
    messages.success(request, _("荣誉已删除。"))
    return redirect("places:community_detail", pk=community_id)


@login_required
def building_create(request, pk):
    community = access.access_community(actor=request.user, id=pk,
                                        permission=rules.CHANGE_COMMUNITY)
    grids = selectors.grid_list(request.user, community_id=community.pk)
    form = BuildingCreateForm(data=request.POST or None, grids=grids)
    done = submit_form(request, form, lambda data: services.building_create(
        actor=request.user, community=community, **data),
        success_message=_("楼栋已添加。"),
        success_url=lambda building: reverse("places:building_detail", args=[building.pk]))
    if done:
        return done
    return render(request, "places/building_form.html",
                  {"community": community, "form": form, "creating": True})


@login_required
def building_detail(request, pk):
    building = access.access_building(actor=request.user, id=pk)
    units = list(selectors.unit_list(request.user, building_id=building.pk))
    selected_unit = next((u for u in units if str(u.pk) == request.GET.get("unit")), None)
    context = {
        "building": building,
        "community": building.community,
        "units": units,
        "selected_unit": selected_unit,
        "flats": selectors.flat_list(request.user, building_id=building.pk,
                                     unit_id=selected_unit.pk if selected_unit else None),
        "summary": selectors.building_summary(request.user, building),
    }
    if request.htmx and request.htmx.target == "flats":
        return render(request, "places/building_detail.html#flats", context)
    return render(request, "places/building_detail.html", context)


@login_required
def building_edit(request, pk):
    building = access.access_building(actor=request.user, id=pk, permission=rules.CHANGE_PLACE)
    grids = selectors.grid_list(request.user, community_id=building.community_id)
    form = BuildingForm(data=request.POST or None, instance=building, grids=grids)
    done = submit_form(request, form, lambda data: services.building_update(
        actor=request.user, building=building, data=data),
        success_message=_("楼栋信息已保存。"),
        success_url=reverse("places:building_detail", args=[building.pk]))
    if done:
        return done
    return render(request, "places/building_form.html",
                  {"community": building.community, "building": building, "form": form})


@login_required
@require_POST
def flat_unsold(request, pk):
    """Mark a flat unsold developer stock with the evidence, or take the marking off (a button
    on the draft vote's list of unsettled flats, and on any page that passes `next`)."""
    flat = access.access_flat(actor=request.user, id=pk)
    require(request.user, rules.MARK_FLAT_UNSOLD, flat)  # seen but not allowed: 403, as the API
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = reverse("places:building_detail", args=[flat.building_id])
    return submit_form(request, FlatUnsoldForm(data=request.POST),
                       lambda data: services.flat_mark_unsold(
                           actor=request.user, flat=flat, unsold=data["unsold"],
                           evidence=data["evidence"]),
                       success_message=_("已保存。"), success_url=back, failure_url=back)


@login_required
def flat_edit(request, pk):
    """Edit a flat: inline in the building's table with HTMX, or as a page without it.

    Not through submit_form: inline, a saved form answers with the flat's row in place (and no
    flash message left for the next page), where submit_form always redirects."""
    flat = access.access_flat(actor=request.user, id=pk, permission=rules.CHANGE_PLACE)
    form = FlatForm(data=request.POST or None, instance=flat)
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.flat_update(actor=request.user, flat=flat, data=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            saved = True
    if request.htmx:
        if saved or request.GET.get("cancel"):
            return render(request, "places/building_detail.html#flat_row",
                          {"flat": flat, "just_saved": saved,
                           # alone, the row fetches its residents count (the page does it once)
                           "row_only": True})
        return render(request, "places/building_detail.html#flat_form_row",
                      {"flat": flat, "form": form})
    if saved:
        messages.success(request, _("房屋信息已保存。"))
        return redirect("places:building_detail", pk=flat.building_id)
    return render(request, "places/flat_edit.html", {"flat": flat, "form": form})

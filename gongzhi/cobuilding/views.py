from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.cobuilding import access, rules, selectors, services
from gongzhi.cobuilding.forms import MatchResponseForm, NeedForm, PublishForm, ReportForm
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied
from gongzhi.core.forms import add_domain_error


@login_required
def board(request):
    if not rules.can_view_board(request.user):
        if rules.can_use_partner_portal(request.user):
            return redirect("cobuilding:partner_home")
        raise PermissionDenied()
    return render(request, "cobuilding/board.html", selectors.board(request.user))


@login_required
def need_create(request):
    communities = list(selectors.editable_communities(request.user))
    if not communities:
        raise Http404
    form = NeedForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        community = next((c for c in communities
                          if str(c.pk) == request.POST.get("community")), None)
        if community is None:
            raise NotFound()
        try:
            need = services.need_create(actor=request.user, community=community,
                                        **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("需求已登记，下面是推荐的资源。"))
            return redirect("cobuilding:need_detail", pk=need.pk)
    return render(request, "cobuilding/need_form.html",
                  {"form": form, "communities": communities})


@login_required
@require_POST
def need_from_case(request, case_pk):
    """Staff turn a resident request into a co-building need (linked both ways)."""
    from gongzhi.casework.access import access_case

    case = access_case(actor=request.user, id=case_pk)
    try:
        need = services.need_create_from_case(actor=request.user, case=case,
                                              category=request.POST.get("category") or "other")
    except DomainError as error:
        if isinstance(error, NotFound | PermissionDenied):
            raise
        messages.error(request, str(error.message))
        return redirect("casework:case_detail", pk=case.pk)
    messages.success(request, _("已转为共建需求，下面是推荐的资源。"))
    return redirect("cobuilding:need_detail", pk=need.pk)


@login_required
def need_detail(request, pk):
    need = access.access_need(actor=request.user, id=pk)
    can_change = rules.can_change(request.user, need)
    context = {
        "need": need,
        "matches": selectors.need_matches(request.user, need),
        "projects": need.projects.select_related("lead_unit"),
        "can_change": can_change,
        "suggestions": (selectors.need_suggestions(request.user, need,
                                                   today=timezone.localdate())
                        if can_change and need.status in ("open", "matching") else []),
    }
    return render(request, "cobuilding/need_detail.html", context)


@login_required
@require_POST
def match_propose(request, pk):
    need = access.access_need(actor=request.user, id=pk, permission=rules.CHANGE_LISTS)
    suggestions = {s.resource.pk: s for s in selectors.need_suggestions(
        request.user, need, today=timezone.localdate())}
    resource_id = request.POST.get("resource", "")
    suggestion = suggestions.get(int(resource_id)) if resource_id.isdigit() else None
    if suggestion is None:
        resource = selectors.community_resource(
            request.user, need=need, resource_id=resource_id if resource_id.isdigit() else 0)
        if resource is None:
            raise NotFound()
        score, reasons = 0, []
    else:
        resource, score, reasons = suggestion.resource, suggestion.score, suggestion.reasons
    try:
        services.match_propose(actor=request.user, need=need, resource=resource, score=score,
                               reasons=reasons)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("已发给%(unit)s，等待对方回复。")
                         % {"unit": resource.unit.name})
    return redirect("cobuilding:need_detail", pk=need.pk)


@login_required
def project_detail(request, pk):
    project = access.access_project(actor=request.user, id=pk)
    is_staff_editor = rules.can_change(request.user, project)
    is_lead_contact = rules.partner_unit_id(request.user) == project.lead_unit_id
    context = {
        "project": project,
        "needs": project.needs.all(),
        "resources": project.resources.select_related("unit"),
        "reports": project.reports.select_related("author"),
        "can_report": (is_staff_editor or is_lead_contact) and project.status == "running",
        "can_publish": is_staff_editor and project.status == "running",
        "report_form": ReportForm(),
        "publish_form": PublishForm(),
    }
    return render(request, "cobuilding/project_detail.html", context)


@login_required
@require_POST
def report_create(request, pk):
    project = access.access_project(actor=request.user, id=pk)
    form = ReportForm(data=request.POST, files=request.FILES)
    if form.is_valid():
        try:
            services.report_create(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("进展已记录。"))
    else:
        messages.error(request, _("请填写进展。"))
    return redirect("cobuilding:project_detail", pk=project.pk)


@login_required
def project_publish(request, pk):
    project = access.access_project(actor=request.user, id=pk)
    form = PublishForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_publish(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("项目成效已公开。"))
            return redirect("cobuilding:project_detail", pk=project.pk)
    if not rules.can_change(request.user, project):
        raise NotFound()
    return render(request, "cobuilding/project_publish.html", {"project": project, "form": form})


@login_required
def partner_home(request):
    if not rules.can_use_partner_portal(request.user):
        raise Http404
    return render(request, "cobuilding/partner_home.html", {
        "unit": selectors.partner_unit(request.user),
        "pending": selectors.pending_partner_matches(request.user),
        "answered": selectors.partner_matches(request.user).exclude(status="proposed"),
        "agreements": selectors.partner_agreements(request.user),
        "resources": selectors.partner_resources(request.user),
        "projects": selectors.partner_projects(request.user),
        "form": MatchResponseForm(),
    })


@login_required
@require_POST
def match_respond(request, pk):
    match = access.access_partner_match(actor=request.user, id=pk)
    form = MatchResponseForm(data=request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择接受或婉拒。"))
        return redirect("cobuilding:partner_home")
    try:
        project = services.match_respond(actor=request.user, match=match,
                                         accept=form.cleaned_data["decision"] == "accept",
                                         note=form.cleaned_data["note"])
    except DomainError as error:
        messages.error(request, " ".join(
            str(m) for ms in error.detail.values() for m in ms) or str(error.message))
        return redirect("cobuilding:partner_home")
    if project is not None:
        messages.success(request, _("已接受，项目已建立。"))
        return redirect("cobuilding:project_detail", pk=project.pk)
    messages.success(request, _("已婉拒，社区会另找资源。"))
    return redirect("cobuilding:partner_home")

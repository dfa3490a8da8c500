from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.casework.access import access_case
from gongzhi.cobuilding import access, rules, selectors, services
from gongzhi.cobuilding.forms import (
    AgreementForm,
    AgreementRenewForm,
    AgreementReviewForm,
    ContactCreateForm,
    ContactLinkForm,
    EvaluationForm,
    MatchResponseForm,
    MilestoneForm,
    NeedCloseForm,
    NeedForm,
    NeedReopenForm,
    PartnerResourceForm,
    ProjectCreateForm,
    ProjectLeadForm,
    PublishForm,
    ReportForm,
    ResourceForm,
    UnitForm,
)
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied
from gongzhi.core.forms import add_domain_error, domain_error_text


@login_required
def board(request):
    if not rules.can_view_board(request.user):
        if rules.can_use_partner_portal(request.user):
            return redirect("cobuilding:partner_home")
        raise PermissionDenied()
    community_id = _int(request.GET.get("community"))
    need_status = request.GET.get("need_status") or None
    return render(request, "cobuilding/board.html", {
        **selectors.board(request.user, community_id=community_id, need_status=need_status),
        "can_edit": selectors.editable_communities(request.user).exists()})


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def _form_page(request, form, *, heading, submit_label, cancel_url, **extra):
    return render(request, "cobuilding/form.html", {
        "form": form, "heading": heading, "submit_label": submit_label,
        "cancel_url": cancel_url, **extra})


def _require_board(user) -> None:
    if not rules.can_view_board(user):
        raise PermissionDenied()


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
        "reopen_form": NeedReopenForm(),
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
                         % {"unit": resource.provider_name})
    return redirect("cobuilding:need_detail", pk=need.pk)


@login_required
def project_detail(request, pk):
    project = access.access_project(actor=request.user, id=pk)
    is_staff_editor = rules.can_change(request.user, project)
    is_lead_contact = (project.lead_unit_id is not None
                       and rules.partner_unit_id(request.user) == project.lead_unit_id)
    is_running = project.status == "running"
    context = {
        "project": project,
        "needs": project.needs.all(),
        "resources": project.resources.select_related("unit"),
        "reports": project.reports.select_related("author"),
        "milestones": selectors.project_milestones(project),
        # other units' pending answers are for the community's staff only
        "pending_matches": (selectors.need_matches(request.user, None).filter(
            project=project, status="proposed") if rules.can_view_board(request.user) else []),
        "evaluations": selectors.project_evaluations(project)[:20],
        "evaluation_summary": selectors.evaluation_summary(project),
        "can_report": (is_staff_editor or is_lead_contact) and is_running,
        "can_publish": is_staff_editor and is_running,
        "report_form": ReportForm(),
        "milestone_form": MilestoneForm(),
        "lead_form": (ProjectLeadForm(
            units=selectors.community_units(request.user, project.community),
            users=selectors.lead_user_choices(request.user, project.community),
            initial={"lead_unit": project.lead_unit_id, "lead_user": project.lead_user_id})
            if is_staff_editor else None),
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
        messages.error(request, domain_error_text(error))
        return redirect("cobuilding:partner_home")
    if project is not None:
        messages.success(request, _("已接受，项目已建立。"))
        return redirect("cobuilding:project_detail", pk=project.pk)
    messages.success(request, _("已婉拒，社区会另找资源。"))
    return redirect("cobuilding:partner_home")


# ---- partner units and their contacts ------------------------------------------------------

@login_required
def unit_list(request):
    _require_board(request.user)
    return render(request, "cobuilding/unit_list.html", {
        "units": selectors.unit_list(request.user, community_id=_int(
            request.GET.get("community"))),
        "can_manage": rules.can_manage_partners(request.user),
    })


@login_required
def unit_create(request):
    communities = list(selectors.managed_communities(request.user))
    if not communities:
        raise Http404
    form = UnitForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        community = next((c for c in communities
                          if str(c.pk) == request.POST.get("community")), None)
        if community is None:
            raise NotFound()
        try:
            unit = services.unit_create(actor=request.user, community=community,
                                        **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("共建单位已登记。"))
            return redirect("cobuilding:unit_detail", pk=unit.pk)
    return _form_page(request, form, heading=_("登记共建单位"), submit_label=_("保存"),
                      cancel_url=reverse("cobuilding:unit_list"), communities=communities)


@login_required
def unit_detail(request, pk):
    unit = access.access_unit(actor=request.user, id=pk)
    can_manage = rules.can_manage_partners(request.user, unit)
    return render(request, "cobuilding/unit_detail.html", {
        "unit": unit,
        "can_manage": can_manage,
        "can_change": rules.can_change(request.user, unit),
        "contacts": selectors.unit_contacts(request.user, unit),
        "agreements": selectors.agreement_list(request.user, unit_id=unit.pk),
        "resources": selectors.resource_list(request.user, unit_id=unit.pk),
        "projects": selectors.project_list(request.user).filter(lead_unit=unit),
        "today": timezone.localdate(),
        "create_form": ContactCreateForm(prefix="new"),
        "link_form": ContactLinkForm(prefix="link"),
    })


@login_required
def unit_edit(request, pk):
    unit = access.access_unit(actor=request.user, id=pk, permission=rules.MANAGE_PARTNERS)
    form = UnitForm(data=request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(actor=request.user, unit=unit, data=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("cobuilding:unit_detail", pk=unit.pk)
    return _form_page(request, form, heading=_("修改共建单位"), submit_label=_("保存"),
                      cancel_url=reverse("cobuilding:unit_detail", args=[unit.pk]))


@login_required
@require_POST
def contact_add(request, pk):
    """Open a login for the unit's contact, or link an existing one."""
    unit = access.access_unit(actor=request.user, id=pk, permission=rules.MANAGE_PARTNERS)
    try:
        if request.POST.get("mode") == "link":
            form = ContactLinkForm(data=request.POST, prefix="link")
            if not form.is_valid():
                raise DomainError(_("请填写用户名。"))
            user = selectors.linkable_contact_login(unit, form.cleaned_data["username"])
            if user is None:
                raise DomainError(_("本社区没有这个账号；可以为联络人开设新账号。"))
            services.contact_bind(actor=request.user, user=user, unit=unit)
        else:
            form = ContactCreateForm(data=request.POST, prefix="new")
            if not form.is_valid():
                raise DomainError(_("请填写用户名、姓名和初始密码。"))
            services.contact_create(actor=request.user, unit=unit, **form.cleaned_data)
    except DomainError as error:
        if isinstance(error, NotFound | PermissionDenied):
            raise
        messages.error(request, domain_error_text(error))
    else:
        messages.success(request, _("联络人账号已绑定到本单位。"))
    return redirect("cobuilding:unit_detail", pk=unit.pk)


@login_required
@require_POST
def contact_remove(request, pk):
    contact = access.access_contact(actor=request.user, id=pk)
    unit_pk = contact.unit_id
    services.contact_remove(actor=request.user, contact=contact)
    messages.success(request, _("已解除该联络人账号与本单位的绑定。"))
    return redirect("cobuilding:unit_detail", pk=unit_pk)


# ---- co-building agreements ----------------------------------------------------------------

@login_required
def agreement_list(request):
    _require_board(request.user)
    today = timezone.localdate()
    agreements = selectors.agreement_list(request.user,
                                          community_id=_int(request.GET.get("community")))
    expiring = set(selectors.agreements_expiring_soon(agreements, today=today).values_list(
        "pk", flat=True))
    only_expiring = request.GET.get("expiring") == "1"  # the workbench's link
    if only_expiring:
        agreements = selectors.agreements_expiring_soon(agreements, today=today)
    return render(request, "cobuilding/agreement_list.html", {
        "agreements": agreements, "expiring": expiring, "today": today,
        "only_expiring": only_expiring})


@login_required
def agreement_create(request, pk):
    unit = access.access_unit(actor=request.user, id=pk, permission=rules.MANAGE_PARTNERS)
    form = AgreementForm(data=request.POST or None, initial={
        "title": _("%(community)s与%(unit)s共建协议") % {"community": unit.community.name,
                                                        "unit": unit.name},
        "unit_liaison": unit.liaison_name})
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(actor=request.user, unit=unit,
                                                  **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("共建协议已登记。"))
            return redirect("cobuilding:agreement_detail", pk=agreement.pk)
    return _form_page(request, form, heading=_("登记共建协议：%(unit)s") % {"unit": unit.name},
                      submit_label=_("保存"),
                      cancel_url=reverse("cobuilding:unit_detail", args=[unit.pk]))


@login_required
def agreement_detail(request, pk):
    agreement = access.access_agreement(actor=request.user, id=pk)
    today = timezone.localdate()
    return render(request, "cobuilding/agreement_detail.html", {
        "agreement": agreement,
        "renewal": selectors.agreement_list(request.user).filter(previous=agreement).first(),
        "can_manage": rules.can_manage_partners(request.user, agreement),
        "is_expiring": agreement.is_expiring(today),
        "review_form": AgreementReviewForm(),
    })


@login_required
def agreement_edit(request, pk):
    agreement = access.access_agreement(actor=request.user, id=pk,
                                        permission=rules.MANAGE_PARTNERS)
    form = AgreementForm(data=request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(actor=request.user, agreement=agreement,
                                      data=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("cobuilding:agreement_detail", pk=agreement.pk)
    return _form_page(request, form, heading=_("修改共建协议"), submit_label=_("保存"),
                      cancel_url=reverse("cobuilding:agreement_detail", args=[agreement.pk]))


@login_required
@require_POST
def agreement_review(request, pk):
    agreement = access.access_agreement(actor=request.user, id=pk,
                                        permission=rules.MANAGE_PARTNERS)
    form = AgreementReviewForm(data=request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写评估意见。"))
    else:
        services.agreement_review(actor=request.user, agreement=agreement,
                                  note=form.cleaned_data["note"],
                                  reviewed_on=timezone.localdate())
        messages.success(request, _("评估意见已记录。"))
    return redirect("cobuilding:agreement_detail", pk=agreement.pk)


@login_required
def agreement_renew(request, pk):
    agreement = access.access_agreement(actor=request.user, id=pk,
                                        permission=rules.MANAGE_PARTNERS)
    term = agreement.ends_on - agreement.starts_on
    starts_on = agreement.ends_on + timedelta(days=1)
    form = AgreementRenewForm(data=request.POST or None, initial={
        "starts_on": starts_on, "ends_on": starts_on + term})
    if request.method == "POST" and form.is_valid():
        try:
            renewal = services.agreement_renew(actor=request.user, agreement=agreement,
                                               **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已续签，新协议沿用原协议的承诺，可再修改。"))
            return redirect("cobuilding:agreement_detail", pk=renewal.pk)
    return _form_page(request, form, heading=_("续签：%(title)s") % {"title": agreement.title},
                      intro=_("新协议与原协议关联，沿用原协议的承诺和会议频次。"),
                      submit_label=_("续签"),
                      cancel_url=reverse("cobuilding:agreement_detail", args=[agreement.pk]))


# ---- resources ---------------------------------------------------------------------------

@login_required
def resource_list(request):
    _require_board(request.user)
    return render(request, "cobuilding/resource_list.html", {
        "resources": selectors.resource_list(request.user,
                                             community_id=_int(request.GET.get("community"))),
        "can_create": selectors.editable_communities(request.user).exists(),
    })


@login_required
def resource_create(request):
    communities = list(selectors.editable_communities(request.user))
    if not communities:
        raise Http404
    units = selectors.editable_units(request.user)
    form = ResourceForm(data=request.POST or None, units=units,
                        members=selectors.editable_members(request.user),
                        initial={"unit": _int(request.GET.get("unit"))})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        community = next((c for c in communities
                          if str(c.pk) == request.POST.get("community")), None)
        if community is None and request.POST.get("community"):
            raise NotFound()
        try:
            services.resource_create(actor=request.user, unit=unit, community=community,
                                     **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("资源已登记。"))
            return redirect("cobuilding:resource_list")
    return _form_page(request, form, heading=_("登记资源"), submit_label=_("保存"),
                      cancel_url=reverse("cobuilding:resource_list"), communities=communities)


@login_required
def resource_edit(request, pk):
    resource = access.access_resource(actor=request.user, id=pk, permission=rules.CHANGE_LISTS)
    form = ResourceForm(data=request.POST or None, instance=resource,
                        units=selectors.community_units(request.user, resource.community),
                        members=selectors.editable_members(request.user, resource.community))
    form.fields["unit"].disabled = True
    form.fields["member"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("unit", "member")}
        try:
            services.resource_update(actor=request.user, resource=resource, data=data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("cobuilding:resource_list")
    return _form_page(request, form, heading=_("修改资源"), submit_label=_("保存"),
                      cancel_url=reverse("cobuilding:resource_list"))


# ---- editing and closing a need ----------------------------------------------------------

@login_required
def need_edit(request, pk):
    need = access.access_need(actor=request.user, id=pk, permission=rules.CHANGE_LISTS)
    form = NeedForm(data=request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_update(actor=request.user, need=need, data=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("cobuilding:need_detail", pk=need.pk)
    return _form_page(request, form, heading=_("修改需求"), submit_label=_("保存"),
                      cancel_url=reverse("cobuilding:need_detail", args=[need.pk]))


@login_required
@require_POST
def need_close(request, pk):
    need = access.access_need(actor=request.user, id=pk, permission=rules.CHANGE_LISTS)
    form = NeedCloseForm(data=request.POST)
    try:
        services.need_close(actor=request.user, need=need,
                            reason=form.data.get("reason", ""))
    except DomainError as error:
        messages.error(request, domain_error_text(error))
    else:
        messages.success(request, _("需求已关闭。"))
    return redirect("cobuilding:need_detail", pk=need.pk)


@login_required
@require_POST
def need_reopen(request, pk):
    need = access.access_need(actor=request.user, id=pk, permission=rules.CHANGE_LISTS)
    try:
        services.need_reopen(actor=request.user, need=need,
                             reason=request.POST.get("reason", ""))
    except DomainError as error:
        messages.error(request, domain_error_text(error))
    else:
        messages.success(request, _("需求已重新开启，可重新匹配资源。"))
    return redirect("cobuilding:need_detail", pk=need.pk)


@login_required
@require_POST
def project_lead(request, pk):
    """Staff change who leads a project: a partner unit, or a person."""
    project = access.access_project(actor=request.user, id=pk)
    if not rules.can_change(request.user, project):
        raise NotFound()
    form = ProjectLeadForm(data=request.POST,
                           units=selectors.community_units(request.user, project.community),
                           users=selectors.lead_user_choices(request.user, project.community))
    if not form.is_valid():
        messages.error(request, _("请选择一个牵头单位或一位牵头人。"))
        return redirect("cobuilding:project_detail", pk=project.pk)
    try:
        services.project_set_lead(actor=request.user, project=project, **form.cleaned_data)
    except DomainError as error:
        if isinstance(error, NotFound | PermissionDenied):
            raise
        messages.error(request, domain_error_text(error))
    else:
        messages.success(request, _("牵头方已更改。"))
    return redirect("cobuilding:project_detail", pk=project.pk)


# ---- projects from several matches, milestones ------------------------------------------

@login_required
def project_create(request):
    communities = list(selectors.editable_communities(request.user))
    if not communities:
        raise Http404
    chosen = _int(request.POST.get("community") or request.GET.get("community"))
    community = next((c for c in communities if c.pk == chosen), None)
    if community is None:
        if chosen or request.method == "POST":
            raise NotFound()
        community = communities[0]
    form = ProjectCreateForm(
        data=request.POST or None,
        matches=selectors.match_list(request.user, community_id=community.pk,
                                     without_project=True),
        units=selectors.community_units(request.user, community),
        users=selectors.lead_user_choices(request.user, community))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            project = services.project_create(actor=request.user, community=community,
                                              matches=list(data.pop("matches")), **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("项目已建立。"))
            return redirect("cobuilding:project_detail", pk=project.pk)
    return _form_page(request, form, heading=_("由对接建立项目"), submit_label=_("建立项目"),
                      intro=_("可把几项需求和几家单位的资源放进同一个项目；待单位回复的对接，"
                              "单位接受后资源自动加入。"),
                      cancel_url=reverse("cobuilding:board"), communities=communities,
                      selected_community=community.pk)


@login_required
@require_POST
def milestone_create(request, pk):
    project = access.access_project(actor=request.user, id=pk)
    form = MilestoneForm(data=request.POST)
    if form.is_valid():
        try:
            services.milestone_create(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as error:
            if isinstance(error, NotFound | PermissionDenied):
                raise
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("节点已添加。"))
    else:
        messages.error(request, _("请填写节点。"))
    return redirect("cobuilding:project_detail", pk=project.pk)


@login_required
@require_POST
def milestone_done(request, pk):
    milestone = access.access_milestone(actor=request.user, id=pk)
    services.milestone_done(actor=request.user, milestone=milestone,
                            done_on=timezone.localdate())
    messages.success(request, _("节点已完成。"))
    return redirect("cobuilding:project_detail", pk=milestone.project_id)


# ---- residents: finished projects of their community and their rating ------------------

@login_required
def community_projects(request):
    if not rules.can_evaluate_projects(request.user):
        raise PermissionDenied()
    return render(request, "cobuilding/community_projects.html", {
        "projects": selectors.evaluable_projects(request.user).order_by("-published_at"),
        "rated": selectors.rated_project_ids(request.user),
    })


@login_required
def project_evaluate(request, pk):
    project = access.access_evaluable_project(actor=request.user, id=pk)
    form = EvaluationForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(actor=request.user, project=project,
                                       **form.cleaned_data)
        except DomainError as error:
            if isinstance(error, NotFound):
                raise
            add_domain_error(form, error)
        else:
            messages.success(request, _("谢谢您的评价。"))
            return redirect("cobuilding:community_projects")
    return render(request, "cobuilding/project_evaluate.html", {
        "project": project, "form": form,
        "already": project.pk in selectors.rated_project_ids(request.user),
        "summary": selectors.evaluation_summary(project)})


# ---- the partner contact offers a resource of their unit ------------------------------

@login_required
def partner_resource_create(request):
    if not rules.can_use_partner_portal(request.user):
        raise Http404
    form = PartnerResourceForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_offer(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("资源已登记，社区可据此匹配需求。"))
            return redirect("cobuilding:partner_home")
    return _form_page(request, form, heading=_("本单位提供新资源"), submit_label=_("提交"),
                      cancel_url=reverse("cobuilding:partner_home"))

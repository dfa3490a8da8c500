from datetime import timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.audit.exporting import export_list
from gongzhi.casework.access import access_case
from gongzhi.cobuilding import access, rules, selectors, services
from gongzhi.cobuilding.forms import (
    EvaluationForm,
    MatchProposeForm,
    MatchResponseForm,
    MilestoneForm,
    NeedCloseForm,
    NeedForm,
    NeedFromCaseForm,
    NeedReopenForm,
    PartnerResourceForm,
    ProjectCreateForm,
    ProjectLeadForm,
    PublishForm,
    ReportForm,
    ResourceForm,
    offer_communities,
)
from gongzhi.core.actions import require_who
from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.core.exporting import Column
from gongzhi.core.forms import submit_form
from gongzhi.organisations import services as partner_services
from gongzhi.organisations.forms import (
    AgreementForm,
    AgreementRenewForm,
    AgreementReviewForm,
    ContactCreateForm,
    ContactLinkForm,
    UnitForm,
)
from gongzhi.places import selectors as places_selectors


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
    communities = selectors.editable_communities(request.user)
    if not communities:
        raise Http404
    form = NeedForm(data=request.POST or None)
    offer_communities(form, communities)
    done = submit_form(
        request, form, lambda data: services.need_create(actor=request.user, **data),
        success_message=_("需求已登记，下面是推荐的资源。"),
        success_url=lambda need: reverse("cobuilding:need_detail", args=[need.pk]))
    if done:
        return done
    return render(request, "cobuilding/need_form.html", {"form": form})


@login_required
@require_POST
def need_from_case(request, case_pk):
    """Staff turn a resident request into a co-building need (linked both ways)."""
    case = access_case(actor=request.user, id=case_pk)
    require_who(request.user, "cobuilding.create_need_from_case", case)
    return submit_form(
        request, NeedFromCaseForm(data=request.POST),
        lambda data: services.need_create_from_case(actor=request.user, case=case,
                                                    category=data["category"] or "other"),
        success_message=_("已转为共建需求，下面是推荐的资源。"),
        success_url=lambda need: reverse("cobuilding:need_detail", args=[need.pk]),
        failure_url=reverse("casework:case_detail", args=[case.pk]))


@login_required
def need_detail(request, pk):
    need = access.access_need(actor=request.user, id=pk)
    # each button asks its action's rule ({% has_perm %}); suggestions only for who may propose
    may_propose = request.user.has_perm("cobuilding.propose_match", need)
    context = {
        "need": need,
        "reopen_form": NeedReopenForm(),
        "matches": selectors.need_matches(request.user, need),
        "projects": need.projects.select_related("lead_unit"),
        "may_propose": may_propose,
        "suggestions": (selectors.need_suggestions(request.user, need,
                                                   today=timezone.localdate())
                        if may_propose else []),
    }
    return render(request, "cobuilding/need_detail.html", context)


@login_required
@require_POST
def match_propose(request, pk):
    need = access.access_need(actor=request.user, id=pk)
    require_who(request.user, "cobuilding.propose_match", need)
    detail_url = reverse("cobuilding:need_detail", args=[need.pk])
    return submit_form(
        request, MatchProposeForm(data=request.POST),
        lambda data: services.match_propose_suggested(actor=request.user, need=need,
                                                        resource_id=data["resource"]),
        success_message=lambda match: _("已发给%(unit)s，等待对方回复。") % {
            "unit": match.resource.provider_name},
        success_url=detail_url, failure_url=detail_url)



@login_required
def project_detail(request, pk):
    project = access.access_project(actor=request.user, id=pk)
    # each button asks its action's rule ({% has_perm %} in the template)
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
        "report_form": ReportForm(),
        "milestone_form": MilestoneForm(),
        "lead_form": (ProjectLeadForm(
            units=selectors.community_units(request.user, project.community),
            users=selectors.lead_user_choices(request.user, project.community),
            initial={"lead_unit": project.lead_unit_id, "lead_user": project.lead_user_id})
            if request.user.has_perm("cobuilding.set_project_lead", project) else None),
        "publish_form": PublishForm(),
    }
    return render(request, "cobuilding/project_detail.html", context)


@login_required
@require_POST
def report_create(request, pk):
    project = access.access_project(actor=request.user, id=pk)
    require_who(request.user, "cobuilding.create_report", project)
    detail_url = reverse("cobuilding:project_detail", args=[project.pk])
    return submit_form(
        request, ReportForm(data=request.POST, files=request.FILES),
        lambda data: services.report_create(actor=request.user, project=project, **data),
        success_message=_("进展已记录。"), success_url=detail_url, failure_url=detail_url)


@login_required
def project_publish(request, pk):
    project = access.access_project(actor=request.user, id=pk)
    require_who(request.user, "cobuilding.publish_project", project)
    form = PublishForm(data=request.POST or None)
    done = submit_form(
        request, form,
        lambda data: services.project_publish(actor=request.user, project=project, **data),
        success_message=_("项目成效已公开。"),
        success_url=reverse("cobuilding:project_detail", args=[project.pk]))
    if done:
        return done
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
    home_url = reverse("cobuilding:partner_home")
    return submit_form(
        request, MatchResponseForm(data=request.POST),
        lambda data: services.match_respond(actor=request.user, match=match,
                                            accept=data["decision"] == "accept",
                                            note=data["note"]),
        success_message=lambda project: (_("已接受，项目已建立。") if project is not None
                                         else _("已婉拒，社区会另找资源。")),
        success_url=lambda project: (reverse("cobuilding:project_detail", args=[project.pk])
                                     if project is not None else home_url),
        failure_url=home_url)


# ---- partner units and their contacts ------------------------------------------------------

UNIT_COLUMNS = (
    Column(gettext_lazy("单位"), lambda u: u.name, 24),
    Column(gettext_lazy("社区"), lambda u: u.community.name),
    Column(gettext_lazy("单位党组织"), lambda u: u.party_organisation, 20),
    Column(gettext_lazy("类型"), lambda u: u.get_kind_display()),
    Column(gettext_lazy("联络人"), lambda u: u.liaison_name or "—"),
    Column(gettext_lazy("协议"), lambda u: u.agreement_count),
    Column(gettext_lazy("资源"), lambda u: u.resource_count),
    Column(gettext_lazy("项目"), lambda u: u.project_count),
)


@login_required
def unit_list(request):
    _require_board(request.user)
    units = selectors.unit_list(request.user, community_id=_int(request.GET.get("community")))
    # names a liaison person of each unit: audited
    if export := export_list(request, units, UNIT_COLUMNS, what="cobuilding.unit_list",
                             title=gettext_lazy("共建单位"), personal=True):
        return export
    return render(request, "cobuilding/unit_list.html", {
        "units": units,
        "can_manage": rules.can_manage_partners(request.user),
    })


@login_required
def unit_create(request):
    communities = selectors.managed_communities(request.user)
    if not communities:
        raise Http404
    form = UnitForm(data=request.POST or None)
    offer_communities(form, communities)
    done = submit_form(
        request, form, lambda data: partner_services.unit_create(actor=request.user, **data),
        success_message=_("共建单位已登记。"),
        success_url=lambda unit: reverse("cobuilding:unit_detail", args=[unit.pk]))
    if done:
        return done
    return _form_page(request, form, heading=_("登记共建单位"), submit_label=_("保存"),
                              cancel_url=reverse("cobuilding:unit_list"))


@login_required
def unit_detail(request, pk):
    unit = access.access_unit(actor=request.user, id=pk)
    return render(request, "cobuilding/unit_detail.html", {
        "unit": unit,
        # may register a resource of the unit: the rule of its community
        "resource_community": unit.community,
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
    unit = access.access_unit(actor=request.user, id=pk)
    require_who(request.user, "cobuilding.change_unit", unit)
    form = UnitForm(data=request.POST or None, instance=unit)
    done = submit_form(
        request, form,
        lambda data: partner_services.unit_update(actor=request.user, unit=unit, data=data),
        success_message=_("已保存。"),
        success_url=reverse("cobuilding:unit_detail", args=[unit.pk]))
    if done:
        return done
    return _form_page(request, form, heading=_("修改共建单位"), submit_label=_("保存"),
                      cancel_url=reverse("cobuilding:unit_detail", args=[unit.pk]))


@login_required
@require_POST
def contact_add(request, pk):
    """Open a login for the unit's contact."""
    unit = access.access_unit(actor=request.user, id=pk)
    require_who(request.user, "cobuilding.add_contact", unit)
    detail_url = reverse("cobuilding:unit_detail", args=[unit.pk])
    return submit_form(
        request, ContactCreateForm(data=request.POST, prefix="new"),
        lambda data: partner_services.contact_create(actor=request.user, unit=unit, **data),
        success_message=_("联络人账号已绑定到本单位。"), success_url=detail_url,
        failure_url=detail_url)


@login_required
@require_POST
def contact_link(request, pk):
    """Bind an existing login of the community to the unit as its contact."""
    unit = access.access_unit(actor=request.user, id=pk)
    require_who(request.user, "cobuilding.add_contact", unit)
    detail_url = reverse("cobuilding:unit_detail", args=[unit.pk])
    return submit_form(
        request, ContactLinkForm(data=request.POST, prefix="link"),
        lambda data: partner_services.contact_link(actor=request.user, unit=unit,
                                           username=data["username"]),
        success_message=_("联络人账号已绑定到本单位。"), success_url=detail_url,
        failure_url=detail_url)


@login_required
@require_POST
def contact_remove(request, pk):
    contact = access.access_contact(actor=request.user, id=pk)
    detail_url = reverse("cobuilding:unit_detail", args=[contact.unit_id])
    return submit_form(
        request, forms.Form(data=request.POST),
        lambda data: partner_services.contact_remove(actor=request.user, contact=contact),
        success_message=_("已解除该联络人账号与本单位的绑定。"), success_url=detail_url,
        failure_url=detail_url)


# ---- co-building agreements ----------------------------------------------------------------

def _agreement_state(agreement, expiring, today) -> str:
    if agreement.pk in expiring:
        state = _("即将到期")
    elif agreement.ends_on < today:
        state = _("已到期")
    elif agreement.starts_on > today:
        state = _("未开始")
    else:
        state = _("有效")
    return f"{state} {_('已续签')}" if hasattr(agreement, "renewal") else state


def agreement_columns(expiring, today):
    return (
        Column(gettext_lazy("协议"), lambda a: a.title, 30),
        Column(gettext_lazy("共建单位"), lambda a: a.unit.name, 24),
        Column(gettext_lazy("社区"), lambda a: a.community.name),
        Column(gettext_lazy("开始"), lambda a: a.starts_on),
        Column(gettext_lazy("结束"), lambda a: a.ends_on),
        Column(gettext_lazy("联席会议"), lambda a: a.get_cadence_display()),
        Column(gettext_lazy("状态"), lambda a: _agreement_state(a, expiring, today)),
    )


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
    if export := export_list(request, agreements, agreement_columns(expiring, today),
                             what="cobuilding.agreement_list", title=gettext_lazy("共建协议")):
        return export
    return render(request, "cobuilding/agreement_list.html", {
        "agreements": agreements, "expiring": expiring, "today": today,
        "only_expiring": only_expiring})


@login_required
def agreement_create(request, pk):
    unit = access.access_unit(actor=request.user, id=pk)
    require_who(request.user, "cobuilding.create_agreement", unit)
    form = AgreementForm(data=request.POST or None, initial={
        "title": _("%(community)s与%(unit)s共建协议") % {"community": unit.community.name,
                                                        "unit": unit.name},
        "unit_liaison": unit.liaison_name})
    done = submit_form(
        request, form,
        lambda data: partner_services.agreement_create(actor=request.user, unit=unit, **data),
        success_message=_("共建协议已登记。"),
        success_url=lambda agreement: reverse("cobuilding:agreement_detail",
                                              args=[agreement.pk]))
    if done:
        return done
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
        "is_expiring": agreement.is_expiring(today),
        "review_form": AgreementReviewForm(),
    })


@login_required
def agreement_edit(request, pk):
    agreement = access.access_agreement(actor=request.user, id=pk)
    require_who(request.user, "cobuilding.change_agreement", agreement)
    form = AgreementForm(data=request.POST or None, instance=agreement)
    done = submit_form(
        request, form,
        lambda data: partner_services.agreement_update(actor=request.user, agreement=agreement,
                                               data=data),
        success_message=_("已保存。"),
        success_url=reverse("cobuilding:agreement_detail", args=[agreement.pk]))
    if done:
        return done
    return _form_page(request, form, heading=_("修改共建协议"), submit_label=_("保存"),
                      cancel_url=reverse("cobuilding:agreement_detail", args=[agreement.pk]))


@login_required
@require_POST
def agreement_review(request, pk):
    agreement = access.access_agreement(actor=request.user, id=pk)
    require_who(request.user, "cobuilding.review_agreement", agreement)
    detail_url = reverse("cobuilding:agreement_detail", args=[agreement.pk])
    return submit_form(
        request, AgreementReviewForm(data=request.POST),
        lambda data: partner_services.agreement_review(actor=request.user, agreement=agreement,
                                               note=data["note"],
                                               reviewed_on=timezone.localdate()),
        success_message=_("评估意见已记录。"), success_url=detail_url, failure_url=detail_url)


@login_required
def agreement_renew(request, pk):
    agreement = access.access_agreement(actor=request.user, id=pk)
    require_who(request.user, "cobuilding.renew_agreement", agreement)
    term = agreement.ends_on - agreement.starts_on
    starts_on = agreement.ends_on + timedelta(days=1)
    form = AgreementRenewForm(data=request.POST or None, initial={
        "starts_on": starts_on, "ends_on": starts_on + term})
    done = submit_form(
        request, form,
        lambda data: partner_services.agreement_renew(actor=request.user, agreement=agreement,
                                                      **data),
        success_message=_("已续签，新协议沿用原协议的承诺，可再修改。"),
        success_url=lambda renewal: reverse("cobuilding:agreement_detail", args=[renewal.pk]))
    if done:
        return done
    return _form_page(request, form, heading=_("续签：%(title)s") % {"title": agreement.title},
                      intro=_("新协议与原协议关联，沿用原协议的承诺和会议频次。"),
                      submit_label=_("续签"),
                      cancel_url=reverse("cobuilding:agreement_detail", args=[agreement.pk]))


# ---- resources ---------------------------------------------------------------------------

def _resource_time(resource) -> str:
    if not (resource.available_from or resource.available_until):
        return _("长期")
    start = resource.available_from.isoformat() if resource.available_from else "…"
    end = resource.available_until.isoformat() if resource.available_until else "…"
    return f"{start} — {end}"


RESOURCE_COLUMNS = (
    Column(gettext_lazy("资源"), lambda r: r.title, 28),
    Column(gettext_lazy("类别"), lambda r: r.get_category_display()),
    Column(gettext_lazy("已停供"), lambda r: not r.is_active),
    Column(gettext_lazy("提供方"), lambda r: r.unit.name if r.unit_id else _("党员 %(name)s") % {
        "name": r.provider_name}, 20),
    Column(gettext_lazy("形式"), lambda r: r.get_kind_display()),
    Column(gettext_lazy("每次人数"), lambda r: r.capacity or "—"),
    Column(gettext_lazy("提供时间"), _resource_time, 24),
)


@login_required
def resource_list(request):
    _require_board(request.user)
    resources = selectors.resource_list(request.user,
                                        community_id=_int(request.GET.get("community")))
    # names the party members who offer a resource: audited
    if export := export_list(request, resources, RESOURCE_COLUMNS,
                             what="cobuilding.resource_list", title=gettext_lazy("共建资源"),
                             personal=True):
        return export
    return render(request, "cobuilding/resource_list.html", {
        "resources": resources,
        "can_create": selectors.editable_communities(request.user).exists(),
    })


@login_required
def resource_create(request):
    communities = selectors.editable_communities(request.user)
    if not communities:
        raise Http404
    units = selectors.editable_units(request.user)
    form = ResourceForm(data=request.POST or None, units=units,
                        members=selectors.editable_members(request.user),
                        initial={"unit": _int(request.GET.get("unit"))})
    # the community of a resource offered by a party member not on the roll
    offer_communities(form, communities, required=False)
    done = submit_form(
        request, form, lambda data: services.resource_create(actor=request.user, **data),
        success_message=_("资源已登记。"), success_url=reverse("cobuilding:resource_list"))
    if done:
        return done
    return _form_page(request, form, heading=_("登记资源"), submit_label=_("保存"),
                              cancel_url=reverse("cobuilding:resource_list"))


@login_required
def resource_edit(request, pk):
    resource = access.access_resource(actor=request.user, id=pk)
    require_who(request.user, "cobuilding.change_resource", resource)
    form = ResourceForm(data=request.POST or None, instance=resource,
                        units=selectors.community_units(request.user, resource.community),
                        members=selectors.editable_members(request.user, resource.community))
    form.fields["unit"].disabled = True
    form.fields["member"].disabled = True
    done = submit_form(
        request, form,
        lambda data: services.resource_update(
            actor=request.user, resource=resource,
            data={k: v for k, v in data.items() if k not in ("unit", "member")}),
        success_message=_("已保存。"), success_url=reverse("cobuilding:resource_list"))
    if done:
        return done
    return _form_page(request, form, heading=_("修改资源"), submit_label=_("保存"),
                      cancel_url=reverse("cobuilding:resource_list"))


# ---- editing and closing a need ----------------------------------------------------------

@login_required
def need_edit(request, pk):
    need = access.access_need(actor=request.user, id=pk)
    require_who(request.user, "cobuilding.change_need", need)
    form = NeedForm(data=request.POST or None, instance=need)
    done = submit_form(
        request, form,
        lambda data: services.need_update(actor=request.user, need=need, data=data),
        success_message=_("已保存。"),
        success_url=reverse("cobuilding:need_detail", args=[need.pk]))
    if done:
        return done
    return _form_page(request, form, heading=_("修改需求"), submit_label=_("保存"),
                      cancel_url=reverse("cobuilding:need_detail", args=[need.pk]))


@login_required
@require_POST
def need_close(request, pk):
    need = access.access_need(actor=request.user, id=pk)
    require_who(request.user, "cobuilding.close_need", need)
    detail_url = reverse("cobuilding:need_detail", args=[need.pk])
    return submit_form(
        request, NeedCloseForm(data=request.POST),
        lambda data: services.need_close(actor=request.user, need=need, reason=data["reason"]),
        success_message=_("需求已关闭。"), success_url=detail_url, failure_url=detail_url)


@login_required
@require_POST
def need_reopen(request, pk):
    need = access.access_need(actor=request.user, id=pk)
    require_who(request.user, "cobuilding.reopen_need", need)
    detail_url = reverse("cobuilding:need_detail", args=[need.pk])
    return submit_form(
        request, NeedReopenForm(data=request.POST),
        lambda data: services.need_reopen(actor=request.user, need=need,
                                          reason=data["reason"]),
        success_message=_("需求已重新开启，可重新匹配资源。"), success_url=detail_url,
        failure_url=detail_url)


@login_required
@require_POST
def project_lead(request, pk):
    """Staff change who leads a project: a partner unit, or a person."""
    project = access.access_project(actor=request.user, id=pk)
    require_who(request.user, "cobuilding.set_project_lead", project)
    form = ProjectLeadForm(data=request.POST,
                           units=selectors.community_units(request.user, project.community),
                           users=selectors.lead_user_choices(request.user, project.community))
    detail_url = reverse("cobuilding:project_detail", args=[project.pk])
    return submit_form(
        request, form,
        lambda data: services.project_set_lead(actor=request.user, project=project, **data),
        success_message=_("牵头方已更改。"), success_url=detail_url, failure_url=detail_url)


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
    done = submit_form(
        request, form,
        lambda data: services.project_create(actor=request.user, community=community,
                                             **{**data, "matches": list(data["matches"])}),
        success_message=_("项目已建立。"),
        success_url=lambda project: reverse("cobuilding:project_detail", args=[project.pk]))
    if done:
        return done
    return _form_page(request, form, heading=_("由对接建立项目"), submit_label=_("建立项目"),
                      intro=_("可把几项需求和几家单位的资源放进同一个项目；待单位回复的对接，"
                              "单位接受后资源自动加入。"),
                      cancel_url=reverse("cobuilding:board"), communities=communities,
                      selected_community=community.pk)


@login_required
@require_POST
def milestone_create(request, pk):
    project = access.access_project(actor=request.user, id=pk)
    require_who(request.user, "cobuilding.create_milestone", project)
    detail_url = reverse("cobuilding:project_detail", args=[project.pk])
    return submit_form(
        request, MilestoneForm(data=request.POST),
        lambda data: services.milestone_create(actor=request.user, project=project, **data),
        success_message=_("节点已添加。"), success_url=detail_url, failure_url=detail_url)


@login_required
@require_POST
def milestone_done(request, pk):
    milestone = access.access_milestone(actor=request.user, id=pk)
    require_who(request.user, "cobuilding.complete_milestone", milestone)
    detail_url = reverse("cobuilding:project_detail", args=[milestone.project_id])
    return submit_form(
        request, forms.Form(data=request.POST),
        lambda data: services.milestone_done(actor=request.user, milestone=milestone,
                                             done_on=timezone.localdate()),
        success_message=_("节点已完成。"), success_url=detail_url, failure_url=detail_url)


# ---- residents: finished projects of their community and their rating ------------------

@login_required
def community_projects(request):
    if not rules.can_evaluate_projects(request.user):
        raise PermissionDenied()
    # moved to the public portal (issue 17): the projects page of the resident's community
    # (with its 评价 links), or the portal's home
    community_id = places_selectors.home_community_id(request.user, rules.EVALUATE_PROJECT)
    return redirect(reverse("portal:community_projects", args=[community_id])
                    if community_id else reverse("portal:home"))  # 302: the target is per user


@login_required
def project_evaluate(request, pk):
    project = access.access_evaluable_project(actor=request.user, id=pk)
    require_who(request.user, "cobuilding.evaluate_project", project)
    form = EvaluationForm(data=request.POST or None)
    done = submit_form(
        request, form,
        lambda data: services.evaluation_submit(actor=request.user, project=project, **data),
        success_message=_("谢谢您的评价。"),
        success_url=reverse("portal:community_projects", args=[project.community_id]))
    if done:
        return done
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
    done = submit_form(
        request, form, lambda data: services.resource_offer(actor=request.user, **data),
        success_message=_("资源已登记，社区可据此匹配需求。"),
        success_url=reverse("cobuilding:partner_home"))
    if done:
        return done
    return _form_page(request, form, heading=_("本单位提供新资源"), submit_label=_("提交"),
                      cancel_url=reverse("cobuilding:partner_home"))

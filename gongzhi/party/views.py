from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.activities.rota import access as rota_access
from gongzhi.audit.exporting import export_list
from gongzhi.cobuilding import rules as cobuilding_rules
from gongzhi.cobuilding import selectors as cobuilding_selectors
from gongzhi.cobuilding import services as cobuilding_services
from gongzhi.cobuilding.forms import MemberResourceForm
from gongzhi.core.actions import require_who
from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.core.exporting import Column
from gongzhi.core.forms import submit_form
from gongzhi.organisations import roll
from gongzhi.party import access, exporting, rules, selectors, services
from gongzhi.party.forms import (
    ChildOrganisationForm,
    MemberFilterForm,
    MemberForm,
    OfficerEndForm,
    OfficerForm,
    OwnRegistrationForm,
    RevealStatusForm,
    StreetCommitteeForm,
    SummaryForm,
)
from gongzhi.people.access import access_person
from gongzhi.people.rules import VIEW_PERSON
from gongzhi.places.access import access_community


def _detail_url(organisation_id: int) -> str:
    return reverse("party:organisation_detail", args=[organisation_id])


@login_required
def home(request):
    """The organisation tree for staff; party members go to their own page."""
    if not rules.can_view_organisations(request.user):
        if rules.own_member_of(request.user) is not None:
            return redirect("party:my_party")
        raise PermissionDenied()
    today = timezone.localdate()
    tree = selectors.organisation_tree(request.user, today=today)
    return render(request, "party/home.html", {
        "nodes": selectors.flatten(tree), "today": today,
        "can_view_members": rules.can_view_members(request.user),
        "can_create_street_committee": selectors.editable_streets(request.user).exists(),
    })


@login_required
def street_committee_create(request):
    """The street's admin sets up the street party working committee (街道党工委)."""
    streets = list(selectors.editable_streets(request.user))
    if not streets:
        raise NotFound()
    default_name = _("%(street)s党工委") % {"street": streets[0].name}
    form = StreetCommitteeForm(data=request.POST or None, streets=streets,
                               initial={"name": default_name})
    done = submit_form(
        request, form, lambda data: roll.organisation_create(
            actor=request.user, kind="street_committee", name=data["name"],
            street=form.streets[data["street"]], founded_on=data["founded_on"]),
        success_message=lambda committee: _("已添加%(name)s。") % {"name": committee.name},
        success_url=lambda committee: _detail_url(committee.pk))
    if done:
        return done
    return render(request, "party/organisation_form.html", {"form": form})


@login_required
def organisation_detail(request, pk):
    organisation = access.access_organisation(actor=request.user, id=pk)
    today = timezone.localdate()
    officers = list(selectors.organisation_officers(request.user, organisation))
    return render(request, "party/organisation_detail.html", {
        "organisation": organisation,
        "children": selectors.organisation_list(request.user).filter(parent=organisation)
        .order_by("kind", "name"),
        "current": [o for o in officers if o.is_current_on(today)],
        "past": [o for o in officers if not o.is_current_on(today)],
        "members": selectors.member_list(request.user, organisation_id=organisation.pk)[:200],
        "can_view_members": rules.can_view_members(request.user),
        **_organisation_forms(request, organisation),
    })


def _child_form(request, parent, data=None) -> ChildOrganisationForm:
    communities = (selectors.committee_communities(request.user, parent)
                   if parent.kind == "street_committee" else ())
    return ChildOrganisationForm(data=data, parent=parent, communities=communities)


def _organisation_forms(request, organisation, **bound) -> dict:
    """The forms of the page's actions, built for one who may take them (the template asks
    each action's rule before showing it)."""
    if not request.user.has_perm(rules.APPOINT_OFFICER, organisation):
        return {}
    child_form = _child_form(request, organisation)
    return {
        "child_form": bound.get("child_form") or (
            child_form if child_form.fields["kind"].choices
            and ("community" not in child_form.fields
                 or child_form.fields["community"].choices) else None),
        "officer_form": bound.get("officer_form") or OfficerForm(
            members=selectors.officer_candidates(request.user, organisation),
            initial={"term_start": timezone.localdate()}),
        "end_form": OfficerEndForm(initial={"term_end": timezone.localdate()}),
    }


@login_required
@require_POST
def organisation_create(request, pk):
    """Add an organisation under another: a community party committee under the street's
    working committee, a general branch, branch or group under a community's."""
    parent = access.access_organisation(actor=request.user, id=pk)
    require_who(request.user, rules.CREATE_ORGANISATION, parent)
    form = _child_form(request, parent, data=request.POST)
    return submit_form(
        request, form, lambda data: roll.organisation_create(
            actor=request.user, parent=parent, **form.service_data()),
        success_message=lambda child: _("已添加%(name)s。") % {"name": child.name},
        success_url=lambda child: _detail_url(child.pk), failure_url=_detail_url(parent.pk))


@login_required
@require_POST
def officer_appoint(request, pk):
    organisation = access.access_organisation(actor=request.user, id=pk)
    require_who(request.user, rules.APPOINT_OFFICER, organisation)
    form = OfficerForm(data=request.POST,
                       members=selectors.officer_candidates(request.user, organisation))
    url = _detail_url(organisation.pk)
    return submit_form(
        request, form, lambda data: roll.officer_appoint(
            actor=request.user, organisation=organisation, **data),
        success_message=_("任职已登记。"), success_url=url, failure_url=url)


@login_required
@require_POST
def officer_end(request, pk):
    officer = access.access_officer(actor=request.user, id=pk,
                                    permission=rules.VIEW_ORGANISATION)
    require_who(request.user, rules.END_OFFICER_TERM, officer)
    url = _detail_url(officer.organisation_id)
    return submit_form(
        request, OfficerEndForm(data=request.POST), lambda data: roll.officer_end_term(
            actor=request.user, officer=officer, term_end=data["term_end"]),
        success_message=_("任期已结束。"), success_url=url, failure_url=url)


# The list hides each member's party status: so does its export.
MEMBER_COLUMNS = (
    Column(gettext_lazy("姓名"), lambda m: m.person.name),
    Column(gettext_lazy("社区"), lambda m: m.community.name),
    Column(gettext_lazy("类别"), lambda m: m.get_kind_display()),
    Column(gettext_lazy("党组织"), lambda m: (m.organisation.name if m.organisation else "—")
           + (f" · {m.group.name}" if m.group else ""), 24),
    Column(gettext_lazy("网格"), lambda m: m.grid.name if m.grid else "—"),
    Column(gettext_lazy("工作单位"), lambda m: m.work_unit_name or "—", 20),
)


@login_required
def member_list(request):
    if not rules.can_view_members(request.user):
        raise PermissionDenied()
    choices = selectors.member_filter_choices(request.user)
    form = MemberFilterForm(data=request.GET or None, **choices)
    filters = form.cleaned_data if form.is_valid() else {}
    members = selectors.member_list(
        request.user, organisation_id=filters.get("organisation"), kind=filters.get("kind"),
        grid_id=filters.get("grid"), search=filters.get("q") or "")
    if export := export_list(request, members, MEMBER_COLUMNS, what="party.member_list",
                             title=gettext_lazy("党员名册"), personal=True):
        return export
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    return render(request, "party/member_list.html", {
        "form": form, "page": page,
        "can_change": bool(selectors.editable_member_communities(request.user)),
    })


def _member_form_page(request, *, member=None, in_service=False):
    """Create (with ?person=) or edit a member; the status is encrypted by the service."""
    person = member.person if member else None
    search_results = []
    if member is None:
        if request.GET.get("person") or request.POST.get("person"):
            person = access_person(actor=request.user, id=request.GET.get("person")
                                   or request.POST.get("person"), permission=VIEW_PERSON)
            if not selectors.editable_member_communities(request.user).filter(
                    pk=person.community_id).exists():
                raise NotFound()
        else:
            if not selectors.editable_member_communities(request.user):
                raise NotFound()
            query = (request.GET.get("q") or "").strip()
            if query:
                search_results = list(selectors.person_candidates(request.user, query))
            return render(request, "party/member_pick.html", {
                "query": query, "results": search_results, "in_service": in_service})
    community = person.community
    status_record = None
    if member is not None:
        # Editing shows the status: that read is as sensitive as a reveal, so it is audited.
        status_record = roll.member_status_reveal(actor=request.user, member=member,
                                                      reason=_("编辑党员信息"))
    form = MemberForm(data=request.POST or None, instance=member, community=community,
                      status_record=status_record, in_service=in_service)

    def save(data):
        if member is None:
            return roll.member_create(
                actor=request.user, person=person, status=data["status"],
                status_dates=form.status_dates(), **form.member_data())
        roll.member_update(actor=request.user, member=member, data=form.member_data(),
                               status=data["status"], status_dates=form.status_dates())
        return member

    done = submit_form(request, form, save, success_message=_("党员信息已保存。"),
                       success_url=lambda saved: reverse("party:member_detail",
                                                         args=[saved.pk]))
    if done:
        return done
    return render(request, "party/member_form.html", {
        "form": form, "person": person, "member": member, "in_service": in_service})


@login_required
def member_create(request):
    return _member_form_page(request)


@login_required
def member_register(request):
    """In-service members' registration (双报到): work unit, its party organisation, skills,
    service preferences and the grid they are placed in."""
    return _member_form_page(request, in_service=True)


@login_required
def member_edit(request, pk):
    member = access.access_member(actor=request.user, id=pk)
    require_who(request.user, rules.EDIT_MEMBER, member)
    return _member_form_page(request, member=member)


@login_required
def member_detail(request, pk):
    member = access.access_member(actor=request.user, id=pk)
    return render(request, "party/member_detail.html", {
        "member": member,
        "resources": _member_resources(request.user, member),
        "signups": selectors.member_signups(request.user, member),
        "offices": member.offices.select_related("organisation"),
        "reveal_form": RevealStatusForm(),
    })


@login_required
@require_POST
def member_reveal(request, pk):
    """HTMX: replace the masked status by the full one, after recording who asked and why."""
    member = access.access_member(actor=request.user, id=pk)
    form = RevealStatusForm(data=request.POST)
    if not form.is_valid():
        return HttpResponse(_("请选择查看原因。"), status=422)
    reasons = dict(form.fields["reason"].choices)
    status = roll.member_status_reveal(actor=request.user, member=member,
                                           reason=str(reasons[form.cleaned_data["reason"]]))
    if request.htmx:
        return render(request, "party/member_detail.html#status", {"status": status})
    return render(request, "party/member_detail.html", {
        "member": member, "status": status,
        "resources": _member_resources(request.user, member),
        "signups": selectors.member_signups(request.user, member),
        "offices": member.offices.select_related("organisation"),
        "reveal_form": form})


def _member_resources(user, member):
    return cobuilding_selectors.member_resources(user, member)


@login_required
def my_party(request):
    """我的报到: a party member's own record, the members' posts open to take, their shifts and
    their confirmed hours (the hours ledger)."""
    member = services.own_member(request.user)
    if member is None:
        raise Http404
    return render(request, "party/my_party.html", {
        "member": member,
        "status": roll.own_member_read(actor=request.user, member=member),
        **selectors.own_service(request.user, member, today=timezone.localdate()),
        "resources": cobuilding_selectors.own_resources(member),
        "can_offer": cobuilding_rules.can_offer_resource(request.user),
    })


@login_required
def my_registration(request):
    """The member edits their own in-service registration: work unit, skills, preferences."""
    member = services.own_member(request.user)
    if member is None:
        raise NotFound()
    form = OwnRegistrationForm(data=request.POST or None, instance=member)
    done = submit_form(
        request, form, lambda data: roll.member_update_own(
            actor=request.user, member=member, data=form.own_data()),
        success_message=_("报到信息已更新。"), success_url=reverse("party:my_party"))
    if done:
        return done
    return render(request, "party/my_form.html", {
        "form": form, "heading": _("修改报到信息"), "submit_label": _("保存")})


@login_required
def my_resource_create(request):
    """A party member offers a resource of their own to the community (co-building)."""
    member = services.own_member(request.user)
    if member is None or not cobuilding_rules.can_offer_resource(request.user):
        raise NotFound()
    form = MemberResourceForm(data=request.POST or None)
    done = submit_form(
        request, form, lambda data: cobuilding_services.resource_offer_by_member(
            actor=request.user, **data),
        success_message=_("资源已登记，社区会据此对接需求。"),
        success_url=reverse("party:my_party"))
    if done:
        return done
    return render(request, "party/my_form.html", {
        "form": form, "heading": _("我能提供的资源"), "submit_label": _("提交"),
        "intro": _("例如专业技能、可服务的时间或场地。社区在为需求推荐资源时会考虑。")})


@login_required
def post_list_moved(request):
    """The posts moved to activities (issue 15): old links keep working."""
    return redirect(reverse("activities:post_list"), permanent=True)


@login_required
def post_detail_moved(request, pk):
    """A post's old address: to its page, for one who may see it (else not found)."""
    post = rota_access.access_post(actor=request.user, id=pk)
    return redirect(reverse("activities:post_detail", args=[post.pk]), permanent=True)


def _summary_request(request):
    if not rules.can_view_summary(request.user):
        raise PermissionDenied()
    years = selectors.summary_years(request.user) or [timezone.localdate().year]
    data = request.GET if request.method == "GET" else request.POST
    form = SummaryForm(data=data or None, years=years,
                       work_units=selectors.work_unit_names(request.user))
    year, work_unit = years[0], ""
    if form.is_valid():
        year, work_unit = form.cleaned_data["year"], form.cleaned_data["work_unit"].strip()
    return form, year, work_unit


@login_required
def summary(request):
    form, year, work_unit = _summary_request(request)
    data = selectors.yearly_summary(request.user, year=year, work_unit=work_unit)
    return render(request, "party/summary.html", {
        **data, "form": form, "work_unit": work_unit,
        "export_communities": list(selectors.export_communities(request.user)),
    })


@login_required
@require_POST
def summary_export(request):
    _form, year, work_unit = _summary_request(request)
    community = access_community(actor=request.user, id=request.POST.get("community"),
                                 permission=rules.EXPORT_SUMMARY)
    content = exporting.export_summary_xlsx(actor=request.user, community=community,
                                            year=year, work_unit=work_unit)
    response = HttpResponse(content, content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="party-summary-{year}.xlsx"'
    return response

"""The volunteering pages: profiles, the volunteer list, my hours, corrections, certificates
and hours per community. Each action is one form and one service; the rules decide."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.activities.volunteering import access, printing, rules, selectors, services
from gongzhi.activities.volunteering.choices import CorrectionStatus, VolunteerStatus
from gongzhi.activities.volunteering.forms import (
    ApproveForm,
    CertificateForm,
    CorrectionRequestForm,
    EditForm,
    EmptyForm,
    JoinForm,
    PeriodForm,
    ProfileForm,
    RejectForm,
    UnitStaffForm,
    VolunteerFilterForm,
)
from gongzhi.activities.volunteering.profiles import own_volunteer
from gongzhi.audit.exporting import export_list
from gongzhi.core.actions import require_who
from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.core.exporting import Column
from gongzhi.core.forms import submit_form
from gongzhi.people.access import access_person


def _detail_url(volunteer) -> str:
    return reverse("activities:volunteer_detail", args=[volunteer.pk])


def _period(request) -> str:
    form = PeriodForm(data=request.GET)
    period = form.cleaned_data.get("period") if form.is_valid() else ""
    return period or "all"


# ---- the list and the profile ----------------------------------------------------------------

VOLUNTEER_COLUMNS = (
    Column(gettext_lazy("姓名"), lambda r: r.volunteer.display_name),
    Column(gettext_lazy("状态"), lambda r: r.volunteer.get_status_display()),
    Column(gettext_lazy("单位"),
           lambda r: r.volunteer.unit.name if r.volunteer.unit else gettext_lazy("居民"), 20),
    Column(gettext_lazy("技能"), lambda r: r.volunteer.skills, 24),
    Column(gettext_lazy("星级"), lambda r: r.stars.level),
    Column(gettext_lazy("累计时长（小时）"), lambda r: r.total),
    Column(gettext_lazy("今年时长（小时）"), lambda r: r.this_year),
)


@login_required
def volunteer_list(request):
    """The community's volunteers with their hours and stars (secretary and staff); a partner
    unit's contact sees their unit's staff. ?status=applied is the workbench's link."""
    if not rules.can_view_volunteers(request.user):
        raise PermissionDenied()
    form = VolunteerFilterForm(data=request.GET or None, statuses=VolunteerStatus.choices)
    filters = form.cleaned_data if form.is_valid() else {}
    volunteers = selectors.volunteer_list(request.user, status=filters.get("status") or "",
                                          search=(filters.get("q") or "").strip())
    today = timezone.localdate()
    if request.GET.get("export") == "xlsx":
        return export_list(request, selectors.with_hours(volunteers, today=today),
                           VOLUNTEER_COLUMNS, what="activities.volunteer_list",
                           title=gettext_lazy("志愿者"), personal=True)
    page = Paginator(volunteers, 50).get_page(request.GET.get("page"))
    unit_id = rules.contact_unit_id(request.user)
    return render(request, "activities/volunteering/volunteer_list.html", {
        "form": form, "page": page,
        "rows": selectors.with_hours(page.object_list, today=today),
        "can_register": selectors.manageable_communities(request.user).exists(),
        "unit": access.access_unit(actor=request.user, id=unit_id) if unit_id else None,
    })


@login_required
def volunteer_detail(request, pk):
    volunteer = access.access_volunteer(actor=request.user, id=pk)
    return render(request, "activities/volunteering/volunteer_detail.html",
                  _detail_context(request, volunteer))


def _detail_context(request, volunteer, **bound) -> dict:
    today = timezone.localdate()
    totals = selectors.hours_totals(volunteer, today=today)
    return {
        "volunteer": volunteer, "totals": totals, "periods": selectors.PERIODS,
        "stars": selectors.star_progress(totals["all"]),
        "rows": selectors.ledger_of(volunteer),
        "certificates": selectors.certificates_of(volunteer),
        "is_own": rules.is_own_volunteer(request.user, volunteer),
        "certificate_form": bound.get("certificate_form") or CertificateForm(),
        "kinds": dict(services.KIND_CHOICES),
    }


# action -> (its form, the service call): one form and one service per button; the rule of
# each is rules.VOLUNTEER_ACTION_RULES[action], which the service requires
VOLUNTEER_ACTION_FORMS = {
    "confirm": (EmptyForm, lambda actor, volunteer, data: services.volunteer_confirm(
        actor=actor, volunteer=volunteer), _("已确认为志愿者。")),
    "suspend": (EmptyForm, lambda actor, volunteer, data: services.volunteer_suspend(
        actor=actor, volunteer=volunteer), _("已停用。")),
    "reinstate": (EmptyForm, lambda actor, volunteer, data: services.volunteer_reinstate(
        actor=actor, volunteer=volunteer), _("已恢复。")),
}


@login_required
@require_POST
def volunteer_action(request, pk, action):
    """Staff's buttons on a profile: confirm, suspend, reinstate."""
    volunteer = access.access_volunteer(actor=request.user, id=pk)
    if action not in VOLUNTEER_ACTION_FORMS:
        raise Http404()
    require_who(request.user, rules.VOLUNTEER_ACTION_RULES[action], volunteer)
    form_class, perform, message = VOLUNTEER_ACTION_FORMS[action]
    url = (reverse("activities:volunteer_list") if request.POST.get("next") == "list"
           else _detail_url(volunteer))
    return submit_form(request, form_class(data=request.POST),
                       lambda data: perform(request.user, volunteer, data),
                       success_message=message, success_url=url, failure_url=url)


@login_required
def volunteer_edit(request, pk):
    """The volunteer edits their own profile (staff, and a unit's contact for its staff,
    too)."""
    volunteer = access.access_volunteer(actor=request.user, id=pk)
    require_who(request.user, rules.EDIT, volunteer)
    has_name = volunteer.person_id is None
    form = (EditForm(data=request.POST, has_name=has_name) if request.method == "POST"
            else EditForm.of(volunteer, has_name=has_name))
    done = submit_form(request, form, lambda data: services.volunteer_edit(
        actor=request.user, volunteer=volunteer, skills=data["skills"],
        availability=data["availability"], preferred_kinds=data["preferred_kinds"],
        name=data.get("name")), success_message=_("志愿者信息已保存。"),
        success_url=_detail_url(volunteer))
    if done:
        return done
    return render(request, "activities/volunteering/volunteer_form.html", {
        "form": form, "volunteer": volunteer, "title": _("编辑志愿者信息")})


# ---- registration --------------------------------------------------------------------------

@login_required
def volunteer_join(request):
    """Self-registration (志愿者注册) by anyone who may volunteer; staff confirm."""
    communities = list(selectors.manageable_communities(request.user, rules.JOIN_VOLUNTEER))
    if not communities:
        raise PermissionDenied()
    existing = own_volunteer(request.user)
    if existing is not None:
        return redirect("activities:my_hours")
    form = JoinForm(data=request.POST or None, communities=communities)
    done = submit_form(request, form, lambda data: services.volunteer_register_self(
        actor=request.user, community=form.communities[data["community"]],
        skills=data["skills"], availability=data["availability"],
        preferred_kinds=data["preferred_kinds"]),
        success_message=_("已提交志愿者注册，社区工作人员确认后即可参加服务。"),
        success_url=reverse("activities:my_hours"))
    if done:
        return done
    return render(request, "activities/volunteering/volunteer_form.html", {
        "form": form, "title": _("注册志愿者"),
        "lead": _("登记您的特长和可服务时间，社区工作人员确认后即可认领岗位、参加活动，"
                  "服务时长将记入您的志愿服务记录。")})


@login_required
def volunteer_register(request):
    """Staff register a resident of the registry (search by name, then the profile)."""
    if not selectors.manageable_communities(request.user).exists():
        raise PermissionDenied()
    person_id = request.GET.get("person") or request.POST.get("person")
    if not person_id:
        query = (request.GET.get("q") or "").strip()
        return render(request, "activities/volunteering/person_pick.html", {
            "query": query, "results": selectors.registrable_persons(request.user, query)})
    person = access_person(actor=request.user, id=person_id,
                           permission=rules.MANAGE_VOLUNTEER)
    form = ProfileForm(data=request.POST or None)
    done = submit_form(request, form, lambda data: services.volunteer_register_resident(
        actor=request.user, person=person, **data),
        success_message=_("已登记为志愿者。"), success_url=_detail_url)
    if done:
        return done
    return render(request, "activities/volunteering/volunteer_form.html", {
        "form": form, "person": person, "title": _("登记志愿者"),
        "lead": _("为%(name)s登记志愿者信息，登记后即为已确认。") % {"name": person.name}})


@login_required
def unit_staff_register(request):
    """A partner unit's contact registers their unit's staff as its volunteers."""
    unit_id = rules.contact_unit_id(request.user)
    if unit_id is None:
        raise NotFound()
    unit = access.access_unit(actor=request.user, id=unit_id)
    require_who(request.user, rules.REGISTER_UNIT_STAFF, unit)
    form = UnitStaffForm(data=request.POST or None)
    done = submit_form(request, form, lambda data: services.volunteer_register_unit_staff(
        actor=request.user, unit=unit, **data),
        success_message=_("已登记，社区工作人员确认后即可参加服务。"),
        success_url=reverse("activities:volunteer_list"))
    if done:
        return done
    return render(request, "activities/volunteering/volunteer_form.html", {
        "form": form, "title": _("登记本单位志愿者"),
        "lead": _("%(unit)s的职工作为本单位志愿者参加社区服务。") % {"unit": unit.name}})


# ---- my hours ------------------------------------------------------------------------------

@login_required
def my_hours(request):
    """我的服务时长 (phone first): totals by period, the star level, each service with its
    corrections and my requests, and the certificate."""
    volunteer = own_volunteer(request.user)
    if volunteer is None:
        if not rules.can_join(request.user):
            raise Http404()
        return render(request, "activities/volunteering/my_hours.html", {"volunteer": None})
    today = timezone.localdate()
    period = _period(request)
    start, end = selectors.period_bounds(period, today)
    totals = selectors.hours_totals(volunteer, today=today)
    return render(request, "activities/volunteering/my_hours.html", {
        "volunteer": volunteer, "totals": totals, "periods": selectors.PERIODS,
        "period": period, "stars": selectors.star_progress(totals["all"]),
        "rows": selectors.ledger_of(volunteer, start=start, end=end),
        "correction_form": CorrectionRequestForm(), "certificate_form": CertificateForm(),
        "certificates": selectors.certificates_of(volunteer)[:5],
    })


@login_required
@require_POST
def correction_request(request, pk):
    """The volunteer asks to correct one recorded service."""
    entry = access.access_entry(actor=request.user, id=pk)
    require_who(request.user, rules.REQUEST_CORRECTION, entry)
    url = reverse("activities:my_hours")
    return submit_form(request, CorrectionRequestForm(data=request.POST),
                       lambda data: services.correction_request(
                           actor=request.user, entry=entry, **data),
                       success_message=_("更正申请已提交，社区工作人员审核后会告知结果。"),
                       success_url=url, failure_url=url)


# ---- corrections (staff) -------------------------------------------------------------------

CORRECTION_COLUMNS = (
    Column(gettext_lazy("志愿者"), lambda c: c.volunteer.display_name),
    Column(gettext_lazy("状态"), lambda c: c.get_status_display()),
    Column(gettext_lazy("服务日期"), lambda c: c.entry.served_on),
    Column(gettext_lazy("服务内容"), lambda c: c.entry.description, 28),
    Column(gettext_lazy("原记（小时）"), lambda c: c.entry.hours),
    Column(gettext_lazy("申请更正为（小时）"), lambda c: c.hours),
    Column(gettext_lazy("理由"), lambda c: c.reason, 28),
    Column(gettext_lazy("审核意见"), lambda c: c.decision_note, 24),
    Column(gettext_lazy("审核人"), lambda c: c.decided_by.display_name if c.decided_by else ""),
)


@login_required
def correction_list(request):
    if not rules.can_decide_corrections(request.user):
        raise PermissionDenied()
    status = request.GET.get("status", CorrectionStatus.PENDING)
    corrections = selectors.correction_list(request.user, status=status)
    if export := export_list(request, corrections, CORRECTION_COLUMNS,
                             what="activities.correction_list", title=gettext_lazy("时长更正申请"),
                             personal=True):
        return export
    page = Paginator(corrections, 50).get_page(request.GET.get("page"))
    return render(request, "activities/volunteering/correction_list.html", {
        "page": page, "status": status, "statuses": CorrectionStatus.choices,
        "approve_form": ApproveForm(), "reject_form": RejectForm()})


CORRECTION_ACTION_FORMS = {
    "approve": (ApproveForm, lambda actor, correction, data: services.correction_approve(
        actor=actor, correction=correction, note=data["note"]), _("已批准，时长已更正。")),
    "reject": (RejectForm, lambda actor, correction, data: services.correction_reject(
        actor=actor, correction=correction, note=data["note"]), _("已驳回更正申请。")),
}


@login_required
@require_POST
def correction_action(request, pk, action):
    correction = access.access_correction(actor=request.user, id=pk)
    if action not in CORRECTION_ACTION_FORMS:
        raise Http404()
    require_who(request.user, rules.CORRECTION_ACTION_RULES[action], correction)
    form_class, perform, message = CORRECTION_ACTION_FORMS[action]
    url = reverse("activities:correction_list")
    return submit_form(request, form_class(data=request.POST),
                       lambda data: perform(request.user, correction, data),
                       success_message=message, success_url=url, failure_url=url)


# ---- certificates --------------------------------------------------------------------------

@login_required
@require_POST
def certificate_issue(request, pk):
    """Issue a certificate (audited: a row per issue) and open it."""
    volunteer = access.access_volunteer(actor=request.user, id=pk)
    require_who(request.user, rules.CERTIFY, volunteer)
    back = (reverse("activities:my_hours") if rules.is_own_volunteer(request.user, volunteer)
            else _detail_url(volunteer))
    return submit_form(request, CertificateForm(data=request.POST),
                       lambda data: services.certificate_issue(
                           actor=request.user, volunteer=volunteer, **data),
                       success_message=_("志愿服务记录证明已出具。"),
                       success_url=lambda certificate: reverse(
                           "activities:certificate_pdf", args=[certificate.pk]),
                       failure_url=back)


@login_required
def certificate_pdf(request, pk):
    """An issued certificate as a PDF, to the volunteer and to the staff who issue them."""
    certificate = access.access_certificate(actor=request.user, id=pk)
    response = HttpResponse(printing.certificate_pdf(certificate),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.serial}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def certificate_verify(request):
    """Staff verify a certificate someone shows them by its serial number."""
    if not rules.can_view_volunteers(request.user):
        raise PermissionDenied()
    serial = (request.GET.get("serial") or "").strip()
    return render(request, "activities/volunteering/certificate_verify.html", {
        "serial": serial,
        "certificates": selectors.certificates_by_serial(request.user, serial)[:1]})


# ---- hours per community (street and district) ---------------------------------------------

@login_required
def hours_statistics(request):
    """Hours served per community in the period, without names (admins above the community
    see totals, not people)."""
    if not rules.can_view_statistics(request.user):
        raise PermissionDenied()
    period = _period(request)
    start, end = selectors.period_bounds(period, timezone.localdate())
    rows = selectors.hours_by_community(request.user, start=start, end=end)
    return render(request, "activities/volunteering/hours_statistics.html", {
        "rows": rows, "period": period, "periods": selectors.PERIODS,
        "total": sum((row["total"] for row in rows), 0),
    })

"""The pages of care's visits: 我的帮扶 (phone first), logging a visit, a visit with its
follow-up and hours, a household's visits, the overdue list and the staff's queues. Each
action is one form and one service; the rules decide."""

import mimetypes

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.audit.exporting import export_list
from gongzhi.care.register import rules as register_rules
from gongzhi.care.register.access import access_household
from gongzhi.care.visits import rules, selectors, services
from gongzhi.care.visits.access import access_visit, access_visit_for_read
from gongzhi.care.visits.forms import CaseFollowUpForm, EmptyForm, NeedFollowUpForm, VisitForm
from gongzhi.core.actions import require_who
from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.core.exporting import Column
from gongzhi.core.forms import submit_form


def _visit_url(visit) -> str:
    return reverse("care:visit_detail", args=[visit.pk])


@login_required
def my_households(request):
    """我的帮扶: the households the user helps, each with its plan, last visit, due date and
    the button to log a visit (phone first)."""
    today = timezone.localdate()
    rows = selectors.my_households(request.user, today=today)
    if not rows and not register_rules.can_help(request.user):
        raise Http404()
    return render(request, "care/visits/my_households.html", {
        "rows": rows, "today": today,
        "overdue_count": sum(1 for row in rows if row.is_overdue)})


@login_required
def visit_create(request, pk):
    """Log a visit (helpers on their phone, staff at the desk), goods issued in the same step."""
    household = access_household(actor=request.user, id=pk)
    require_who(request.user, rules.LOG_VISIT, household)
    # goods from a store: for those who issue supplies; helpers give a campaign's goods on its
    # own visit page
    stores, items = (selectors.stores_for_visit(household, request.user),
                     selectors.items_for_visit(household))
    form = (VisitForm(data=request.POST, files=request.FILES, stores=stores, items=items)
            if request.method == "POST"
            else VisitForm(initial=VisitForm.initial_for(request.user), stores=stores,
                           items=items))
    done = submit_form(request, form, lambda data: services.visit_record(
        actor=request.user, household=household, visited_on=data["visited_on"],
        kind=data["kind"], visitors=data["visitors"], found=data["found"],
        given=data["given"], follow_up=data["follow_up"], hours=data["hours"],
        photo=data["photo"], store=data.get("store"), goods=data["goods"]),
        success_message=_("走访已记录。"), success_url=_visit_url)
    if done:
        return done
    return render(request, "care/visits/visit_form.html", {
        "form": form, "household": household,
        "name": selectors.display_name(household, full=True),
        "address": selectors.address(household)})


@login_required
def household_visits(request, pk):
    """A household's visits, newest first (staff and its helpers)."""
    household = access_household(actor=request.user, id=pk)
    page = Paginator(selectors.visits_of(household), 30).get_page(request.GET.get("page"))
    return render(request, "care/visits/household_visits.html", {
        "household": household, "page": page,
        "name": selectors.display_name(household, full=True),
        "address": selectors.address(household)})


def _follow_up_forms(visit, **bound) -> dict:
    return {"case_form": bound.get("case_form") or CaseFollowUpForm(
                categories=selectors.case_categories(visit.community)),
            "need_form": bound.get("need_form") or NeedFollowUpForm(),
            "empty_form": EmptyForm()}


@login_required
def visit_detail(request, pk):
    """A visit; what was found is sensitive: reading it here is an audited full read."""
    visit = access_visit_for_read(actor=request.user, id=pk)
    found = services.visit_found_read(actor=request.user, visit=visit,
                                      reason=_("查看走访记录"))
    return render(request, "care/visits/visit_detail.html", {
        "visit": visit, "found": found, "household": visit.household,
        "name": selectors.display_name(visit.household, full=True),
        **_follow_up_forms(visit)})


@login_required
def visit_photo(request, pk):
    """A visit's photo, to those who may see the visit (never a public media URL)."""
    visit = access_visit(actor=request.user, id=pk)
    if not visit.photo:
        raise NotFound()
    content_type = mimetypes.guess_type(visit.photo.name)[0] or "application/octet-stream"
    response = FileResponse(visit.photo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# action -> (its form, the service call, the message): one form and one service per button;
# the rule of each is rules.FOLLOW_UP_ACTION_RULES[action] (or CONFIRM_VISIT_HOURS)
VISIT_ACTION_FORMS = {
    "case": (lambda visit, data: CaseFollowUpForm(
        data=data, categories=selectors.case_categories(visit.community)),
        lambda actor, visit, data: services.follow_up_to_case(
            actor=actor, visit=visit, category=data["category"]),
        _("已转为居民诉求。")),
    "need": (lambda visit, data: NeedFollowUpForm(data=data),
             lambda actor, visit, data: services.follow_up_to_need(
                 actor=actor, visit=visit, category=data["category"], title=data["title"],
                 urgency=data["urgency"]),
             _("已转为共建需求。")),
    "done": (lambda visit, data: EmptyForm(data=data),
             lambda actor, visit, data: services.follow_up_done(actor=actor, visit=visit),
             _("跟进事项已标记为已处理。")),
    "hours": (lambda visit, data: EmptyForm(data=data),
              lambda actor, visit, data: services.visit_hours_confirm(actor=actor, visit=visit),
              _("服务时长已计入志愿服务记录。")),
}
VISIT_ACTION_RULES = {**rules.FOLLOW_UP_ACTION_RULES, "hours": rules.CONFIRM_VISIT_HOURS}


@login_required
@require_POST
def visit_action(request, pk, action):
    """Staff's buttons on a visit: follow-up to a request, to a need, done; confirm hours."""
    visit = access_visit(actor=request.user, id=pk)
    if action not in VISIT_ACTION_FORMS:
        raise Http404()
    require_who(request.user, VISIT_ACTION_RULES[action], visit)
    make_form, perform, message = VISIT_ACTION_FORMS[action]
    url = (reverse("care:visit_queue") + f"?queue={request.POST['next']}"
           if request.POST.get("next") in selectors.QUEUES else _visit_url(visit))
    return submit_form(request, make_form(visit, request.POST),
                       lambda data: perform(request.user, visit, data),
                       success_message=message, success_url=url, failure_url=url)


@login_required
def overdue(request):
    """The overdue list for the register's staff: households not visited within their plan."""
    if not register_rules.can_view_register(request.user):
        raise PermissionDenied()
    rows = selectors.overdue(request.user, today=timezone.localdate())
    return render(request, "care/visits/overdue.html", {"rows": rows})


def visit_queue_columns(queue):
    last = (Column(gettext_lazy("需跟进事项"), lambda v: v.follow_up, 40) if queue == "follow_ups"
            else Column(gettext_lazy("服务时长（小时）"), lambda v: v.hours))
    return (
        Column(gettext_lazy("走访日期"), lambda v: v.visited_on),
        Column(gettext_lazy("帮扶对象"), lambda v: v.household.person.name),
        Column(gettext_lazy("走访人"), lambda v: v.visitors, 20),
        last,
    )


@login_required
def visit_queue(request):
    """The staff's queues: follow-ups to deal with (?queue=follow_ups), visit hours to confirm
    (?queue=hours); the workbench's counts link here."""
    queue = request.GET.get("queue", "follow_ups")
    if queue not in selectors.QUEUES:
        raise Http404()
    visits = selectors.queue(request.user, queue)
    if visits is None:
        raise PermissionDenied()
    if export := export_list(request, visits, visit_queue_columns(queue),
                             what="care.visit_queue", title=selectors.QUEUES[queue],
                             personal=True):
        return export
    page = Paginator(visits, 50).get_page(request.GET.get("page"))
    return render(request, "care/visits/visit_queue.html", {
        "page": page, "queue": queue, "queues": selectors.QUEUES, "empty_form": EmptyForm()})

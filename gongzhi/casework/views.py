import datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.audit.exporting import export_list
from gongzhi.casework import access, rules, selectors, services
from gongzhi.casework.choices import Status, StepAction
from gongzhi.casework.forms import (
    AcceptForm,
    AnswerForm,
    CaseReportForm,
    CaseRevealForm,
    DispatchForm,
    ExtendForm,
    FollowUpForm,
    MergeForm,
    NoteForm,
    ReviewForm,
)
from gongzhi.core.actions import open_actions
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.exporting import Column
from gongzhi.core.forms import domain_error_text, submit_form
from gongzhi.core.scoping import has_permission_somewhere
from gongzhi.organisations.choices import Category as NeedCategory
from gongzhi.places import selectors as places_selectors

NEED_CATEGORIES = NeedCategory.choices


def _case_tabs(user) -> dict:
    """What the 民情民意 tabs offer: a partner unit's contact starts on the requests
    dispatched to their unit, and sees a "my requests" tab only when they reported any."""
    is_partner = rules.can_use_partner_cases(user) and not rules.can_view_cases(user)
    return {"is_partner": is_partner,
            "has_own_reports": is_partner and selectors.has_own_reports(user)}


URGENCY_LABELS = {"red": gettext_lazy("已超期"), "yellow": gettext_lazy("即将到期"),
                  "green": gettext_lazy("正常")}


def _case_limit(case, now) -> str:
    urgency = case.urgency(now)
    if urgency == "none":
        return "—"
    due = timezone.localtime(case.due_at).strftime("%m-%d %H:%M") if case.due_at else ""
    return f"{URGENCY_LABELS.get(urgency, '')} {due}".strip()


def _case_handler(case) -> str:
    if case.handler:
        return case.handler.display_name or case.handler.username
    return case.partner_unit.name if case.partner_unit else "—"


def case_columns(now):
    return (
        Column(gettext_lazy("编号"), lambda c: f"#{c.pk}", 10),
        Column(gettext_lazy("未诉先办"), lambda c: c.is_proactive),
        Column(gettext_lazy("吹哨"), lambda c: c.is_escalated),
        Column(gettext_lazy("类别"), lambda c: c.category.name),
        Column(gettext_lazy("楼栋"), lambda c: c.building.name if c.building else ""),
        Column(gettext_lazy("状态"), lambda c: c.get_status_display()),
        Column(gettext_lazy("重办"), lambda c: c.reopen_count or ""),
        Column(gettext_lazy("时限"), lambda c: _case_limit(c, now), 20),
        Column(gettext_lazy("承办人"), _case_handler, 18),
    )


@login_required
def case_list(request):
    if not has_permission_somewhere(request.user, rules.VIEW_BOARD):
        raise PermissionDenied()
    tabs = _case_tabs(request.user)
    if tabs["is_partner"] and request.GET.get("mine") != "1":
        return _partner_case_page(request, tabs)
    status = request.GET.get("status", "")
    mine = request.GET.get("mine") == "1" or not rules.can_view_cases(request.user)
    # ?queue= and ?community= are the workbench's links: the rows behind one of its counts
    queue = request.GET.get("queue", "")
    queue = queue if queue in selectors.QUEUES else ""
    community = request.GET.get("community", "")
    community_id = int(community) if community.isdigit() else None
    cases = selectors.case_list(request.user, status=status, mine=mine, queue=queue,
                                community_id=community_id,
                                search=request.GET.get("q", "").strip())
    if export := export_list(request, cases, case_columns(timezone.now()),
                             what="casework.case_list", title=gettext_lazy("诉求")):
        return export
    page = Paginator(cases, 30).get_page(request.GET.get("page"))
    kept = {key: value for key, value in {"status": status, "queue": queue,
                                          "community": community_id or "",
                                          "mine": "1" if mine else ""}.items() if value}
    return render(request, "casework/case_list.html", {
        "page": page, "status": status, "mine": mine, "statuses": Status.choices,
        "queue": queue, "queue_label": selectors.QUEUES.get(queue, ""),
        "community_id": community_id, "kept_query": urlencode(kept),
        "now": timezone.now(), "is_staff_view": rules.can_view_cases(request.user),
        "can_report": rules.can_report(request.user),
        "can_rates": has_permission_somewhere(request.user, rules.VIEW_RATES), **tabs})


@login_required
def case_create(request):
    if not rules.can_report(request.user):
        raise PermissionDenied()
    on_behalf = has_permission_somewhere(request.user, rules.DISPATCH_CASE)
    patrol = has_permission_somewhere(request.user, rules.HANDLE_CASE)
    # a resident reports about where they live: their building and unit come preselected
    home = None if on_behalf else selectors.reporter_home(request.user)
    form = CaseReportForm(
        data=request.POST or None, files=request.FILES or None,
        categories=selectors.category_list(request.user),
        buildings=selectors.report_buildings(request.user),
        on_behalf=on_behalf, patrol=patrol,
        initial={"building": home.building_id, "unit": home.unit_id} if home else None)
    def report(data):
        return services.case_report(
            actor=request.user, category=data["category"], building=data["building"],
            unit=data["unit"], description=data["description"], photos=data["photos"],
            channel=data.get("channel") or None, external_ref=data.get("external_ref", ""),
            reporter=_reporter(request.user, data["building"], data.get("reporter_phone")))

    done = submit_form(request, form, report,
                       success_message=lambda case: _("已登记，编号 #%(number)s。") % {
                           "number": case.pk},
                       success_url=lambda case: reverse("casework:case_detail", args=[case.pk]))
    if done:
        return done
    return render(request, "casework/case_form.html", {"form": form})


def _reporter(actor, building, phone):
    return selectors.reporter_person(actor, community_id=building.community_id,
                                     phone=phone or "")


@login_required
def case_detail(request, pk):
    case = access.access_case(actor=request.user, id=pk)
    user = request.user
    is_dispatcher = rules.can_dispatch(user, case)
    context = {
        "case": case, "steps": selectors.case_steps(case), "now": timezone.now(),
        # each button asks its action's rule ({% has_perm %}); the dispatcher's role alone
        # decides whether the links to other apps and the likely duplicates are shown
        "is_dispatcher": is_dispatcher,
        "note_form": NoteForm(), "answer_form": AnswerForm(), "extend_form": ExtendForm(),
        "follow_up_form": FollowUpForm(), "review_form": ReviewForm(), "merge_form": MergeForm(),
        "reveal_form": CaseRevealForm(),
        # a request the community cannot solve alone can become a co-building need, a topic
        # for consultation or a volunteer task: the receiving apps' rules decide who may
        "linked_needs": selectors.linked_needs(case), "need_categories": NEED_CATEGORIES,
        "linked_topics": selectors.linked_topics(case),
        "linked_posts": selectors.linked_posts(case),
    }
    if user.has_perm(rules.case_action_rule(StepAction.DISPATCH), case):
        candidates = selectors.handler_candidates(user, case)
        form = DispatchForm(initial={
            "handler": selectors.handler_preselected(user, case, candidates)})
        form.offer_handlers(candidates)
        form.fields["unit"].choices = [("", "—")] + [
            (unit.pk, unit.name) for unit in selectors.partner_unit_choices(user, case)]
        context["dispatch_form"] = form
    if is_dispatcher:
        context["similar"] = selectors.case_similar(user, case) if case.is_open else []
    return render(request, "casework/case_detail.html", context)


@login_required
@require_POST
def case_reveal(request, pk):
    """HTMX: replace a masked text of the request by the whole, after recording why."""
    case = access.access_case(actor=request.user, id=pk)
    form = CaseRevealForm(data=request.POST)
    if not form.is_valid():
        return HttpResponse(_("请选择查看原因。"), status=422)
    reasons = dict(form.fields["reason"].choices)
    try:
        value = services.case_text_reveal(actor=request.user, case=case,
                                          field=form.cleaned_data["field"],
                                          reason=str(reasons[form.cleaned_data["reason"]]))
    except DomainError as error:
        return HttpResponse(domain_error_text(error), status=422)
    return render(request, "casework/case_detail.html#revealed",
                  {"value": value, "field": form.cleaned_data["field"]})


def _dispatch(actor, case, data):
    handler = unit = None
    if data["handler"]:
        handler = selectors.dispatch_handler(actor, case, int(data["handler"]))
        if handler is None:
            raise ValidationFailed(detail={"handler": [_("请选择承办人。")]})
    if data["unit"]:
        unit = selectors.dispatch_unit(actor, case, int(data["unit"]))
        if unit is None:
            raise ValidationFailed(detail={"unit": [_("请选择承办共建单位。")]})
    return services.case_dispatch(actor=actor, case=case, note=data["note"], handler=handler,
                                  unit=unit)


def _merge(actor, case, data):
    return services.case_merge(actor=actor, case=case,
                               into=access.access_case(actor=actor, id=data["into"]))


# action -> (its form, the service call): one form and one service per button
CASE_ACTION_VIEWS = {
    "dispatch": (DispatchForm, _dispatch),
    "accept": (AcceptForm, lambda actor, case, data: services.case_accept(
        actor=actor, case=case, note=data["note"])),
    "return": (NoteForm, lambda actor, case, data: services.case_return(
        actor=actor, case=case, note=data["note"])),
    "escalate": (NoteForm, lambda actor, case, data: services.case_escalate(
        actor=actor, case=case, note=data["note"])),
    "extend": (ExtendForm, lambda actor, case, data: services.case_extend(
        actor=actor, case=case, days=data["days"], note=data["note"])),
    "answer": (AnswerForm, lambda actor, case, data: services.case_answer(
        actor=actor, case=case, answer=data["answer"], photos=data["photos"])),
    "follow_up": (FollowUpForm, lambda actor, case, data: services.case_follow_up(
        actor=actor, case=case, is_solved=data["is_solved"], is_satisfied=data["is_satisfied"],
        note=data["note"])),
    "mark_unreasonable": (NoteForm, lambda actor, case, data: services.case_mark_unreasonable(
        actor=actor, case=case, note=data["note"])),
    "review": (ReviewForm, lambda actor, case, data: services.case_review(
        actor=actor, case=case, is_upheld=data["is_upheld"], note=data["note"])),
    "merge": (MergeForm, _merge),
}


@login_required
@require_POST
def case_action(request, pk, action):
    """Every button on a request's page posts here; each action is one service function."""
    case = access.access_case(actor=request.user, id=pk)
    if action not in CASE_ACTION_VIEWS:
        raise NotFound()
    form_class, perform = CASE_ACTION_VIEWS[action]
    form = form_class(data=request.POST, files=request.FILES)
    if action == "dispatch":  # the service checks the choice; here any id parses
        form.fields["handler"].choices = [("", "")] + [
            (value, value) for value in request.POST.getlist("handler") if value.isdigit()]
        form.fields["unit"].choices = [("", "")] + [
            (value, value) for value in request.POST.getlist("unit") if value.isdigit()]
    detail_url = reverse("casework:case_detail", args=[case.pk])
    return submit_form(request, form, lambda data: perform(request.user, case, data),
                       success_message=_("已保存。"), success_url=detail_url,
                       failure_url=detail_url)


@login_required
def photo_download(request, pk):
    """Photos are never at a public URL: each download checks that the request is visible."""
    photo = access.access_photo(actor=request.user, id=pk)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def board(request):
    if not has_permission_somewhere(request.user, rules.VIEW_BOARD):
        raise PermissionDenied()
    # moved to the public portal (issue 17): the board of the user's community, or its home
    community_id = places_selectors.home_community_id(request.user, rules.VIEW_BOARD)
    return redirect(reverse("portal:community_problems", args=[community_id])
                    if community_id else reverse("portal:home"))  # 302: the target is per user


def _period(request) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    try:
        start = datetime.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = today.replace(year=today.year - 1) + datetime.timedelta(days=1)
    try:
        end = datetime.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = today
    return start, end


@login_required
def rates(request):
    if not has_permission_somewhere(request.user, rules.VIEW_RATES):
        raise PermissionDenied()
    start, end = _period(request)
    result = selectors.case_rates(request.user, start=start, end=end,
                                  group_by=request.GET.get("group_by", "community"))
    recurring = selectors.recurring_problems(request.user, start=start, end=end)
    trends = selectors.case_trends(request.user, end=end)
    by_category = selectors.case_counts_by_category(request.user, start=start, end=end)
    return render(request, "casework/rates.html", {
        "result": result, "start": start, "end": end, "groups": selectors.GROUPS,
        "counters": selectors.COUNTERS, "recurring": recurring, "trends": trends,
        "by_category": by_category,
        "charts": selectors.rates_chart_data(trends=trends, by_category=by_category,
                                             recurring=recurring)})


# ---- a partner unit's contacts: the requests dispatched to their unit, narrow view ---------
# Separate pages (not case_detail with fields hidden): the templates get only
# selectors.PartnerCase, which has no reporter, no person and no staff notes to leak.

# the partner unit's buttons: the same forms and services as the request's page
PARTNER_ACTION_VIEWS = {action: CASE_ACTION_VIEWS[action]
                        for action in ("accept", "return", "answer", "extend")}


def _require_partner(user):
    if not rules.can_use_partner_cases(user):
        raise NotFound()


@login_required
def partner_case_list(request):
    _require_partner(request.user)
    return _partner_case_page(request, _case_tabs(request.user))


def _partner_case_page(request, tabs):
    queue = request.GET.get("queue", "")
    queue = queue if queue in selectors.PARTNER_QUEUES else ""
    page = Paginator(selectors.partner_case_queue(request.user, queue), 30).get_page(
        request.GET.get("page"))
    now = timezone.now()
    page.object_list = [selectors.partner_case_view(case, now=now) for case in page.object_list]
    return render(request, "casework/partner_case_list.html", {
        "page": page, "queue": queue,
        "queue_label": selectors.PARTNER_QUEUES[queue][0] if queue else "", **tabs})


@login_required
def partner_case_detail(request, pk):
    _require_partner(request.user)
    case = access.access_partner_case(actor=request.user, id=pk)
    view = selectors.partner_case_view(case, with_steps=True,
                                       actions=open_actions(request.user, case,
                                                            rules.PARTNER_CASE_ACTIONS))
    return render(request, "casework/partner_case_detail.html", {
        "case": view, "answer_form": AnswerForm(), "now": timezone.now()})


@login_required
@require_POST
def partner_case_action(request, pk, action):
    _require_partner(request.user)
    case = access.access_partner_case(actor=request.user, id=pk)
    if action not in PARTNER_ACTION_VIEWS:
        raise NotFound()
    form_class, perform = PARTNER_ACTION_VIEWS[action]
    detail_url = reverse("casework:partner_case_detail", args=[case.pk])
    returned = action == "return"  # a returned request leaves the unit's list
    return submit_form(request, form_class(data=request.POST, files=request.FILES),
                       lambda data: perform(request.user, case, data),
                       success_message=_("已退回社区。") if returned else _("已保存。"),
                       success_url=reverse("casework:partner_case_list") if returned
                       else detail_url, failure_url=detail_url)


@login_required
def partner_photo_download(request, pk):
    _require_partner(request.user)
    photo = access.access_partner_photo(actor=request.user, id=pk)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response

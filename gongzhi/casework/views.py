import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.casework import access, rules, selectors, services
from gongzhi.casework.choices import NEVER_PUBLIC_GROUPS, Status
from gongzhi.casework.forms import (
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
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.forms import add_domain_error, domain_error_text
from gongzhi.core.scoping import has_permission_somewhere, user_can
from gongzhi.deliberation.choices_topics import TopicKind
from gongzhi.organisations.choices import Category as NeedCategory

NEED_CATEGORIES = NeedCategory.choices
TOPIC_KINDS = TopicKind.choices


def _case_tabs(user) -> dict:
    """What the 民情民意 tabs offer: a partner unit's contact starts on the requests
    dispatched to their unit, and sees a "my requests" tab only when they reported any."""
    is_partner = rules.can_use_partner_cases(user) and not rules.can_view_cases(user)
    return {"is_partner": is_partner,
            "has_own_reports": is_partner and selectors.has_own_reports(user)}


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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_report(
                actor=request.user, category=data["category"], building=data["building"],
                unit=data["unit"],
                description=data["description"], photos=data["photos"],
                channel=data.get("channel") or None, external_ref=data.get("external_ref", ""),
                reporter=_reporter(request.user, data["building"], data.get("reporter_phone")))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已登记，编号 #%(number)s。") % {"number": case.pk})
            return redirect("casework:case_detail", pk=case.pk)
    return render(request, "casework/case_form.html", {"form": form})


def _reporter(actor, building, phone):
    return selectors.reporter_person(actor, community_id=building.community_id,
                                     phone=phone or "")


@login_required
def case_detail(request, pk):
    case = access.access_case(actor=request.user, id=pk)
    user = request.user
    context = {
        "case": case, "steps": selectors.case_steps(case), "now": timezone.now(),
        "can_dispatch": rules.can_dispatch(user, case),
        "can_handle": rules.can_handle(user, case),
        "can_follow_up": rules.can_follow_up(user, case),
        "can_review": rules.can_review(user, case),
        "note_form": NoteForm(), "answer_form": AnswerForm(), "extend_form": ExtendForm(),
        "follow_up_form": FollowUpForm(), "review_form": ReviewForm(), "merge_form": MergeForm(),
        "reveal_form": CaseRevealForm(),
        # a request the community cannot solve alone can become a co-building need
        "linked_needs": selectors.linked_needs(case),
        "can_convert": user_can(user, "cobuilding.change_lists", case.community),
        "need_categories": NEED_CATEGORIES,
        # ... or a topic for consultation (deliberation.Topic.source_case)
        "linked_topics": selectors.linked_topics(case), "topic_kinds": TOPIC_KINDS,
        # ... or a volunteer task for in-service party members (party.Post.source_case)
        "linked_posts": selectors.linked_posts(case),
        "can_make_post": user_can(user, "party.manage_post", case.community),
        "can_make_topic": (user_can(user, "deliberation.screen_topic", case.community)
                           and case.category.group not in NEVER_PUBLIC_GROUPS),
    }
    if context["can_dispatch"]:
        candidates = selectors.handler_candidates(user, case)
        form = DispatchForm(initial={
            "handler": selectors.handler_preselected(user, case, candidates)})
        form.offer_handlers(candidates)
        form.fields["unit"].choices = [("", "—")] + [
            (unit.pk, unit.name) for unit in selectors.partner_unit_choices(user, case)]
        context["dispatch_form"] = form
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


ACTION_FORMS = {"dispatch": DispatchForm, "accept": NoteForm, "return": NoteForm,
                "escalate": NoteForm, "extend": ExtendForm, "answer": AnswerForm,
                "follow_up": FollowUpForm, "mark_unreasonable": NoteForm, "review": ReviewForm,
                "merge": MergeForm}


@login_required
@require_POST
def case_action(request, pk, action):
    """Every button on a request's page posts here; each action is one service function."""
    case = access.access_case(actor=request.user, id=pk)
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        raise NotFound()
    form = form_class(data=request.POST, files=request.FILES)
    if action == "dispatch":  # the service checks the choice; here any id parses
        form.fields["handler"].choices = [("", "")] + [
            (value, value) for value in request.POST.getlist("handler") if value.isdigit()]
        form.fields["unit"].choices = [("", "")] + [
            (value, value) for value in request.POST.getlist("unit") if value.isdigit()]
    if action == "accept":
        form.fields["note"].required = False
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("casework:case_detail", pk=case.pk)
    data, actor = form.cleaned_data, request.user
    try:
        if action == "dispatch":
            handler = unit = None
            if data["handler"]:
                handler = selectors.dispatch_handler(actor, case, int(data["handler"]))
                if handler is None:
                    raise ValidationFailed(detail={"handler": [_("请选择承办人。")]})
            if data["unit"]:
                unit = selectors.dispatch_unit(actor, case, int(data["unit"]))
                if unit is None:
                    raise ValidationFailed(detail={"unit": [_("请选择承办共建单位。")]})
            services.case_dispatch(actor=actor, case=case, note=data["note"],
                                   handler=handler, unit=unit)
        elif action == "accept":
            services.case_accept(actor=actor, case=case, note=data["note"])
        elif action == "return":
            services.case_return(actor=actor, case=case, note=data["note"])
        elif action == "escalate":
            services.case_escalate(actor=actor, case=case, note=data["note"])
        elif action == "extend":
            services.case_extend(actor=actor, case=case, days=data["days"], note=data["note"])
        elif action == "answer":
            services.case_answer(actor=actor, case=case, answer=data["answer"],
                                 photos=data["photos"])
        elif action == "follow_up":
            services.case_follow_up(actor=actor, case=case, is_solved=data["is_solved"],
                                    is_satisfied=data["is_satisfied"], note=data["note"])
        elif action == "mark_unreasonable":
            services.case_mark_unreasonable(actor=actor, case=case, note=data["note"])
        elif action == "review":
            services.case_review(actor=actor, case=case, is_upheld=data["is_upheld"],
                                 note=data["note"])
        elif action == "merge":
            into = access.access_case(actor=actor, id=data["into"])
            services.case_merge(actor=actor, case=case, into=into)
    except DomainError as error:
        if isinstance(error, NotFound) and not rules.can_view_cases(actor) and \
                case.reporter_user_id != actor.pk:
            raise
        messages.error(request, domain_error_text(error))
    else:
        messages.success(request, _("已保存。"))
    return redirect("casework:case_detail", pk=case.pk)


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
    page = Paginator(selectors.board(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "casework/board.html", {"page": page,
                                                   **_case_tabs(request.user)})


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

PARTNER_ACTION_FORMS = {"accept": NoteForm, "return": NoteForm, "answer": AnswerForm,
                        "extend": ExtendForm}


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
    return render(request, "casework/partner_case_detail.html", {
        "case": selectors.partner_case_view(case, with_steps=True),
        "answer_form": AnswerForm(), "now": timezone.now()})


@login_required
@require_POST
def partner_case_action(request, pk, action):
    _require_partner(request.user)
    case = access.access_partner_case(actor=request.user, id=pk)
    form_class = PARTNER_ACTION_FORMS.get(action)
    if form_class is None:
        raise NotFound()
    form = form_class(data=request.POST, files=request.FILES)
    if action == "accept":
        form.fields["note"].required = False
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("casework:partner_case_detail", pk=case.pk)
    data, actor = form.cleaned_data, request.user
    try:
        if action == "accept":
            services.case_accept(actor=actor, case=case, note=data["note"])
        elif action == "return":
            services.case_return(actor=actor, case=case, note=data["note"])
        elif action == "extend":
            services.case_extend(actor=actor, case=case, days=data["days"], note=data["note"])
        else:
            services.case_answer(actor=actor, case=case, answer=data["answer"],
                                 photos=data["photos"])
    except DomainError as error:
        messages.error(request, domain_error_text(error))
        return redirect("casework:partner_case_detail", pk=case.pk)
    if action == "return":
        messages.success(request, _("已退回社区。"))
        return redirect("casework:partner_case_list")
    messages.success(request, _("已保存。"))
    return redirect("casework:partner_case_detail", pk=case.pk)


@login_required
def partner_photo_download(request, pk):
    _require_partner(request.user)
    photo = access.access_partner_photo(actor=request.user, id=pk)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response

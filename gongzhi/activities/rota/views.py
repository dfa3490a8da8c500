"""The rota's pages: posts and their shifts, who took them (within the privacy rule), my
shifts (phone first). One form per action, the action in the URL."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.activities.duty import selectors as duty_selectors
from gongzhi.activities.rota import access, rules, selectors, services
from gongzhi.activities.rota.choices import PostStatus
from gongzhi.activities.rota.forms import (
    ROTA,
    AssignForm,
    ConfirmForm,
    ExtendForm,
    PostFilterForm,
    PostForm,
    PostStatusForm,
    ShiftForm,
    SignUpStepForm,
    SlotsForm,
    TakeForm,
)
from gongzhi.activities.volunteering.profiles import own_volunteer
from gongzhi.audit.exporting import export_list
from gongzhi.core.actions import require_who
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied
from gongzhi.core.exporting import Column
from gongzhi.core.forms import add_domain_error, submit_form


def _post_url(post_id) -> str:
    return reverse("activities:post_detail", args=[post_id])


POST_COLUMNS = (
    Column(gettext_lazy("岗位"), lambda p: p.title, 28),
    Column(gettext_lazy("状态"), lambda p: p.get_status_display()),
    Column(gettext_lazy("首日"), lambda p: p.first_day),
    Column(gettext_lazy("末日"), lambda p: p.last_day),
    Column(gettext_lazy("类型"), lambda p: p.get_kind_display()),
    Column(gettext_lazy("面向"), lambda p: p.get_open_to_display()),
    Column(gettext_lazy("单位"), lambda p: p.unit.name if p.unit else ""),
    Column(gettext_lazy("地点"), lambda p: p.place, 20),
    Column(gettext_lazy("班次"), lambda p: p.shift_count),
    Column(gettext_lazy("已认领"), lambda p: p.signup_count or 0),
    Column(gettext_lazy("名额"), lambda p: p.slot_count or 0),
)


@login_required
def post_list(request):
    """Posts with their shifts' fill; filters by kind, audience and status; `to_confirm=1`:
    the queue of services waiting for the organiser's confirmation (the workbench's link)."""
    if not rules.can_view_posts(request.user):
        raise PermissionDenied()
    form = PostFilterForm(data=request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    to_confirm = request.GET.get("to_confirm") == "1"
    posts = selectors.post_list(request.user, status=filters.get("status") or None,
                                kind=filters.get("kind") or None,
                                open_to=filters.get("open_to") or None, to_confirm=to_confirm)
    if export := export_list(request, posts, POST_COLUMNS, what="activities.post_list",
                             title=gettext_lazy("服务岗位")):
        return export
    page = Paginator(posts, 30).get_page(request.GET.get("page"))
    return render(request, "activities/rota/post_list.html", {
        "page": page, "form": form, "to_confirm": to_confirm,
        "can_manage": rules.can_manage_posts(request.user),
    })


def _post_form(request, *, data=None, initial=None, communities, case=None) -> PostForm:
    community_id = case.community_id if case is not None else None
    return PostForm(data=data, initial=initial, communities=communities,
                    needs=list(selectors.post_need_choices(request.user, community_id)),
                    units=list(selectors.post_unit_choices(request.user, community_id)),
                    activities=list(selectors.post_activity_choices(request.user,
                                                                    community_id)[:100]))


@login_required
def post_create(request):
    """Publish a post: one shift, or a rota template with its preview (the 预览 button shows
    the shifts it lays out; 发布 creates them)."""
    communities = list(selectors.editable_communities(request.user))
    if not communities:
        raise Http404
    initial = {"date": timezone.localdate(), "first_day": timezone.localdate(), "slots": 2,
               "days": 14, "starts": "00:00, 08:00, 16:00", "hours": 8}
    need_id = request.GET.get("need")
    if need_id and need_id.isdigit():
        need = selectors.post_need_choices(request.user).filter(pk=need_id).first()
        if need is not None:
            initial.update(need=need.pk, title=need.title, category=need.category,
                           description=need.description, community=need.community_id,
                           open_to="members")
    # a resident request published as a volunteer task (派给志愿任务): ?case=<id>
    case = selectors.post_source_case(request.user, request.POST.get("case")
                                      or request.GET.get("case"))
    if case is not None:
        communities = [c for c in communities if c.pk == case.community_id]
        if not communities:
            raise NotFound()
        initial.update(title=f"{case.category.name}：{case.building.name}",
                       description=selectors.case_description_for_post(case),
                       place=case.building.name, slots=1, category="governance")
    form = _post_form(request, data=request.POST or None, initial=initial,
                      communities=communities, case=case)
    if form.is_bound and not form.is_valid() and "community" in form.errors:
        raise NotFound()  # a community the actor may not publish in answers as missing
    preview = None
    if form.is_bound and "preview" in request.POST:
        if form.is_valid() and form.cleaned_data["layout"] == ROTA:
            try:
                preview = services.rota_plan(services.clean_rota(form.rota()))
            except DomainError as error:
                add_domain_error(form, error)
        return render(request, "activities/rota/post_form.html", {
            "form": form, "case": case, "preview": preview})

    def publish(data):
        fields = form.post_fields()
        community = data["community"]
        rota = form.rota()
        shift = None if rota else services.one_shift(
            date=data["date"], start_time=data.get("start_time"),
            end_time=data.get("end_time"), slots=data["slots"])
        if case is not None:
            fields.pop("need", None)
            return services.post_create_from_case(actor=request.user, case=case, shift=shift,
                                                  **fields)
        need = fields.pop("need")
        return services.post_create(actor=request.user, community=community, shift=shift,
                                    rota=rota, need=need, **fields)

    done = submit_form(request, form, publish, success_message=_("岗位已发布，可以认领了。"),
                       success_url=lambda post: _post_url(post.pk))
    if done:
        return done
    return render(request, "activities/rota/post_form.html", {"form": form, "case": case})


@login_required
def post_detail(request, pk):
    post = access.access_post(actor=request.user, id=pk)
    volunteer = own_volunteer(request.user)
    shifts = selectors.post_shifts(post, own_volunteer_id=volunteer.pk if volunteer else None)
    signups = selectors.post_signups(request.user, post)
    for signup in signups:
        signup.suggested_hours = services.suggested_hours(signup)
    by_shift = {}
    for signup in signups:
        by_shift.setdefault(signup.shift_id, []).append(signup)
    for shift in shifts:
        shift.named_signups = by_shift.get(shift.pk, [])
    # a long rota (three shifts a day for weeks) keeps its past out of the way: shifts gone by
    # with nothing left to confirm fold under the current ones
    today = timezone.localdate()
    current, settled = selectors.split_settled_shifts(shifts, today=today)
    can_assign = request.user.has_perm(rules.ASSIGN, shifts[0]) if shifts else False
    candidates = list(selectors.assign_candidates(request.user, shifts[0])) if can_assign else []
    return render(request, "activities/rota/post_detail.html", {
        "post": post, "shifts": shifts, "current_shifts": current, "settled_shifts": settled,
        "sees_names": request.user.has_perm(
            rules.SEE_SIGNUPS, post),
        "taken": sum(s.taken for s in shifts), "slots": sum(s.slots for s in shifts),
        "candidates": candidates,
        "shift_form": ShiftForm(initial={"date": timezone.localdate()}),
        "extend_form": ExtendForm(), "today": today,
    })


def _status_change(actor, post, data):
    return services.post_set_status(actor=actor, post=post, status=data["status"])


POST_ACTION_FORMS = {
    "status": (PostStatusForm, _status_change, _("岗位状态已更新。")),
    "shift": (ShiftForm, lambda actor, post, data: services.shift_add(
        actor=actor, post=post, shift=services.one_shift(**data)), _("已增加班次。")),
    "extend": (ExtendForm, lambda actor, post, data: services.rota_extend(
        actor=actor, post=post, days=data["days"]), _("排班已延长。")),
}
POST_ACTION_RULES = {"shift": rules.ADD_SHIFTS, "extend": rules.ADD_SHIFTS}


@login_required
@require_POST
def post_action(request, pk, action):
    """Open, close or complete a post; add a shift; extend its rota."""
    post = access.access_post(actor=request.user, id=pk)
    if action not in POST_ACTION_FORMS:
        raise Http404()
    form_class, perform, message = POST_ACTION_FORMS[action]
    form = form_class(data=request.POST)
    if action == "status":  # the changes share who may make them
        status = form.cleaned_data["status"] if form.is_valid() else PostStatus.CLOSED
        require_who(request.user, rules.POST_STATUS_RULES[status], post)
    else:
        require_who(request.user, POST_ACTION_RULES[action], post)
    url = _post_url(post.pk)
    return submit_form(request, form, lambda data: perform(request.user, post, data),
                       success_message=message, success_url=url, failure_url=url)


def _assign(actor, shift, data, form):
    volunteer = form.volunteers.get(data["volunteer"])
    if volunteer is None:
        raise NotFound()
    return services.shift_assign(actor=actor, shift=shift, volunteer=volunteer)


SHIFT_ACTION_FORMS = {
    "take": (rules.TAKE, _("认领成功，请按时到岗。")),
    "assign": (rules.ASSIGN, _("已安排志愿者。")),
    "slots": (rules.CHANGE_SLOTS, _("名额已更新。")),
}


@login_required
@require_POST
def shift_action(request, pk, action):
    """Take a shift (the volunteer), assign a volunteer to it or change its slots (staff)."""
    shift = access.access_shift(actor=request.user, id=pk)
    if action not in SHIFT_ACTION_FORMS:
        raise Http404()
    rule, message = SHIFT_ACTION_FORMS[action]
    url = _post_url(shift.post_id)
    if request.POST.get("next") == "mine":
        url = reverse("activities:my_shifts")
    require_who(request.user, rule, shift)
    if action == "take":
        return submit_form(request, TakeForm(data=request.POST), lambda data: services.shift_take(
            actor=request.user, shift=shift), success_message=message, success_url=url,
            failure_url=url)
    if action == "slots":
        return submit_form(request, SlotsForm(data=request.POST), lambda data: (
            services.shift_set_slots(actor=request.user, shift=shift, slots=data["slots"])),
            success_message=message, success_url=url, failure_url=url)
    form = AssignForm(data=request.POST,
                      volunteers=selectors.assign_candidates(request.user, shift))
    return submit_form(request, form, lambda data: _assign(request.user, shift, data, form),
                       success_message=message, success_url=url, failure_url=url)


SIGNUP_RULES = {"withdraw": rules.WITHDRAW, "check_in": rules.CHECK_IN,
                "check_out": rules.CHECK_OUT, "confirm": rules.CONFIRM}
SIGNUP_ACTION_FORMS = {
    "withdraw": (SignUpStepForm, lambda actor, signup, data: services.signup_withdraw(
        actor=actor, signup=signup), _("已撤回认领。")),
    "check_in": (SignUpStepForm, lambda actor, signup, data: services.signup_check_in(
        actor=actor, signup=signup), _("已签到。")),
    "check_out": (SignUpStepForm, lambda actor, signup, data: services.signup_check_out(
        actor=actor, signup=signup), _("已签退，辛苦了。")),
    "confirm": (ConfirmForm, lambda actor, signup, data: services.signup_confirm(
        actor=actor, signup=signup, work_done=data["work_done"], hours=data["hours"]),
        _("服务已确认，时长已记入服务时长记录。")),
}


@login_required
@require_POST
def signup_action(request, pk, action):
    """Withdraw, check in or out (the volunteer, or the organiser for them), confirm the
    service (the organiser)."""
    signup = access.access_signup(actor=request.user, id=pk)
    if action not in SIGNUP_ACTION_FORMS:
        raise Http404()
    require_who(request.user, SIGNUP_RULES[action], signup)
    form_class, perform, message = SIGNUP_ACTION_FORMS[action]
    form = form_class(data=request.POST)
    back = request.POST.get("next")
    url = (reverse("activities:my_shifts") if back == "mine" or (
        back != "post" and rules.is_own_signup.test(request.user, signup))
        else _post_url(signup.shift.post_id))
    return submit_form(request, form, lambda data: perform(request.user, signup, data),
                       success_message=message, success_url=url, failure_url=url)


@login_required
def my_shifts(request):
    """My shifts, phone first: the upcoming ones with check-in and check-out, the past ones
    with their confirmed hours, and the open posts I may take."""
    if not rules.can_view_posts(request.user):
        raise PermissionDenied()
    # the cover, swap and finding buttons of each sign-up (duty) ask its open request
    mine = selectors.my_shifts(request.user, prepare=duty_selectors.signups_with_requests)
    return render(request, "activities/rota/my_shifts.html", {
        **mine, "volunteer": own_volunteer(request.user),
        "open_posts": selectors.posts_open_to(request.user)[:30],
    })

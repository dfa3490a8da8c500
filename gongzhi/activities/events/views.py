"""Pages of activities: the residents' calendar and their sign-ups, the staff planner, the
activity page with its action forms, the attendance list, the check-in code at the door and
the page it opens on the resident's phone."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.activities.events import access, checkin, rules, selectors, services
from gongzhi.activities.events.choices import ActivityKind, ActivityStatus, SignUpStatus
from gongzhi.activities.events.forms import (
    ActivityForm,
    CancelForm,
    EmptyForm,
    HoursForm,
    PhotoForm,
    ReportForm,
    SignUpResidentForm,
)
from gongzhi.audit.services import audit_sensitive_read
from gongzhi.core.actions import require_who
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied
from gongzhi.core.forms import submit_form
from gongzhi.organisations.choices import MemberStatus
from gongzhi.organisations.roll import member_status

VIEW_MEMBER = "party.view_member"


def _month(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except (TypeError, ValueError):
        return timezone.localdate().replace(day=1)


@login_required
def calendar(request):
    """The residents' calendar: one month of activities grouped by day, phone first."""
    if not rules.can_view_activities(request.user):
        raise PermissionDenied()
    month = _month(request.GET.get("month"))
    mine = request.GET.get("mine") == "1"
    activities = list(selectors.calendar(request.user, month=month, mine=mine))
    own = {s.activity_id: s for s in selectors.own_signups(
        request.user, activity_ids=[a.pk for a in activities])}
    days = []
    for activity in activities:
        activity.own_signup = own.get(activity.pk)
        day = timezone.localtime(activity.starts_at).date()
        if not days or days[-1][0] != day:
            days.append((day, []))
        days[-1][1].append(activity)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return render(request, "activities/events/calendar.html", {
        "month": month, "days": days, "mine": mine,
        "previous": previous.strftime("%Y-%m"), "following": following.strftime("%Y-%m"),
        "can_plan": rules.can_manage_activities(request.user)})


@login_required
def my_signups(request):
    """My sign-ups: what I signed up for, places offered to me, my waiting list places;
    ?queue=upcoming|offers are the workbench's links."""
    queue = request.GET.get("queue", "")
    queue = queue if queue in ("upcoming", "offers") else ""
    signups = list(selectors.own_signups(request.user, queue=queue))
    return render(request, "activities/events/my_signups.html",
                  {"signups": signups, "queue": queue})


@login_required
def planner(request):
    """The staff planner: upcoming or past activities with their counts."""
    if not rules.can_manage_activities(request.user):
        raise PermissionDenied()
    when = request.GET.get("when", "upcoming")
    when = when if when in ("upcoming", "past", "week", "offers") else "upcoming"
    kind = request.GET.get("kind", "")
    kind = kind if kind in ActivityKind.values else ""
    status = request.GET.get("status", "")
    status = status if status in ActivityStatus.values else ""
    activities = selectors.planner(request.user, kind=kind, status=status, when=when)
    return render(request, "activities/events/planner.html", {
        "activities": activities, "when": when, "kind": kind, "status": status,
        "kinds": ActivityKind.choices, "statuses": ActivityStatus.choices,
        "can_create": selectors.manageable_communities(request.user).exists()})


@login_required
def activity_create(request):
    communities = selectors.manageable_communities(request.user)
    if not communities.exists():
        raise PermissionDenied()
    form = ActivityForm(data=request.POST or None, communities=communities)

    def create(data):
        data = dict(data)
        return services.activity_create(actor=request.user, community=data.pop("community"),
                                        **data)

    done = submit_form(request, form, create,
                       success_message=_("活动草稿已保存，核对后即可发布。"),
                       success_url=lambda activity: reverse("activities:activity_detail",
                                                            args=[activity.pk]))
    if done:
        return done
    return render(request, "activities/events/activity_form.html", {"form": form})


@login_required
def activity_edit(request, pk):
    """The edit form of an activity (it posts to the dispatcher's "edit")."""
    activity = access.access_activity(actor=request.user, id=pk)
    require_who(request.user, rules.ACTIVITY_ACTION_RULES["edit"], activity)
    return render(request, "activities/events/activity_form.html",
                  {"form": ActivityForm(activity=activity), "activity": activity})


@login_required
def activity_detail(request, pk):
    activity = access.access_activity(actor=request.user, id=pk)
    counts = selectors.with_counts(selectors.visible_activities(request.user)
                                   .filter(pk=activity.pk)).first()
    context = {
        "activity": activity, "counts": counts,
        "own_signup": selectors.own_signup_of(request.user, activity),
        "partner_units": list(activity.partner_units.all()),
        "photos": list(selectors.photos(activity)),
        "can_manage": rules.may_manage(request.user, activity),
        "can_read_attendance": rules.can_read_attendance(request.user, activity),
        "eligibility": None,
        "report_form": ReportForm(initial={"report": activity.report}),
        "photo_form": PhotoForm(), "cancel_form": CancelForm(),
    }
    if request.user.has_perm(rules.JOIN, activity) and not context["own_signup"]:
        person = selectors.own_record(request.user)
        context["eligibility"] = services.eligibility_refusal(activity, person)
    if request.user.has_perm(rules.ACTIVITY_ACTION_RULES["signup_for"], activity):
        context["signup_form"] = SignUpResidentForm(
            people=selectors.residents_to_sign_up(request.user, activity))
    return render(request, "activities/events/activity_detail.html", context)


def _signup_for(actor, activity, data):
    return services.signup_for_resident(actor=actor, activity=activity, person=data["person"])


# action -> (its form, the service call); rules.ACTIVITY_ACTION_RULES names each one's rule
ACTIVITY_ACTION_FORMS = {
    "edit": (ActivityForm, lambda actor, activity, data: services.activity_edit(
        actor=actor, activity=activity, **data)),
    "publish": (EmptyForm, lambda actor, activity, data: services.activity_publish(
        actor=actor, activity=activity)),
    "close": (EmptyForm, lambda actor, activity, data: services.activity_close(
        actor=actor, activity=activity)),
    "done": (EmptyForm, lambda actor, activity, data: services.activity_complete(
        actor=actor, activity=activity)),
    "report": (ReportForm, lambda actor, activity, data: services.activity_report(
        actor=actor, activity=activity, report=data["report"])),
    "photo": (PhotoForm, lambda actor, activity, data: services.activity_photo_add(
        actor=actor, activity=activity, photo=data["photo"], caption=data["caption"])),
    "rotate_code": (EmptyForm, lambda actor, activity, data:
                    services.activity_checkin_key_rotate(actor=actor, activity=activity)),
    "signup_for": (SignUpResidentForm, _signup_for),
    "cancel": (CancelForm, lambda actor, activity, data: services.activity_cancel(
        actor=actor, activity=activity, reason=data["reason"])),
}


def _action_form(action, request, activity):
    form_class = ACTIVITY_ACTION_FORMS[action][0]
    kwargs = {"data": request.POST, "files": request.FILES}
    if form_class is ActivityForm:
        kwargs["activity"] = activity
    if form_class is SignUpResidentForm:
        kwargs["people"] = selectors.residents_to_sign_up(request.user, activity)
    return form_class(**kwargs)


@login_required
@require_POST
def activity_action(request, pk, action):
    """The organisers' buttons on an activity page; each is one form and one service."""
    if action not in ACTIVITY_ACTION_FORMS:
        raise Http404()
    activity = access.access_activity(actor=request.user, id=pk)
    require_who(request.user, rules.ACTIVITY_ACTION_RULES[action], activity)
    perform = ACTIVITY_ACTION_FORMS[action][1]
    detail_url = reverse("activities:activity_detail", args=[activity.pk])
    back = request.POST.get("next")
    failure_url = (reverse("activities:activity_edit", args=[activity.pk]) if action == "edit"
                   else detail_url)
    if back == "code":
        detail_url = failure_url = reverse("activities:checkin_code", args=[activity.pk])
    return submit_form(request, _action_form(action, request, activity),
                       lambda data: perform(request.user, activity, data),
                       success_message=_("已保存。"), success_url=detail_url,
                       failure_url=failure_url)


@login_required
@require_POST
def activity_join(request, pk):
    """A resident signs themself up."""
    activity = access.access_activity(actor=request.user, id=pk)
    url = reverse("activities:activity_detail", args=[activity.pk])

    def message(signup):
        if signup.status == SignUpStatus.WAITING:
            return _("名额已满，您已进入候补名单；有空位时会通知您确认。")
        return _("报名成功。")

    return submit_form(request, EmptyForm(data=request.POST),
                       lambda data: services.signup_join(actor=request.user, activity=activity),
                       success_message=message, success_url=url, failure_url=url)


SIGNUP_ACTION_FORMS = {
    "cancel_signup": (EmptyForm, lambda actor, signup, data: services.signup_cancel(
        actor=actor, signup=signup), _("报名已取消。")),
    "accept_offer": (EmptyForm, lambda actor, signup, data: services.offer_accept(
        actor=actor, signup=signup), _("已确认参加。")),
    "decline_offer": (EmptyForm, lambda actor, signup, data: services.offer_decline(
        actor=actor, signup=signup), _("已放弃递补名额。")),
    "staff_checkin": (EmptyForm, lambda actor, signup, data: services.signup_check_in(
        actor=actor, signup=signup), _("已签到。")),
    "staff_checkout": (EmptyForm, lambda actor, signup, data: services.signup_check_out(
        actor=actor, signup=signup), _("已签退。")),
    "confirm_hours": (HoursForm, lambda actor, signup, data: services.signup_hours_confirm(
        actor=actor, signup=signup, hours=data["hours"]), _("服务时长已记入台账。")),
}


@login_required
@require_POST
def signup_action(request, pk, action):
    """A sign-up's buttons: the resident's own (cancel, answer an offer) and the staff's on
    the attendance list (check in, check out, confirm hours)."""
    if action not in SIGNUP_ACTION_FORMS:
        raise Http404()
    signup = access.access_signup(actor=request.user, id=pk)
    form_class, perform, message = SIGNUP_ACTION_FORMS[action]
    back = request.POST.get("next", "")
    if back == "attendance" and rules.may_see_attendance(request.user, signup):
        url = reverse("activities:attendance", args=[signup.activity_id])
    elif back == "mine":
        url = reverse("activities:my_signups")
    else:
        url = reverse("activities:activity_detail", args=[signup.activity_id])
    return submit_form(request, form_class(data=request.POST),
                       lambda data: perform(request.user, signup, data),
                       success_message=message, success_url=url, failure_url=url)


def _party_marks(actor, activity, rows) -> dict[int, bool]:
    """person id -> is a probationary member, for a themed party day and a reader who holds
    party.view_member there; the read of the statuses is audited (once per page)."""
    if activity.kind != ActivityKind.PARTY_DAY:
        return {}
    members = list(selectors.members_visible_to(actor, [r.person_id for r in rows],
                                                VIEW_MEMBER))
    if not members:
        return {}
    audit_sensitive_read(actor=actor, instance=activity, fields=["party_status"],
                         reason=str(_("主题党日考勤")))
    return {m.person_id: member_status(m).get("status") == MemberStatus.PROBATIONARY
            for m in members}


@login_required
def attendance(request, pk):
    """Who signed up and who came; the organisers check people in and out and confirm the
    hours of registered volunteers."""
    activity = access.access_attendance(actor=request.user, id=pk)
    rows = selectors.attendance_rows(activity)
    volunteers = selectors.volunteer_of_person_ids(r.person_id for r in rows)
    recorded = selectors.recorded_signup_ids(activity)
    marks = _party_marks(request.user, activity, rows)
    for row in rows:
        row.is_volunteer = row.person_id in volunteers
        row.hours_recorded = row.pk in recorded
        row.is_member = row.person_id in marks
        row.is_probationary = marks.get(row.person_id, False)
        if row.checked_in_at and row.checked_out_at:
            row.attended_hours = services.attended_hours(row)
    return render(request, "activities/events/attendance.html", {
        "activity": activity, "rows": rows, "party_day": activity.kind == ActivityKind.PARTY_DAY,
        "shows_party_marks": bool(marks)})


def _code_context(request, activity, now):
    token = checkin.token_for(activity, now=now)
    url = request.build_absolute_uri(reverse("activities:checkin", args=[token]))
    minutes = checkin.valid_for().total_seconds() / 60
    return {"activity": activity, "checkin_url": url, "qr": checkin.qr_svg(url),
            "expires_at": now + checkin.valid_for(),
            # a fresh code well before this one expires (half its life)
            "refresh_seconds": max(int(minutes * 30), 30)}


@login_required
def checkin_code(request, pk):
    """The check-in code for the door, large; it replaces itself before it expires."""
    activity = access.access_activity(actor=request.user, id=pk,
                                      permission=rules.MANAGE_ACTIVITY)
    if activity.status not in (ActivityStatus.PUBLISHED, ActivityStatus.CLOSED):
        return render(request, "activities/events/checkin_code.html",
                      {"activity": activity, "closed": True})
    context = _code_context(request, activity, timezone.now())
    if request.headers.get("HX-Request"):
        return render(request, "activities/events/_checkin_qr.html", context)
    return render(request, "activities/events/checkin_code.html", context)


@login_required
def checkin_page(request, token):
    """What the code opens on the resident's phone: the activity and a big 签到 button (login
    first if needed: login_required brings them back here)."""
    try:
        activity = services.activity_of_token(token=token)
        services.checkin.read_token(token, now=timezone.now())
    except DomainError as error:
        return render(request, "activities/events/checkin.html",
                      {"error": error.message}, status=400)
    signup = None
    if request.method == "POST":
        try:
            signup = services.checkin_by_code(actor=request.user, token=token)
        except NotFound:
            raise Http404() from None
        except DomainError as error:
            return render(request, "activities/events/checkin.html",
                          {"activity": activity, "error": error.message, "token": token},
                          status=400 if error.status < 403 else error.status)
    elif request.user.has_perm(rules.CHECK_IN_BY_CODE, activity):
        signup = selectors.own_signup_of(request.user, activity)
    elif rules.may_manage(request.user, activity):
        # the organiser trying the code: what it opens, and where they check people in
        return render(request, "activities/events/checkin.html",
                      {"activity": activity, "organiser_view": True,
                       "can_read_attendance": rules.can_read_attendance(request.user, activity)})
    else:
        # the link may reach anyone: say nothing of an activity the reader may not see
        return render(request, "activities/events/checkin.html", {
            "error": _("您不是本社区登记的居民，不能在此签到。")}, status=403)
    return render(request, "activities/events/checkin.html",
                  {"activity": activity, "signup": signup, "token": token})


@login_required
def photo_file(request, pk):
    """A photo of an activity, to those who may see the activity (never a public media URL)."""
    photo = access.access_photo(actor=request.user, id=pk)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

"""Pages of consultation topics: list, propose, detail with its timeline and the buttons the
user may press, meetings with sign-in and minutes, and the residents' page of outcomes."""

import mimetypes

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.audit.exporting import export_list
from gongzhi.casework.access import access_case
from gongzhi.casework.selectors import case_is_visible
from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.core.exporting import Column
from gongzhi.core.forms import submit_form
from gongzhi.deliberation.topics import access, rules, selectors, services
from gongzhi.deliberation.topics.choices import (
    VOTE_KINDS,
    InviteeKind,
    MeetingStatus,
    TopicKind,
    TopicStatus,
)
from gongzhi.deliberation.topics.forms import (
    InviteForm,
    MeetingForm,
    MeetingNoticeForm,
    MinutesForm,
    NoteForm,
    OutcomeForm,
    ProjectForm,
    RateForm,
    ReviewForm,
    SignInForm,
    SignInRecordForm,
    TaskCompleteForm,
    TaskForm,
    TopicFromCaseForm,
    TopicProposeForm,
    VoteForm,
    owner_parts,
)
from gongzhi.organisations.choices import Category as NeedCategory
from gongzhi.people.identity import mask_name
from gongzhi.places import selectors as places_selectors
from gongzhi.places.models import Building, Community

TOPIC_COLUMNS = (
    Column(gettext_lazy("议题"), lambda t: t.title, 30),
    Column(gettext_lazy("楼栋"), lambda t: t.building.name if t.building else ""),
    Column(gettext_lazy("类别"), lambda t: t.get_kind_display()),
    Column(gettext_lazy("状态"), lambda t: t.get_status_display()),
    Column(gettext_lazy("提出"), lambda t: t.get_proposer_kind_display()),
    Column(gettext_lazy("提出日期"), lambda t: timezone.localtime(t.created_at).date()),
    Column(gettext_lazy("会议"), lambda t: t.meeting_count),
)


@login_required
def topic_list(request):
    if not rules.can_use_topics(request.user):
        raise PermissionDenied()
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    mine = request.GET.get("mine") == "1"
    topics = selectors.topic_list(request.user, status=status, kind=kind, mine=mine)
    if export := export_list(request, topics, TOPIC_COLUMNS, what="deliberation.topic_list",
                             title=gettext_lazy("议题")):
        return export
    page = Paginator(topics, 30).get_page(request.GET.get("page"))
    return render(request, "deliberation/topics/topic_list.html", {
        "page": page, "status": status, "kind": kind, "mine": mine,
        "statuses": TopicStatus.choices, "kinds": TopicKind.choices,
        "can_propose": rules.can_propose(request.user)})


@login_required
def topic_create(request):
    if not rules.can_propose(request.user):
        raise PermissionDenied()
    communities = Community.objects.for_user(request.user, rules.PROPOSE_TOPIC).order_by("name")
    buildings = (Building.objects.for_user(request.user, rules.PROPOSE_TOPIC)
                 .order_by("community_id", "sort_key", "name"))
    form = TopicProposeForm(data=request.POST or None, files=request.FILES or None,
                            communities=communities, buildings=buildings)

    def propose(data):
        return services.topic_propose(
            actor=request.user, community=data["community"], title=data["title"],
            description=data["description"], kind=data["kind"],
            item_number=data["item_number"], building=data["building"], unit=data["unit"],
            documents=data["documents"])

    done = submit_form(request, form, propose,
                       success_message=_("议题已提交，社区党委和居委会将进行审议。"),
                       success_url=lambda topic: reverse("deliberation:topic_detail",
                                                         args=[topic.pk]))
    if done is not None:
        return done
    return render(request, "deliberation/topics/topic_form.html", {"form": form})


@login_required
def topic_detail(request, pk):
    topic = access.access_topic(actor=request.user, id=pk)
    user = request.user
    # each button asks its action's rule ({% has_perm %}); the screener's role alone decides
    # whether the links to the vote, need and project are shown
    is_screener = rules.screens(user, topic)
    is_reviewer = rules.reviews(user, topic)
    meetings = list(selectors.topic_meetings(topic))
    tasks = list(selectors.topic_tasks(topic))
    for task in tasks:  # the rule of each task's button asks about this topic, loaded once
        task.topic = topic
    context = {
        "topic": topic, "steps": selectors.topic_steps(topic),
        "meetings": meetings, "tasks": tasks, "is_screener": is_screener,
        "show_outcome": topic.outcome_is_public or is_screener or is_reviewer,
        # who proposed it stays with the committee (and the street): others see the kind only
        "show_proposer": is_screener or is_reviewer or topic.proposer_id == user.pk,
        "rating": selectors.rating_summary(topic),
        "own_rating": selectors.own_rating(user, topic),
        "scores": [5, 4, 3, 2, 1],
        "held_meetings": [m for m in meetings if m.status == MeetingStatus.HELD],
        "vote_kinds": topic.kind in VOTE_KINDS,
        # the request behind the topic is linked only for those who may open it
        "can_open_source_case": bool(topic.source_case_id) and case_is_visible(
            user, topic.source_case),
    }
    if user.has_perm(rules.ADD_TASK, topic) or user.has_perm(rules.CREATE_PROJECT, topic):
        context["users"] = selectors.community_users(topic.community)
        context["units"] = selectors.community_units(topic.community)
        context["need_categories"] = NeedCategory.choices
    return render(request, "deliberation/topics/topic_detail.html", context)


def _topic_form(form_class, *, people=False, units=False):
    """Build an action's form for a topic, offering the community's people and partner units
    where the form chooses among them."""
    def build(topic, data, files):
        extra = {}
        if people:
            extra["users"] = selectors.community_users(topic.community)
        if units:
            extra["units"] = selectors.community_units(topic.community)
        return form_class(data=data, files=files, topic=topic, **extra)
    return build


def _task_create(actor, topic, data):
    owner_user, owner_unit = owner_parts(data["owner"])
    return services.task_create(actor=actor, topic=topic, description=data["description"],
                                deadline=data["deadline"], owner_user=owner_user,
                                owner_unit=owner_unit)


def _vote_created(vote):
    return reverse("deliberation:vote_detail", args=[vote.pk])


# action -> (its form, the service call): one form and one service per button
TOPIC_ACTION_FORMS = {
    "accept": (_topic_form(NoteForm), lambda actor, topic, data: services.topic_accept(
        actor=actor, topic=topic, note=data["note"], documents=data["documents"])),
    "decline": (_topic_form(NoteForm), lambda actor, topic, data: services.topic_decline(
        actor=actor, topic=topic, reason=data["note"], documents=data["documents"])),
    "notify": (_topic_form(NoteForm), lambda actor, topic, data: services.topic_notify(
        actor=actor, topic=topic, note=data["note"], documents=data["documents"])),
    "deliberate": (_topic_form(NoteForm), lambda actor, topic, data: services.topic_deliberate(
        actor=actor, topic=topic, note=data["note"], documents=data["documents"])),
    "vote": (_topic_form(VoteForm), lambda actor, topic, data: services.topic_vote_create(
        actor=actor, topic=topic, closes_on=data["closes_on"])),
    "outcome": (_topic_form(OutcomeForm), lambda actor, topic, data:
                services.topic_record_outcome(
                    actor=actor, topic=topic, outcome=data["outcome"],
                    votes_for=data["votes_for"], votes_against=data["votes_against"],
                    votes_abstain=data["votes_abstain"], dissent=data["dissent"],
                    meeting=data["meeting"], documents=data["documents"])),
    "publish": (_topic_form(NoteForm), lambda actor, topic, data: services.topic_publish(
        actor=actor, topic=topic, note=data["note"], documents=data["documents"])),
    "carry_out": (_topic_form(NoteForm), lambda actor, topic, data: services.topic_carry_out(
        actor=actor, topic=topic, note=data["note"], documents=data["documents"])),
    "progress": (_topic_form(NoteForm), lambda actor, topic, data: services.topic_progress(
        actor=actor, topic=topic, note=data["note"], documents=data["documents"])),
    "feedback": (_topic_form(NoteForm), lambda actor, topic, data:
                 services.topic_publish_feedback(actor=actor, topic=topic,
                                                 feedback=data["note"],
                                                 documents=data["documents"])),
    "close": (_topic_form(NoteForm), lambda actor, topic, data: services.topic_close(
        actor=actor, topic=topic, note=data["note"])),
    "escalate": (_topic_form(NoteForm), lambda actor, topic, data: services.topic_escalate(
        actor=actor, topic=topic, note=data["note"], documents=data["documents"])),
    "review": (_topic_form(ReviewForm), lambda actor, topic, data: services.topic_review(
        actor=actor, topic=topic, decide=data["decide"], note=data["note"],
        documents=data["documents"])),
    "task": (_topic_form(TaskForm, people=True, units=True), _task_create),
    "project": (_topic_form(ProjectForm, units=True), lambda actor, topic, data:
                services.topic_project_create(actor=actor, topic=topic,
                                              lead_unit=data["lead_unit"], plan=data["plan"],
                                              category=data["category"] or "governance")),
    "rate": (_topic_form(RateForm), lambda actor, topic, data: services.topic_rate(
        actor=actor, topic=topic, score=data["score"], comment=data["comment"])),
}


@login_required
@require_POST
def topic_action(request, pk, action):
    """Every button on a topic's page posts here: one form and one service per action."""
    topic = access.access_topic(actor=request.user, id=pk)
    if action not in TOPIC_ACTION_FORMS:
        raise NotFound()
    build, perform = TOPIC_ACTION_FORMS[action]
    form = build(topic, request.POST, request.FILES)
    detail_url = reverse("deliberation:topic_detail", args=[topic.pk])
    if action == "vote":  # the new vote's page, to check the draft and open it
        return submit_form(request, form, lambda data: perform(request.user, topic, data),
                           success_message=_("业主表决草稿已建立，请核对后开始投票。"),
                           success_url=_vote_created, failure_url=detail_url)
    return submit_form(request, form, lambda data: perform(request.user, topic, data),
                       success_message=_("已保存。"), success_url=detail_url,
                       failure_url=detail_url)


class _Refusal(Exception):
    """Carries a refusal of who may act past submit_form, which flashes a service's errors."""

    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


def _submit_or_refuse(request, form, perform, **kwargs):
    """submit_form, where the service's 404 or 403 (the actor may not act at all) answers as
    such instead of a flashed message, as these buttons always did; a wrong state or input is
    flashed on the page it came from."""
    def perform_or_refuse(data):
        try:
            return perform(data)
        except (NotFound, PermissionDenied) as error:
            raise _Refusal(error) from error
    try:
        return submit_form(request, form, perform_or_refuse, **kwargs)
    except _Refusal as refusal:
        raise refusal.error from None


@login_required
@require_POST
def topic_from_case(request, case_pk):
    """The button on a request's page: the request becomes a consultation topic."""
    case = access_case(actor=request.user, id=case_pk)
    form = TopicFromCaseForm(data=request.POST)
    return _submit_or_refuse(
        request, form, lambda data: services.topic_create_from_case(
            actor=request.user, case=case, kind=data["kind"] or TopicKind.ORDINARY,
            item_number=data["item_number"]),
        success_message=_("已转为协商议题。"),
        success_url=lambda topic: reverse("deliberation:topic_detail", args=[topic.pk]),
        failure_url=reverse("casework:case_detail", args=[case.pk]))


@login_required
def task_complete(request, pk):
    if request.method != "POST":
        raise NotFound()
    task = access.access_task(actor=request.user, id=pk)
    return _submit_or_refuse(
        request, TaskCompleteForm(data=request.POST, files=request.FILES),
        lambda data: services.task_complete(actor=request.user, task=task, note=data["note"],
                                            documents=data["documents"]),
        success_message=_("任务已完成。"),
        success_url=reverse("deliberation:topic_detail", args=[task.topic_id]),
        failure_url=reverse("deliberation:topic_detail", args=[task.topic_id]))


@login_required
def meeting_create(request, pk):
    topic = access.access_topic(actor=request.user, id=pk)
    if not rules.screens(request.user, topic):  # the rule's who; the service judges the state
        raise PermissionDenied()
    form = MeetingForm(data=request.POST or None,
                       initial={"title": _("%(title)s议事会") % {"title": topic.title}})
    done = submit_form(
        request, form, lambda data: services.meeting_schedule(actor=request.user, topic=topic,
                                                              **data),
        success_message=_("会议已安排，请添加参会方并发出通知。"),
        success_url=lambda meeting: reverse("deliberation:meeting_detail", args=[meeting.pk]))
    if done is not None:
        return done
    return render(request, "deliberation/topics/meeting_form.html",
                  {"form": form, "topic": topic})


@login_required
def meeting_detail(request, pk):
    meeting = access.access_meeting(actor=request.user, id=pk)
    topic = meeting.topic
    is_screener = rules.screens(request.user, topic)
    invitee = selectors.invitee_of(request.user, meeting)
    sign_ins = list(selectors.meeting_sign_ins(meeting))
    invitees = list(selectors.meeting_invitees(meeting))
    # residents who are not running the meeting see masked names of the people invited and
    # signed in (units by name); the committee sees the sheet in full
    own_pk = invitee.pk if invitee is not None else None
    for row in invitees:
        row.shown_name = (row.name if is_screener or row.partner_unit_id or row.pk == own_pk
                          else mask_name(row.name))
    for row in sign_ins:
        row.shown_name = (row.name if is_screener or (own_pk and row.invitee_id == own_pk)
                          or (row.invitee_id and row.invitee.partner_unit_id)
                          else mask_name(row.name))
    context = {
        "meeting": meeting, "topic": topic, "is_screener": is_screener,
        "invitees": invitees, "sign_ins": sign_ins,
        "attendance": selectors.meeting_attendance(invitees, sign_ins),
        "invitee": invitee,
        "signed_in": invitee is not None and any(s.invitee_id == invitee.pk for s in sign_ins),
        "invitee_kinds": InviteeKind.choices,
    }
    if request.user.has_perm(rules.INVITE, meeting):
        context["users"] = selectors.community_users(topic.community)
        context["units"] = selectors.community_units(topic.community)
    return render(request, "deliberation/topics/meeting_detail.html", context)


def _invite(actor, meeting, data):
    user, unit = owner_parts(data["target"])
    return services.invitee_add(actor=actor, meeting=meeting, kind=data["kind"], user=user,
                                partner_unit=unit, name=data["name"])


def _meeting_form(form_class, *, choices=False, sheet=False):
    def build(meeting, data, files):
        extra = {}
        if choices:
            extra = {"users": selectors.community_users(meeting.topic.community),
                     "units": selectors.community_units(meeting.topic.community)}
        if sheet:
            extra = {"meeting": meeting}
        return form_class(data=data, files=files, **extra)
    return build


# action -> (its form, the service call, the message on success)
SAVED = gettext_lazy("已保存。")
MEETING_ACTION_FORMS = {
    "invite": (_meeting_form(InviteForm, choices=True), _invite, SAVED),
    "notify": (_meeting_form(MeetingNoticeForm), lambda actor, meeting, data:
               services.meeting_notify(actor=actor, meeting=meeting, note=data["note"],
                                       documents=data["documents"]), SAVED),
    "sign-in": (_meeting_form(SignInForm), lambda actor, meeting, data:
                services.sign_in_self(actor=actor, meeting=meeting), gettext_lazy("已签到。")),
    "record-sign-in": (_meeting_form(SignInRecordForm, sheet=True), lambda actor, meeting, data:
                       services.sign_in_record(actor=actor, meeting=meeting,
                                               invitee=data["invitee"], name=data["name"]),
                       SAVED),
    "minutes": (_meeting_form(MinutesForm), lambda actor, meeting, data:
                services.meeting_record_minutes(actor=actor, meeting=meeting,
                                                minutes=data["minutes"],
                                                documents=data["documents"]), SAVED),
}


@login_required
@require_POST
def meeting_action(request, pk, action):
    """Every button on a meeting's page posts here: one form and one service per action."""
    meeting = access.access_meeting(actor=request.user, id=pk)
    if action not in MEETING_ACTION_FORMS:
        raise NotFound()
    build, perform, message = MEETING_ACTION_FORMS[action]
    detail_url = reverse("deliberation:meeting_detail", args=[meeting.pk])
    return submit_form(request, build(meeting, request.POST, request.FILES),
                       lambda data: perform(request.user, meeting, data),
                       success_message=message, success_url=detail_url, failure_url=detail_url)


@login_required
def topic_document(request, pk):
    """Documents are never at a public URL: each download checks that the topic is visible."""
    document = access.access_document(actor=request.user, id=pk)
    response = FileResponse(document.file.open("rb"), content_type=document.content_type
                            or mimetypes.guess_type(document.file.name)[0])
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def topic_outcomes(request):
    """The residents' page: outcomes made public in their community, and how they were rated."""
    if not rules.can_use_topics(request.user):
        raise PermissionDenied()
    # moved to the public portal (issue 17): the outcomes of the user's community, or its home
    community_id = places_selectors.home_community_id(request.user, rules.PROPOSE_TOPIC)
    return redirect(reverse("portal:community_outcomes", args=[community_id])
                    if community_id else reverse("portal:home"))  # 302: the target is per user

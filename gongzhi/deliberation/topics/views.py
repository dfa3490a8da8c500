"""Pages of consultation topics: list, propose, detail with its timeline and the buttons the
user may press, meetings with sign-in and minutes, and the residents' page of outcomes."""

import datetime
import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.casework.access import access_case
from gongzhi.casework.selectors import case_is_visible
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.forms import add_domain_error, domain_error_text
from gongzhi.deliberation.topics import access, rules, selectors, services
from gongzhi.deliberation.topics.choices import (
    VOTE_KINDS,
    InviteeKind,
    MeetingStatus,
    StepAction,
    TaskStatus,
    TopicKind,
    TopicStatus,
)
from gongzhi.deliberation.topics.forms import MeetingForm, TopicProposeForm
from gongzhi.organisations.choices import Category as NeedCategory
from gongzhi.people.identity import mask_name
from gongzhi.places.models import Building, Community


@login_required
def topic_list(request):
    if not rules.can_use_topics(request.user):
        raise PermissionDenied()
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    mine = request.GET.get("mine") == "1"
    topics = selectors.topic_list(request.user, status=status, kind=kind, mine=mine)
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            topic = services.topic_propose(
                actor=request.user, community=data["community"], title=data["title"],
                description=data["description"], kind=data["kind"],
                item_number=data["item_number"], building=data["building"], unit=data["unit"],
                documents=data["documents"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("议题已提交，社区党委和居委会将进行审议。"))
            return redirect("deliberation:topic_detail", pk=topic.pk)
    return render(request, "deliberation/topics/topic_form.html", {"form": form})


def _buttons(user, topic) -> list[str]:
    """The steps this user may take now: the state machine's table, narrowed by role."""
    if rules.can_review(user, topic):
        return ["review"] if topic.status == TopicStatus.ESCALATED else []
    if not rules.can_screen(user, topic):
        return []
    names = {StepAction.ACCEPT: "accept", StepAction.DECLINE: "decline",
             StepAction.NOTIFY: "notify", StepAction.DELIBERATE: "deliberate",
             StepAction.OUTCOME: "outcome", StepAction.PUBLISH: "publish",
             StepAction.CARRY_OUT: "carry_out", StepAction.PROGRESS: "progress",
             StepAction.FEEDBACK: "feedback", StepAction.CLOSE: "close",
             StepAction.ESCALATE: "escalate"}
    buttons = [name for action, name in names.items()
               if topic.status in services.ALLOWED_FROM[action][0]]
    if topic.status == TopicStatus.PUBLISHED:  # adopted: carried out; not adopted: closed
        buttons = [b for b in buttons if b != ("carry_out" if topic.is_adopted is False
                                               else "close")]
    if topic.kind in VOTE_KINDS and topic.status == TopicStatus.DELIBERATING \
            and not topic.vote_id:
        buttons.append("vote")
    if topic.status in (TopicStatus.PUBLISHED, TopicStatus.CARRYING_OUT) \
            and topic.is_adopted is not False:
        buttons += ["task", *(["project"] if not topic.project_id else [])]
    if topic.status in services.MEETING_STATUSES:
        buttons.append("meeting")
    return buttons


@login_required
def topic_detail(request, pk):
    topic = access.access_topic(actor=request.user, id=pk)
    user = request.user
    is_screener = rules.can_screen(user, topic)
    buttons = _buttons(user, topic)
    meetings = list(selectors.topic_meetings(topic))
    context = {
        "topic": topic, "steps": selectors.topic_steps(topic),
        "meetings": meetings, "tasks": selectors.topic_tasks(topic),
        "buttons": buttons, "is_screener": is_screener,
        "show_outcome": topic.outcome_is_public or is_screener or rules.can_review(user, topic),
        # who proposed it stays with the committee (and the street): others see the kind only
        "show_proposer": (is_screener or rules.can_review(user, topic)
                          or topic.proposer_id == user.pk),
        "rating": selectors.rating_summary(topic),
        "own_rating": selectors.own_rating(user, topic),
        "can_rate": (rules.can_rate(user, topic)
                     and topic.status in (TopicStatus.FEEDBACK, TopicStatus.CLOSED)),
        "open_task_status": TaskStatus.OPEN, "scores": [5, 4, 3, 2, 1],
        "held_meetings": [m for m in meetings if m.status == MeetingStatus.HELD],
        "vote_kinds": topic.kind in VOTE_KINDS,
        "today": datetime.date.today(),
        # the request behind the topic is linked only for those who may open it
        "can_open_source_case": bool(topic.source_case_id) and case_is_visible(
            user, topic.source_case),
    }
    if {"task", "project"} & set(buttons):
        context["users"] = selectors.community_users(topic.community)
        context["units"] = selectors.community_units(topic.community)
        context["need_categories"] = NeedCategory.choices
    return render(request, "deliberation/topics/topic_detail.html", context)


def _date(value: str, field: str):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(detail={field: [_("请填写日期。")]}) from None


@login_required
@require_POST
def topic_action(request, pk, action):
    """Every button on a topic's page posts here; each action is one service function."""
    topic = access.access_topic(actor=request.user, id=pk)
    post, actor = request.POST, request.user
    documents = request.FILES.getlist("documents")
    note = post.get("note", "")
    try:
        if action == "accept":
            services.topic_accept(actor=actor, topic=topic, note=note, documents=documents)
        elif action == "decline":
            services.topic_decline(actor=actor, topic=topic, reason=note, documents=documents)
        elif action == "notify":
            services.topic_notify(actor=actor, topic=topic, note=note, documents=documents)
        elif action == "deliberate":
            services.topic_deliberate(actor=actor, topic=topic, note=note, documents=documents)
        elif action == "vote":
            vote = services.topic_vote_create(actor=actor, topic=topic,
                                              closes_on=_date(post.get("closes_on", ""),
                                                              "closes_on"))
            messages.success(request, _("业主表决草稿已建立，请核对后开始投票。"))
            return redirect("deliberation:vote_detail", pk=vote.pk)
        elif action == "outcome":
            meeting = None
            if post.get("meeting"):
                meeting = access.access_meeting(actor=actor, id=post.get("meeting"))
            services.topic_record_outcome(
                actor=actor, topic=topic, outcome=post.get("outcome", ""),
                votes_for=post.get("votes_for"), votes_against=post.get("votes_against"),
                votes_abstain=post.get("votes_abstain"), dissent=post.get("dissent", ""),
                meeting=meeting, documents=documents)
        elif action == "publish":
            services.topic_publish(actor=actor, topic=topic, note=note, documents=documents)
        elif action == "carry_out":
            services.topic_carry_out(actor=actor, topic=topic, note=note, documents=documents)
        elif action == "progress":
            services.topic_progress(actor=actor, topic=topic, note=note, documents=documents)
        elif action == "feedback":
            services.topic_publish_feedback(actor=actor, topic=topic, feedback=note,
                                            documents=documents)
        elif action == "close":
            services.topic_close(actor=actor, topic=topic, note=note)
        elif action == "escalate":
            services.topic_escalate(actor=actor, topic=topic, note=note, documents=documents)
        elif action == "review":
            services.topic_review(actor=actor, topic=topic, decide=post.get("decide") == "1",
                                  note=note, documents=documents)
        elif action == "task":
            owner_user = owner_unit = None
            owner = post.get("owner", "")
            if owner.startswith("user-"):
                owner_user = selectors.community_users(topic.community).filter(
                    pk=owner[5:] if owner[5:].isdigit() else 0).first()
            elif owner.startswith("unit-"):
                owner_unit = selectors.community_units(topic.community).filter(
                    pk=owner[5:] if owner[5:].isdigit() else 0).first()
            services.task_create(actor=actor, topic=topic, description=post.get("description", ""),
                                 deadline=_date(post.get("deadline", ""), "deadline"),
                                 owner_user=owner_user, owner_unit=owner_unit)
        elif action == "project":
            unit = selectors.community_units(topic.community).filter(
                pk=post.get("lead_unit") if (post.get("lead_unit") or "").isdigit() else 0
            ).first()
            if unit is None:
                raise ValidationFailed(detail={"lead_unit": [_("请选择牵头单位。")]})
            services.topic_project_create(actor=actor, topic=topic, lead_unit=unit,
                                          plan=post.get("plan", ""),
                                          category=post.get("category") or "governance")
        elif action == "rate":
            services.topic_rate(actor=actor, topic=topic, score=post.get("score"),
                                comment=post.get("comment", ""))
        else:
            raise NotFound()
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, domain_error_text(error))
    else:
        messages.success(request, _("已保存。"))
    return redirect("deliberation:topic_detail", pk=topic.pk)


@login_required
@require_POST
def topic_from_case(request, case_pk):
    """The button on a request's page: the request becomes a consultation topic."""
    case = access_case(actor=request.user, id=case_pk)
    try:
        topic = services.topic_create_from_case(
            actor=request.user, case=case, kind=request.POST.get("kind") or TopicKind.ORDINARY,
            item_number=request.POST.get("item_number") or None)
    except (NotFound, PermissionDenied):
        raise
    except DomainError as error:
        messages.error(request, domain_error_text(error))
        return redirect("casework:case_detail", pk=case.pk)
    messages.success(request, _("已转为协商议题。"))
    return redirect("deliberation:topic_detail", pk=topic.pk)


@login_required
def task_complete(request, pk):
    if request.method != "POST":
        raise NotFound()
    task = access.access_task(actor=request.user, id=pk)
    try:
        services.task_complete(actor=request.user, task=task, note=request.POST.get("note", ""),
                               documents=request.FILES.getlist("documents"))
    except (NotFound, PermissionDenied):
        raise
    except DomainError as error:
        messages.error(request, domain_error_text(error))
    else:
        messages.success(request, _("任务已完成。"))
    return redirect("deliberation:topic_detail", pk=task.topic_id)


@login_required
def meeting_create(request, pk):
    topic = access.access_topic(actor=request.user, id=pk)
    if not rules.can_screen(request.user, topic):
        raise PermissionDenied()
    form = MeetingForm(data=request.POST or None,
                       initial={"title": _("%(title)s议事会") % {"title": topic.title}})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(actor=request.user, topic=topic,
                                                **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("会议已安排，请添加参会方并发出通知。"))
            return redirect("deliberation:meeting_detail", pk=meeting.pk)
    return render(request, "deliberation/topics/meeting_form.html",
                  {"form": form, "topic": topic})


@login_required
def meeting_detail(request, pk):
    meeting = access.access_meeting(actor=request.user, id=pk)
    topic = meeting.topic
    is_screener = rules.can_screen(request.user, topic)
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
    if is_screener:
        context["users"] = selectors.community_users(topic.community)
        context["units"] = selectors.community_units(topic.community)
    return render(request, "deliberation/topics/meeting_detail.html", context)


@login_required
@require_POST
def meeting_action(request, pk, action):
    meeting = access.access_meeting(actor=request.user, id=pk)
    post, actor = request.POST, request.user
    try:
        if action == "invite":
            target = post.get("target", "")
            user = unit = None
            if target.startswith("user-") and target[5:].isdigit():
                user = selectors.community_users(meeting.topic.community).filter(
                    pk=target[5:]).first()
            elif target.startswith("unit-") and target[5:].isdigit():
                unit = selectors.community_units(meeting.topic.community).filter(
                    pk=target[5:]).first()
            services.invitee_add(actor=actor, meeting=meeting, kind=post.get("kind", ""),
                                 user=user, partner_unit=unit, name=post.get("name", ""))
        elif action == "notify":
            services.meeting_notify(actor=actor, meeting=meeting, note=post.get("note", ""),
                                    documents=request.FILES.getlist("documents"))
        elif action == "sign-in":
            services.sign_in_self(actor=actor, meeting=meeting)
        elif action == "record-sign-in":
            invitee = None
            if post.get("invitee"):
                invitee = access.access_invitee(actor=actor, meeting=meeting,
                                                id=post.get("invitee"))
            services.sign_in_record(actor=actor, meeting=meeting, invitee=invitee,
                                    name=post.get("name", ""))
        elif action == "minutes":
            services.meeting_record_minutes(actor=actor, meeting=meeting,
                                            minutes=post.get("minutes", ""),
                                            documents=request.FILES.getlist("documents"))
        else:
            raise NotFound()
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, domain_error_text(error))
    else:
        messages.success(request, _("已签到。") if action == "sign-in" else _("已保存。"))
    return redirect("deliberation:meeting_detail", pk=meeting.pk)


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
    page = Paginator(selectors.published_outcomes(request.user), 20).get_page(
        request.GET.get("page"))
    return render(request, "deliberation/topics/outcomes.html", {"page": page})

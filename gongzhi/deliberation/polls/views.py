"""Pages of residents' polls."""

import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.audit.exporting import export_list
from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.core.exporting import Column
from gongzhi.core.forms import submit_form
from gongzhi.deliberation.balloting.choices import BallotState
from gongzhi.deliberation.balloting.forms import (
    AnswerForm,
    CheckForm,
    CloseForm,
    CorrectForm,
    EmptyForm,
    ObjectionForm,
    OwnBallotForm,
)
from gongzhi.deliberation.balloting.selectors import QUEUE_LABELS
from gongzhi.deliberation.polls import access, rules, selectors, services
from gongzhi.deliberation.polls.choices import PollChannel
from gongzhi.deliberation.polls.forms import PaperBallotForm, PollForm

POLL_COLUMNS = (
    Column(gettext_lazy("投票事项"), lambda p: p.title, 30),
    Column(gettext_lazy("范围"),
           lambda p: p.community.name + (f" · {p.scope_label}" if p.building_id else ""), 24),
    Column(gettext_lazy("状态"), lambda p: p.get_status_display()),
    Column(gettext_lazy("已计票"), lambda p: p.counted_count),
    Column(gettext_lazy("人数"), lambda p: p.elector_count),
)


@login_required
def poll_list(request):
    # ?queue= and ?community= are the workbench's links: the rows behind one of its counts
    queue = request.GET.get("queue", "")
    queue = queue if queue in QUEUE_LABELS else ""
    community = request.GET.get("community", "")
    polls = selectors.poll_list(
        request.user, status=request.GET.get("status", ""), queue=queue,
        community_id=int(community) if community.isdigit() else None)
    # (a unit's name reads its building: fetched with the rows, not once per row)
    if export := export_list(request, polls.select_related("unit__building"), POLL_COLUMNS,
                             what="deliberation.poll_list", title=gettext_lazy("居民投票")):
        return export
    return render(request, "deliberation/polls/poll_list.html", {
        "polls": polls, "queue": queue, "queue_label": QUEUE_LABELS.get(queue, ""),
        "filtered": bool(queue or community.isdigit() or request.GET.get("status")),
        "can_create": selectors.poll_communities(request.user).exists()})


@login_required
def poll_create(request):
    communities = selectors.poll_communities(request.user)
    if not communities.exists():
        raise PermissionDenied()
    form = PollForm(data=request.POST or None, communities=communities,
                    buildings=selectors.poll_buildings(request.user, communities))
    done = submit_form(request, form,
                       lambda data: services.poll_create(actor=request.user, **data),
                       success_message=_("居民投票已创建，核对后即可开始投票。"),
                       success_url=lambda poll: reverse("deliberation:poll_detail",
                                                        args=[poll.pk]))
    if done:
        return done
    return render(request, "deliberation/polls/poll_form.html", {"form": form})


@login_required
def poll_detail(request, pk):
    poll = access.access_poll(actor=request.user, id=pk)
    electors = list(selectors.poll_electors(poll))
    live = selectors.live_poll_ballots(poll)
    for elector in electors:
        elector.live_ballot = live.get(elector.pk)
    result = None
    if not poll.is_draft:
        result = poll.result or services.poll_result(poll)
    can_manage = rules.can_manage_poll(request.user, poll)
    context = {
        "poll": poll, "electors": electors, "result": result, "can_manage": can_manage,
        "pending": [b for b in live.values() if b.state == BallotState.PENDING_CHECK],
    }
    if can_manage:
        context["correctable"] = [
            e for e in electors if e.live_ballot and e.live_ballot.state == BallotState.COUNTED
            and e.live_ballot.channel == PollChannel.PAPER]
        for elector in context["correctable"]:
            elector.choice_label = poll.option_label(elector.live_ballot.choice)
        context["corrections"] = [
            (b, poll.option_label(b.supersedes.choice), poll.option_label(b.choice))
            for b in selectors.poll_corrections(poll)]
    if poll.is_open:
        context["early_close"] = services.poll_early_close_facts(poll)
    if poll.is_published:
        context["objections"] = list(selectors.poll_objections(poll))
    return render(request, "deliberation/polls/poll_detail.html", context)


def _performed(perform, actor, poll):
    """The form's service call; a row it names that the actor cannot see (an elector, a
    ballot, an objection, of another poll or out of scope) answers 404 as the poll itself
    does, never a message on the page."""
    def call(data):
        try:
            return perform(actor, poll, data)
        except NotFound:
            raise Http404() from None
    return call


def _of_poll(row, poll):
    if row.poll_id != poll.pk:
        raise NotFound()
    return row


def _ballot(actor, poll, data):
    return _of_poll(access.access_poll_ballot(actor=actor, id=data["ballot"]), poll)


def _paper(actor, poll, data):
    return services.poll_enter_paper(
        actor=actor, poll=poll, elector=access.access_poll_elector(actor=actor,
                                                                   id=data["elector"]),
        choice=data["choice"], scan=data["scan"])


# action -> (its form, the service call): one form and one service per button; the rule of
# each is rules.POLL_ACTION_RULES[action], which the service requires
POLL_ACTION_FORMS = {
    "open": (EmptyForm, lambda actor, poll, data: services.poll_open(actor=actor, poll=poll)),
    "paper": (PaperBallotForm, _paper),
    "check": (CheckForm, lambda actor, poll, data: services.poll_ballot_check(
        actor=actor, ballot=_ballot(actor, poll, data), approve=data["approve"])),
    "correct": (CorrectForm, lambda actor, poll, data: services.poll_ballot_correct(
        actor=actor, ballot=_ballot(actor, poll, data), choice=data["choice"],
        reason=data["reason"])),
    "objection": (ObjectionForm, lambda actor, poll, data: services.poll_objection_create(
        actor=actor, poll=poll, text=data["text"])),
    "answer": (AnswerForm, lambda actor, poll, data: services.poll_objection_answer(
        actor=actor, objection=_of_poll(access.access_poll_objection(
            actor=actor, id=data["objection"]), poll), answer=data["answer"])),
    "close": (CloseForm, lambda actor, poll, data: services.poll_close(
        actor=actor, poll=poll, confirm_early=data["confirm_early"])),
    "publish": (EmptyForm, lambda actor, poll, data: services.poll_publish(
        actor=actor, poll=poll)),
}


@login_required
@require_POST
def poll_action(request, pk, action):
    """The staff's buttons on a poll page; each is one form and calls exactly one service."""
    poll = access.access_poll(actor=request.user, id=pk, permission=rules.MANAGE_POLL)
    if action not in POLL_ACTION_FORMS:
        raise Http404()
    form_class, perform = POLL_ACTION_FORMS[action]
    detail_url = reverse("deliberation:poll_detail", args=[poll.pk])
    return submit_form(request, form_class(data=request.POST, files=request.FILES),
                       _performed(perform, request.user, poll),
                       success_message=_("已保存。"), success_url=detail_url,
                       failure_url=detail_url)


@login_required
def poll_ballot_scan(request, pk):
    """The scan of a paper poll ballot, to the poll's managers only."""
    ballot = access.access_poll_ballot(actor=request.user, id=pk)
    if not ballot.scan:
        raise NotFound()
    return _private_file(ballot.scan)


@login_required
def my_polls(request):
    rows = selectors.own_polls(request.user)
    objections = selectors.own_poll_objections(
        request.user, [poll.pk for poll, _elector, _ballot in rows])
    return render(request, "deliberation/polls/my_polls.html", {
        "rows": [(poll, elector, ballot, objections.get(poll.pk, []))
                 for poll, elector, ballot in rows]})


# a resident's own action -> (its form, the service call, what they are told);
# rules.OWN_POLL_ACTION_RULES names the rule of each
OWN_POLL_ACTION_FORMS = {
    "ballot": (OwnBallotForm, lambda actor, poll, data: services.poll_cast_online(
        actor=actor, poll=poll, choice=data["choice"]), _("您的投票已计入。")),
    "objection": (ObjectionForm, lambda actor, poll, data: services.poll_objection_create(
        actor=actor, poll=poll, text=data["text"]), _("异议已提交，工作人员将答复。")),
}


@login_required
@require_POST
def my_poll_ballot(request, pk, action):
    """A resident's own vote, or their objection to the published result."""
    poll = access.access_own_poll(actor=request.user, id=pk)
    if action not in OWN_POLL_ACTION_FORMS:
        raise Http404()
    form_class, perform, message = OWN_POLL_ACTION_FORMS[action]
    url = reverse("deliberation:my_polls")
    return submit_form(request, form_class(data=request.POST),
                       _performed(perform, request.user, poll),
                       success_message=message, success_url=url, failure_url=url)


def _private_file(field_file):
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

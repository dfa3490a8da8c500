"""Pages of residents' polls."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.forms import add_domain_error
from gongzhi.deliberation.balloting.choices import BallotState
from gongzhi.deliberation.balloting.selectors import QUEUE_LABELS
from gongzhi.deliberation.polls import access, rules, selectors, services
from gongzhi.deliberation.polls.choices import PollChannel, PollStatus
from gongzhi.deliberation.polls.forms import PollForm
from gongzhi.places import rules as places_rules
from gongzhi.places.models import Building, Community


def _error_text(error: DomainError) -> str:
    details = [str(m) for ms in (error.detail or {}).values() if isinstance(ms, list)
               for m in ms]
    return " ".join(details) or str(error.message)


def _manageable_communities(user):
    return Community.objects.for_user(user, rules.MANAGE_POLL).order_by("name")


@login_required
def poll_list(request):
    # ?queue= and ?community= are the workbench's links: the rows behind one of its counts
    queue = request.GET.get("queue", "")
    queue = queue if queue in QUEUE_LABELS else ""
    community = request.GET.get("community", "")
    polls = selectors.poll_list(
        request.user, status=request.GET.get("status", ""), queue=queue,
        community_id=int(community) if community.isdigit() else None)
    return render(request, "deliberation/polls/poll_list.html", {
        "polls": polls, "queue": queue, "queue_label": QUEUE_LABELS.get(queue, ""),
        "filtered": bool(queue or community.isdigit() or request.GET.get("status")),
        "can_create": _manageable_communities(request.user).exists()})


@login_required
def poll_create(request):
    communities = _manageable_communities(request.user)
    if not communities.exists():
        raise PermissionDenied()
    buildings = (Building.objects.for_user(request.user, places_rules.VIEW_PLACE)
                 .filter(community__in=communities).order_by("community_id", "sort_key", "name"))
    form = PollForm(data=request.POST or None, communities=communities, buildings=buildings)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        building = data.pop("building")
        unit = data.pop("unit")
        try:
            poll = services.poll_create(actor=request.user, building=building, unit=unit,
                                              **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("居民投票已创建，核对后即可开始投票。"))
            return redirect("deliberation:poll_detail", pk=poll.pk)
    return render(request, "deliberation/polls/poll_form.html", {"form": form})


@login_required
def poll_detail(request, pk):
    poll = access.access_poll(actor=request.user, id=pk)
    electors = list(selectors.poll_electors(poll))
    live = selectors.live_poll_ballots(poll)
    for elector in electors:
        elector.live_ballot = live.get(elector.pk)
    result = None
    if poll.status != PollStatus.DRAFT:
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
    if poll.status == PollStatus.OPEN:
        context["early_close"] = services.poll_early_close_facts(poll)
    if poll.status == PollStatus.PUBLISHED:
        context["objections"] = list(selectors.poll_objections(poll))
    return render(request, "deliberation/polls/poll_detail.html", context)


@login_required
@require_POST
def poll_action(request, pk):
    """The staff's buttons on a poll page; each calls exactly one service."""
    poll = access.access_poll(actor=request.user, id=pk, permission=rules.MANAGE_POLL)
    post, actor = request.POST, request.user
    action = post.get("action", "")
    try:
        if action == "open":
            services.poll_open(actor=actor, poll=poll)
        elif action == "paper":
            elector = access.access_poll_elector(actor=actor, id=post.get("elector"))
            services.poll_enter_paper(actor=actor, poll=poll, elector=elector,
                                            choice=post.get("choice", ""),
                                            scan=request.FILES.get("scan"))
        elif action == "check":
            ballot = access.access_poll_ballot(actor=actor, id=post.get("ballot"))
            services.poll_ballot_check(actor=actor, ballot=ballot,
                                             approve=post.get("approve") == "1")
        elif action == "correct":
            ballot = access.access_poll_ballot(actor=actor, id=post.get("ballot"))
            if ballot.poll_id != poll.pk:
                raise NotFound()
            services.poll_ballot_correct(actor=actor, ballot=ballot,
                                               choice=post.get("choice", ""),
                                               reason=post.get("reason", ""))
        elif action == "objection":
            services.poll_objection_create(actor=actor, poll=poll,
                                                 text=post.get("text", ""))
        elif action == "answer":
            objection = access.access_poll_objection(actor=actor, id=post.get("objection"))
            if objection.poll_id != poll.pk:
                raise NotFound()
            services.poll_objection_answer(actor=actor, objection=objection,
                                                 answer=post.get("answer", ""))
        elif action == "close":
            services.poll_close(actor=actor, poll=poll,
                                      confirm_early=post.get("confirm_early") == "1")
        elif action == "publish":
            services.poll_publish(actor=actor, poll=poll)
        else:
            raise ValidationFailed()
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("已保存。"))
    return redirect("deliberation:poll_detail", pk=poll.pk)


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


@login_required
@require_POST
def my_poll_ballot(request, pk):
    poll = access.access_own_poll(actor=request.user, id=pk)
    try:
        if request.POST.get("action") == "objection":
            services.poll_objection_create(actor=request.user, poll=poll,
                                                 text=request.POST.get("text", ""))
            messages.success(request, _("异议已提交，工作人员将答复。"))
        else:
            services.poll_cast_online(actor=request.user, poll=poll,
                                            choice=request.POST.get("choice", ""))
            messages.success(request, _("您的投票已计入。"))
    except NotFound:
        raise
    except DomainError as error:
        messages.error(request, _error_text(error))
    return redirect("deliberation:my_polls")


def _private_file(field_file):
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

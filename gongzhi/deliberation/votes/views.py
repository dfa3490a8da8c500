"""Pages of owners' votes, their publicity photos and the printable record and notice."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.forms import add_domain_error
from gongzhi.deliberation.balloting.choices import BallotState
from gongzhi.deliberation.votes import access, printing, rules, selectors, services
from gongzhi.deliberation.votes.choices import Choice, VoteStatus
from gongzhi.deliberation.votes.forms import PublicityPhotoForm, VoteForm
from gongzhi.places import rules as places_rules
from gongzhi.places.models import Building, Community


def _error_text(error: DomainError) -> str:
    details = [str(m) for ms in (error.detail or {}).values() if isinstance(ms, list)
               for m in ms]
    return " ".join(details) or str(error.message)


@login_required
def vote_list(request):
    # ?queue= and ?community= are the workbench's links: the rows behind one of its counts
    queue = request.GET.get("queue", "")
    queue = queue if queue in selectors.QUEUE_LABELS else ""
    community = request.GET.get("community", "")
    votes = selectors.vote_list(request.user, status=request.GET.get("status", ""),
                                queue=queue,
                                community_id=int(community) if community.isdigit() else None)
    return render(request, "deliberation/vote_list.html", {
        "votes": votes, "statuses": VoteStatus.choices, "queue": queue,
        "queue_label": selectors.QUEUE_LABELS.get(queue, ""),
        "filtered": bool(queue or community.isdigit() or request.GET.get("status")),
        "can_create": _manageable_buildings(request.user).exists()})


def _manageable_buildings(user):
    communities = Community.objects.for_user(user, rules.MANAGE_VOTE)
    return (Building.objects.for_user(user, places_rules.VIEW_PLACE)
            .filter(community__in=communities, use__in=["residential", "mixed"])
            .order_by("community_id", "sort_key", "name"))


@login_required
def vote_create(request):
    buildings = _manageable_buildings(request.user)
    if not buildings.exists():
        raise PermissionDenied()
    form = VoteForm(data=request.POST or None, buildings=buildings)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        building = data.pop("building")
        unit = data.pop("unit")
        try:
            vote = services.vote_create(actor=request.user, building=building, unit=unit, **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("业主表决已创建，核对后即可开始投票。"))
            return redirect("deliberation:vote_detail", pk=vote.pk)
    return render(request, "deliberation/vote_form.html", {"form": form})


def _detail_context(request, vote):
    electors = list(selectors.vote_electors(vote))
    live = selectors.live_ballots(vote)
    for elector in electors:
        elector.live_ballot = live.get(elector.pk)
    context = {
        "vote": vote, "electors": electors,
        "can_manage": rules.can_manage_vote(request.user, vote),
        "ballots": selectors.vote_ballots(vote),
        "proxies": selectors.vote_proxies(vote),
        "objections": selectors.vote_objections(vote),
        "choices": Choice.choices,
        "pending": [b for b in live.values() if b.state == BallotState.PENDING_CHECK],
    }
    context["documents"] = list(selectors.vote_documents(vote))
    context.update(_cost_context(vote))
    if vote.status == VoteStatus.DRAFT:
        context["scope_flats"] = services.scope_flats_with_owners(vote)
    elif vote.rule_set_id:
        context["tally"] = vote.result or services.vote_result(vote)
        context["early_close"] = services.early_close_facts(vote)
    return context


def _cost_context(vote) -> dict:
    return {"cost_terms": services.cost_scheme_terms(vote)}


@login_required
def vote_detail(request, pk):
    vote = access.access_vote(actor=request.user, id=pk)
    return render(request, "deliberation/vote_detail.html", _detail_context(request, vote))


@login_required
@require_POST
def vote_action(request, pk):
    """The staff's buttons on a vote page; each calls exactly one service."""
    vote = access.access_vote(actor=request.user, id=pk, permission=rules.MANAGE_VOTE)
    post, files, actor = request.POST, request.FILES, request.user
    action = post.get("action", "")

    def elector():
        return access.access_elector(actor=actor, id=post.get("elector"))

    try:
        if action == "open":
            services.vote_open(actor=actor, vote=vote,
                               affected_flat_ids=[int(x) for x in post.getlist("affected")
                                                  if x.isdigit()])
        elif action == "paper":
            services.ballot_enter_paper(actor=actor, vote=vote, elector=elector(),
                                        choice=post.get("choice", ""),
                                        voter_name=post.get("voter_name", ""),
                                        scan=files.get("scan"))
        elif action == "check":
            ballot = access.access_ballot(actor=actor, id=post.get("ballot"))
            services.ballot_check(actor=actor, ballot=ballot, approve=post.get("approve") == "1")
        elif action == "proxy":
            services.proxy_authorise(actor=actor, elector=elector(),
                                     owner_name=post.get("owner_name", ""),
                                     proxy_name=post.get("proxy_name", ""),
                                     document=files.get("document"))
        elif action == "proxy_ballot":
            proxy = access.access_proxy(actor=actor, id=post.get("proxy"))
            services.ballot_enter_proxy(actor=actor, proxy=proxy, choice=post.get("choice", ""))
        elif action == "proxy_revoke":
            proxy = access.access_proxy(actor=actor, id=post.get("proxy"))
            services.proxy_revoke(actor=actor, proxy=proxy, reason=post.get("reason", ""))
        elif action == "correct":
            ballot = access.access_ballot(actor=actor, id=post.get("ballot"))
            services.ballot_correct(actor=actor, ballot=ballot, choice=post.get("choice", ""),
                                    reason=post.get("reason", ""))
        elif action == "close":
            services.vote_close(actor=actor, vote=vote,
                                confirm_early=post.get("confirm_early") == "1")
        elif action == "document":
            services.vote_document_add(actor=actor, vote=vote, upload=files.get("document"))
        elif action == "publish":
            services.vote_publish(actor=actor, vote=vote)
        elif action == "objection":
            services.objection_create(actor=actor, vote=vote, text=post.get("text", ""))
        elif action == "answer":
            objection = access.access_objection(actor=actor, id=post.get("objection"))
            services.objection_answer(actor=actor, objection=objection,
                                      answer=post.get("answer", ""))
        else:
            raise ValidationFailed()
    except DomainError as error:
        if isinstance(error, NotFound):
            raise
        details = [str(m) for messages_ in (error.detail or {}).values()
                   if isinstance(messages_, list) for m in messages_]
        messages.error(request, " ".join(details) or str(error.message))
    else:
        messages.success(request, _("已保存。"))
    return redirect("deliberation:vote_detail", pk=vote.pk)


@login_required
def vote_record(request, pk):
    """The full vote record as a PDF: electorate, every ballot, proxy and correction."""
    vote = access.access_vote(actor=request.user, id=pk, permission=rules.MANAGE_VOTE)
    response = HttpResponse(printing.vote_record_pdf(vote), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="vote-{vote.pk}.pdf"'
    return response


@login_required
def my_votes(request):
    """The owner's ballot page: before voting, what is decided (the cost, how it is shared
    and this flat's share, the plan documents), then one ballot per own flat."""
    votes = selectors.own_votes(request.user)
    documents = selectors.documents_by_vote([vote.pk for vote in votes])
    rows = []
    for vote in votes:
        own = selectors.own_electors(request.user, vote)
        live = selectors.live_ballots(vote)
        shares = services.vote_cost_shares(vote) if vote.cost_total else {}
        rows.append({"vote": vote, "flats": [(e, live.get(e.pk), shares.get(e.pk))
                                             for e in own],
                     "documents": documents.get(vote.pk, []), **_cost_context(vote)})
    return render(request, "deliberation/my_votes.html", {"rows": rows,
                                                          "choices": Choice.choices})


@login_required
@require_POST
def my_ballot(request, pk):
    vote = access.access_own_vote(actor=request.user, id=pk)
    try:
        elector = next((e for e in selectors.own_electors(request.user, vote)
                        if str(e.pk) == request.POST.get("elector")), None)
        if elector is None:
            raise NotFound()
        if request.POST.get("action") == "objection":
            services.objection_create(actor=request.user, vote=vote,
                                      text=request.POST.get("text", ""))
            messages.success(request, _("异议已提交，工作人员将答复。"))
        else:
            services.ballot_cast_online(actor=request.user, vote=vote, elector=elector,
                                        choice=request.POST.get("choice", ""))
            messages.success(request, _("您的表决票已计入。"))
    except NotFound:
        raise
    except DomainError as error:
        details = [str(m) for ms in (error.detail or {}).values() if isinstance(ms, list)
                   for m in ms]
        messages.error(request, " ".join(details) or str(error.message))
    return redirect("deliberation:my_votes")


@login_required
def ballot_scan(request, pk):
    """The scan of a paper ballot, to the vote's managers only (never a public media URL)."""
    ballot = access.access_ballot(actor=request.user, id=pk)
    if not ballot.scan:
        raise NotFound()
    return _private_file(ballot.scan)


@login_required
def vote_document(request, pk):
    """A plan document of a vote, to its staff and the owners of its electorate only."""
    document = access.access_vote_document(actor=request.user, id=pk)
    response = _private_file(document.file)
    response["Content-Type"] = document.content_type
    return response


@login_required
def proxy_document(request, pk):
    """The written authorisation of a proxy, to the vote's managers only."""
    proxy = access.access_proxy(actor=request.user, id=pk)
    return _private_file(proxy.document)


@login_required
@require_POST
def publicity_photo_add(request, pk):
    vote = access.access_vote(actor=request.user, id=pk, permission=rules.MANAGE_VOTE)
    form = PublicityPhotoForm(data=request.POST, files=request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values()
                                         for e in errors))
        return redirect("deliberation:vote_detail", pk=vote.pk)
    try:
        services.publicity_photo_add(actor=request.user, vote=vote, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("公示照片已上传。"))
    return redirect("deliberation:vote_detail", pk=vote.pk)


@login_required
def publicity_photo(request, pk):
    """A publicity photo, to the staff who may see the vote (never a public media URL)."""
    photo = access.access_publicity_photo(actor=request.user, id=pk)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def vote_notice(request, pk):
    """The printable result notice (公示通知) for the building's board."""
    vote = access.access_vote(actor=request.user, id=pk, permission=rules.MANAGE_VOTE)
    if vote.status != VoteStatus.PUBLISHED:
        raise NotFound()
    response = HttpResponse(printing.vote_notice_pdf(vote), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notice-{vote.pk}.pdf"'
    return response


def _private_file(field_file):
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response

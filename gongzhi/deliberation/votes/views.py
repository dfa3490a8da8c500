"""Pages of owners' votes, their publicity photos and the printable record and notice."""

import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
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
from gongzhi.deliberation.votes import access, printing, rules, selectors, services
from gongzhi.deliberation.votes.choices import Choice, VoteStatus
from gongzhi.deliberation.votes.forms import (
    DocumentForm,
    ElectorCorrectForm,
    OpenForm,
    PaperBallotForm,
    ProxyBallotForm,
    ProxyForm,
    ProxyRevokeForm,
    PublicityPhotoForm,
    VoteEditForm,
    VoteForm,
)

VOTE_COLUMNS = (
    Column(gettext_lazy("表决事项"), lambda v: v.title, 30),
    Column(gettext_lazy("范围"), lambda v: f"{v.community.name} · {v.scope_label}", 24),
    Column(gettext_lazy("类别"), lambda v: v.get_kind_display()),
    Column(gettext_lazy("状态"), lambda v: v.get_status_display()),
    Column(gettext_lazy("已计票"), lambda v: v.counted_count),
    Column(gettext_lazy("户数"), lambda v: v.elector_count),
)


@login_required
def vote_list(request):
    # ?queue= and ?community= are the workbench's links: the rows behind one of its counts
    queue = request.GET.get("queue", "")
    queue = queue if queue in selectors.QUEUE_LABELS else ""
    community = request.GET.get("community", "")
    votes = selectors.vote_list(request.user, status=request.GET.get("status", ""),
                                queue=queue,
                                community_id=int(community) if community.isdigit() else None)
    # (a unit's name reads its building: fetched with the rows, not once per row)
    if export := export_list(request, votes.select_related("unit__building"), VOTE_COLUMNS,
                             what="deliberation.vote_list", title=gettext_lazy("业主表决")):
        return export
    return render(request, "deliberation/vote_list.html", {
        "votes": votes, "statuses": VoteStatus.choices, "queue": queue,
        "queue_label": selectors.QUEUE_LABELS.get(queue, ""),
        "filtered": bool(queue or community.isdigit() or request.GET.get("status")),
        "can_create": selectors.vote_buildings(request.user).exists()})


@login_required
def vote_create(request):
    buildings = selectors.vote_buildings(request.user)
    if not buildings.exists():
        raise PermissionDenied()
    form = VoteForm(data=request.POST or None, buildings=buildings)

    def create(data):
        data = dict(data)
        return services.vote_create(actor=request.user, building=data.pop("building"),
                                    unit=data.pop("unit"), **data)

    done = submit_form(request, form, create,
                       success_message=_("业主表决已创建，核对后即可开始投票。"),
                       success_url=lambda vote: reverse("deliberation:vote_detail",
                                                        args=[vote.pk]))
    if done:
        return done
    return render(request, "deliberation/vote_form.html", {"form": form})


def _detail_context(request, vote):
    electors = list(selectors.vote_electors(vote))
    live = selectors.live_ballots(vote)
    for elector in electors:
        elector.live_ballot = live.get(elector.pk)
    context = {
        "vote": vote, "electors": electors,
        # the record and the notice are staff's papers (not actions: no state to ask)
        "can_manage": rules.can_manage_vote(request.user, vote),
        "ballots": selectors.vote_ballots(vote),
        "proxies": selectors.vote_proxies(vote),
        "objections": selectors.vote_objections(vote),
        "choices": Choice.choices,
        "pending": [b for b in live.values() if b.state == BallotState.PENDING_CHECK],
        "correctable": [e for e in electors
                        if e.live_ballot and e.live_ballot.state == BallotState.COUNTED],
    }
    context["documents"] = list(selectors.vote_documents(vote))
    context.update(_cost_context(vote))
    if vote.is_draft:
        context["scope_flats"] = services.scope_flats_with_owners(vote)
        context["edit_form"] = VoteEditForm.of(vote)
        if context["can_manage"]:
            context["unsettled_flats"] = [row for row in context["scope_flats"]
                                          if row["is_unsettled"]]
    elif request.user.has_perm(rules.VIEW_TALLY, vote):
        context["tally"] = services.vote_tally_shown(vote)
        context["early_close"] = services.early_close_facts(vote)
    return context


def _cost_context(vote) -> dict:
    return {"cost_terms": services.cost_scheme_terms(vote)}


@login_required
def vote_detail(request, pk):
    vote = access.access_vote(actor=request.user, id=pk)
    return render(request, "deliberation/vote_detail.html", _detail_context(request, vote))


def _performed(perform, actor, vote):
    """The form's service call; a row it names that the actor cannot see (an elector, a
    ballot, a proxy, an objection, of another vote or out of scope) answers 404 as the vote
    itself does, never a message on the page."""
    def call(data):
        try:
            return perform(actor, vote, data)
        except NotFound:
            raise Http404() from None
    return call


def _of_vote(row, vote):
    if row.vote_id != vote.pk:
        raise NotFound()
    return row


def _paper(actor, vote, data):
    return services.ballot_enter_paper(
        actor=actor, vote=vote, elector=access.access_elector(actor=actor, id=data["elector"]),
        choice=data["choice"], voter_name=data["voter_name"], scan=data["scan"])


def _proxy(actor, vote, data):
    return services.proxy_authorise(
        actor=actor, elector=access.access_elector(actor=actor, id=data["elector"]),
        owner_name=data["owner_name"], proxy_name=data["proxy_name"], document=data["document"])


def _ballot(actor, data):
    return access.access_ballot(actor=actor, id=data["ballot"])


def _proxy_row(actor, vote, data):
    proxy = access.access_proxy(actor=actor, id=data["proxy"])
    if proxy.elector.vote_id != vote.pk:
        raise NotFound()
    return proxy


# action -> (its form, the service call): one form and one service per button; the rule of
# each is rules.VOTE_ACTION_RULES[action], which the service requires
VOTE_ACTION_FORMS = {
    "edit": (VoteEditForm, lambda actor, vote, data: services.vote_edit(
        actor=actor, vote=vote, **data)),
    "document": (DocumentForm, lambda actor, vote, data: services.vote_document_add(
        actor=actor, vote=vote, upload=data["document"])),
    "open": (OpenForm, lambda actor, vote, data: services.vote_open(
        actor=actor, vote=vote, affected_flat_ids=data["affected"])),
    "paper": (PaperBallotForm, _paper),
    "check": (CheckForm, lambda actor, vote, data: services.ballot_check(
        actor=actor, ballot=_of_vote(_ballot(actor, data), vote), approve=data["approve"])),
    "proxy": (ProxyForm, _proxy),
    "proxy_ballot": (ProxyBallotForm, lambda actor, vote, data: services.ballot_enter_proxy(
        actor=actor, proxy=_proxy_row(actor, vote, data), choice=data["choice"])),
    "proxy_revoke": (ProxyRevokeForm, lambda actor, vote, data: services.proxy_revoke(
        actor=actor, proxy=_proxy_row(actor, vote, data), reason=data["reason"])),
    "correct": (CorrectForm, lambda actor, vote, data: services.ballot_correct(
        actor=actor, ballot=_of_vote(_ballot(actor, data), vote), choice=data["choice"],
        reason=data["reason"])),
    "elector_correct": (ElectorCorrectForm, lambda actor, vote, data: services.elector_correct(
        actor=actor, elector=_of_vote(access.access_elector(actor=actor, id=data["elector"]),
                                      vote),
        field=data["field"], value=data["value"], reason=data["reason"])),
    "close": (CloseForm, lambda actor, vote, data: services.vote_close(
        actor=actor, vote=vote, confirm_early=data["confirm_early"])),
    "publish": (EmptyForm, lambda actor, vote, data: services.vote_publish(
        actor=actor, vote=vote)),
    "objection": (ObjectionForm, lambda actor, vote, data: services.objection_create(
        actor=actor, vote=vote, text=data["text"])),
    "answer": (AnswerForm, lambda actor, vote, data: services.objection_answer(
        actor=actor, objection=_of_vote(access.access_objection(actor=actor, id=data["objection"]),
                            vote),
        answer=data["answer"])),
}


@login_required
@require_POST
def vote_action(request, pk, action):
    """The staff's buttons on a vote page; each is one form and calls exactly one service."""
    vote = access.access_vote(actor=request.user, id=pk, permission=rules.MANAGE_VOTE)
    if action not in VOTE_ACTION_FORMS:
        raise Http404()
    form_class, perform = VOTE_ACTION_FORMS[action]
    detail_url = reverse("deliberation:vote_detail", args=[vote.pk])
    return submit_form(request, form_class(data=request.POST, files=request.FILES),
                       _performed(perform, request.user, vote),
                       success_message=_("已保存。"), success_url=detail_url,
                       failure_url=detail_url)


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


def _own_ballot(actor, vote, data):
    elector = next((e for e in selectors.own_electors(actor, vote)
                    if e.pk == data["elector"]), None)
    if elector is None:
        raise NotFound()
    return services.ballot_cast_online(actor=actor, vote=vote, elector=elector,
                                       choice=data["choice"])


# an owner's own action -> (its form, the service call, what they are told);
# rules.OWN_VOTE_ACTION_RULES names the rule of each
OWN_VOTE_ACTION_FORMS = {
    "ballot": (OwnBallotForm, _own_ballot, _("您的表决票已计入。")),
    "objection": (ObjectionForm, lambda actor, vote, data: services.objection_create(
        actor=actor, vote=vote, text=data["text"]), _("异议已提交，工作人员将答复。")),
}


@login_required
@require_POST
def my_ballot(request, pk, action):
    """An owner's ballot for one of their flats, or their objection to the published result."""
    vote = access.access_own_vote(actor=request.user, id=pk)
    if action not in OWN_VOTE_ACTION_FORMS:
        raise Http404()
    form_class, perform, message = OWN_VOTE_ACTION_FORMS[action]
    url = reverse("deliberation:my_votes")
    return submit_form(request, form_class(data=request.POST),
                       _performed(perform, request.user, vote),
                       success_message=message, success_url=url, failure_url=url)


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
    detail_url = reverse("deliberation:vote_detail", args=[vote.pk])
    return submit_form(request, PublicityPhotoForm(data=request.POST, files=request.FILES),
                       lambda data: services.publicity_photo_add(actor=request.user, vote=vote,
                                                                 **data),
                       success_message=_("公示照片已上传。"), success_url=detail_url,
                       failure_url=detail_url)


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
    if not vote.is_published:
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

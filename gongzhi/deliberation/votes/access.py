"""Fetch one vote row by id, within the actor's scope; missing and forbidden answer alike."""

from gongzhi.core.access import get_scoped
from gongzhi.core.errors import NotFound
from gongzhi.deliberation.votes import rules
from gongzhi.deliberation.votes.choices import VoteStatus
from gongzhi.deliberation.votes.models import (
    Ballot,
    Elector,
    Objection,
    ProxyAuthorisation,
    PublicityPhoto,
    Vote,
    VoteDocument,
)
from gongzhi.deliberation.votes.selectors import own_electors


def access_vote(*, actor, id, permission=rules.VIEW_VOTE) -> Vote:
    return get_scoped(Vote.objects.for_user(actor, permission)
                      .select_related("building", "unit", "community", "rule_set"), pk=id)


def _vote_ids(actor, permission):
    return Vote.objects.for_user(actor, permission).values("pk")


def access_elector(*, actor, id, permission=rules.MANAGE_VOTE) -> Elector:
    return get_scoped(Elector.objects.filter(vote__in=_vote_ids(actor, permission))
                      .select_related("vote"), pk=id)


def access_ballot(*, actor, id, permission=rules.MANAGE_VOTE) -> Ballot:
    return get_scoped(Ballot.objects.filter(vote__in=_vote_ids(actor, permission))
                      .select_related("vote", "elector"), pk=id)


def access_proxy(*, actor, id, permission=rules.MANAGE_VOTE) -> ProxyAuthorisation:
    return get_scoped(ProxyAuthorisation.objects.filter(
        elector__vote__in=_vote_ids(actor, permission)).select_related("elector__vote"), pk=id)


def access_objection(*, actor, id, permission=rules.MANAGE_VOTE) -> Objection:
    return get_scoped(Objection.objects.filter(vote__in=_vote_ids(actor, permission))
                      .select_related("vote"), pk=id)


def access_own_vote(*, actor, id) -> Vote:
    """A vote in which the actor's own person is an owner in the frozen electorate."""
    vote = Vote.objects.select_related("building", "unit", "rule_set").filter(pk=id).first()
    if vote is None or not own_electors(actor, vote):
        raise NotFound()
    return vote


def access_vote_document(*, actor, id) -> VoteDocument:
    """A plan document, to those who may see the vote, and to the owners of its frozen
    electorate once it is open (never a draft's documents to residents)."""
    documents = VoteDocument.objects.select_related("vote")
    document = documents.filter(pk=id, vote__in=_vote_ids(actor, rules.VIEW_VOTE)).first()
    if document is not None:
        return document
    document = documents.exclude(vote__status=VoteStatus.DRAFT).filter(pk=id).first()
    if document is None or not own_electors(actor, document.vote):
        raise NotFound()
    return document


def access_publicity_photo(*, actor, id, permission=rules.VIEW_VOTE) -> PublicityPhoto:
    return get_scoped(PublicityPhoto.objects.filter(vote__in=_vote_ids(actor, permission))
                      .select_related("vote"), pk=id)

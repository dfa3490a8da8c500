"""Fetch one party row by id within the actor's scope; missing and forbidden alike."""

from gongzhi.core.access import get_scoped
from gongzhi.party import rules
from gongzhi.party.models import Claim, Member, Officer, Organisation, Post


def access_organisation(*, actor, id, permission=rules.VIEW_ORGANISATION) -> Organisation:
    return get_scoped(Organisation.objects.for_user(actor, permission).select_related(
        "street", "community", "parent"), pk=id)


def access_member(*, actor, id, permission=rules.VIEW_MEMBER) -> Member:
    return get_scoped(Member.objects.for_user(actor, permission).select_related(
        "person", "community", "organisation", "group", "grid", "partner_unit"), pk=id)


def access_post(*, actor, id, permission=rules.VIEW_POST) -> Post:
    return get_scoped(Post.objects.for_user(actor, permission).select_related(
        "community", "need", "source_case"), pk=id)


def access_claim(*, actor, id, permission=rules.CONFIRM_CLAIM) -> Claim:
    return get_scoped(Claim.objects.for_user(actor, permission).select_related(
        "post", "member__person"), pk=id)


def access_officer(*, actor, id, permission=rules.CHANGE_ORGANISATION) -> Officer:
    return get_scoped(Officer.objects.for_user(actor, permission).select_related(
        "organisation"), pk=id)


def access_own_claim(*, actor, id) -> Claim:
    """A claim of the actor's own member record (a party member withdrawing it)."""
    return get_scoped(Claim.objects.for_user(actor, rules.CLAIM_POST)
                      .filter(member__person__user=actor)
                      .select_related("post", "member__person"), pk=id)

"""Fetch one party row by id within the actor's scope; missing and forbidden alike."""

from gongzhi.core.access import get_scoped

# The roll's rows are fetched by organisations; party's pages and API name them here too.
from gongzhi.organisations.access import access_member as access_member
from gongzhi.organisations.access import access_officer as access_officer
from gongzhi.organisations.access import access_organisation as access_organisation
from gongzhi.party import rules
from gongzhi.party.models import Claim, Post


def access_post(*, actor, id, permission=rules.VIEW_POST) -> Post:
    return get_scoped(Post.objects.for_user(actor, permission).select_related(
        "community", "need", "source_case"), pk=id)


def access_claim(*, actor, id, permission=rules.CONFIRM_CLAIM) -> Claim:
    return get_scoped(Claim.objects.for_user(actor, permission).select_related(
        "post", "member__person"), pk=id)


def access_own_claim(*, actor, id) -> Claim:
    """A claim of the actor's own member record (a party member withdrawing it)."""
    return get_scoped(Claim.objects.for_user(actor, rules.CLAIM_POST)
                      .filter(member__person__user=actor)
                      .select_related("post", "member__person"), pk=id)

"""Permission predicates of party building; the role → permission table is accounts.roles."""

import rules

from gongzhi.core.scoping import has_permission_somewhere, user_can

# The roll's rules live with the roll (organisations); party's pages and API name them here too.
from gongzhi.organisations.rules import CHANGE_MEMBER as CHANGE_MEMBER
from gongzhi.organisations.rules import CHANGE_ORGANISATION as CHANGE_ORGANISATION
from gongzhi.organisations.rules import REVEAL_STATUS as REVEAL_STATUS
from gongzhi.organisations.rules import VIEW_MEMBER as VIEW_MEMBER
from gongzhi.organisations.rules import VIEW_ORGANISATION as VIEW_ORGANISATION
from gongzhi.organisations.rules import can_change_member as can_change_member
from gongzhi.organisations.rules import can_change_organisation as can_change_organisation
from gongzhi.organisations.rules import can_reveal_status as can_reveal_status
from gongzhi.organisations.rules import can_view_members as can_view_members
from gongzhi.organisations.rules import can_view_organisations as can_view_organisations
from gongzhi.organisations.rules import is_own_member as is_own_member

VIEW_POST = "party.view_post"
MANAGE_POST = "party.manage_post"
CONFIRM_CLAIM = "party.confirm_claim"
CLAIM_POST = "party.claim_post"
VIEW_SUMMARY = "party.view_summary"
EXPORT_SUMMARY = "party.export_summary"


def can_view_posts(user) -> bool:
    return has_permission_somewhere(user, VIEW_POST)


def can_manage_posts(user) -> bool:
    return has_permission_somewhere(user, MANAGE_POST)


def can_manage_post(user, post) -> bool:
    return user_can(user, MANAGE_POST, post)


def can_confirm_claims(user, post) -> bool:
    """May see who claimed this post and confirm their work (party.confirm_claim)."""
    return user_can(user, CONFIRM_CLAIM, post)


def may_offer_claim(member, post, own_claim) -> bool:
    """Whether the page offers the claim button: a member of the post's community who has not
    claimed it, while it is open. post_claim checks all of it again under a lock."""
    return (member is not None and own_claim is None and post.is_open()
            and member.community_id == post.community_id)


def can_view_summary(user) -> bool:
    return has_permission_somewhere(user, VIEW_SUMMARY)


def can_use_party(user) -> bool:
    """Show the 党建 entry: staff, and party members (who see their own posts and record)."""
    return can_view_organisations(user) or can_view_posts(user)


# ---- hand-off from casework: a request becomes a volunteer task (Post.source_case) ---------
# Asked by the request's page ({% has_perm %}); casework does not import this app.
rules.add_perm("party.create_post_from_case", rules.predicate(
    lambda user, case: user_can(user, MANAGE_POST, case.community),
    name="may_create_post_from_case"))

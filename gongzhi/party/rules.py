"""Permission predicates of party building, and one named rule per action.

The role → permission table is accounts.roles; the statuses posts and claims may change from
are party/states.py. A rule `party.<verb>_<thing>` is both: who may take the action (the role
permission in the row's scope, and for a member's own steps being that member) and whether the
row's status allows it now. A rule may share its name with the role permission it refines
(`party.confirm_claim`, `party.export_summary`): `user_can` asks the role, `has_perm` /
`require` the rule.
"""

from django.utils.translation import gettext_lazy as _
from rules import predicate

from gongzhi.core.actions import add_action, status_in
from gongzhi.core.scoping import has_permission_somewhere, user_can
from gongzhi.organisations.rules import APPOINT_OFFICER as APPOINT_OFFICER

# The roll's rules live with the roll (organisations); party's pages and API name them here too.
from gongzhi.organisations.rules import CHANGE_MEMBER as CHANGE_MEMBER
from gongzhi.organisations.rules import CHANGE_ORGANISATION as CHANGE_ORGANISATION
from gongzhi.organisations.rules import CREATE_MEMBER as CREATE_MEMBER
from gongzhi.organisations.rules import CREATE_ORGANISATION as CREATE_ORGANISATION
from gongzhi.organisations.rules import CREATE_STREET_COMMITTEE as CREATE_STREET_COMMITTEE
from gongzhi.organisations.rules import EDIT_MEMBER as EDIT_MEMBER
from gongzhi.organisations.rules import EDIT_OWN_MEMBER as EDIT_OWN_MEMBER
from gongzhi.organisations.rules import END_OFFICER_TERM as END_OFFICER_TERM
from gongzhi.organisations.rules import MEMBER_ACTIONS as MEMBER_ACTIONS
from gongzhi.organisations.rules import OFFICER_ACTIONS as OFFICER_ACTIONS
from gongzhi.organisations.rules import ORGANISATION_ACTIONS as ORGANISATION_ACTIONS
from gongzhi.organisations.rules import REGISTER_MEMBER as REGISTER_MEMBER
from gongzhi.organisations.rules import REVEAL_MEMBER as REVEAL_MEMBER
from gongzhi.organisations.rules import REVEAL_STATUS as REVEAL_STATUS
from gongzhi.organisations.rules import VIEW_MEMBER as VIEW_MEMBER
from gongzhi.organisations.rules import VIEW_ORGANISATION as VIEW_ORGANISATION
from gongzhi.organisations.rules import always, may_hold, never, refusal, stateless
from gongzhi.organisations.rules import can_change_member as can_change_member
from gongzhi.organisations.rules import can_change_organisation as can_change_organisation
from gongzhi.organisations.rules import can_reveal_status as can_reveal_status
from gongzhi.organisations.rules import can_view_members as can_view_members
from gongzhi.organisations.rules import can_view_organisations as can_view_organisations
from gongzhi.organisations.rules import is_own_member as is_own_member
from gongzhi.organisations.selectors import own_member
from gongzhi.party.choices import PostStatus
from gongzhi.party.states import (
    CLAIM_ALLOWED_FROM,
    CLAIM_POST_FROM,
    POST_STATUS_FROM,
    ClaimConfirmed,
    PostClosed,
    PostStatusRefused,
)

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


def can_view_summary(user) -> bool:
    return has_permission_somewhere(user, VIEW_SUMMARY)


def can_use_party(user) -> bool:
    """Show the 党建 entry: staff, and party members (who see their own posts and record)."""
    return can_view_organisations(user) or can_view_posts(user)


def own_member_of(user):
    """The user's own roll entry, or None. Read afresh each time: a cache on the user object
    would outlive a registration made meanwhile (tests and tasks keep the object)."""
    return own_member(user)


# ---- one rule per action -------------------------------------------------------------------


def _is_member_of_post_community(user, post) -> bool:
    member = own_member_of(user)
    return member is not None and member.community_id == post.community_id


may_manage_post = may_hold(MANAGE_POST)
may_see_post = may_hold(VIEW_POST)
may_see_claim = may_hold(VIEW_POST, name="may_see_claim")
may_claim_post = may_hold(CLAIM_POST) & predicate(_is_member_of_post_community,
                                              name="is_member_of_post_community")
is_claimant = predicate(lambda user, claim: is_own_member(user, claim.member),
                        name="is_claimant")

# post status changes: the status a post is set to -> its rule
POST_STATUS_RULES = {
    PostStatus.OPEN: "party.reopen_post",
    PostStatus.CLOSED: "party.close_post",
    PostStatus.DONE: "party.complete_post",
}
CREATE_POST = "party.create_post"
CLAIM = "party.claim_post"
WITHDRAW_CLAIM = "party.withdraw_claim"
CONFIRM = "party.confirm_claim"
EXPORT = "party.export_summary"
CREATE_POST_FROM_CASE = "party.create_post_from_case"

# the actions on each kind of row, in the order its page shows them (and the API lists them)
POST_ACTIONS = (CLAIM, *POST_STATUS_RULES.values())
CLAIM_ACTIONS = (WITHDRAW_CLAIM, CONFIRM)



def _register_party_actions() -> None:
    for status, name in POST_STATUS_RULES.items():
        add_action(name, who=may_manage_post, when=status_in(POST_STATUS_FROM, status),
                   visible=may_see_post, refused=refusal(PostStatusRefused))
    # posts are published in a community (the object): refused alike whether the community
    # is missing or the actor may not publish there, as the page always did
    add_action(CREATE_POST, who=may_manage_post, when=always, visible=never,
               refused=stateless)
    add_action(CLAIM, who=may_claim_post,
               when=predicate(lambda user, post: post.status in CLAIM_POST_FROM,
                              name="post_takes_claims"),
               visible=may_see_post, refused=refusal(PostClosed))
    # a member's own claim: another's answers as missing
    add_action(WITHDRAW_CLAIM, who=is_claimant, when=status_in(CLAIM_ALLOWED_FROM, "withdraw"),
               visible=never,
               refused=refusal(ClaimConfirmed, _("服务已确认，不能撤回认领。")))
    add_action(CONFIRM, who=may_hold(CONFIRM_CLAIM), when=status_in(CLAIM_ALLOWED_FROM, "confirm"),
               visible=may_see_claim, refused=refusal(ClaimConfirmed))
    # the yearly summary of a community (the object), as an Excel file
    add_action(EXPORT, who=may_hold(EXPORT_SUMMARY), when=always, visible=never,
               refused=stateless)
    # hand-off from casework: a request becomes a volunteer task (Post.source_case); asked by
    # the request's page ({% has_perm %}), casework does not import this app
    add_action(CREATE_POST_FROM_CASE, who=may_hold(MANAGE_POST, of=lambda case: case.community,
                                               name="may_create_post_from_case"),
               when=always, visible=never, refused=stateless)


_register_party_actions()

"""Permission predicates of care's campaigns part, and one named rule per action.

Staff of the community run a campaign (care.manage_campaign): create, open, close, change who
visits a target, and see its board. A target is visited by a helper of the household (an
active pairing) or by staff, while the campaign is open and once only. Street and district
admins (care.view_statistics) read the summary report of the campaigns in their scope, without
names; staff too."""

from django.core.exceptions import ObjectDoesNotExist
from rules import predicate

from gongzhi.care.campaigns.states import CAMPAIGN_ALLOWED_FROM, CampaignStatusRefused
from gongzhi.care.register import helpers
from gongzhi.care.register.choices import HouseholdStatus
from gongzhi.care.visits.services import CampaignNotOpen, CampaignTargetVisited
from gongzhi.core.actions import add_action, status_in
from gongzhi.core.scoping import has_permission_somewhere
from gongzhi.organisations.rules import always, may_hold, never, refusal, stateless

MANAGE_CAMPAIGN = "care.manage_campaign"
HELP_HOUSEHOLD = "care.help_household"
VIEW_STATISTICS = "care.view_statistics"

# ---- one rule per action -------------------------------------------------------------------
# on a community
CREATE = "care.create_campaign"
# on a campaign
OPEN = "care.open_campaign"
CLOSE = "care.close_campaign"
VIEW_BOARD = "care.view_campaign_board"
VIEW_REPORT = "care.view_campaign_report"
# on a target (CampaignHousehold)
SET_PAIRING = "care.set_campaign_pairing"
VISIT = "care.visit_campaign_target"

# the page's action -> its rule; the order is the page's and the API's
CAMPAIGN_ACTION_RULES = {
    "open": OPEN,
    "close": CLOSE,
}
CAMPAIGN_ACTIONS = (*CAMPAIGN_ACTION_RULES.values(), VIEW_BOARD, VIEW_REPORT)
TARGET_ACTIONS = (SET_PAIRING, VISIT)


def _community(row):
    return row.community


def in_community(permission: str, name: str = ""):
    return may_hold(permission, of=_community, name=name or f"may_{permission}_in_community")


may_manage = in_community(MANAGE_CAMPAIGN)
may_view_statistics = in_community(VIEW_STATISTICS)
may_see_campaign = may_manage | may_view_statistics

# a target's rules read its campaign (the lists select it with the target)
may_manage_target = predicate(lambda user, target: may_manage(user, target.campaign),
                              name="may_manage_campaign_of_target")
is_target_helper = (may_hold(HELP_HOUSEHOLD, of=_community, name="may_help_target")
                    & predicate(lambda user, target: helpers.helps(user, target.household),
                                name="helps_target_household"))
may_see_target = may_manage_target | is_target_helper


def is_visited(target) -> bool:
    """Has the target its visit? (the lists select `visit` with the target: no query)"""
    try:
        return target.visit is not None
    except ObjectDoesNotExist:
        return False


def _target_open_for_visit(user, target) -> bool:
    return (target.campaign.status in CAMPAIGN_ALLOWED_FROM["visit"]
            and target.household.status == HouseholdStatus.ACTIVE and not is_visited(target))


def _visit_refused(target):
    if is_visited(target):
        return CampaignTargetVisited()
    return CampaignNotOpen()


def can_manage_campaigns(user) -> bool:
    return has_permission_somewhere(user, MANAGE_CAMPAIGN)


def can_list_campaigns(user) -> bool:
    """The campaign list: staff who run campaigns, admins who read their reports."""
    return (has_permission_somewhere(user, MANAGE_CAMPAIGN)
            or has_permission_somewhere(user, VIEW_STATISTICS))


def _register_actions() -> None:
    add_action(CREATE, who=may_hold(MANAGE_CAMPAIGN, name="may_create_campaign"),
               when=always, visible=never, refused=stateless)
    for action, name in CAMPAIGN_ACTION_RULES.items():
        add_action(name, who=may_manage, when=status_in(CAMPAIGN_ALLOWED_FROM, action),
                   visible=may_see_campaign, refused=refusal(CampaignStatusRefused))
    add_action(VIEW_BOARD, who=in_community(MANAGE_CAMPAIGN, name="may_view_campaign_board"),
               when=always, visible=may_see_campaign, refused=stateless)
    add_action(VIEW_REPORT, who=may_see_campaign, when=always, visible=may_see_campaign,
               refused=stateless)
    add_action(SET_PAIRING, who=may_manage_target,
               when=predicate(lambda user, target: (
                   target.campaign.status in CAMPAIGN_ALLOWED_FROM["set_pairing"]
                   and not is_visited(target)), name="target_takes_pairing"),
               visible=may_see_target, refused=refusal(CampaignStatusRefused))
    add_action(VISIT, who=may_manage_target | is_target_helper,
               when=predicate(_target_open_for_visit, name="target_open_for_visit"),
               visible=may_see_target, refused=_visit_refused)


_register_actions()

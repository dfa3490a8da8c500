"""Permission predicates of care's visits, and one named rule per action.

A visit to a household is logged by one of its helpers (an active pairing) or by the
community's staff who keep the register; it is seen by whoever may see the household. Its
follow-up is turned into a resident request or a co-building need, or marked done, by the
staff who keep the register; its hours go into the visitor's volunteer ledger when the staff
who confirm activities' hours confirm them."""

from django.utils.translation import gettext_lazy as _
from rules import predicate

from gongzhi.care.register import rules as register_rules
from gongzhi.care.register.choices import HelperKind
from gongzhi.care.register.states import HOUSEHOLD_ALLOWED_FROM, HouseholdClosed
from gongzhi.care.visits.choices import FollowUpStatus
from gongzhi.core.actions import add_action, status_in
from gongzhi.core.errors import Conflict
from gongzhi.organisations.rules import may_hold, refusal

CONFIRM_HOURS = "activities.confirm_hours"

# on a household
LOG_VISIT = "care.log_visit"
# on a visit
FOLLOW_UP_CASE = "care.follow_up_case"
FOLLOW_UP_NEED = "care.follow_up_need"
FOLLOW_UP_DONE = "care.follow_up_done"
CONFIRM_VISIT_HOURS = "care.confirm_visit_hours"

# the page's follow-up action -> its rule; the order is the page's and the API's
FOLLOW_UP_ACTION_RULES = {
    "case": FOLLOW_UP_CASE,
    "need": FOLLOW_UP_NEED,
    "done": FOLLOW_UP_DONE,
}
VISIT_ACTIONS = (*FOLLOW_UP_ACTION_RULES.values(), CONFIRM_VISIT_HOURS)

# the helpers whose visit time can enter a volunteer ledger: a party member's (their profile
# is made on first use, activities.volunteering.services.volunteer_of_member) and a
# volunteer's; a partner unit as a whole, or staff on their own round, have no ledger
HOURS_HELPER_KINDS = frozenset({HelperKind.MEMBER, HelperKind.VOLUNTEER})


class FollowUpNotOpen(Conflict):
    code = "care_follow_up_not_open"
    default_message = _("该走访没有待跟进的事项。")


class HoursNotConfirmable(Conflict):
    code = "care_visit_hours_not_confirmable"
    default_message = _("该走访没有可确认的服务时长，或已确认。")


may_see_visit = predicate(lambda user, visit: register_rules.may_see_household(
    user, visit.household), name="may_see_visit")
may_manage_visit = may_hold(register_rules.MANAGE_HOUSEHOLD, of=lambda visit: visit.community,
                            name="may_manage_visit")
may_confirm_visit_hours = may_hold(CONFIRM_HOURS, of=lambda visit: visit.community,
                                   name="may_confirm_visit_hours")
follow_up_is_open = predicate(lambda user, visit: visit.follow_up_status == FollowUpStatus.OPEN,
                              name="follow_up_is_open")


def hours_are_confirmable(visit) -> bool:
    """Has the visit hours not yet in a ledger, made under a pairing whose helper has one?"""
    return (visit.hours is not None and visit.hours_entry_id is None
            and visit.pairing_id is not None
            and visit.pairing.helper_kind in HOURS_HELPER_KINDS)


def _register_actions() -> None:
    add_action(LOG_VISIT, who=register_rules.may_manage | register_rules.is_helper,
               when=status_in(HOUSEHOLD_ALLOWED_FROM, "visit"),
               visible=register_rules.may_see_household, refused=refusal(HouseholdClosed))
    for name in FOLLOW_UP_ACTION_RULES.values():
        add_action(name, who=may_manage_visit, when=follow_up_is_open, visible=may_see_visit,
                   refused=refusal(FollowUpNotOpen))
    add_action(CONFIRM_VISIT_HOURS, who=may_confirm_visit_hours,
               when=predicate(lambda user, visit: hours_are_confirmable(visit),
                              name="visit_hours_confirmable"),
               visible=may_see_visit, refused=refusal(HoursNotConfirmable))


_register_actions()

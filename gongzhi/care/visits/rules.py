"""Permission predicates of care's visits, and one named rule per action.

A visit to a household is logged by one of its helpers (an active pairing) or by the
community's staff who keep the register; it is seen by whoever may see the household."""

from gongzhi.care.register import rules as register_rules
from gongzhi.care.register.states import HOUSEHOLD_ALLOWED_FROM, HouseholdClosed
from gongzhi.core.actions import add_action, status_in
from gongzhi.organisations.rules import refusal

# on a household
LOG_VISIT = "care.log_visit"


def _register_actions() -> None:
    add_action(LOG_VISIT, who=register_rules.may_manage | register_rules.is_helper,
               when=status_in(HOUSEHOLD_ALLOWED_FROM, "visit"),
               visible=register_rules.may_see_household, refused=refusal(HouseholdClosed))


_register_actions()

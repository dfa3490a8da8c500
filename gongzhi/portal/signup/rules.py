"""Who confirms residents' own accounts, and one named rule per action.

The community's secretary and staff (portal.confirm_account) see the accounts signed up in
their community and, while one waits, link it to a person of the registry or reject it. Signing
up, asking for a code and resetting a password are public: they are guarded by the SMS code and
its rate limits (services), not by a role."""

from django.utils.translation import gettext_lazy as _
from rules import predicate

from gongzhi.core.actions import add_action
from gongzhi.core.errors import Conflict
from gongzhi.core.scoping import has_permission_somewhere
from gongzhi.organisations.rules import may_hold
from gongzhi.portal.signup.choices import AccountStatus

CONFIRM_ACCOUNT = "portal.confirm_account"

# ---- one rule per action -------------------------------------------------------------------
LINK_ACCOUNT = "portal.link_account"
REJECT_ACCOUNT = "portal.reject_account"

# the page's action -> its rule; the order is the page's and the API's
ACCOUNT_ACTION_RULES = {
    "confirm": LINK_ACCOUNT,
    "reject": REJECT_ACCOUNT,
}
ACCOUNT_ACTIONS = tuple(ACCOUNT_ACTION_RULES.values())


class AccountDecided(Conflict):
    code = "account_decided"
    default_message = _("该账号已处理过，无需再次确认。")


may_confirm = may_hold(CONFIRM_ACCOUNT, of=lambda account: account.community,
                       name="may_confirm_account")
is_pending = predicate(lambda user, account: account.status == AccountStatus.PENDING,
                       name="account_is_pending")


def can_confirm_accounts(user) -> bool:
    return has_permission_somewhere(user, CONFIRM_ACCOUNT)


def _register_actions() -> None:
    for name in ACCOUNT_ACTIONS:
        add_action(name, who=may_confirm, when=is_pending, visible=may_confirm,
                   refused=lambda account: AccountDecided())


_register_actions()

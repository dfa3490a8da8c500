"""The named rules of a user's actions on their own account (the role → permission table is
accounts.roles)."""

from rules import always_true, predicate

from gongzhi.core.actions import add_action
from gongzhi.core.errors import DomainError

CHANGE_PASSWORD = "accounts.change_password"

is_self = predicate(lambda user, account: user.is_authenticated
                    and account is not None and account.pk == user.pk, name="is_self")

# A password has no state that forbids changing it; only its owner may, and another user's
# account answers "not found" (refused never fires: the state is always open).
add_action(CHANGE_PASSWORD, who=is_self, when=always_true, visible=is_self,
           refused=lambda account: DomainError())

"""Residents' accounts for tests: one waiting in community A (signed up, not matched)."""

from gongzhi.accounts.tests.factories import UserFactory
from gongzhi.portal.signup import services
from gongzhi.portal.signup.choices import AccountStatus
from gongzhi.portal.signup.models import ResidentAccount

PENDING_PHONE = "13600136001"


def pending_account_of_a(world) -> ResidentAccount:
    """A login that signed up in community A as 丙住户 and waits for the staff (cached)."""
    if getattr(world, "pending_account_a", None) is not None:
        return world.pending_account_a
    user = UserFactory(username="jm_pending_a", display_name="丙住户")
    account = ResidentAccount(user=user, community=world.community_a, claimed_name="丙住户",
                              status=AccountStatus.PENDING)
    services._apply_phone(account, PENDING_PHONE)
    account.save()
    world.pending_account_a = account
    return account


def with_pending_account_of_a(world) -> dict:
    pending_account_of_a(world)
    return {}

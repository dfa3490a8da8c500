"""Residents' accounts for tests: one waiting in community A (signed up, not matched)."""

from django.test import TestCase

from gongzhi.accounts.tests.factories import UserFactory
from gongzhi.notifications import providers
from gongzhi.portal.signup import services
from gongzhi.portal.signup.choices import AccountStatus, CodePurpose
from gongzhi.portal.signup.models import ResidentAccount

PENDING_PHONE = "13600136001"
SIGNUP_PASSWORD = "Gongzhi-2026-signup"


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


def send_code(phone, purpose: str, client: str = "192.0.2.1") -> None:
    """Ask for a code and run what waits for the commit (the job that sends the SMS), as a
    request's own transaction would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.code_send(phone, purpose, client)


def _sent_code(phone: str, purpose: str) -> str:
    send_code(phone, purpose)
    return [m for m in providers.outbox if m["to"] == phone][-1]["params"][0]


def signup_payload(world) -> dict:
    """A sign-up of a new number in community A with the code just sent to it (the API's)."""
    phone = "13600136009"
    return {"phone": phone, "code": _sent_code(phone, CodePurpose.SIGNUP), "name": "丁住户",
            "community_id": world.community_a.pk, "id_last_six": "12345X",
            "password": SIGNUP_PASSWORD, "password2": SIGNUP_PASSWORD}


def reset_payload(world) -> dict:
    """A password reset of the waiting account of A with the code just sent to its number."""
    pending_account_of_a(world)
    return {"phone": PENDING_PHONE, "code": _sent_code(PENDING_PHONE, CodePurpose.RESET),
            "password": SIGNUP_PASSWORD, "password2": SIGNUP_PASSWORD}

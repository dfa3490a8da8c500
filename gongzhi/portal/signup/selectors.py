"""Reads of residents' own accounts: the accounts of the communities a reader confirms for,
the communities one may sign up in, the registry's people a waiting account may be linked to,
and one's own account."""

import hmac
import re

from gongzhi.core import crypto
from gongzhi.people import selectors as people_selectors
from gongzhi.places.models import Community
from gongzhi.portal.signup import rules
from gongzhi.portal.signup.choices import AccountStatus
from gongzhi.portal.signup.models import ResidentAccount


def account_list(actor, *, status: str = AccountStatus.PENDING):
    """The accounts signed up in the communities `actor` confirms for; waiting ones first by
    default (`status` "" for all)."""
    accounts = (ResidentAccount.objects.for_user(actor, rules.CONFIRM_ACCOUNT)
                .select_related("community", "person", "decided_by"))
    if status:
        accounts = accounts.filter(status=status)
    return accounts.order_by("community__name", "-created_at", "-pk")


def signup_communities():
    """Every community, by district and street, for the sign-up page's choice (public: the
    names of communities are on the portal anyway)."""
    return (Community.objects.select_related("street__district")
            .order_by("street__district__name", "street__name", "name"))


def person_choices(actor, account: ResidentAccount, *, search: str = "", limit: int = 20):
    """People of the account's community without a login, found by name (or the registry's
    other searches) through the registry's own selector and scope. Each says in
    `phone_matches` whether the registry's phone is the number the account proved (a yes/no
    for the staff's judgement; the number itself is not shown)."""
    if not search.strip():
        return []
    people = people_selectors.person_list(actor, community_id=account.community_id,
                                          search=search, current_only=False)
    found = list(people.filter(user__isnull=True, resident_account__isnull=True)[:limit])
    for person in found:
        person.phone_matches = bool(person.phone_index) and hmac.compare_digest(
            person.phone_index, account.phone_index)
    return found


def own_account(user) -> ResidentAccount | None:
    if not user.is_authenticated:
        return None
    return ResidentAccount.objects.filter(user=user).select_related("community").first()


MOBILE = re.compile(r"1[3-9]\d{9}")


def user_by_phone(identifier: str):
    """The login of the resident account signed up with the mobile number `identifier` (the
    login form's resolver, settings.ACCOUNTS_LOGIN_RESOLVERS), or None when it is no mobile
    number or no account has it."""
    phone = re.sub(r"[\s\-]", "", identifier or "").removeprefix("+86")
    if not MOBILE.fullmatch(phone):
        return None
    account = (ResidentAccount.objects.select_related("user")
               .filter(phone_index=crypto.blind_index(phone, purpose="phone")).first())
    return account.user if account is not None else None

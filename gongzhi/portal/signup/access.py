"""Fetch one resident account by id within the reader's scope; missing and forbidden alike."""

from gongzhi.core.access import get_scoped
from gongzhi.people import rules as people_rules
from gongzhi.people.models import Person
from gongzhi.portal.signup import selectors
from gongzhi.portal.signup.models import ResidentAccount


def access_account(*, actor, id) -> ResidentAccount:
    return get_scoped(selectors.account_list(actor, status=""), pk=id)


def access_person_for(*, actor, account: ResidentAccount, id) -> Person | None:
    """A person of the account's community the reader may see, or None (the form says so)."""
    return (Person.objects.for_user(actor, people_rules.VIEW_PERSON)
            .filter(pk=id, community_id=account.community_id).first())

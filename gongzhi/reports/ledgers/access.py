"""Fetch one ledger run (or the community or street to ask one for) by id within the actor's
scope; missing and forbidden alike (404)."""

from gongzhi.core.access import get_scoped
from gongzhi.places.models import Community, Street
from gongzhi.reports.ledgers import selectors
from gongzhi.reports.ledgers.models import LedgerRun


def access_run(*, actor, id) -> LedgerRun:
    return get_scoped(selectors.run_list(actor), pk=id)


def access_community(*, actor, id) -> Community:
    return get_scoped(selectors.communities(actor), pk=id)


def access_street(*, actor, id) -> Street:
    return get_scoped(selectors.streets(actor), pk=id)

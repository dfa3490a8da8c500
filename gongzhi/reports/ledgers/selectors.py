"""Reads of work ledgers: the runs a user may see, and the communities and streets they may
ask a ledger for (reports.make_ledger, within their scope)."""

from gongzhi.places.models import Community, Street
from gongzhi.reports.ledgers.models import LedgerRun
from gongzhi.reports.ledgers.rules import MAKE_LEDGER


def run_list(actor):
    return (LedgerRun.objects.for_user(actor, MAKE_LEDGER)
            .select_related("street", "community", "requested_by"))


def communities(actor):
    return (Community.objects.for_user(actor, MAKE_LEDGER).select_related("street")
            .order_by("street_id", "name"))


def streets(actor):
    """Streets whose whole ledger the actor may ask for (street and district admins)."""
    return Street.objects.for_user(actor, MAKE_LEDGER).order_by("name")


def street_communities(street):
    """Every community of a street, in the order the street bundle shows them."""
    return Community.objects.filter(street=street).order_by("name")

"""Fetch one partner unit, agreement, contact or party-roll row by id within the actor's
scope; missing and forbidden alike."""

from gongzhi.core.access import get_scoped
from gongzhi.organisations import rules
from gongzhi.organisations.models import (
    Agreement,
    Member,
    Officer,
    Organisation,
    PartnerContact,
    PartnerUnit,
)


def access_unit(*, actor, id, permission=rules.VIEW_BOARD) -> PartnerUnit:
    return get_scoped(PartnerUnit.objects.for_user(actor, permission).select_related(
        "community"), pk=id)


def access_agreement(*, actor, id, permission=rules.VIEW_BOARD) -> Agreement:
    return get_scoped(Agreement.objects.for_user(actor, permission).select_related(
        "unit", "community"), pk=id)


def access_contact(*, actor, id) -> PartnerContact:
    units = PartnerUnit.objects.for_user(actor, rules.MANAGE_PARTNERS)
    return get_scoped(PartnerContact.objects.filter(unit__in=units).select_related(
        "unit__community", "user"), pk=id)


def access_organisation(*, actor, id, permission=rules.VIEW_ORGANISATION) -> Organisation:
    return get_scoped(Organisation.objects.for_user(actor, permission).select_related(
        "street", "community", "parent"), pk=id)


def access_member(*, actor, id, permission=rules.VIEW_MEMBER) -> Member:
    return get_scoped(Member.objects.for_user(actor, permission).select_related(
        "person", "community", "organisation", "group", "grid", "partner_unit"), pk=id)


def access_officer(*, actor, id, permission=rules.CHANGE_ORGANISATION) -> Officer:
    return get_scoped(Officer.objects.for_user(actor, permission).select_related(
        "organisation"), pk=id)

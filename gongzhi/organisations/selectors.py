"""Reads of partner units, their contacts and agreements, and the party roll, that the apps
above share."""

from gongzhi.accounts.models import User
from gongzhi.organisations import rules
from gongzhi.organisations.models import Agreement, Member, PartnerContact, PartnerUnit
from gongzhi.places.models import Community


def own_member(actor) -> Member | None:
    """The member record of the actor's own person, if any."""
    if actor is None or not actor.is_authenticated:
        return None
    return (Member.objects.select_related("person", "community", "organisation")
            .filter(person__user=actor).first())


def unit_contacts(user, unit):
    if not rules.can_manage_partners(user, unit):
        return PartnerContact.objects.none()
    # through the unit's manager: each contact's `unit` is this very row, so that the rule
    # asked of each (cobuilding.remove_contact) is answered once for the unit
    return unit.contacts.select_related("user")


def agreement_list(user, *, community_id=None, unit_id=None):
    agreements = Agreement.objects.for_user(user, rules.VIEW_BOARD).select_related(
        "unit", "community", "renewal")
    if community_id:
        agreements = agreements.filter(community_id=community_id)
    if unit_id:
        agreements = agreements.filter(unit_id=unit_id)
    return agreements.order_by("ends_on", "pk")


def managed_communities(user):
    """Communities in which the actor may manage partner units and agreements."""
    return Community.objects.for_user(user, rules.MANAGE_PARTNERS).order_by("name")


def linkable_contact_login(unit, username: str):
    """An existing login that staff may bind to `unit` as its contact: active, and attached to
    no place other than the unit's community (a login with roles elsewhere is someone else's,
    and binding it would hand that person a role without their community's say). None when
    there is no such login; the caller answers alike for "missing" and "elsewhere"."""
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        return None
    elsewhere = user.role_assignments.exclude(community_id=unit.community_id).exists()
    return None if elsewhere else user


def public_partner_units(community):
    """The institutions that co-build with a community, by name and kind only (never their
    liaison's name or phone)."""
    return PartnerUnit.objects.filter(community=community).only(
        "name", "kind", "community_id").order_by("name")

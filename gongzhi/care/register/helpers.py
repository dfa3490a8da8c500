"""Who a login helps: the pairings a user works under as a helper.

A user helps under a pairing when it is active and names
- their party-roll entry (organisations.Member of their registry record),
- their volunteer profile (activities.Volunteer, by login or by registry record), or
- the partner unit their contact login is bound to (organisations.PartnerContact): the unit's
  own pairings, and those of the unit's staff who volunteer.

Each helper sees only the households of their own active pairings (register.access)."""

from django.db.models import Q

from gongzhi.care.register.choices import PairingStatus
from gongzhi.care.register.models import Pairing
from gongzhi.organisations.models import PartnerContact


def contact_unit_id(user) -> int | None:
    """The partner unit a contact's login is bound to (read once per user object)."""
    if user is None or not user.is_authenticated:
        return None
    if "_care_contact_unit" not in user.__dict__:
        user.__dict__["_care_contact_unit"] = (
            PartnerContact.objects.filter(user=user).values_list("unit_id", flat=True).first())
    return user.__dict__["_care_contact_unit"]


def helper_q(user, prefix: str = "") -> Q:
    """The condition on Pairing (or, with `prefix` "pairings__", on a row reaching pairings)
    that the user is its helper; matches nothing for an anonymous user."""
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    condition = (Q(**{f"{prefix}member__person__user": user})
                 | Q(**{f"{prefix}volunteer__user": user})
                 | Q(**{f"{prefix}volunteer__person__user": user}))
    unit = contact_unit_id(user)
    if unit is not None:
        condition |= Q(**{f"{prefix}unit_id": unit}) | Q(**{f"{prefix}volunteer__unit_id": unit})
    return condition


def helps_anyone(user) -> bool:
    """Is the user the helper of any active pairing? One query (the nav asks it on every
    page): the contact's unit is joined rather than looked up first."""
    if user is None or not user.is_authenticated:
        return False
    return Pairing.objects.filter(
        Q(member__person__user=user) | Q(volunteer__user=user)
        | Q(volunteer__person__user=user) | Q(unit__contacts__user=user)
        | Q(volunteer__unit__contacts__user=user),
        status=PairingStatus.ACTIVE).exists()


def active_pairings_of(user):
    """The active pairings the user helps under."""
    return Pairing.objects.filter(helper_q(user), status=PairingStatus.ACTIVE)


def helps(user, household) -> bool:
    """Is the user a helper of one of the household's active pairings? Read once per user and
    household object."""
    if user is None or not user.is_authenticated:
        return False
    key = "_care_helped_households"
    if key not in user.__dict__:
        user.__dict__[key] = set(active_pairings_of(user).values_list("household_id", flat=True))
    return household.pk in user.__dict__[key]


def is_helper_of(user, pairing) -> bool:
    return (pairing.status == PairingStatus.ACTIVE
            and active_pairings_of(user).filter(pk=pairing.pk).exists())

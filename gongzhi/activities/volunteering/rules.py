"""Permission predicates of volunteering, and one named rule per action.

The role → permission table is accounts.roles (activities.*); the statuses each action may
start from are volunteering/states.py. Who a login serves as is volunteering/profiles.py.
Person-level conditions, beside the role in the row's scope:
- a volunteer's own profile and ledger: the profile whose login (or registry record's login) is
  the user;
- a partner unit's contact: only the volunteers of the unit their login is bound to
  (organisations.PartnerContact).
"""

from rules import predicate

from gongzhi.activities.volunteering.choices import CorrectionStatus, EntryKind
from gongzhi.activities.volunteering.models import HoursCorrection
from gongzhi.activities.volunteering.states import (
    CORRECTION_ALLOWED_FROM,
    VOLUNTEER_ALLOWED_FROM,
    CorrectionDecided,
    CorrectionNotOpen,
    VolunteerStatusRefused,
)
from gongzhi.core.actions import add_action, status_in
from gongzhi.core.scoping import has_permission_somewhere
from gongzhi.organisations.models import PartnerContact
from gongzhi.organisations.rules import always, may_hold, never, refusal, stateless

JOIN_VOLUNTEER = "activities.join_volunteer"
VIEW_VOLUNTEER = "activities.view_volunteer"
MANAGE_VOLUNTEER = "activities.manage_volunteer"
PARTNER_VOLUNTEERS = "activities.partner_volunteers"
CONFIRM_HOURS = "activities.confirm_hours"
VIEW_HOURS_STATISTICS = "activities.view_hours_statistics"

# ---- one rule per action -------------------------------------------------------------------

# on a community: register oneself, or (staff) a resident of its registry
REGISTER_OWN = "activities.register_own_volunteer"
REGISTER_RESIDENT = "activities.register_volunteer"
# on a partner unit: its contact registers the unit's staff
REGISTER_UNIT_STAFF = "activities.register_unit_volunteer"
# on a volunteer
CONFIRM = "activities.confirm_volunteer"
SUSPEND = "activities.suspend_volunteer"
REINSTATE = "activities.reinstate_volunteer"
EDIT = "activities.edit_volunteer"
CERTIFY = "activities.certify_volunteer"
# on a ledger row: the volunteer asks to correct it
REQUEST_CORRECTION = "activities.request_correction_hours"
# on a correction request
APPROVE_CORRECTION = "activities.approve_correction_hours"
REJECT_CORRECTION = "activities.reject_correction_hours"

# the page's action (the dispatcher's URL) -> its rule; the order is the page's and the API's
VOLUNTEER_ACTION_RULES = {
    "confirm": CONFIRM,
    "suspend": SUSPEND,
    "reinstate": REINSTATE,
    "edit": EDIT,
}
CORRECTION_ACTION_RULES = {
    "approve": APPROVE_CORRECTION,
    "reject": REJECT_CORRECTION,
}
VOLUNTEER_ACTIONS = (*VOLUNTEER_ACTION_RULES.values(), CERTIFY)
CORRECTION_ACTIONS = tuple(CORRECTION_ACTION_RULES.values())
ENTRY_ACTIONS = (REQUEST_CORRECTION,)


def is_own_volunteer(user, volunteer) -> bool:
    """The profile is the user's: by its login, or its registry record's."""
    if user is None or not user.is_authenticated:
        return False
    if volunteer.user_id is not None and volunteer.user_id == user.pk:
        return True
    return volunteer.person_id is not None and volunteer.person.user_id == user.pk


def contact_unit_id(user) -> int | None:
    """The partner unit a contact's login is bound to (read once per user object)."""
    if user is None or not user.is_authenticated:
        return None
    if "_volunteer_contact_unit" not in user.__dict__:
        user.__dict__["_volunteer_contact_unit"] = (
            PartnerContact.objects.filter(user=user).values_list("unit_id", flat=True).first())
    return user.__dict__["_volunteer_contact_unit"]


def is_contact_of(user, unit_id) -> bool:
    return unit_id is not None and contact_unit_id(user) == unit_id


def can_view_volunteers(user) -> bool:
    """Show the volunteer list: the community's secretary and staff, a unit's contact."""
    return (has_permission_somewhere(user, VIEW_VOLUNTEER)
            or has_permission_somewhere(user, PARTNER_VOLUNTEERS))


def can_join(user) -> bool:
    return has_permission_somewhere(user, JOIN_VOLUNTEER)


def can_view_statistics(user) -> bool:
    return has_permission_somewhere(user, VIEW_HOURS_STATISTICS)


def can_decide_corrections(user) -> bool:
    return has_permission_somewhere(user, CONFIRM_HOURS)


def _community(row):
    return row.community


# The role permissions are asked of the row's community (selected with the row by the lists):
# one query per community and user, not one per row, on a page of many volunteers.
def in_community(permission: str, name: str = ""):
    return may_hold(permission, of=_community, name=name or f"may_{permission}_in_community")


is_own = predicate(is_own_volunteer, name="is_own_volunteer")
is_unit_contact = (in_community(PARTNER_VOLUNTEERS, name="may_partner_volunteers")
                   & predicate(lambda user, volunteer: is_contact_of(user, volunteer.unit_id),
                               name="is_contact_of_volunteers_unit"))
may_manage = in_community(MANAGE_VOLUNTEER)
may_see_volunteer = in_community(VIEW_VOLUNTEER) | is_own | is_unit_contact
is_entrys_volunteer = predicate(lambda user, entry: is_own_volunteer(user, entry.volunteer),
                                name="is_entrys_volunteer")
may_see_entry = (in_community(VIEW_VOLUNTEER, name="may_view_entry") | is_entrys_volunteer)
may_decide_correction = in_community(CONFIRM_HOURS)
may_see_correction = (in_community(VIEW_VOLUNTEER, name="may_view_correction")
                      | predicate(lambda user, correction:
                                  is_own_volunteer(user, correction.volunteer),
                                  name="is_requester"))


def _entry_takes_request(user, entry) -> bool:
    """A recorded service without a pending request (the selectors annotate
    `has_pending_correction`; one query otherwise)."""
    if entry.kind != EntryKind.SERVICE:
        return False
    pending = getattr(entry, "has_pending_correction", None)
    if pending is None:
        pending = HoursCorrection.objects.filter(entry=entry,
                                                 status=CorrectionStatus.PENDING).exists()
    return not pending


def _register_volunteering_actions() -> None:
    # registrations are asked of the community (or the unit): refused alike whether it is
    # missing or the actor may not register there
    add_action(REGISTER_OWN, who=may_hold(JOIN_VOLUNTEER), when=always, visible=never,
               refused=stateless)
    add_action(REGISTER_RESIDENT, who=may_hold(MANAGE_VOLUNTEER, name="may_register_resident"),
               when=always, visible=never, refused=stateless)
    add_action(REGISTER_UNIT_STAFF,
               who=in_community(PARTNER_VOLUNTEERS, name="may_register_unit_staff")
               & predicate(lambda user, unit: is_contact_of(user, unit.pk),
                           name="is_contact_of_unit"),
               when=always, visible=never, refused=stateless)
    for action in ("confirm", "suspend", "reinstate"):
        add_action(VOLUNTEER_ACTION_RULES[action], who=may_manage,
                   when=status_in(VOLUNTEER_ALLOWED_FROM, action), visible=may_see_volunteer,
                   refused=refusal(VolunteerStatusRefused))
    # the volunteer edits their own profile; staff, and the unit's contact for its staff, too
    add_action(EDIT, who=is_own | may_manage | is_unit_contact, when=always,
               visible=may_see_volunteer, refused=stateless)
    # a certificate is free on request (志愿服务条例 art. 19), also after a suspension: it
    # records service that took place
    add_action(CERTIFY, who=is_own | may_manage, when=always, visible=may_see_volunteer,
               refused=stateless)
    add_action(REQUEST_CORRECTION, who=is_entrys_volunteer,
               when=predicate(_entry_takes_request, name="entry_takes_request"),
               visible=may_see_entry, refused=refusal(CorrectionNotOpen))
    for action, name in CORRECTION_ACTION_RULES.items():
        add_action(name, who=may_decide_correction,
                   when=status_in(CORRECTION_ALLOWED_FROM, action), visible=may_see_correction,
                   refused=refusal(CorrectionDecided))


_register_volunteering_actions()

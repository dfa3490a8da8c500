"""Fetch one row of duty by id within what the actor may see; missing and forbidden alike."""

from django.db.models import Q

from gongzhi.activities.duty import rules, selectors
from gongzhi.activities.duty.models import Finding, SwapRequest
from gongzhi.activities.rota.models import ShiftSignUp
from gongzhi.activities.volunteering.profiles import own_volunteer
from gongzhi.core.access import get_scoped


def access_request(*, actor, id) -> SwapRequest:
    """A cover or swap request the actor may see: theirs, one offered to them, an open cover
    of their community, or (staff) any of their communities'."""
    return get_scoped(selectors.request_list(actor), pk=id)


def access_signup(*, actor, id) -> ShiftSignUp:
    """A shift sign-up: the actor's own, or (staff) one of their communities'."""
    volunteer = own_volunteer(actor)
    visible = Q(pk__in=ShiftSignUp.objects.for_user(actor, rules.MANAGE_POST).values("pk"))
    if volunteer is not None:
        visible |= Q(volunteer=volunteer)
    return get_scoped(selectors.signups_with_requests(
        ShiftSignUp.objects.filter(visible).select_related(
            "shift__post", "volunteer__person", "community")), pk=id)


def access_finding(*, actor, id) -> Finding:
    return get_scoped(selectors.finding_list(actor), pk=id)

"""Template tags of duty: the clock next to a sign-up's buttons (rules never read it), and the
patrol finding behind a request."""

from django import template

from gongzhi.activities.duty import selectors
from gongzhi.activities.duty.services import shift_is_ahead

register = template.Library()


@register.simple_tag
def shift_ahead(shift) -> bool:
    """Has the shift not begun yet (it may still change hands)?"""
    return shift_is_ahead(shift)


@register.simple_tag
def patrol_finding_of(case, user):
    """The patrol finding a request came from, if the user may see it (casework's request page
    includes activities/duty/_case_patrol_finding.html; casework does not import activities)."""
    return selectors.finding_list(user).filter(case_id=case.pk).first()

"""Template tags of duty: the clock next to a sign-up's buttons (rules never read it)."""

from django import template

from gongzhi.activities.duty.services import shift_is_ahead

register = template.Library()


@register.simple_tag
def shift_ahead(shift) -> bool:
    """Has the shift not begun yet (it may still change hands)?"""
    return shift_is_ahead(shift)

"""Reads of the rota: whether a volunteer may take one more shift (no overlap, rest rule)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.rota.models import Shift, ShiftSignUp
from gongzhi.core.errors import Conflict

DAY = datetime.timedelta(hours=24)


class ShiftOverlaps(Conflict):
    code = "shift_overlap"
    default_message = _("该班次与您已认领的班次时间重叠。")


class RestRule(Conflict):
    code = "rest_rule"
    default_message = _("认领后 24 小时内的值班时长将超过 %(hours)s 小时，请注意休息。")

    def __init__(self, hours: int):
        super().__init__(self.default_message % {"hours": hours})


def _hours(start: datetime.datetime, end: datetime.datetime) -> Decimal:
    return Decimal((end - start).total_seconds()) / 3600


def shift_conflict(volunteer, shift: Shift, *, leaving: ShiftSignUp | None = None,
                   max_hours_in_24: int | None = None) -> Conflict | None:
    """Why `volunteer` may not take `shift` on top of their other timed shifts, or None:
    the shifts would overlap, or some 24 hours would hold more than the setting
    ACTIVITIES_MAX_HOURS_IN_24 of duty. `leaving`: a sign-up the volunteer gives up in the same
    step (a swap), left out. A shift without fixed times conflicts with nothing."""
    if not shift.is_timed:
        return None
    limit = settings.ACTIVITIES_MAX_HOURS_IN_24 if max_hours_in_24 is None else max_hours_in_24
    others = (Shift.objects.filter(signups__volunteer=volunteer, starts_at__isnull=False,
                                   starts_at__lt=shift.ends_at + DAY,
                                   ends_at__gt=shift.starts_at - DAY)
              .exclude(pk=shift.pk))
    if leaving is not None:
        others = others.exclude(signups=leaving)
    spans = [(other.starts_at, other.ends_at) for other in others]
    if any(start < shift.ends_at and shift.starts_at < end for start, end in spans):
        return ShiftOverlaps()
    spans.append((shift.starts_at, shift.ends_at))
    # the duty within a sliding 24-hour window is largest when the window starts where a
    # shift starts or ends where one ends: those windows are enough to look at
    window_starts = {start for start, _end in spans} | {end - DAY for _start, end in spans}
    for window_start in window_starts:
        window_end = window_start + DAY
        duty = sum((_hours(max(start, window_start), min(end, window_end))
                    for start, end in spans if start < window_end and window_start < end),
                   Decimal(0))
        if duty > limit:
            return RestRule(limit)
    return None

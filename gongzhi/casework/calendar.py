"""The working-day calendar: Monday to Friday, except public holidays, plus make-up days (调休)."""

import datetime

from django.conf import settings
from django.utils import timezone

from gongzhi.casework.choices import DayKind
from gongzhi.casework.models import CalendarDay


def _exceptions(start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind"))


def is_working_day(day: datetime.date, exceptions: dict | None = None) -> bool:
    if exceptions is None:
        exceptions = _exceptions(day, day)
    kind = exceptions.get(day)
    if kind == DayKind.HOLIDAY:
        return False
    if kind == DayKind.WORKDAY:
        return True
    return day.weekday() < 5


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """The end of the `days`-th working day after the day of `start` (local time)."""
    local = timezone.localtime(start)
    # Long holidays are at most nine days: a margin of three weeks per ten days is plenty.
    exceptions = _exceptions(local.date(), local.date() + datetime.timedelta(days=days * 3 + 21))
    day, counted = local.date(), 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, exceptions):
            counted += 1
    hour, minute = (int(part) for part in settings.CASEWORK_DAY_ENDS_AT.split(":"))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def deadline_after(start: datetime.datetime, *, working_days: int,
                   hours: int | None = None) -> datetime.datetime:
    """A stage's deadline: `hours` on the clock when the category sets them (urgent kinds,
    whatever the day of the week), else the end of the `working_days`-th working day."""
    if hours:
        return start + datetime.timedelta(hours=hours)
    return add_working_days(start, working_days)


# 2026 public holidays and make-up working days (调休上班), from 国务院办公厅关于2026年部分节假日
# 安排的通知, dated 4 November 2025 and published by Xinhua the same day (for example
# https://politics.gmw.cn/2025-11/04/content_38391083.htm). Checked against that text on
# 2026-11-29: 元旦 1-3 Jan (4 Jan, a Sunday, worked); 春节 15-23 Feb, 9 days (14 Feb and 28 Feb,
# Saturdays, worked); 清明 4-6 Apr; 劳动节 1-5 May (9 May, a Saturday, worked); 端午 19-21 Jun;
# 中秋 25-27 Sep; 国庆 1-7 Oct (20 Sep, a Sunday, and 10 Oct, a Saturday, worked).
# Each year's notice comes out in the autumn before: add the next year as data, not as code.
HOLIDAYS_2026 = [
    ("2026-01-01", "2026-01-03", "元旦"),
    ("2026-02-15", "2026-02-23", "春节"),
    ("2026-04-04", "2026-04-06", "清明节"),
    ("2026-05-01", "2026-05-05", "劳动节"),
    ("2026-06-19", "2026-06-21", "端午节"),
    ("2026-09-25", "2026-09-27", "中秋节"),
    ("2026-10-01", "2026-10-07", "国庆节"),
]
WORKDAYS_2026 = [("2026-01-04", "元旦调休"), ("2026-02-14", "春节调休"),
                 ("2026-02-28", "春节调休"), ("2026-05-09", "劳动节调休"),
                 ("2026-09-20", "国庆节调休"), ("2026-10-10", "国庆节调休")]


def seed_calendar_2026() -> int:
    """Load the 2026 calendar (idempotent); returns how many days were added."""
    added = 0
    rows = []
    for first, last, name in HOLIDAYS_2026:
        day = datetime.date.fromisoformat(first)
        while day <= datetime.date.fromisoformat(last):
            rows.append((day, DayKind.HOLIDAY, name))
            day += datetime.timedelta(days=1)
    rows += [(datetime.date.fromisoformat(d), DayKind.WORKDAY, n) for d, n in WORKDAYS_2026]
    for day, kind, name in rows:
        _, created = CalendarDay.objects.get_or_create(date=day,
                                                       defaults={"kind": kind, "name": name})
        added += created
    return added

"""Deadlines on the working-day calendar, across a weekend and a public holiday (frozen clock)."""

import datetime
import zoneinfo

import pytest
import time_machine

from gongzhi.casework import services
from gongzhi.casework.calendar import add_working_days, is_working_day, seed_calendar_2026
from gongzhi.casework.choices import Status, Urgency
from gongzhi.casework.tests.factories import category

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def test_the_2026_calendar_knows_holidays_and_make_up_days():
    seed_calendar_2026()
    assert seed_calendar_2026() == 0  # idempotent
    assert not is_working_day(datetime.date(2026, 4, 6))   # 清明, a Monday
    assert is_working_day(datetime.date(2026, 2, 14))      # 春节调休, a Saturday
    assert not is_working_day(datetime.date(2026, 3, 7))   # an ordinary Saturday
    assert is_working_day(datetime.date(2026, 3, 9))


def test_deadline_skips_a_weekend_and_the_qingming_holiday(world):
    # given the 2026 calendar: 4-6 April (Sat-Mon) is 清明
    seed_calendar_2026()
    leak = category(world.community_a, accept_days=1, resolve_days=2)
    # when a resident reports on Friday 3 April at 10:00
    with time_machine.travel(at(2026, 4, 3, 10, 0), tick=False):
        case = services.case_report(actor=world.users["resident_a"], category=leak,
                                    building=world.building_a1, description="顶楼漏水")
        # then it must be accepted by the end of Tuesday 7 April
        assert case.due_at == at(2026, 4, 7, 18, 0)
        services.case_dispatch(actor=world.users["staff_a"], case=case,
                               handler=world.users["grid_a1"])
    # accepted on Tuesday morning: two working days to answer → Thursday 9 April
    with time_machine.travel(at(2026, 4, 7, 9, 0), tick=False):
        services.case_accept(actor=world.users["grid_a1"], case=case)
        assert case.due_at == at(2026, 4, 9, 18, 0)
        assert case.urgency() == Urgency.GREEN
    with time_machine.travel(at(2026, 4, 9, 8, 0), tick=False):
        assert case.urgency() == Urgency.YELLOW
    with time_machine.travel(at(2026, 4, 9, 18, 1), tick=False):
        assert case.urgency() == Urgency.RED
        assert case.status == Status.ACCEPTED


def test_make_up_saturday_counts_as_a_working_day():
    seed_calendar_2026()
    # Friday 13 February + 1 working day = Saturday 14 February (春节调休)
    assert add_working_days(at(2026, 2, 13, 15, 0), 1) == at(2026, 2, 14, 18, 0)
    # then the Spring Festival: Saturday 14 + 1 = Tuesday 24 February
    assert add_working_days(at(2026, 2, 14, 15, 0), 1) == at(2026, 2, 24, 18, 0)


def test_reminders_job_reminds_the_handler_the_day_before(world,
                                                         django_capture_on_commit_callbacks):
    from gongzhi.casework.jobs import deadline_reminders_job
    from gongzhi.notifications.models import Notification

    seed_calendar_2026()
    leak = category(world.community_a, resolve_days=2)
    with time_machine.travel(at(2026, 4, 7, 9, 0), tick=False):
        case = services.case_report(actor=world.users["resident_a"], category=leak,
                                    building=world.building_a1, description="顶楼漏水")
        services.case_dispatch(actor=world.users["staff_a"], case=case,
                               handler=world.users["grid_a1"])
        services.case_accept(actor=world.users["grid_a1"], case=case)  # due 9 April 18:00
    assert deadline_reminders_job.job.schedule is not None
    with django_capture_on_commit_callbacks(execute=True):
        deadline_reminders_job(scheduled_for="2026-04-08T09:00:00+08:00")  # 33 hours before
        assert not Notification.objects.filter(kind="case_deadline").exists()
        deadline_reminders_job(scheduled_for="2026-04-08T19:00:00+08:00")  # 23 hours before
    reminder = Notification.objects.get(kind="case_deadline")
    assert reminder.recipient == world.users["grid_a1"]
    assert "04-09 18:00" in reminder.title


def test_the_2026_calendar_matches_the_state_council_notice():
    """Every day of 国务院办公厅关于2026年部分节假日安排的通知 (4 November 2025)."""
    from gongzhi.casework.choices import DayKind
    from gongzhi.casework.models import CalendarDay

    seed_calendar_2026()
    holidays = {}
    for day in CalendarDay.objects.filter(kind=DayKind.HOLIDAY):
        holidays.setdefault(day.name, []).append(day.date)
    assert {name: (min(days), len(days)) for name, days in holidays.items()} == {
        "元旦": (datetime.date(2026, 1, 1), 3), "春节": (datetime.date(2026, 2, 15), 9),
        "清明节": (datetime.date(2026, 4, 4), 3), "劳动节": (datetime.date(2026, 5, 1), 5),
        "端午节": (datetime.date(2026, 6, 19), 3), "中秋节": (datetime.date(2026, 9, 25), 3),
        "国庆节": (datetime.date(2026, 10, 1), 7)}
    workdays = list(CalendarDay.objects.filter(kind=DayKind.WORKDAY).values_list("date",
                                                                                 flat=True))
    assert workdays == [datetime.date(2026, 1, 4), datetime.date(2026, 2, 14),
                        datetime.date(2026, 2, 28), datetime.date(2026, 5, 9),
                        datetime.date(2026, 9, 20), datetime.date(2026, 10, 10)]
    assert all(day.weekday() >= 5 for day in workdays)  # make-up days are weekend days

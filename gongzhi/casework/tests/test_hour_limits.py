"""Limits in hours (emergencies, water and power cuts) run on the clock, through weekends and
holidays; red / yellow / green and the reminders follow them (frozen clock)."""

import datetime
import zoneinfo

import pytest
import time_machine

from gongzhi.casework import services
from gongzhi.casework.calendar import seed_calendar_2026
from gongzhi.casework.choices import CategoryGroup, Urgency
from gongzhi.casework.tests.factories import category

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def emergency(world):
    found = category(world.community_a, name="紧急抢修", group=CategoryGroup.FACILITY)
    found.accept_hours, found.resolve_hours = 2, 12
    found.save()
    return found


def test_an_emergency_on_a_holiday_night_is_due_two_hours_later(world):
    # given the 2026 calendar: Saturday 3 October is in the 国庆 holiday
    seed_calendar_2026()
    # when a burst pipe is reported at 22:30 that night
    with time_machine.travel(at(2026, 10, 3, 22, 30), tick=False):
        case = services.case_report(actor=world.users["resident_a"], category=emergency(world),
                                    building=world.building_a1, description="楼道水管爆裂")
    # then it must be accepted by 00:30, not after the holiday
    assert case.due_at == case.accept_due_at == at(2026, 10, 4, 0, 30)
    with time_machine.travel(at(2026, 10, 3, 23, 0), tick=False):
        services.case_dispatch(actor=world.users["staff_a"], case=case,
                               handler=world.users["grid_a1"])
        services.case_accept(actor=world.users["grid_a1"], case=case)
    # and dealt with within twelve clock hours of acceptance
    assert case.due_at == at(2026, 10, 4, 11, 0)


def test_a_working_day_stage_and_an_hour_stage_mix(world):
    # given utilities: accepted within 1 working day, solved within 24 clock hours
    seed_calendar_2026()
    outage = category(world.community_a, name="停水停电", group=CategoryGroup.FACILITY,
                      accept_days=1)
    outage.resolve_hours = 24
    outage.save()
    with time_machine.travel(at(2026, 4, 3, 10, 0), tick=False):  # Friday before 清明
        case = services.case_report(actor=world.users["resident_a"], category=outage,
                                    building=world.building_a1, description="整栋楼停水")
        assert case.due_at == at(2026, 4, 7, 18, 0)  # working days skip the weekend and 清明
        services.case_dispatch(actor=world.users["staff_a"], case=case,
                               handler=world.users["grid_a1"])
        services.case_accept(actor=world.users["grid_a1"], case=case)
        assert case.due_at == at(2026, 4, 4, 10, 0)  # hours do not


def test_colours_of_a_two_hour_limit(world):
    with time_machine.travel(at(2026, 6, 20, 9, 0), tick=False):  # 端午, a Saturday
        case = services.case_report(actor=world.users["resident_a"], category=emergency(world),
                                    building=world.building_a1, description="电表箱冒烟")
    # yellow in the last hour (half of the limit), not from the start as a 24-hour window
    # would make it
    assert case.urgency(now=at(2026, 6, 20, 9, 50)) == Urgency.GREEN
    assert case.urgency(now=at(2026, 6, 20, 10, 5)) == Urgency.YELLOW
    assert case.urgency(now=at(2026, 6, 20, 11, 1)) == Urgency.RED


def test_reminder_for_an_hour_limit_fires_when_half_is_left(world,
                                                            django_capture_on_commit_callbacks):
    from gongzhi.casework.jobs import deadline_reminders_job
    from gongzhi.notifications.models import Notification

    with time_machine.travel(at(2026, 6, 20, 10, 0), tick=False):
        case = services.case_report(actor=world.users["resident_a"], category=emergency(world),
                                    building=world.building_a1, description="电表箱冒烟")
        services.case_dispatch(actor=world.users["staff_a"], case=case,
                               handler=world.users["grid_a1"])
        services.case_accept(actor=world.users["grid_a1"], case=case)  # due 22:00
    with django_capture_on_commit_callbacks(execute=True):
        deadline_reminders_job(scheduled_for="2026-06-20T15:30:00+08:00")  # 6.5 hours left
        assert not Notification.objects.filter(kind="case_deadline").exists()
        deadline_reminders_job(scheduled_for="2026-06-20T16:30:00+08:00")  # 5.5 hours left
        deadline_reminders_job(scheduled_for="2026-06-20T17:00:00+08:00")  # only once
    reminder = Notification.objects.get(kind="case_deadline")
    assert reminder.recipient == world.users["grid_a1"]
    assert "06-20 22:00" in reminder.title


def test_limit_text(world):
    assert str(emergency(world).limit_text("accept")) == "2 小时"
    assert str(category(world.community_a).limit_text("resolve")) == "3 个工作日"

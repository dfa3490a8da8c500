"""Simultaneous confirmations of a visit's hours, or reminder runs, record them once
(PostgreSQL; SQLite serialises writes)."""

import datetime

import pytest

from gongzhi.activities.models import HoursEntry
from gongzhi.care.tests.factories import care_of_a
from gongzhi.care.tests.visits.factories import visit_of
from gongzhi.care.visits import services
from gongzhi.conftest import at_once
from gongzhi.notifications.models import Notification


@pytest.mark.django_db(transaction=True)
def test_two_staff_confirming_one_visits_hours_at_once_record_them_once(pg_world):
    care = care_of_a(pg_world)
    visit = visit_of(pg_world, care.household, hours=2)
    # when staff and the secretary confirm the hours at the same moment
    outcomes = at_once([lambda who=who: services.visit_hours_confirm(
        actor=pg_world.users[who], visit=visit) for who in ("staff_a", "secretary_a")])
    # then one is recorded, the other refused
    assert sorted(outcomes) == ["care_visit_hours_not_confirmable", "ok"]
    assert HoursEntry.objects.filter(source=f"care.visit:{visit.pk}").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_at_once_tell_each_household_once(pg_world):
    care_of_a(pg_world)
    day = datetime.date(2026, 2, 1)
    outcomes = at_once([lambda: services.visit_reminders_send(today=day)] * 3)
    # the three households of the world are told of once between the runs
    assert sum(outcomes) == 3
    assert Notification.objects.filter(kind="care_visit_due",
                                       recipient=pg_world.users["resident_a"]).count() == 1

"""Simultaneous confirmations of a visit's hours, or reminder runs, record them once
(PostgreSQL; SQLite serialises writes)."""

import datetime
import threading

import pytest
from django.db import connection, connections

from gongzhi.activities.models import HoursEntry
from gongzhi.care.tests.factories import care_of_a
from gongzhi.care.tests.visits.factories import visit_of
from gongzhi.care.visits import services
from gongzhi.core.errors import DomainError
from gongzhi.notifications.models import Notification


def at_once(calls) -> list[str]:
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            result = call()
            outcomes.append("ok" if not isinstance(result, int) else result)
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def pg_world():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    from gongzhi.conftest import build_world

    return build_world()


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

"""The reminders job: helpers and staff are told of a household due within three days or
overdue, once per household and due date."""

import datetime

import pytest

from gongzhi.care.jobs import visit_reminders_job
from gongzhi.care.register.models import CareHousehold
from gongzhi.care.tests.factories import care_of_a
from gongzhi.care.tests.visits.factories import visit_of
from gongzhi.care.visits import services
from gongzhi.notifications.models import Notification


def told(kind="care_visit_due"):
    return sorted((n.recipient.username, n.event.target_id) for n in
                  Notification.objects.filter(kind=kind).select_related("recipient", "event"))


@pytest.mark.django_db
def test_nobody_is_told_before_the_three_days(world):
    care_of_a(world)
    # given 甲居民 due on 2026-02-04 and 甲老人 on 2026-01-19; on 2026-01-15 neither is within 3
    assert services.visit_reminders_send(today=datetime.date(2026, 1, 15)) == 0
    assert told() == []


@pytest.mark.django_db
def test_the_helpers_and_staff_are_told_once_per_due_date(world):
    care = care_of_a(world)
    staff_b_count = Notification.objects.filter(recipient=world.users["staff_b"]).count()
    # when the job runs on 2026-02-01 (甲居民 due in 3 days, 甲老人 overdue) and again
    day = datetime.date(2026, 2, 1)
    assert services.visit_reminders_send(today=day) == 3  # A's two and B's household
    assert services.visit_reminders_send(today=day) == 0
    # then 甲居民's volunteer helper and the bank's contact are told, and A's staff of both
    mine = str(care.household.pk)
    recipients = told()
    assert ("resident_a", mine) in recipients
    assert ("jia_bank_contact", mine) in recipients
    assert ("staff_a", mine) in recipients and ("staff_a", str(care.unpaired.pk)) in recipients
    assert ("resident_a", str(care.unpaired.pk)) not in recipients
    assert len(recipients) == len(set(recipients))
    # and B's staff only of B's household
    assert Notification.objects.filter(recipient=world.users["staff_b"]).count() == (
        staff_b_count + 1)
    assert CareHousehold.objects.get(pk=care.household.pk).reminded_for == datetime.date(
        2026, 2, 4)


@pytest.mark.django_db
def test_a_new_due_date_after_a_visit_is_told_again(world):
    care = care_of_a(world)
    mine = str(care.household.pk)
    services.visit_reminders_send(today=datetime.date(2026, 2, 1))
    assert told().count(("resident_a", mine)) == 1
    # given a visit on 2026-02-03: 甲居民 now due on 2026-03-05
    visit_of(world, care.household, day=datetime.date(2026, 2, 3))
    # when the job runs on 2026-03-02, then 甲居民's helper is told a second time
    services.visit_reminders_send(today=datetime.date(2026, 3, 2))
    assert told().count(("resident_a", mine)) == 2
    assert CareHousehold.objects.get(pk=care.household.pk).reminded_for == datetime.date(
        2026, 3, 5)


@pytest.mark.django_db
def test_the_periodic_job_reminds_on_its_slot_day(world):
    care = care_of_a(world)
    visit_reminders_job(scheduled_for="2026-02-01T00:00:00+00:00")
    assert CareHousehold.objects.get(pk=care.household.pk).reminded_for == datetime.date(
        2026, 2, 4)

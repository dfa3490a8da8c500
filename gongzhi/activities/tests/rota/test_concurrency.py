"""Sign-ups at the same moment (PostgreSQL; SQLite serialises writes): a shift's slots are
never overfilled, one person never gets overlapping shifts, and a withdrawal racing the
organiser's confirmation leaves one consistent outcome."""

import datetime
import threading

import pytest
from django.db import connection, connections

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.activities.rota import services
from gongzhi.activities.rota.models import ShiftSignUp
from gongzhi.activities.volunteering.models import HoursEntry
from gongzhi.core.errors import DomainError
from gongzhi.party import services as party_services
from gongzhi.people import services as people_services

pytestmark = pytest.mark.django_db(transaction=True)


def _postgresql_world():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    from gongzhi.conftest import build_world

    return build_world()


def _members(world, count):
    root = world.users["superuser"]
    users = []
    for index in range(count):
        user = user_with_role(Role.PARTY_MEMBER, world.community_a, username=f"m{index}")
        person = people_services.person_create(actor=root, community=world.community_a,
                                               name=f"党员{index}", sex="male")
        person.user = user
        person.save(update_fields=["user"])
        party_services.member_create(actor=root, person=person, status="full",
                                     status_dates={"full_on": "2000-07-01"},
                                     kind="in_service", work_unit_name="甲单位")
        users.append(user)
    return users


def _post(world, *, start, end, slots):
    return services.post_create(
        actor=world.users["superuser"], community=world.community_a, title="卡点值守",
        kind="checkpoint", open_to="members",
        shift=services.one_shift(date=datetime.date(2026, 5, 1), start_time=start,
                                 end_time=end, slots=slots))


def _at_once(calls):
    """Run the calls in threads released together; their outcomes ("ok" or the error code)."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
            outcomes[index] = "ok"
        except DomainError as error:
            outcomes[index] = error.code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_simultaneous_sign_ups_never_overfill_a_shift():
    # given ten members and a shift of three slots; one member also tries twice at once
    world = _postgresql_world()
    users = _members(world, 10)
    shift = _post(world, start=datetime.time(8), end=datetime.time(16), slots=3).shifts.get()
    actors = [*users, users[0]]
    # when they all take it at the same moment
    outcomes = _at_once([lambda user=user: services.shift_take(actor=user, shift=shift)
                         for user in actors])
    # then exactly three are on it, three different people
    assert outcomes.count("ok") == 3
    signups = ShiftSignUp.objects.filter(shift=shift)
    assert signups.count() == 3
    assert signups.values("volunteer").distinct().count() == 3
    assert set(outcomes) <= {"ok", "shift_full", "already_taken"}


def test_one_person_never_gets_overlapping_shifts_taken_at_once():
    # given a member and three overlapping shifts of three posts, each with room
    world = _postgresql_world()
    (user,) = _members(world, 1)
    shifts = [_post(world, start=datetime.time(hour), end=datetime.time(hour + 6),
                    slots=5).shifts.get() for hour in (8, 10, 12)]
    # when they take all three at the same moment
    outcomes = _at_once([lambda shift=shift: services.shift_take(actor=user, shift=shift)
                         for shift in shifts])
    # then they are on exactly one of them
    assert outcomes.count("ok") == 1
    assert sorted(code for code in outcomes if code != "ok") == ["shift_overlap",
                                                                 "shift_overlap"]
    assert ShiftSignUp.objects.filter(volunteer__person__user=user).count() == 1


def test_withdrawal_and_confirmation_at_once_leave_one_consistent_outcome():
    world = _postgresql_world()
    (user,) = _members(world, 1)
    shift = _post(world, start=datetime.time(8), end=datetime.time(10), slots=2).shifts.get()
    signup = services.shift_take(actor=user, shift=shift)
    staff = world.users["staff_a"]
    outcomes = _at_once([
        lambda: services.signup_withdraw(actor=user, signup=signup),
        lambda: services.signup_confirm(actor=staff, signup=signup, work_done="值守",
                                        hours="2"),
    ])
    remaining = ShiftSignUp.objects.filter(pk=signup.pk).first()
    if remaining is None:
        assert outcomes == ["ok", "not_found"]
        assert not HoursEntry.objects.exists()
    else:
        assert remaining.status == "confirmed"
        assert outcomes == ["already_confirmed", "ok"]
        assert HoursEntry.objects.get(shift_signup=remaining).hours == 2

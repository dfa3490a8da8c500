"""Capacity is never exceeded under simultaneous sign-ups (PostgreSQL; SQLite serialises
writes): 50 residents signing up at once for 30 places give exactly 30 places and a waiting
list of 20, in the order the lock let them in."""

import threading

import pytest
from django.db import connection, connections

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.activities.events import services
from gongzhi.activities.events.choices import SignUpStatus
from gongzhi.activities.events.models import SignUp
from gongzhi.activities.tests.events.factories import NOW, activity_of, resident_of
from gongzhi.core.errors import DomainError


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_sign_ups_for_thirty_places():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    from gongzhi.conftest import build_world

    # given
    world = build_world()
    activity = activity_of(world, capacity=30)
    users = []
    for index in range(50):
        user = user_with_role(Role.RESIDENT, world.community_a, username=f"r{index}")
        resident_of(world, f"居民{index}", user=user)
        users.append(user)
    # one resident also taps twice at once
    actors = [*users, users[0]]
    barrier = threading.Barrier(len(actors))
    outcomes = []

    def sign_up(user):
        try:
            barrier.wait()
            signup = services.signup_join(actor=user, activity=activity, now=NOW)
            outcomes.append(signup.status)
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    # when
    threads = [threading.Thread(target=sign_up, args=(user,)) for user in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then
    signups = SignUp.objects.filter(activity=activity)
    assert signups.filter(status=SignUpStatus.CONFIRMED).count() == 30
    assert signups.filter(status=SignUpStatus.WAITING).count() == 20
    assert signups.values("person").distinct().count() == 50
    assert sorted(outcomes.count(s) for s in ("confirmed", "waiting", "already_signed_up")) == [
        1, 20, 30]

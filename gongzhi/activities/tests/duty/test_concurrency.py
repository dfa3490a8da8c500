"""Two volunteers taking the same cover at once: exactly one wins (PostgreSQL; SQLite
serialises writes)."""

import threading

import pytest
from django.db import connection, connections

from gongzhi.activities.duty import services
from gongzhi.activities.duty.models import SwapRequest
from gongzhi.activities.rota.models import ShiftSignUp
from gongzhi.activities.tests.duty.factories import NOW, cover_of_a, duty_of_a, swap_of_a
from gongzhi.core.errors import DomainError


def _at_once(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_two_volunteers_taking_the_same_cover_at_once_exactly_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    from gongzhi.conftest import build_world

    # given an open cover request for the first volunteer's shift
    world = build_world()
    duty = duty_of_a(world)
    request = cover_of_a(world)
    # when the second and the third volunteer take it at the same moment
    outcomes = _at_once(
        lambda: services.cover_take(actor=duty.user2, request=request, now=NOW),
        lambda: services.cover_take(actor=duty.user3, request=request, now=NOW))
    # then one wins, the other is told it is closed, and the shift has exactly one new holder
    assert outcomes == ["ok", "swap_closed"]
    request.refresh_from_db()
    holder = ShiftSignUp.objects.get(pk=duty.signup1.pk).volunteer_id
    assert request.status == "done"
    assert holder == request.taken_by_id
    assert holder in (duty.volunteer2.pk, duty.volunteer3.pk)
    assert ShiftSignUp.objects.filter(shift=duty.shift1).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_swap_accepted_while_it_is_withdrawn_is_one_or_the_other():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    from gongzhi.conftest import build_world

    world = build_world()
    duty = duty_of_a(world)
    request = swap_of_a(world)
    outcomes = _at_once(
        lambda: services.swap_accept(actor=duty.user3, request=request, now=NOW),
        lambda: services.swap_request_withdraw(actor=duty.user2, request=request, now=NOW))
    assert outcomes == ["ok", "swap_closed"]
    status = SwapRequest.objects.get(pk=request.pk).status
    holders = [ShiftSignUp.objects.get(pk=s.pk).volunteer_id
               for s in (duty.signup2, duty.signup3)]
    if status == "done":
        assert holders == [duty.volunteer3.pk, duty.volunteer2.pk]
    else:
        assert (status, holders) == ("cancelled", [duty.volunteer2.pk, duty.volunteer3.pk])

"""Each change of a request reads its status under the request's row lock: of simultaneous
changes one goes through and the others are refused (PostgreSQL; SQLite serialises writes),
and a change made from a page fetched before someone else's is checked against the latest
status."""

import threading

import pytest
from django.db import connection, connections

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.casework import services
from gongzhi.casework.choices import Status, StepAction
from gongzhi.casework.models import Case, CaseStep
from gongzhi.casework.states import ALLOWED_FROM, TransitionRefused
from gongzhi.casework.tests.test_services import ALLOWED_ACTORS, call, in_status, state
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied


@pytest.mark.django_db(transaction=True)
def test_six_simultaneous_accepts_record_one_accept_step():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    from gongzhi.conftest import build_world

    # given a request dispatched to grid_a1, open on six of their tabs
    world = build_world()
    case = in_status(world, Status.DISPATCHED)
    handler = world.users["grid_a1"]
    barrier = threading.Barrier(6)
    outcomes = []

    def accept():
        try:
            mine = Case.objects.get(pk=case.pk)  # each tab's own copy, fetched before the click
            barrier.wait()
            services.case_accept(actor=handler, case=mine)
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    # when all six accept at once
    threads = [threading.Thread(target=accept) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then one accept is recorded and five are refused
    assert sorted(outcomes) == ["ok"] + ["transition_refused"] * 5
    assert CaseStep.objects.filter(case=case, action=StepAction.ACCEPT).count() == 1
    assert Case.objects.get(pk=case.pk).status == Status.ACCEPTED


# ---- the same, deterministically: the caller's copy is older than the row ------------------

@pytest.mark.django_db
@pytest.mark.parametrize("action", list(ALLOWED_FROM))
def test_a_change_from_a_stale_copy_is_checked_against_the_latest_status(world, action):
    # given a page fetched the request while the action was allowed
    stale = in_status(world, sorted(ALLOWED_FROM[action])[0])
    # and someone else closed it since
    Case.objects.filter(pk=stale.pk).update(status=Status.CLOSED)
    before = state(stale)
    actor = world.users[sorted(ALLOWED_ACTORS[action])[0]]
    # when the action is taken on the stale copy, then it is refused and nothing moves
    with pytest.raises(TransitionRefused):
        call(action, actor=actor, case=stale, world=world)
    assert state(stale) == before


@pytest.mark.django_db
def test_an_accept_from_a_stale_copy_after_redispatch_to_someone_else_is_refused(world):
    # given grid_a1's page shows the request dispatched to them
    stale = in_status(world, Status.DISPATCHED)
    # and it was returned and dispatched to another grid worker of the grid since
    colleague = user_with_role(Role.GRID_WORKER, world.grid_a1, username="grid_a1_colleague")
    fresh = Case.objects.get(pk=stale.pk)
    services.case_return(actor=world.users["grid_a1"], case=fresh, note="不属于我的网格")
    services.case_dispatch(actor=world.users["staff_a"], case=fresh, handler=colleague)
    before = state(stale)
    # when grid_a1 accepts from the old page, then it is refused and nothing moves
    with pytest.raises((PermissionDenied, NotFound)):
        services.case_accept(actor=world.users["grid_a1"], case=stale)
    assert state(stale) == before


@pytest.mark.django_db
def test_a_second_escalation_from_a_stale_copy_is_refused(world):
    stale = in_status(world, Status.DISPATCHED)
    services.case_escalate(actor=world.users["secretary_a"], case=Case.objects.get(pk=stale.pk),
                           note="需要街道协调")
    before = state(stale)
    with pytest.raises(TransitionRefused):
        services.case_escalate(actor=world.users["staff_a"], case=stale, note="需要街道协调")
    assert state(stale) == before
    assert CaseStep.objects.filter(case=stale, action=StepAction.ESCALATE).count() == 1


@pytest.mark.django_db
def test_a_merge_into_a_request_closed_meanwhile_is_refused(world):
    from gongzhi.casework.tests.test_services import reported

    case = in_status(world, Status.NEW)
    into = reported(world)  # the page offered it while open
    Case.objects.filter(pk=into.pk).update(status=Status.CLOSED)
    before = state(case)
    with pytest.raises(DomainError):
        services.case_merge(actor=world.users["staff_a"], case=case, into=into)
    assert state(case) == before

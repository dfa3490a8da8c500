"""Many simultaneous ballots for one flat count once (PostgreSQL; SQLite serialises writes)."""

import threading

import pytest
from django.db import connection, connections

from gongzhi.core.errors import DomainError
from gongzhi.deliberation import services
from gongzhi.deliberation.models import Ballot
from gongzhi.deliberation.tests.factories import open_vote, owned_flats, scan


@pytest.mark.django_db(transaction=True)
def test_simultaneous_ballots_for_one_flat_count_once(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    settings.MEDIA_ROOT = tmp_path
    from gongzhi.conftest import build_world

    world = build_world()
    owned_flats(world, count=4)
    vote = open_vote(world)
    elector = vote.electors.get(floor=4)
    staff = world.users["staff_a"]
    proxy = services.proxy_authorise(actor=staff, elector=elector, owner_name="甲住户",
                                     proxy_name="代理人", document=scan())
    barrier = threading.Barrier(12)
    outcomes = []

    def submit(index):
        try:
            barrier.wait()
            if index % 3 == 0:
                services.ballot_cast_online(actor=world.users["resident_a"], vote=vote,
                                            elector=elector, choice="yes")
            elif index % 3 == 1:
                services.ballot_enter_paper(actor=staff, vote=vote, elector=elector,
                                            choice="no", voter_name="甲住户", scan=scan())
            else:
                services.ballot_enter_proxy(actor=staff, proxy=proxy, choice="abstain")
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    assert outcomes.count("already_voted") == 11
    assert Ballot.objects.filter(vote=vote, elector=elector).count() == 1

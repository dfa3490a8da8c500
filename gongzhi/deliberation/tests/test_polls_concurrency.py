"""Many simultaneous votes by one person in a poll count once (PostgreSQL; SQLite serialises
writes)."""

import datetime
import threading

import pytest
from django.db import connection, connections

from gongzhi.core.errors import DomainError
from gongzhi.deliberation import services_polls
from gongzhi.deliberation.models_polls import PollBallot
from gongzhi.deliberation.tests.factories import scan


@pytest.mark.django_db(transaction=True)
def test_simultaneous_votes_of_one_person_count_once(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    settings.MEDIA_ROOT = tmp_path
    from gongzhi.conftest import build_world

    world = build_world()
    staff = world.users["staff_a"]
    poll = services_polls.poll_create(actor=staff, community=world.community_a,
                                      building=world.building_a2, title="活动室开放时间",
                                      closes_on=datetime.date(2030, 1, 1))
    poll = services_polls.poll_open(actor=staff, poll=poll)
    elector = poll.electors.get(person_id_frozen=world.person_resident_a.pk)
    barrier = threading.Barrier(12)
    outcomes = []

    def submit(index):
        try:
            barrier.wait()
            if index % 2 == 0:
                services_polls.poll_cast_online(actor=world.users["resident_a"], poll=poll,
                                                choice="yes")
            else:
                services_polls.poll_enter_paper(actor=staff, poll=poll, elector=elector,
                                                choice="no", scan=scan())
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
    assert PollBallot.objects.filter(poll=poll, elector=elector).count() == 1

"""Simultaneous ratings by one resident count once; simultaneous sign-ins of one invitee
sign in once (PostgreSQL; SQLite serialises writes)."""

import threading

import pytest
from django.db import connection, connections

from gongzhi.core.errors import DomainError
from gongzhi.deliberation.tests.topics.factories import meeting_of, topic_of_a
from gongzhi.deliberation.topics import services
from gongzhi.deliberation.topics.models import SignIn, TopicRating


def run_together(count, work):
    barrier = threading.Barrier(count)
    outcomes = []

    def one(index):
        try:
            barrier.wait()
            work(index)
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_simultaneous_ratings_and_sign_ins_count_once(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    settings.MEDIA_ROOT = tmp_path
    from gongzhi.conftest import build_world

    world = build_world()
    resident, staff = world.users["resident_a"], world.users["staff_a"]
    topic = topic_of_a(world, status="feedback")
    outcomes = run_together(10, lambda i: services.topic_rate(actor=resident, topic=topic,
                                                              score=1 + i % 5))
    assert (outcomes.count("ok"), outcomes.count("already_rated")) == (1, 9)
    assert TopicRating.objects.filter(topic=topic).count() == 1

    other = topic_of_a(world, status="accepted", title="另一个议题")
    meeting = meeting_of(world, other)
    services.meeting_notify(actor=staff, meeting=meeting)
    invitee = meeting.invitees.get(user=resident)
    outcomes = run_together(10, lambda i: services.sign_in_self(actor=resident, meeting=meeting)
                            if i % 2 else services.sign_in_record(actor=staff, meeting=meeting,
                                                                  invitee=invitee))
    assert (outcomes.count("ok"), outcomes.count("already_signed_in")) == (1, 9)
    assert SignIn.objects.filter(meeting=meeting).count() == 1

"""Many members claiming the last slots at once never exceed them (PostgreSQL; SQLite
serialises writes)."""

import datetime
import threading

import pytest
from django.db import connection, connections

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.core.errors import DomainError
from gongzhi.party import services
from gongzhi.party.models import Claim
from gongzhi.people import services as people_services


@pytest.mark.django_db(transaction=True)
def test_simultaneous_claims_never_exceed_the_slots():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is checked on PostgreSQL")
    from gongzhi.conftest import build_world

    world = build_world()
    root = world.users["superuser"]
    users = []
    for index in range(10):
        user = user_with_role(Role.PARTY_MEMBER, world.community_a, username=f"m{index}")
        person = people_services.person_create(actor=root, community=world.community_a,
                                               name=f"党员{index}", sex="male")
        person.user = user
        person.save(update_fields=["user"])
        services.member_create(actor=root, person=person, status="full",
                               status_dates={"full_on": "2000-07-01"}, kind="in_service",
                               work_unit_name="甲单位")
        users.append(user)
    post = services.post_create(actor=root, community=world.community_a, title="三个名额",
                                category="safety", date=datetime.date(2026, 5, 1), slots=3)
    # one member also tries twice at once
    actors = [*users, users[0]]
    barrier = threading.Barrier(len(actors))
    outcomes = []

    def claim(user):
        try:
            barrier.wait()
            services.post_claim(actor=user, post=post)
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(user,)) for user in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 3
    assert Claim.objects.filter(post=post).count() == 3
    assert Claim.objects.filter(post=post).values("member").distinct().count() == 3
    assert set(outcomes) <= {"ok", "post_full", "already_claimed"}

"""The workbench runs a constant number of queries per role, whatever the amount of data:
measure the page, add communities and rows of every kind, measure again with the first count
as the budget."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.places.tests.factories import BuildingFactory, CommunityFactory, GridFactory
from gongzhi.workbench.tests.factories import (
    NOW,
    TODAY,
    agreement_of,
    case_in,
    cases_of_a,
    need_of,
    poll_of_a,
)

pytestmark = pytest.mark.django_db


def queries(client) -> int:
    client.get(reverse("workbench:home"))  # the first request of a session writes to it
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("workbench:home")).status_code == 200
    return len(context.captured_queries)


def grow(world, rounds: int = 2, start: int = 0) -> None:
    """More of everything: new communities of the street with requests, and in community A
    requests in every state, polls, needs, agreements, notices, posts and claims."""
    from gongzhi.activities.rota import services as rota_services
    from gongzhi.deliberation.tests.factories import open_vote, owned_flats
    from gongzhi.notifications import services as notification_services

    root = world.users["superuser"]
    if start == 0:
        owned_flats(world)  # resident_a owns a flat of every vote below
    for index in range(start, start + rounds):
        open_vote(world, title=f"表决{index}")
        community = CommunityFactory(street=world.street, name=f"新社区{index}")
        building = BuildingFactory(community=community,
                                   grid=GridFactory(community=community, number=1))
        for status in ("new", "dispatched", "accepted", "answered"):
            case_in(world, building, status=status, due_at=NOW - datetime.timedelta(hours=2))
        cases_of_a(world)
        poll_of_a(world)
        need_of(world, world.community_a, title=f"需求{index}")
        agreement_of(world, world.community_a, ends_on=TODAY + datetime.timedelta(days=9),
                     name=f"单位{index}")
        notification_services.notice_publish(
            actor=world.users["staff_a"], community=world.community_a,
            building=world.building_a2, title=f"通知{index}", body="……")
        if hasattr(world, "post_a"):
            post = rota_services.post_create(
                actor=root, community=world.community_a, title=f"岗位{index}",
                category="safety", open_to="members", shift=rota_services.one_shift(
                    date=datetime.date(2026, 3, 2 + index), slots=3))
            rota_services.shift_take(actor=world.users["party_a"], shift=post.shifts.get())


@pytest.mark.parametrize("name", ["staff_a", "secretary_a", "grid_a1", "resident_a",
                                  "street_admin", "district_admin"])
def test_the_page_does_not_grow_with_the_data(client, world, name,
                                              django_assert_max_num_queries):
    # given
    with time_machine.travel(NOW, tick=False):
        client.force_login(world.users[name])
        grow(world, rounds=1)  # one of everything: empty lists skip their second query
        budget = queries(client)
        # when
        grow(world, start=1)
        # then
        with django_assert_max_num_queries(budget):
            client.get(reverse("workbench:home"))


def test_a_party_members_page_does_not_grow(client, world, django_assert_max_num_queries):
    from gongzhi.party.tests.factories import party_of_a

    party_of_a(world)
    with time_machine.travel(NOW, tick=False):
        client.force_login(world.users["party_a"])
        grow(world, rounds=1)
        budget = queries(client)
        grow(world, start=1)
        with django_assert_max_num_queries(budget):
            client.get(reverse("workbench:home"))


def test_a_partner_contacts_page_does_not_grow(client, world, django_assert_max_num_queries):
    from gongzhi.casework.models import Case
    from gongzhi.cobuilding.tests.factories import BANK, partner_contact, unit_with_resource

    bank, _resource = unit_with_resource(world.users["superuser"], world.community_a, BANK)
    contact = partner_contact(world.community_a, bank, "bank_contact")
    with time_machine.travel(NOW, tick=False):
        client.force_login(contact)
        grow(world, rounds=1)
        budget = queries(client)
        grow(world, start=1)
        Case.objects.filter(community=world.community_a).update(partner_unit=bank)
        with django_assert_max_num_queries(budget):
            client.get(reverse("workbench:home"))


def test_a_user_with_every_role_still_runs_a_fixed_number_of_queries(
        client, world, django_assert_max_num_queries):
    from gongzhi.accounts.models import RoleAssignment
    from gongzhi.accounts.roles import ROLE_LEVEL

    user = user_with_role(Role.COMMUNITY_STAFF, world.community_a, username="many_roles")
    for role, place in ((Role.GRID_WORKER, world.grid_a1), (Role.STREET_ADMIN, world.street),
                        (Role.RESIDENT, world.community_a)):
        level = ROLE_LEVEL[role]
        RoleAssignment.objects.create(user=user, role=role, level=level, **{level: place})
    with time_machine.travel(NOW, tick=False):
        client.force_login(user)
        grow(world, rounds=1)
        budget = queries(client)
        grow(world, start=1)
        with django_assert_max_num_queries(budget):
            client.get(reverse("workbench:home"))

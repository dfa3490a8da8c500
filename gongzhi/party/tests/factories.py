"""A small party world in community A: a committee with one branch and a group, a community
member (甲居民, with a login-less person) and an in-service member (甲党员, who logs in as
party_a), an open members' post (activities) with one shift of two slots, taken by 甲党员."""

import datetime

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.activities.rota import services as rota_services
from gongzhi.party import services
from gongzhi.people import services as people_services


def party_of_a(world):
    if hasattr(world, "branch_a"):
        return world
    root = world.users["superuser"]
    street_committee = services.organisation_create(
        actor=root, kind="street_committee", name="甲街党工委", street=world.street)
    world.committee_a = services.organisation_create(
        actor=root, kind="community_committee", name="甲社区党委", parent=street_committee,
        community=world.community_a)
    world.branch_a = services.organisation_create(actor=root, kind="branch", name="甲党支部",
                                                  parent=world.committee_a)
    world.group_a = services.organisation_create(actor=root, kind="group", name="甲党小组",
                                                 parent=world.branch_a)
    world.member_a = services.member_create(
        actor=root, person=world.person_a, status="full",
        status_dates={"full_on": datetime.date(1990, 7, 1)}, organisation=world.branch_a,
        group=world.group_a, grid=world.grid_a1)
    world.officer_a = services.officer_appoint(
        actor=root, organisation=world.branch_a, title="secretary", member=world.member_a,
        term_start=datetime.date(2024, 1, 1))
    world.users["party_a"] = user_with_role(Role.PARTY_MEMBER, world.community_a,
                                            username="party_a")
    person = people_services.person_create(actor=root, community=world.community_a,
                                           name="甲党员", sex="male")
    person.user = world.users["party_a"]
    person.save(update_fields=["user"])
    world.in_service_a = services.member_create(
        actor=root, person=person, status="full",
        status_dates={"full_on": datetime.date(2010, 3, 1)}, kind="in_service",
        work_unit_name="甲单位", unit_party_organisation="甲单位党支部", grid=world.grid_a2,
        registered_on=datetime.date(2025, 5, 1))
    world.post_a = rota_services.post_create(
        actor=root, community=world.community_a, title="甲岗位", category="safety",
        open_to="members", shift=rota_services.one_shift(date=datetime.date(2026, 3, 1),
                                                         slots=2))
    world.shift_a = world.post_a.shifts.get()
    # the member's sign-up (their claim of the post, as party called it)
    world.claim_a = rota_services.shift_take(actor=world.users["party_a"], shift=world.shift_a)
    world.shift_signup_a = world.claim_a
    return world


def with_party_of_a(world) -> dict:
    party_of_a(world)
    return {}

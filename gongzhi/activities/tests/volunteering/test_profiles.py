"""Who may serve on a post: confirmed volunteers of its community whom it is open to."""

import datetime

import pytest

from gongzhi.activities.rota.choices import OpenTo
from gongzhi.activities.rota.models import Post
from gongzhi.activities.tests.factories import partner_volunteer, post_in, volunteer_of
from gongzhi.activities.volunteering.choices import VolunteerStatus
from gongzhi.activities.volunteering.profiles import may_serve, own_volunteer, servable_posts
from gongzhi.organisations.models import PartnerUnit
from gongzhi.organisations.roll import member_create


@pytest.fixture
def posts(world):
    root = world.users["superuser"]
    unit = PartnerUnit.objects.create(community=world.community_a, name="甲银行", kind="bank")
    return {
        "members": post_in(world.community_a, root, open_to=OpenTo.MEMBERS),
        "partner_staff": post_in(world.community_a, root, open_to=OpenTo.PARTNER_STAFF),
        "unit": post_in(world.community_a, root, open_to=OpenTo.PARTNER_STAFF, unit=unit),
        "volunteers": post_in(world.community_a, root, open_to=OpenTo.VOLUNTEERS),
        "other_community": post_in(world.community_b, root, open_to=OpenTo.VOLUNTEERS),
    }, unit


def test_a_resident_volunteer_serves_on_volunteer_posts_only(world, posts):
    posts, _unit = posts
    volunteer = volunteer_of(world.person_resident_a)
    assert {name for name, post in posts.items() if may_serve(volunteer, post)} == {"volunteers"}


def test_an_unconfirmed_volunteer_serves_nowhere(world, posts):
    posts, _unit = posts
    volunteer = volunteer_of(world.person_resident_a, status=VolunteerStatus.APPLIED)
    assert not any(may_serve(volunteer, post) for post in posts.values())


def test_partner_staff_serve_on_their_units_posts(world, posts):
    posts, unit = posts
    other = PartnerUnit.objects.create(community=world.community_a, name="甲卫生服务中心",
                                      kind="health")
    staff = partner_volunteer(unit, "甲银行职员")
    elsewhere = partner_volunteer(other, "甲医生")
    assert {name for name, post in posts.items() if may_serve(staff, post)} == {
        "partner_staff", "unit", "volunteers"}
    assert {name for name, post in posts.items() if may_serve(elsewhere, post)} == {
        "partner_staff", "volunteers"}


def test_a_member_on_the_roll_serves_on_members_posts_without_a_profile(world, posts):
    posts, _unit = posts
    member = member_create(actor=world.users["superuser"], person=world.person_resident_a,
                           status="full", status_dates={"full_on": datetime.date(2001, 7, 1)},
                           kind="in_service", work_unit_name="甲单位",
                           unit_party_organisation="甲单位党支部")
    assert may_serve(None, posts["members"], member=member)
    assert not may_serve(None, posts["volunteers"], member=member)
    assert may_serve(volunteer_of(world.person_resident_a), posts["members"])


def test_own_volunteer_is_found_through_the_login_or_the_registry(world):
    assert own_volunteer(world.users["resident_a"]) is None
    volunteer = volunteer_of(world.person_resident_a)
    assert own_volunteer(world.users["resident_a"]) == volunteer
    assert own_volunteer(world.users["staff_a"]) is None


def test_servable_posts_is_may_serve_as_a_query(world, posts):
    # given volunteers of every kind and posts of every kind
    posts, unit = posts
    member = member_create(actor=world.users["superuser"], person=world.person_a,
                           status="full", status_dates={"full_on": datetime.date(2001, 7, 1)},
                           kind="in_service", work_unit_name="甲单位",
                           unit_party_organisation="甲单位党支部")
    volunteers = [volunteer_of(world.person_resident_a), volunteer_of(member.person),
                  partner_volunteer(unit, "甲银行职员"),
                  partner_volunteer(unit, "甲银行新人", status=VolunteerStatus.APPLIED)]
    everything = Post.objects.filter(pk__in=[post.pk for post in posts.values()])
    for volunteer in [*volunteers, None]:
        # then the query finds exactly the posts may_serve allows
        expected = {post.pk for post in posts.values() if may_serve(volunteer, post)}
        assert set(everything.filter(servable_posts(volunteer)).values_list(
            "pk", flat=True)) == expected, volunteer

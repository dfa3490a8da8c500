"""A world with rows behind every section's numbers, in communities A, B and C."""

import datetime

import pytest
from django.utils import timezone

from gongzhi.activities.events.choices import ActivityStatus
from gongzhi.activities.events.models import Activity, SignUp
from gongzhi.activities.tests.events.factories import events_of_a
from gongzhi.care.tests.factories import care_of_a
from gongzhi.care.tests.register.factories import visit_of
from gongzhi.casework import services as case_services
from gongzhi.casework.models import Case
from gongzhi.casework.tests.factories import category, dispute_of_a
from gongzhi.cobuilding import services as cobuilding_services
from gongzhi.cobuilding.tests.factories import unit_with_resource
from gongzhi.deliberation.tests.topics.factories import meeting_of, topic_of_a
from gongzhi.deliberation.topics.choices import MeetingStatus, TopicStatus
from gongzhi.deliberation.topics.models import Meeting
from gongzhi.organisations.choices import MemberKind
from gongzhi.organisations.models import Member
from gongzhi.places.models import Building

# a period holding every row the fixture makes (the factories date rows from 2026 to 2030)
WIDE = (datetime.date(2020, 1, 1), datetime.date(2031, 12, 31))


def _case_in(world, community, building, actor):
    return case_services.case_report(
        actor=actor, category=category(community), building=building,
        description=f"{community.name}屋面漏水")


@pytest.fixture
def busy(world):
    """Requests in A (two, one answered and rated), B and C; activities, sign-ups and an
    attendance, service hours, households and a visit, an in-service member, a partner unit
    with a resource and a topic with a held meeting
    (no owners' vote: votes need a settled register of owners)."""
    cobuilding_services.need_create_from_case(actor=world.users["staff_a"],
                                              case=dispute_of_a(world))
    rated = _case_in(world, world.community_a, world.building_a1, world.users["staff_a"])
    Case.objects.filter(pk=rated.pk).update(is_satisfied=True, is_solved=True)
    _case_in(world, world.community_b, world.building_b, world.users["staff_b"])
    _case_in(world, world.community_c, Building.objects.filter(community=world.community_c).first(),
             world.users["superuser"])
    events_of_a(world)
    Activity.objects.filter(pk=world.activity_a.pk).update(status=ActivityStatus.DONE)
    SignUp.objects.filter(pk=world.signup_a.pk).update(checked_in_at=timezone.now())
    care = care_of_a(world)
    visit_of(world.users["staff_a"], care.household)
    Member.objects.create(person=world.person_resident_a, community=world.community_a,
                          kind=MemberKind.IN_SERVICE, work_unit_name="甲银行",
                          registered_on=datetime.date(2026, 3, 1))
    unit_with_resource(world.users["staff_a"], world.community_a,
                       ("甲医院", "health", "义诊", "社区义诊", "clinic", "health", 30))
    topic = topic_of_a(world, status=TopicStatus.ACCEPTED)
    meeting = meeting_of(world, topic)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    return world

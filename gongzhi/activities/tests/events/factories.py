"""Activities and sign-ups of the shared world, made directly (the services are tested on
them). The clock of these tests: 2026-03-01 09:00 Guangzhou time (NOW); activities take place
on 2026-03-10 (DAY) unless told otherwise."""

import datetime

from gongzhi.activities.events.checkin import new_key
from gongzhi.activities.events.choices import ActivityStatus, SignUpStatus
from gongzhi.activities.events.models import Activity, SignUp
from gongzhi.activities.tests.factories import at

NOW = at("2026-03-01", 9)
DAY = "2026-03-10"


def activity_of(world, *, status=ActivityStatus.PUBLISHED, capacity=30, community=None,
                starts_at=None, hours=2, **fields) -> Activity:
    community = community or world.community_a
    starts_at = starts_at or at(DAY, 9)
    fields.setdefault("title", "甲社区义诊")
    fields.setdefault("kind", "clinic")
    fields.setdefault("place", "社区活动室")
    return Activity.objects.create(
        community=community, status=status, capacity=capacity, starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours), created_by=world.users["superuser"],
        checkin_key=new_key() if status != ActivityStatus.DRAFT else "", **fields)


def signup_of(activity, person, *, status=SignUpStatus.CONFIRMED, by=None, **fields) -> SignUp:
    return SignUp.objects.create(
        community_id=activity.community_id, activity=activity, person=person, status=status,
        signed_up_by=by or person.user or activity.created_by, **fields)


def resident_of(world, name: str, *, user=None, birth_date=None, flat=None, community=None):
    """Another resident of community A (with a login when `user` is given)."""
    from gongzhi.people.models import Person

    community = community or world.community_a
    return Person.objects.create(community=community, name=name, user=user,
                                 birth_date=birth_date, flat=flat)

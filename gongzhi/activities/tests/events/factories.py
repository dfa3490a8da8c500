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
    return Person.objects.create(community=community, name=name, user=user, sex="female",
                                 birth_date=birth_date, flat=flat)


def events_of_a(world):
    """The scope matrix's rows (core/tests/scope_routes.py), made once: a draft of community A
    with a photo, a published activity for the residents of 甲楼一号 (audience_a) and the
    sign-up of `attendee_a`, a resident of 甲楼一号 with a login (resident_a lives elsewhere,
    so the audience refuses them)."""
    if hasattr(world, "activity_draft_a"):
        return world
    from django.core.files.base import ContentFile

    from gongzhi.accounts.choices import Role
    from gongzhi.accounts.tests.factories import user_with_role
    from gongzhi.activities.events.models import ActivityPhoto

    world.users["attendee_a"] = user_with_role(Role.RESIDENT, world.community_a,
                                               username="attendee_a")
    world.attendee_person_a = resident_of(world, "甲参加者", user=world.users["attendee_a"],
                                          flat=world.flat_a1)
    world.activity_draft_a = activity_of(world, status=ActivityStatus.DRAFT, title="甲筹备活动",
                                         starts_at=at("2030-03-10", 9))
    photo = ActivityPhoto(activity=world.activity_draft_a, content_type="image/png",
                          uploaded_by=world.users["superuser"])
    photo.file.save("scope.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    photo.save()
    world.activity_photo_a = photo
    world.activity_a = activity_of(world, title="甲楼清洁", kind="clean_up",
                                   audience="building", building=world.building_a1,
                                   starts_at=at("2030-03-11", 9), counts_hours=True)
    world.signup_a = signup_of(world.activity_a, world.attendee_person_a)
    return world


def with_events_of_a(world) -> dict:
    events_of_a(world)
    return {}


def checkin_token_of_a(world) -> str:
    """A fresh code of the published activity (a code expires: made at each call)."""
    from django.utils import timezone

    from gongzhi.activities.events.checkin import token_for

    return token_for(events_of_a(world).activity_a, now=timezone.now())

"""Rows of activities for tests, made directly (each part's services are tested in its own
tests; these give them a world to act on). Each part adds its own in tests/<part>/."""

import datetime
from zoneinfo import ZoneInfo

from gongzhi.activities.rota.models import Post, Shift, ShiftSignUp
from gongzhi.activities.volunteering.choices import VolunteerStatus
from gongzhi.activities.volunteering.models import Volunteer

TZ = ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """A moment in Guangzhou time: at("2026-03-01", 8)."""
    return datetime.datetime.combine(datetime.date.fromisoformat(day),
                                     datetime.time(hour, minute), tzinfo=TZ)


def volunteer_of(person, *, status=VolunteerStatus.ACTIVE, **fields) -> Volunteer:
    return Volunteer.objects.create(community_id=person.community_id, person=person,
                                    user_id=person.user_id, status=status, **fields)


def partner_volunteer(unit, name: str, *, status=VolunteerStatus.ACTIVE, **fields) -> Volunteer:
    return Volunteer.objects.create(community_id=unit.community_id, unit=unit, name=name,
                                    status=status, **fields)


def post_in(community, creator, *, title="卡点值守", **fields) -> Post:
    return Post.objects.create(community=community, title=title, created_by=creator, **fields)


def shift_of(post, *, starts_at: datetime.datetime | None = None, hours: int = 8,
             date: datetime.date | None = None, slots: int = 2) -> Shift:
    ends_at = starts_at + datetime.timedelta(hours=hours) if starts_at else None
    day = date or (starts_at.astimezone(TZ).date() if starts_at else datetime.date(2026, 3, 1))
    return Shift.objects.create(community_id=post.community_id, post=post, date=day,
                                starts_at=starts_at, ends_at=ends_at, slots=slots)


def taken(shift, volunteer, **fields) -> ShiftSignUp:
    return ShiftSignUp.objects.create(community_id=shift.community_id, shift=shift,
                                      volunteer=volunteer, **fields)

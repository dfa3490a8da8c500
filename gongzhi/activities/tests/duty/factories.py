"""A duty world in community A: a partner unit's patrol post (open to its staff) with two
shifts, three volunteers of the unit with their own logins, the first two holding one shift
each."""

from types import SimpleNamespace

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.activities.duty.models import Finding, SwapRequest
from gongzhi.activities.tests.factories import at, partner_volunteer, post_in, shift_of, taken
from gongzhi.organisations.models import PartnerUnit

# the clock of the duty tests: the day before the first shift
NOW = at("2026-03-09", 12)


def volunteer_login(world, unit, username: str, name: str):
    user = user_with_role(Role.VOLUNTEER, world.community_a, username=username)
    return user, partner_volunteer(unit, name, user=user)


def duty_of_a(world) -> SimpleNamespace:
    """Build once per world (memoised on it)."""
    if hasattr(world, "duty_a"):
        return world.duty_a
    unit = PartnerUnit.objects.create(community=world.community_a, name="甲值守单位",
                                      kind="state_company")
    duty = SimpleNamespace(unit=unit)
    for index, name in ((1, "甲志愿者一"), (2, "甲志愿者二"), (3, "甲志愿者三")):
        user, volunteer = volunteer_login(world, unit, f"vol_a{index}", name)
        world.users[f"vol_a{index}"] = user
        setattr(duty, f"user{index}", user)
        setattr(duty, f"volunteer{index}", volunteer)
    # the unit's own patrol: a resident who volunteers elsewhere has no part in its duty
    duty.post = post_in(world.community_a, world.users["superuser"], title="甲巡查路线",
                        kind="patrol", place="甲社区老巷", open_to="partner_staff", unit=unit)
    duty.shift1 = shift_of(duty.post, starts_at=at("2026-03-10", 8))
    duty.shift2 = shift_of(duty.post, starts_at=at("2026-03-11", 8))
    duty.signup1 = taken(duty.shift1, duty.volunteer1)
    duty.signup2 = taken(duty.shift2, duty.volunteer2)
    world.duty_a = duty
    return duty


def cover_of_a(world) -> SwapRequest:
    """An open cover request for the first volunteer's shift (made once)."""
    duty = duty_of_a(world)
    if not hasattr(duty, "cover"):
        duty.cover = SwapRequest.objects.create(
            community=world.community_a, signup=duty.signup1, kind="cover", note="甲出差",
            requested_by=duty.user1)
    return duty.cover


def swap_of_a(world) -> SwapRequest:
    """An open swap: the second volunteer's shift for a third one's (made once)."""
    duty = duty_of_a(world)
    if not hasattr(duty, "swap"):
        duty.shift3 = shift_of(duty.post, starts_at=at("2026-03-12", 8))
        duty.signup3 = taken(duty.shift3, duty.volunteer3)
        duty.swap = SwapRequest.objects.create(
            community=world.community_a, signup=duty.signup2, kind="swap",
            target=duty.signup3, requested_by=duty.user2)
    return duty.swap


def finding_of_a(world) -> Finding:
    duty = duty_of_a(world)
    if not hasattr(duty, "finding"):
        duty.finding = Finding.objects.create(
            community=world.community_a, signup=duty.signup1, building=world.building_a1,
            description="甲楼一号消防通道堆放杂物", reported_by=duty.user1)
    return duty.finding

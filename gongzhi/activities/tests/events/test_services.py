"""Activity services: the life of an activity, sign-up within the audience, the waiting list
that moves up with confirmation, check-in and the organiser's confirmation of hours."""

import datetime
from decimal import Decimal

import pytest

from gongzhi.activities.events import services
from gongzhi.activities.events.choices import ActivityStatus, Audience, SignUpStatus
from gongzhi.activities.events.models import Activity, SignUp
from gongzhi.activities.events.states import ActivityStatusRefused, SignUpStatusRefused
from gongzhi.activities.tests.events.factories import NOW, activity_of, resident_of, signup_of
from gongzhi.activities.tests.factories import at, volunteer_of
from gongzhi.activities.volunteering.models import HoursEntry
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.notifications.models import Notification
from gongzhi.party.tests.factories import party_of_a

pytestmark = pytest.mark.django_db

H = datetime.timedelta(hours=1)


def residents(world, count, *, prefix="居民"):
    from gongzhi.accounts.choices import Role
    from gongzhi.accounts.tests.factories import user_with_role

    people = []
    for number in range(count):
        user = user_with_role(Role.RESIDENT, world.community_a, username=f"r{prefix}{number}")
        people.append(resident_of(world, f"{prefix}{number}", user=user))
    return people


# ---- the activity ----------------------------------------------------------------------------

def test_staff_create_a_draft_with_partner_units(world):
    # given
    from gongzhi.organisations.models import PartnerUnit

    bank = PartnerUnit.objects.create(community=world.community_a, name="甲银行")
    # when
    activity = services.activity_create(
        actor=world.users["staff_a"], community=world.community_a, title="防诈骗讲座",
        kind="talk", place="社区活动室", starts_at=at("2026-03-10", 9),
        ends_at=at("2026-03-10", 11), capacity=40, partner_units=[bank])
    # then
    assert (activity.status, activity.capacity, activity.created_by) == (
        ActivityStatus.DRAFT, 40, world.users["staff_a"])
    assert list(activity.partner_units.all()) == [bank]


def test_staff_of_another_community_cannot_create_and_nothing_is_made(world):
    with pytest.raises(NotFound):
        services.activity_create(
            actor=world.users["staff_b"], community=world.community_a, title="防诈骗讲座",
            kind="talk", place="社区活动室", starts_at=at("2026-03-10", 9),
            ends_at=at("2026-03-10", 11), capacity=40)
    assert Activity.objects.count() == 0


def test_an_activity_must_end_after_it_starts_and_name_its_building(world):
    with pytest.raises(ValidationFailed) as error:
        services.activity_create(
            actor=world.users["staff_a"], community=world.community_a, title="楼栋清洁",
            kind="clean_up", place="甲楼一号", starts_at=at("2026-03-10", 9),
            ends_at=at("2026-03-10", 8), capacity=10, audience=Audience.BUILDING)
    assert set(error.value.detail) == {"ends_at", "building"}
    assert Activity.objects.count() == 0


def test_publish_gives_a_checkin_key_and_cancel_tells_those_signed_up(world):
    # given
    activity = activity_of(world, status=ActivityStatus.DRAFT)
    services.activity_publish(actor=world.users["staff_a"], activity=activity)
    signup_of(activity, world.person_resident_a)
    # when
    services.activity_cancel(actor=world.users["staff_a"], activity=activity, reason="台风")
    # then
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CANCELLED
    assert len(activity.checkin_key) == 22
    notice = Notification.objects.get(recipient=world.users["resident_a"])
    assert (notice.kind, notice.title) == ("activity_update", "活动取消：甲社区义诊")
    assert "台风" in notice.body


def test_a_done_activity_cannot_be_published_again(world):
    activity = activity_of(world, status=ActivityStatus.DONE)
    with pytest.raises(ActivityStatusRefused):
        services.activity_publish(actor=world.users["staff_a"], activity=activity)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE


def test_report_after_the_day(world):
    activity = activity_of(world, status=ActivityStatus.DONE)
    services.activity_report(actor=world.users["staff_a"], activity=activity,
                             report="为 32 位老人量了血压。", now=NOW)
    activity.refresh_from_db()
    assert (activity.report, activity.reported_at) == ("为 32 位老人量了血压。", NOW)


def test_a_resident_cannot_write_the_report(world):
    activity = activity_of(world, status=ActivityStatus.DONE)
    with pytest.raises(PermissionDenied):
        services.activity_report(actor=world.users["resident_a"], activity=activity,
                                 report="写点东西")
    activity.refresh_from_db()
    assert activity.report == ""


def test_capacity_may_not_drop_below_the_places_held(world):
    activity = activity_of(world, capacity=2)
    for person in residents(world, 2):
        signup_of(activity, person)
    with pytest.raises(ValidationFailed):
        services.activity_edit(actor=world.users["staff_a"], activity=activity, capacity=1,
                               now=NOW)
    activity.refresh_from_db()
    assert activity.capacity == 2


# ---- sign-up and the audience ------------------------------------------------------------------

def test_a_resident_signs_themself_up(world):
    activity = activity_of(world)
    signup = services.signup_join(actor=world.users["resident_a"], activity=activity, now=NOW)
    assert (signup.person, signup.status, signup.signed_up_by) == (
        world.person_resident_a, SignUpStatus.CONFIRMED, world.users["resident_a"])


def test_a_second_sign_up_is_refused(world):
    activity = activity_of(world)
    services.signup_join(actor=world.users["resident_a"], activity=activity, now=NOW)
    with pytest.raises(services.AlreadySignedUp):
        services.signup_join(actor=world.users["resident_a"], activity=activity, now=NOW)
    assert SignUp.objects.count() == 1


def test_over_60s_only_counts_age_on_the_day(world):
    # given: resident_a was born 1988; a neighbour turns 60 on the day itself
    activity = activity_of(world, audience=Audience.OVER_60)
    # when / then
    with pytest.raises(services.NotEligible) as error:
        services.signup_join(actor=world.users["resident_a"], activity=activity, now=NOW)
    assert "60 岁以上" in str(error.value.message)
    assert SignUp.objects.count() == 0
    (neighbour,) = residents(world, 1)
    neighbour.birth_date = datetime.date(1966, 3, 10)
    neighbour.save()
    signup = services.signup_join(actor=neighbour.user, activity=activity, now=NOW)
    assert signup.status == SignUpStatus.CONFIRMED


def test_party_members_only_takes_members_of_the_community(world):
    party_of_a(world)
    activity = activity_of(world, audience=Audience.PARTY_MEMBERS, kind="party_day")
    with pytest.raises(services.NotEligible) as error:
        services.signup_join(actor=world.users["resident_a"], activity=activity, now=NOW)
    assert str(error.value.message) == "本活动面向本社区党员，您暂不符合报名条件。"
    signup = services.signup_join(actor=world.users["party_a"], activity=activity, now=NOW)
    assert signup.status == SignUpStatus.CONFIRMED


def test_a_building_or_grid_takes_only_its_residents(world):
    # resident_a lives in flat_a2: building_a2, grid_a2
    building = activity_of(world, audience=Audience.BUILDING, building=world.building_a1)
    grid = activity_of(world, audience=Audience.GRID, grid=world.grid_a2)
    with pytest.raises(services.NotEligible):
        services.signup_join(actor=world.users["resident_a"], activity=building, now=NOW)
    assert services.signup_join(actor=world.users["resident_a"], activity=grid,
                                now=NOW).status == SignUpStatus.CONFIRMED
    assert SignUp.objects.filter(activity=building).count() == 0


def test_staff_sign_up_a_resident_without_a_phone_whatever_the_audience(world):
    activity = activity_of(world, audience=Audience.BUILDING, building=world.building_a2)
    signup = services.signup_for_resident(actor=world.users["staff_a"], activity=activity,
                                          person=world.person_a, now=NOW)
    assert (signup.person, signup.signed_up_by) == (world.person_a, world.users["staff_a"])


def test_staff_cannot_sign_up_a_resident_of_another_community(world):
    activity = activity_of(world)
    with pytest.raises(NotFound):
        services.signup_for_resident(actor=world.users["staff_a"], activity=activity,
                                     person=world.person_b, now=NOW)
    assert SignUp.objects.count() == 0


def test_sign_up_closed_refuses_a_resident_but_not_staff(world):
    activity = activity_of(world, status=ActivityStatus.CLOSED)
    with pytest.raises(ActivityStatusRefused):
        services.signup_join(actor=world.users["resident_a"], activity=activity, now=NOW)
    signup = services.signup_for_resident(actor=world.users["staff_a"], activity=activity,
                                          person=world.person_a, now=NOW)
    assert SignUp.objects.get() == signup


# ---- the waiting list ----------------------------------------------------------------------

def test_full_goes_to_the_waiting_list_and_a_freed_place_is_offered_to_the_first(world):
    # given: 1 place, taken; two waiting
    activity = activity_of(world, capacity=1, offer_hours=12)
    first, second, third = residents(world, 3)
    taken = services.signup_join(actor=first.user, activity=activity, now=NOW)
    waiting_1 = services.signup_join(actor=second.user, activity=activity, now=NOW)
    waiting_2 = services.signup_join(actor=third.user, activity=activity, now=NOW + H)
    assert [waiting_1.status, waiting_2.status] == [SignUpStatus.WAITING] * 2
    # when
    services.signup_cancel(actor=first.user, signup=taken, now=NOW + 2 * H)
    # then
    waiting_1.refresh_from_db()
    waiting_2.refresh_from_db()
    assert (waiting_1.status, waiting_1.offer_expires_at) == (SignUpStatus.OFFERED,
                                                              NOW + 14 * H)
    assert waiting_2.status == SignUpStatus.WAITING
    notice = Notification.objects.get(recipient=second.user)
    assert (notice.kind, notice.title) == ("activity_offer", "候补递补：甲社区义诊")


def test_an_accepted_offer_is_a_place(world):
    activity = activity_of(world, capacity=1)
    (person,) = residents(world, 1)
    signup = signup_of(activity, person, status=SignUpStatus.OFFERED,
                       offer_expires_at=NOW + H)
    services.offer_accept(actor=person.user, signup=signup, now=NOW)
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.CONFIRMED


def test_a_declined_offer_passes_to_the_next(world):
    activity = activity_of(world, capacity=1)
    first, second = residents(world, 2)
    offered = signup_of(activity, first, status=SignUpStatus.OFFERED, offer_expires_at=NOW + H)
    waiting = signup_of(activity, second, status=SignUpStatus.WAITING)
    services.offer_decline(actor=first.user, signup=offered, now=NOW)
    offered.refresh_from_db()
    waiting.refresh_from_db()
    assert (offered.status, waiting.status) == (SignUpStatus.CANCELLED, SignUpStatus.OFFERED)


def test_someone_else_cannot_answer_an_offer(world):
    activity = activity_of(world, capacity=1)
    first, second = residents(world, 2)
    offered = signup_of(activity, first, status=SignUpStatus.OFFERED, offer_expires_at=NOW + H)
    with pytest.raises(NotFound):
        services.offer_accept(actor=second.user, signup=offered, now=NOW)
    offered.refresh_from_db()
    assert offered.status == SignUpStatus.OFFERED


def test_an_expired_offer_passes_on_when_answered_too_late(world):
    # given
    activity = activity_of(world, capacity=1)
    first, second = residents(world, 2)
    offered = signup_of(activity, first, status=SignUpStatus.OFFERED, offer_expires_at=NOW)
    waiting = signup_of(activity, second, status=SignUpStatus.WAITING)
    # when
    with pytest.raises(services.OfferExpired):
        services.offer_accept(actor=first.user, signup=offered, now=NOW + H)
    # then: the lapse stands although the answer was refused
    offered.refresh_from_db()
    waiting.refresh_from_db()
    assert (offered.status, waiting.status) == (SignUpStatus.CANCELLED, SignUpStatus.OFFERED)
    assert waiting.offer_expires_at == NOW + H + 24 * H


def test_the_periodic_job_passes_lapsed_offers_on(world):
    activity = activity_of(world, capacity=1)
    first, second = residents(world, 2)
    offered = signup_of(activity, first, status=SignUpStatus.OFFERED, offer_expires_at=NOW)
    waiting = signup_of(activity, second, status=SignUpStatus.WAITING)
    assert services.offers_expire(now=NOW - H) == 0
    assert services.offers_expire(now=NOW) == 1
    offered.refresh_from_db()
    waiting.refresh_from_db()
    assert (offered.status, waiting.status) == (SignUpStatus.CANCELLED, SignUpStatus.OFFERED)
    assert services.offers_expire(now=NOW) == 0


def test_a_larger_capacity_offers_the_new_places(world):
    activity = activity_of(world, capacity=1)
    first, second = residents(world, 2)
    signup_of(activity, first)
    waiting = signup_of(activity, second, status=SignUpStatus.WAITING)
    services.activity_edit(actor=world.users["staff_a"], activity=activity, capacity=2, now=NOW)
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.OFFERED


# ---- check-in, check-out, hours ----------------------------------------------------------------

def test_staff_check_in_and_out_and_confirm_a_volunteers_hours(world):
    # given
    activity = activity_of(world, counts_hours=True, kind="clean_up")
    signup = signup_of(activity, world.person_resident_a)
    volunteer = volunteer_of(world.person_resident_a)
    staff = world.users["staff_a"]
    # when
    services.signup_check_in(actor=staff, signup=signup, now=at("2026-03-10", 9, 5))
    services.signup_check_out(actor=staff, signup=signup, now=at("2026-03-10", 11, 17))
    activity.status = ActivityStatus.DONE
    activity.save()
    entry = services.signup_hours_confirm(actor=staff, signup=signup)
    # then: 2 h 12 min
    assert (entry.volunteer, entry.hours, entry.served_on) == (
        volunteer, Decimal("2.2"), datetime.date(2026, 3, 10))
    with pytest.raises(Exception) as again:
        services.signup_hours_confirm(actor=staff, signup=signup, hours=3)
    assert again.value.code == "hours_already_recorded"
    assert HoursEntry.objects.count() == 1


def test_hours_are_not_recorded_for_a_participant_who_is_no_volunteer(world):
    activity = activity_of(world, counts_hours=True, status=ActivityStatus.DONE)
    signup = signup_of(activity, world.person_resident_a, checked_in_at=at("2026-03-10", 9),
                       checked_out_at=at("2026-03-10", 10))
    with pytest.raises(Exception) as error:
        services.signup_hours_confirm(actor=world.users["staff_a"], signup=signup)
    assert error.value.code == "not_a_volunteer"
    assert HoursEntry.objects.count() == 0


def test_hours_need_an_activity_that_counts_them(world):
    activity = activity_of(world, counts_hours=False, status=ActivityStatus.DONE)
    signup = signup_of(activity, world.person_resident_a, checked_in_at=at("2026-03-10", 9),
                       checked_out_at=at("2026-03-10", 10))
    volunteer_of(world.person_resident_a)
    with pytest.raises(SignUpStatusRefused):
        services.signup_hours_confirm(actor=world.users["staff_a"], signup=signup, hours=1)
    assert HoursEntry.objects.count() == 0


def test_the_offers_job_is_scheduled_and_passes_lapsed_offers_on(world):
    from gongzhi.activities.jobs import offers_expire_job
    from gongzhi.jobs.engine import REGISTRY, Every

    # given
    activity = activity_of(world, capacity=1)
    first, second = residents(world, 2)
    signup_of(activity, first, status=SignUpStatus.OFFERED, offer_expires_at=NOW)
    waiting = signup_of(activity, second, status=SignUpStatus.WAITING)
    # when
    offers_expire_job(scheduled_for=NOW.isoformat())
    # then
    assert REGISTRY["activities.offers_expire"].current_schedule() == Every(seconds=900)
    waiting.refresh_from_db()
    assert waiting.status == SignUpStatus.OFFERED

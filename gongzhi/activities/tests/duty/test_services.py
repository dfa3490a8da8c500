"""Cover and swap requests, patrol findings and reminders: the services, with a fixed clock."""

import datetime

import pytest

from gongzhi.activities.duty import selectors, services
from gongzhi.activities.duty.models import Finding, SwapRequest
from gongzhi.activities.jobs import shift_reminders_job
from gongzhi.activities.rota.models import ShiftSignUp
from gongzhi.activities.tests.duty.factories import (
    NOW,
    cover_of_a,
    duty_of_a,
    finding_of_a,
    swap_of_a,
)
from gongzhi.activities.tests.factories import at, post_in, shift_of, taken
from gongzhi.audit.models import AuditEntry
from gongzhi.casework.tests.factories import category
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied
from gongzhi.jobs.engine import REGISTRY, schedule_due_jobs
from gongzhi.notifications.models import Notification


@pytest.fixture
def duty(world):
    return duty_of_a(world)


def holders(*signups):
    return [ShiftSignUp.objects.get(pk=s.pk).volunteer_id for s in signups]


def inbox(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# ---- asking for cover ----------------------------------------------------------------------

def test_the_holder_asks_for_cover_and_those_who_may_take_it_are_told(duty):
    # when the first volunteer asks for cover
    request = services.cover_request_create(actor=duty.user1, signup=duty.signup1,
                                            note="出差", now=NOW)
    # then an open cover request stands, audited, and the other volunteers are told
    assert (request.kind, request.status, request.note, request.requested_by) == (
        "cover", "open", "出差", duty.user1)
    assert AuditEntry.objects.filter(target_type="activities.swaprequest",
                                     target_id=str(request.pk)).count() == 1
    assert inbox(duty.user2) == ["shift_duty"]
    assert inbox(duty.user3) == ["shift_duty"]
    assert inbox(duty.user1) == []
    told = Notification.objects.get(recipient=duty.user2)
    assert (told.title, told.body) == ("有班次需要替班：甲巡查路线 03-10 08:00",
                                       "说明：出差。如您方便，请在“换班与替班”页面接替。")


def test_another_volunteer_may_not_ask_for_cover_of_a_shift_not_theirs(duty):
    # (another's sign-up is not theirs to see: not found)
    with pytest.raises(NotFound):
        services.cover_request_create(actor=duty.user2, signup=duty.signup1, now=NOW)
    assert SwapRequest.objects.count() == 0


def test_a_second_request_for_the_same_shift_is_refused(world, duty):
    cover_of_a(world)
    with pytest.raises(DomainError) as refused:
        services.cover_request_create(actor=duty.user1, signup=duty.signup1, now=NOW)
    assert refused.value.code == "swap_already_open"
    assert SwapRequest.objects.count() == 1


def test_a_checked_in_shift_no_longer_changes_hands(duty):
    ShiftSignUp.objects.filter(pk=duty.signup1.pk).update(checked_in_at=at("2026-03-10", 8))
    with pytest.raises(DomainError) as refused:
        services.cover_request_create(actor=duty.user1, signup=duty.signup1, now=NOW)
    assert refused.value.code == "signup_started"
    assert SwapRequest.objects.count() == 0


def test_a_shift_that_has_begun_cannot_be_given_away(duty):
    with pytest.raises(DomainError) as refused:
        services.cover_request_create(actor=duty.user1, signup=duty.signup1,
                                      now=at("2026-03-10", 9))
    assert refused.value.code == "shift_started"
    assert SwapRequest.objects.count() == 0


# ---- taking a cover ------------------------------------------------------------------------

def test_an_eligible_volunteer_takes_the_cover_and_the_shift_passes_to_them(world, duty):
    request = cover_of_a(world)
    # when the third volunteer takes it
    services.cover_take(actor=duty.user3, request=request, now=NOW)
    # then the sign-up is theirs, the request is done, and the holder is told
    request.refresh_from_db()
    assert holders(duty.signup1) == [duty.volunteer3.pk]
    assert (request.status, request.taken_by_id, request.decided_at) == (
        "done", duty.volunteer3.pk, NOW)
    assert inbox(duty.user1) == ["shift_duty"]
    assert AuditEntry.objects.filter(target_type="activities.shiftsignup",
                                     target_id=str(duty.signup1.pk)).count() == 1


def test_the_holder_cannot_take_their_own_cover(world, duty):
    request = cover_of_a(world)
    with pytest.raises(PermissionDenied):
        services.cover_take(actor=duty.user1, request=request, now=NOW)
    assert holders(duty.signup1) == [duty.volunteer1.pk]
    assert SwapRequest.objects.get(pk=request.pk).status == "open"


def test_a_cover_that_would_overlap_the_takers_shift_is_refused(world, duty):
    # given the third volunteer holds a shift of another post at the same time
    other = post_in(world.community_a, world.users["superuser"], title="甲卡点")
    taken(shift_of(other, starts_at=at("2026-03-10", 12)), duty.volunteer3)
    request = cover_of_a(world)
    with pytest.raises(DomainError) as refused:
        services.cover_take(actor=duty.user3, request=request, now=NOW)
    assert refused.value.code == "shift_overlap"
    assert holders(duty.signup1) == [duty.volunteer1.pk]
    assert SwapRequest.objects.get(pk=request.pk).status == "open"


def test_a_taken_cover_cannot_be_taken_again(world, duty):
    request = cover_of_a(world)
    services.cover_take(actor=duty.user3, request=request, now=NOW)
    with pytest.raises(DomainError) as refused:
        services.cover_take(actor=duty.user2, request=request, now=NOW)
    assert refused.value.code == "swap_closed"
    assert holders(duty.signup1) == [duty.volunteer3.pk]


def test_a_resident_without_a_volunteer_profile_is_refused(world, duty):
    request = cover_of_a(world)
    with pytest.raises((PermissionDenied, NotFound)):
        services.cover_take(actor=world.users["resident_a"], request=request, now=NOW)
    assert holders(duty.signup1) == [duty.volunteer1.pk]


def test_staff_assign_a_cover(world, duty):
    request = cover_of_a(world)
    services.cover_assign(actor=world.users["staff_a"], request=request,
                          volunteer=duty.volunteer2, now=NOW)
    assert holders(duty.signup1) == [duty.volunteer2.pk]
    assert SwapRequest.objects.get(pk=request.pk).status == "done"
    assert sorted(inbox(duty.user2)) == ["shift_duty"]
    assert inbox(duty.user1) == ["shift_duty"]


def test_staff_of_another_community_cannot_assign(world, duty):
    request = cover_of_a(world)
    with pytest.raises(NotFound):
        services.cover_assign(actor=world.users["staff_b"], request=request,
                              volunteer=duty.volunteer2, now=NOW)
    assert holders(duty.signup1) == [duty.volunteer1.pk]


# ---- swaps ---------------------------------------------------------------------------------

def test_a_swap_asked_and_accepted_exchanges_the_volunteers(world, duty):
    # given the first volunteer proposes their shift for the second's
    request = services.swap_request_create(actor=duty.user1, signup=duty.signup1,
                                           target=duty.signup2, now=NOW)
    assert inbox(duty.user2) == ["shift_duty"]
    # when the second accepts
    services.swap_accept(actor=duty.user2, request=request, now=NOW)
    # then each holds the other's shift
    assert holders(duty.signup1, duty.signup2) == [duty.volunteer2.pk, duty.volunteer1.pk]
    assert SwapRequest.objects.get(pk=request.pk).status == "done"


def test_only_the_named_volunteer_answers_a_swap(world, duty):
    request = swap_of_a(world)
    with pytest.raises(PermissionDenied):
        services.swap_accept(actor=duty.user1, request=request, now=NOW)
    assert holders(duty.signup2, duty.signup3) == [duty.volunteer2.pk, duty.volunteer3.pk]


def test_a_declined_swap_changes_no_shift(world, duty):
    request = swap_of_a(world)
    services.swap_decline(actor=duty.user3, request=request, now=NOW)
    assert SwapRequest.objects.get(pk=request.pk).status == "declined"
    assert holders(duty.signup2, duty.signup3) == [duty.volunteer2.pk, duty.volunteer3.pk]
    assert inbox(duty.user2) == ["shift_duty"]


def test_a_swap_that_breaks_the_rest_rule_is_refused(world, duty, settings):
    # given the requester also holds a night shift right after the shift they would take
    settings.ACTIVITIES_MAX_HOURS_IN_24 = 12
    request = swap_of_a(world)
    other = post_in(world.community_a, world.users["superuser"], title="甲卡点")
    taken(shift_of(other, starts_at=at("2026-03-12", 16)), duty.volunteer2)
    with pytest.raises(DomainError) as refused:
        services.swap_accept(actor=duty.user3, request=request, now=NOW)
    assert refused.value.code == "rest_rule"
    assert holders(duty.signup2, duty.signup3) == [duty.volunteer2.pk, duty.volunteer3.pk]
    assert SwapRequest.objects.get(pk=request.pk).status == "open"


def test_a_swap_must_name_a_shift_of_the_same_post(world, duty):
    other = post_in(world.community_a, world.users["superuser"], title="甲卡点")
    elsewhere = taken(shift_of(other, starts_at=at("2026-03-12", 8)), duty.volunteer2)
    with pytest.raises(DomainError) as refused:
        services.swap_request_create(actor=duty.user1, signup=duty.signup1, target=elsewhere,
                                     now=NOW)
    assert refused.value.code == "validation_failed"
    assert SwapRequest.objects.count() == 0


def test_the_requester_withdraws_and_no_one_else_may(world, duty):
    request = swap_of_a(world)
    with pytest.raises(PermissionDenied):
        services.swap_request_withdraw(actor=duty.user3, request=request, now=NOW)
    assert SwapRequest.objects.get(pk=request.pk).status == "open"
    services.swap_request_withdraw(actor=duty.user2, request=request, now=NOW)
    assert SwapRequest.objects.get(pk=request.pk).status == "cancelled"
    assert inbox(duty.user3) == ["shift_duty"]


# ---- patrol findings -----------------------------------------------------------------------

def test_the_patrol_records_a_finding_once_the_shift_has_begun(world, duty):
    with pytest.raises(DomainError) as refused:
        services.finding_create(actor=duty.user1, signup=duty.signup1,
                                description="消防通道堆放杂物", now=NOW)
    assert refused.value.code == "shift_not_started"
    finding = services.finding_create(actor=duty.user1, signup=duty.signup1,
                                      description="消防通道堆放杂物",
                                      building=world.building_a1, now=at("2026-03-10", 10))
    assert (finding.reported_by, finding.building, finding.case) == (
        duty.user1, world.building_a1, None)


def test_a_shift_of_another_kind_records_no_finding(world, duty):
    other = post_in(world.community_a, world.users["superuser"], title="甲卡点")
    signup = taken(shift_of(other, starts_at=at("2026-03-08", 8)), duty.volunteer1)
    with pytest.raises(DomainError) as refused:
        services.finding_create(actor=duty.user1, signup=signup, description="一切正常无异常",
                                now=NOW)
    assert refused.value.code == "not_patrol"
    assert Finding.objects.count() == 0


def test_staff_convert_a_finding_into_a_patrol_request(world, duty):
    finding = finding_of_a(world)
    kind = category(world.community_a)
    services.finding_convert(actor=world.users["staff_a"], finding=finding, category=kind,
                             now=NOW)
    finding.refresh_from_db()
    case = finding.case
    assert (case.channel, case.building, case.category, case.community) == (
        "patrol", world.building_a1, kind, world.community_a)
    assert case.description.startswith("甲楼一号消防通道堆放杂物")
    assert case.patrol_finding == finding
    # and a second conversion is refused
    with pytest.raises(DomainError) as refused:
        services.finding_convert(actor=world.users["staff_a"], finding=finding, category=kind,
                                 now=NOW)
    assert refused.value.code == "finding_converted"


def test_the_volunteer_who_found_it_cannot_convert_it(world, duty):
    finding = finding_of_a(world)
    with pytest.raises(PermissionDenied):
        services.finding_convert(actor=duty.user1, finding=finding,
                                 category=category(world.community_a), now=NOW)
    assert Finding.objects.get(pk=finding.pk).case_id is None


# ---- reminders -----------------------------------------------------------------------------

def test_each_volunteer_is_reminded_once_before_their_shift(duty, settings):
    settings.ACTIVITIES_SHIFT_REMINDER_HOURS = 12
    # when the job runs 13 hours before the first shift, nothing is due
    assert services.shift_reminders_send(now=at("2026-03-09", 19)) == 0
    # when it runs 11 hours before, the first volunteer is reminded
    assert services.shift_reminders_send(now=at("2026-03-09", 21)) == 1
    assert inbox(duty.user1) == ["shift_reminder"]
    assert ShiftSignUp.objects.get(pk=duty.signup1.pk).reminded_at == at("2026-03-09", 21)
    # and a second run reminds nobody again
    assert services.shift_reminders_send(now=at("2026-03-09", 22)) == 0
    assert inbox(duty.user1) == ["shift_reminder"]
    assert inbox(duty.user2) == []


def test_a_covered_shift_reminds_its_new_holder(world, duty, settings):
    settings.ACTIVITIES_SHIFT_REMINDER_HOURS = 12
    services.cover_take(actor=duty.user3, request=cover_of_a(world), now=NOW)
    assert services.shift_reminders_send(now=at("2026-03-09", 21)) == 1
    assert inbox(duty.user3) == ["shift_reminder"]
    assert datetime.timedelta(hours=11) == at("2026-03-10", 8) - at("2026-03-09", 21)


def test_the_reminder_job_is_scheduled_and_reminds_at_its_slot(duty, settings):
    # given the job engine's table of jobs, then the reminder job runs every 15 minutes
    definition = REGISTRY["activities.shift_reminders"]
    assert definition.current_schedule().seconds == 15 * 60
    # when the engine schedules the slot 11 hours before the first shift and the job runs it
    settings.ACTIVITIES_SHIFT_REMINDER_HOURS = 12
    slot = at("2026-03-09", 21)
    assert "activities.shift_reminders" in {job.name for job in schedule_due_jobs(now=slot)}
    shift_reminders_job(scheduled_for=slot.isoformat())
    # then the first volunteer is reminded, at the slot's time
    assert inbox(duty.user1) == ["shift_reminder"]
    assert ShiftSignUp.objects.get(pk=duty.signup1.pk).reminded_at == slot


def test_a_request_stays_with_the_one_who_asked_once_the_shift_changed_hands(world, duty):
    request = cover_of_a(world)
    services.cover_take(actor=duty.user3, request=request, now=NOW)
    assert [r.pk for r in selectors.own_requests(duty.user1)] == [request.pk]
    assert selectors.own_requests(duty.user3) == []
    # the one who took it still finds it
    assert list(selectors.request_list(duty.user3)) == [request]

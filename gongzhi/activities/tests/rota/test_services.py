"""Given / when / then tests of the rota's services: taking, assigning and withdrawing shifts
(slots, who the post is open to, overlap and rest), checking in and out, confirming the hours
into the ledger, rota templates, and the hand-off from a resident request."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.activities.rota import services
from gongzhi.activities.rota.models import Post, Shift, ShiftSignUp
from gongzhi.activities.tests.factories import at, partner_volunteer, volunteer_of
from gongzhi.activities.volunteering.models import HoursEntry, Volunteer
from gongzhi.audit.models import AuditEntry
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from gongzhi.organisations.models import PartnerUnit
from gongzhi.party import services as party_services
from gongzhi.party.tests.factories import party_of_a

pytestmark = pytest.mark.django_db


def _post(world, *, open_to="volunteers", slots=2, day="2026-03-02", start=None, end=None,
          **fields):
    start_time = datetime.time.fromisoformat(start) if start else None
    end_time = datetime.time.fromisoformat(end) if end else None
    return services.post_create(
        actor=world.users["staff_a"], community=world.community_a, title="卡点值守",
        open_to=open_to, shift=services.one_shift(date=datetime.date.fromisoformat(day),
                                                  start_time=start_time, end_time=end_time,
                                                  slots=slots), **fields)


# ---- taking a shift ---------------------------------------------------------------------------

def test_a_member_takes_a_members_shift_and_their_profile_is_made_then(world):
    # given a members' post, and a party member of A without a volunteer profile
    party_of_a(world)
    post = _post(world, open_to="members")
    Volunteer.objects.filter(person=world.in_service_a.person).update(user=None)
    ShiftSignUp.objects.all().delete()
    Volunteer.objects.all().delete()
    # when they take its shift
    signup = services.shift_take(actor=world.users["party_a"], shift=post.shifts.get())
    # then they are on it, as a confirmed volunteer of A made for their registry record
    volunteer = signup.volunteer
    assert (signup.status, volunteer.person, volunteer.user, volunteer.status) == (
        "taken", world.in_service_a.person, world.users["party_a"], "active")
    assert AuditEntry.objects.filter(target_type="activities.shiftsignup",
                                     target_id=str(signup.pk), action="create").exists()


def test_one_sign_up_per_volunteer_and_slots_are_never_exceeded(world):
    party_of_a(world)
    party = world.users["party_a"]
    with pytest.raises(DomainError) as error:
        services.shift_take(actor=party, shift=world.shift_a)
    assert error.value.code == "already_taken"
    post = _post(world, open_to="members", slots=1)
    shift = post.shifts.get()
    services.shift_take(actor=party, shift=shift)
    other = user_with_role(Role.PARTY_MEMBER, world.community_a, username="party_a2")
    person = world.person_resident_a
    person.user = other
    person.save(update_fields=["user"])
    party_services.member_create(actor=world.users["superuser"], person=person, status="full",
                                 status_dates={"full_on": "2001-07-01"}, kind="in_service",
                                 work_unit_name="乙单位")
    with pytest.raises(DomainError) as error:
        services.shift_take(actor=other, shift=shift)
    assert error.value.code == "shift_full"
    assert ShiftSignUp.objects.filter(shift=shift).count() == 1


def test_a_resident_and_staff_cannot_take_a_members_shift(world):
    # given a members' post: a resident not on the roll does not even see it; staff see it
    party_of_a(world)
    with pytest.raises(NotFound):
        services.shift_take(actor=world.users["resident_a"], shift=world.shift_a)
    with pytest.raises(PermissionDenied) as staff:
        services.shift_take(actor=world.users["staff_a"], shift=world.shift_a)
    assert str(staff.value.message) == "只有志愿者本人可以认领班次。"
    assert ShiftSignUp.objects.filter(shift=world.shift_a).count() == 1


def test_another_communitys_member_cannot_see_the_shift(world):
    party_of_a(world)
    outsider = user_with_role(Role.PARTY_MEMBER, world.community_b, username="party_b")
    with pytest.raises(NotFound):
        services.shift_take(actor=outsider, shift=world.shift_a)
    assert ShiftSignUp.objects.filter(shift=world.shift_a).count() == 1


def test_partner_staff_serve_on_their_units_posts_only(world):
    # given two partner units of A, a volunteer with a login at the bank, and posts for each
    bank = PartnerUnit.objects.create(community=world.community_a, name="甲银行", kind="bank")
    clinic = PartnerUnit.objects.create(community=world.community_a, name="甲卫生站",
                                        kind="hospital")
    login = user_with_role(Role.VOLUNTEER, world.community_a, username="bank_staff")
    volunteer = partner_volunteer(bank, "银行小王", user=login)
    for_bank = _post(world, open_to="partner_staff", unit=bank)
    for_clinic = _post(world, open_to="partner_staff", unit=clinic)
    for_any_unit = _post(world, open_to="partner_staff")
    members_only = _post(world, open_to="members")
    # when the bank's volunteer takes each shift
    taken = services.shift_take(actor=login, shift=for_bank.shifts.get())
    services.shift_take(actor=login, shift=for_any_unit.shifts.get())
    for refused in (for_clinic, members_only):  # not theirs to see
        with pytest.raises(NotFound):
            services.shift_take(actor=login, shift=refused.shifts.get())
    # then they are on their unit's and any unit's shifts only
    assert taken.volunteer == volunteer
    assert set(ShiftSignUp.objects.filter(volunteer=volunteer).values_list(
        "shift__post_id", flat=True)) == {for_bank.pk, for_any_unit.pk}


def test_a_volunteer_not_yet_confirmed_cannot_take_a_shift(world):
    volunteer_of(world.person_resident_a, status="applied")
    post = _post(world)
    with pytest.raises(PermissionDenied):
        services.shift_take(actor=world.users["resident_a"], shift=post.shifts.get())
    assert not ShiftSignUp.objects.exists()


@pytest.mark.parametrize(("second", "end", "code"), [("12:00", "18:00", "shift_overlap"),
                                                      ("20:00", "02:00", "rest_rule")])
def test_overlapping_shifts_and_too_many_hours_in_24_are_refused(world, settings, second, end,
                                                                 code):
    # given a volunteer on an 8-hour shift from 08:00 (the rest rule: 12 hours in any 24)
    settings.ACTIVITIES_MAX_HOURS_IN_24 = 12
    volunteer_of(world.person_resident_a)
    resident = world.users["resident_a"]
    services.shift_take(actor=resident, shift=_post(world, start="08:00",
                                                    end="16:00").shifts.get())
    later = _post(world, start=second, end=end).shifts.get()
    # when they take one more
    with pytest.raises(DomainError) as error:
        services.shift_take(actor=resident, shift=later)
    # then it is refused, and they are on one shift
    assert error.value.code == code
    assert ShiftSignUp.objects.count() == 1


def test_staff_assign_a_volunteer_with_the_same_checks(world):
    party_of_a(world)
    post = _post(world, slots=1)
    shift = post.shifts.get()
    resident = volunteer_of(world.person_resident_a)
    signup = services.shift_assign(actor=world.users["staff_a"], shift=shift,
                                   volunteer=resident)
    with pytest.raises(DomainError) as full:
        services.shift_assign(actor=world.users["staff_a"], shift=shift,
                              volunteer=volunteer_of(world.person_a))
    with pytest.raises(PermissionDenied):
        services.shift_assign(actor=world.users["party_a"], shift=shift, volunteer=resident)
    assert signup.volunteer == resident and full.value.code == "shift_full"
    assert list(ShiftSignUp.objects.filter(shift=shift)) == [signup]


def test_withdrawing_frees_the_slot_and_is_audited(world):
    party_of_a(world)
    services.signup_withdraw(actor=world.users["party_a"], signup=world.shift_signup_a)
    assert not ShiftSignUp.objects.filter(pk=world.shift_signup_a.pk).exists()
    assert AuditEntry.objects.filter(target_type="activities.shiftsignup",
                                     target_id=str(world.shift_signup_a.pk),
                                     action="delete").exists()
    again = services.shift_take(actor=world.users["party_a"], shift=world.shift_a)
    assert ShiftSignUp.objects.filter(shift=world.shift_a).get() == again


def test_staff_cannot_withdraw_a_members_sign_up(world):
    party_of_a(world)
    with pytest.raises(NotFound):
        services.signup_withdraw(actor=world.users["staff_a"], signup=world.shift_signup_a)
    assert ShiftSignUp.objects.filter(pk=world.shift_signup_a.pk).exists()


# ---- check in, check out, confirm ----------------------------------------------------------

def test_check_in_and_out_then_the_organiser_confirms_into_the_ledger(world):
    # given a resident volunteer on tonight's shift 22:00–06:00
    volunteer = volunteer_of(world.person_resident_a)
    resident = world.users["resident_a"]
    post = _post(world, day="2026-03-02", start="22:00", end="06:00")
    shift = post.shifts.get()
    assert (shift.starts_at, shift.ends_at) == (at("2026-03-02", 22), at("2026-03-03", 6))
    signup = services.shift_take(actor=resident, shift=shift)
    # when they check in at 21:50 and out at 05:20
    services.signup_check_in(actor=resident, signup=signup, now=at("2026-03-02", 21, 50))
    services.signup_check_out(actor=resident, signup=signup, now=at("2026-03-03", 5, 20))
    signup.refresh_from_db()
    # then the confirmation is prefilled with the time actually served
    assert services.suggested_hours(signup) == Decimal("7.5")
    # when the organiser confirms 7.5 hours
    services.signup_confirm(actor=world.users["staff_a"], signup=signup, work_done="夜间值守",
                            hours="7.5", now=at("2026-03-03", 9))
    signup.refresh_from_db()
    # then the sign-up and its one ledger row say so, served on the shift's day
    assert (signup.status, signup.hours, signup.confirmed_by) == (
        "confirmed", Decimal("7.5"), world.users["staff_a"])
    entry = HoursEntry.objects.get(shift_signup=signup)
    assert (entry.volunteer, entry.kind, entry.hours, entry.served_on, entry.description) == (
        volunteer, "service", Decimal("7.5"), datetime.date(2026, 3, 2), "卡点值守：夜间值守")


def test_check_in_only_around_the_shift_and_out_after_in(world):
    volunteer_of(world.person_resident_a)
    resident = world.users["resident_a"]
    signup = services.shift_take(actor=resident, shift=_post(
        world, start="08:00", end="16:00").shifts.get())
    with pytest.raises(DomainError) as early:
        services.signup_check_in(actor=resident, signup=signup, now=at("2026-03-02", 6))
    with pytest.raises(DomainError) as not_in:
        services.signup_check_out(actor=resident, signup=signup, now=at("2026-03-02", 9))
    signup.refresh_from_db()
    assert (early.value.code, not_in.value.code) == ("check_in_time", "check_in_refused")
    assert (signup.checked_in_at, signup.checked_out_at) == (None, None)


def test_an_untimed_task_is_prefilled_with_nothing_and_needs_sensible_hours(world):
    party_of_a(world)
    assert services.suggested_hours(world.shift_signup_a) is None
    with pytest.raises(ValidationFailed):
        services.signup_confirm(actor=world.users["staff_a"], signup=world.shift_signup_a,
                                work_done="x", hours=25)
    with pytest.raises(ValidationFailed):
        services.signup_confirm(actor=world.users["staff_a"], signup=world.shift_signup_a,
                                work_done=" ", hours=2)
    with pytest.raises(PermissionDenied):
        services.signup_confirm(actor=world.users["party_a"], signup=world.shift_signup_a,
                                work_done="我自己确认", hours=2)
    world.shift_signup_a.refresh_from_db()
    assert world.shift_signup_a.status == "taken"
    assert not HoursEntry.objects.exists()


# ---- posts and rota templates ----------------------------------------------------------------

def test_a_rota_template_lays_out_three_8_hour_shifts_a_day_for_two_weeks(world):
    rota = {"first_day": "2026-03-01", "days": 14, "starts": ["16:00", "00:00", "08:00"],
            "hours": 8, "slots": 3}
    preview = services.rota_plan(services.clean_rota(rota))
    post = services.post_create(actor=world.users["staff_a"], community=world.community_a,
                                title="小区卡点", kind="checkpoint", rota=rota)
    shifts = list(post.shifts.order_by("starts_at"))
    assert len(preview) == len(shifts) == 42
    assert [(s.starts_at, s.ends_at, s.slots) for s in shifts[:4]] == [
        (at("2026-03-01", 0), at("2026-03-01", 8), 3),
        (at("2026-03-01", 8), at("2026-03-01", 16), 3),
        (at("2026-03-01", 16), at("2026-03-02", 0), 3),
        (at("2026-03-02", 0), at("2026-03-02", 8), 3)]
    assert shifts[-1].date == datetime.date(2026, 3, 14)
    assert post.rota == {"first_day": "2026-03-01", "days": 14,
                         "starts": ["00:00", "08:00", "16:00"], "hours": 8, "slots": 3}
    # extending by a week lays out its 21 shifts after the last day
    added = services.rota_extend(actor=world.users["staff_a"], post=post, days=7)
    post.refresh_from_db()
    assert (len(added), added[0].starts_at, post.shifts.count(), post.rota["days"]) == (
        21, at("2026-03-15", 0), 63, 21)


@pytest.mark.parametrize(("rota", "field"), [
    ({"first_day": "2026-03-01", "days": 2, "starts": ["00:00", "06:00"], "hours": 8,
      "slots": 1}, "hours"),
    ({"first_day": "2026-03-01", "days": 0, "starts": ["08:00"], "hours": 8, "slots": 1},
     "days"),
    ({"first_day": "2026-03-01", "days": 2, "starts": ["8点"], "hours": 8, "slots": 1},
     "starts"),
])
def test_a_rota_whose_shifts_overlap_or_make_no_sense_is_refused(world, rota, field):
    with pytest.raises(ValidationFailed) as error:
        services.post_create(actor=world.users["staff_a"], community=world.community_a,
                             title="卡点", rota=rota)
    assert field in error.value.detail
    assert not Post.objects.exists() and not Shift.objects.exists()


def test_slots_never_go_below_those_who_took_the_shift(world):
    # given A's shift of two slots, both taken
    party_of_a(world)
    services.shift_assign(actor=world.users["staff_a"], shift=world.shift_a,
                          volunteer=volunteer_of(world.person_a))
    # when staff lower its slots below two, then it is refused and the slots stay
    for slots in (1, 0):
        with pytest.raises(ValidationFailed) as error:
            services.shift_set_slots(actor=world.users["staff_a"], shift=world.shift_a,
                                     slots=slots)
        assert "slots" in error.value.detail
    world.shift_a.refresh_from_db()
    assert world.shift_a.slots == 2
    # raising them is fine, and a grid worker may do it too
    services.shift_set_slots(actor=world.users["grid_a1"], shift=world.shift_a, slots=5)
    world.shift_a.refresh_from_db()
    assert world.shift_a.slots == 5


def test_a_unit_is_named_only_on_a_partner_staff_post_of_the_community(world):
    unit_b = PartnerUnit.objects.create(community=world.community_b, name="乙银行", kind="bank")
    unit_a = PartnerUnit.objects.create(community=world.community_a, name="甲银行", kind="bank")
    with pytest.raises(ValidationFailed):
        _post(world, open_to="partner_staff", unit=unit_b)
    with pytest.raises(ValidationFailed):
        _post(world, open_to="volunteers", unit=unit_a)
    assert not Post.objects.exists()


def test_post_from_a_case_links_back_and_the_timeline_shows_the_work_not_who(world):
    from gongzhi.casework.choices import StepAction
    from gongzhi.casework.tests.factories import dispute_of_a

    party_of_a(world)
    case = dispute_of_a(world)
    status = case.status
    shift = services.one_shift(date=datetime.date(2026, 5, 1), slots=1)
    post = services.post_create_from_case(actor=world.users["staff_a"], case=case,
                                          title="调解邻里噪音", shift=shift,
                                          open_to="members")
    assert post.source_case == case and list(case.posts.all()) == [post]
    task = case.steps.get(action=StepAction.TASK)
    assert "调解邻里噪音" in task.note and task.to_status == status
    with pytest.raises(DomainError):
        services.post_create_from_case(actor=world.users["staff_a"], case=case, shift=shift)
    with pytest.raises(NotFound):
        services.post_create_from_case(actor=world.users["staff_b"], case=case, shift=shift)
    signup = services.shift_take(actor=world.users["party_a"], shift=post.shifts.get())
    services.signup_confirm(actor=world.users["staff_a"], signup=signup,
                            work_done="上门调解，双方约定晚十点后不放音乐", hours="1.5")
    done = case.steps.get(action=StepAction.TASK_DONE)
    assert "上门调解" in done.note and "1.5" in done.note
    assert "甲党员" not in done.note          # the timeline does not reveal who is a member
    case.refresh_from_db()
    assert case.status == status and Post.objects.filter(source_case=case).count() == 1


def test_my_shifts_are_upcoming_until_over_then_past(world):
    from gongzhi.activities.rota import selectors

    volunteer_of(world.person_resident_a)
    resident = world.users["resident_a"]
    signup = services.shift_take(actor=resident, shift=_post(
        world, start="08:00", end="16:00").shifts.get())
    with time_machine.travel(at("2026-03-02", 7), tick=False):
        assert selectors.my_shifts(resident)["upcoming"] == [signup]
    services.signup_check_in(actor=resident, signup=signup, now=at("2026-03-02", 8))
    # on duty past the end of the shift: still upcoming, to check out
    assert selectors.my_shifts(resident, now=at("2026-03-02", 17))["upcoming"] == [signup]
    services.signup_check_out(actor=resident, signup=signup, now=at("2026-03-02", 16))
    mine = selectors.my_shifts(resident, now=at("2026-03-02", 17))
    assert (mine["upcoming"], mine["past"]) == ([], [signup])

"""Volunteer profiles, correction requests and certificates, through their services."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gongzhi.activities.tests.factories import at
from gongzhi.activities.tests.volunteering.factories import record_service, volunteering_of_a
from gongzhi.activities.volunteering import selectors, services
from gongzhi.activities.volunteering.choices import CorrectionStatus, VolunteerStatus
from gongzhi.activities.volunteering.models import (
    HoursCertificate,
    HoursCorrection,
    HoursEntry,
    Volunteer,
)
from gongzhi.audit.models import AuditEntry
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed

NOW = at("2026-03-10", 9)


def test_a_resident_registers_as_their_registry_record(world):
    # given community A's resident without a profile
    resident = world.users["resident_a"]
    # when they register with skills and preferences
    volunteer = services.volunteer_register_self(
        actor=resident, community=world.community_a, skills="剪发", availability="周末",
        preferred_kinds=["clinic", "patrol", "clinic"])
    # then the profile is their record's, awaiting confirmation
    assert (volunteer.person, volunteer.user, volunteer.status) == (
        world.person_resident_a, resident, VolunteerStatus.APPLIED)
    assert volunteer.preferred_kinds == ["clinic", "patrol"]
    assert volunteer.display_name == "甲住户"


def test_registering_twice_is_refused(world):
    resident = world.users["resident_a"]
    services.volunteer_register_self(actor=resident, community=world.community_a)
    with pytest.raises(DomainError) as refused:
        services.volunteer_register_self(actor=resident, community=world.community_a)
    assert refused.value.code == "volunteer_exists"
    assert Volunteer.objects.count() == 1


@pytest.mark.parametrize("who", ["staff_b", "street_admin", "anonymous"])
def test_others_cannot_register_themselves_in_community_a(world, who):
    from django.contrib.auth.models import AnonymousUser

    actor = world.users[who] or AnonymousUser()
    with pytest.raises((NotFound, PermissionDenied)):
        services.volunteer_register_self(actor=actor, community=world.community_a)
    assert not Volunteer.objects.exists()


def test_unknown_kinds_are_refused(world):
    with pytest.raises(ValidationFailed):
        services.volunteer_register_self(actor=world.users["resident_a"],
                                         community=world.community_a, preferred_kinds=["x"])
    assert not Volunteer.objects.exists()


def test_a_contact_registers_as_staff_of_their_unit(world):
    v = volunteering_of_a(world)
    volunteer = services.volunteer_register_self(actor=v.contact, community=world.community_a,
                                                 skills="反诈宣讲")
    assert (volunteer.unit, volunteer.person, volunteer.status) == (v.unit, None,
                                                                   VolunteerStatus.APPLIED)
    assert volunteer.name == v.contact.display_name


def test_staff_register_a_resident_confirmed(world):
    staff = world.users["staff_a"]
    volunteer = services.volunteer_register_resident(actor=staff, person=world.person_a,
                                                     skills="书法", now=NOW)
    assert (volunteer.status, volunteer.confirmed_by, volunteer.confirmed_at) == (
        VolunteerStatus.ACTIVE, staff, NOW)


def test_staff_of_another_community_cannot_register_a_resident(world):
    with pytest.raises((NotFound, PermissionDenied)):
        services.volunteer_register_resident(actor=world.users["staff_b"], person=world.person_a)
    assert not Volunteer.objects.exists()


def test_a_contact_registers_their_units_staff_only(world):
    v = volunteering_of_a(world)
    volunteer = services.volunteer_register_unit_staff(actor=v.contact, unit=v.unit,
                                                       name=" 甲柜员 ", skills="理财")
    assert (volunteer.name, volunteer.unit, volunteer.status) == ("甲柜员", v.unit,
                                                                 VolunteerStatus.APPLIED)
    from gongzhi.organisations.models import PartnerUnit

    other = PartnerUnit.objects.create(community=world.community_a, name="甲医院", kind="health")
    before = Volunteer.objects.count()
    with pytest.raises((NotFound, PermissionDenied)):
        services.volunteer_register_unit_staff(actor=v.contact, unit=other, name="乙")
    with pytest.raises((NotFound, PermissionDenied)):
        services.volunteer_register_unit_staff(actor=world.users["staff_a"], unit=v.unit,
                                               name="乙")
    assert Volunteer.objects.count() == before


def test_confirm_suspend_reinstate(world):
    v = volunteering_of_a(world)
    staff = world.users["secretary_a"]
    services.volunteer_confirm(actor=staff, volunteer=v.applicant, now=NOW)
    v.applicant.refresh_from_db()
    assert (v.applicant.status, v.applicant.confirmed_by, v.applicant.confirmed_at) == (
        VolunteerStatus.ACTIVE, staff, NOW)
    with pytest.raises(DomainError) as refused:
        services.volunteer_confirm(actor=staff, volunteer=v.applicant)
    assert refused.value.code == "volunteer_status_refused"
    services.volunteer_suspend(actor=staff, volunteer=v.applicant)
    v.applicant.refresh_from_db()
    assert v.applicant.status == VolunteerStatus.SUSPENDED
    services.volunteer_reinstate(actor=staff, volunteer=v.applicant)
    v.applicant.refresh_from_db()
    assert v.applicant.status == VolunteerStatus.ACTIVE


def test_reinstating_one_never_confirmed_returns_to_applied(world):
    v = volunteering_of_a(world)
    staff = world.users["staff_a"]
    services.volunteer_suspend(actor=staff, volunteer=v.applicant)
    services.volunteer_reinstate(actor=staff, volunteer=v.applicant)
    v.applicant.refresh_from_db()
    assert v.applicant.status == VolunteerStatus.APPLIED


@pytest.mark.parametrize("who", ["staff_b", "grid_a1", "street_admin", "resident_a"])
def test_others_cannot_confirm(world, who):
    v = volunteering_of_a(world)
    with pytest.raises((NotFound, PermissionDenied)):
        services.volunteer_confirm(actor=world.users[who], volunteer=v.applicant)
    v.applicant.refresh_from_db()
    assert v.applicant.status == VolunteerStatus.APPLIED


def test_a_volunteer_edits_their_own_profile(world):
    v = volunteering_of_a(world)
    changed = services.volunteer_edit(actor=world.users["resident_a"], volunteer=v.resident,
                                      skills="急救、按摩", availability="周六上午",
                                      preferred_kinds=["escort"])
    v.resident.refresh_from_db()
    assert changed == ["skills", "availability", "preferred_kinds"]
    assert (v.resident.skills, v.resident.preferred_kinds) == ("急救、按摩", ["escort"])
    # and not another's
    with pytest.raises((NotFound, PermissionDenied)):
        services.volunteer_edit(actor=world.users["resident_a"], volunteer=v.applicant,
                                skills="x", availability="", preferred_kinds=[])
    v.applicant.refresh_from_db()
    assert v.applicant.skills == ""


def test_the_contact_edits_their_units_staff_name(world):
    v = volunteering_of_a(world)
    services.volunteer_edit(actor=v.contact, volunteer=v.unit_staff, name="甲银行经理",
                            skills="", availability="", preferred_kinds=[])
    v.unit_staff.refresh_from_db()
    assert v.unit_staff.name == "甲银行经理"


# ---- corrections ---------------------------------------------------------------------------

def test_a_volunteer_asks_and_staff_approve(world):
    v = volunteering_of_a(world)
    request = services.correction_request(actor=world.users["resident_a"], entry=v.entry,
                                          hours="4.5", reason="签退时漏记一个半小时")
    assert (request.status, request.hours) == (CorrectionStatus.PENDING, Decimal("4.5"))
    services.correction_approve(actor=world.users["staff_a"], correction=request, now=NOW)
    request.refresh_from_db()
    assert (request.status, request.decided_at, request.result.hours) == (
        CorrectionStatus.APPROVED, NOW, Decimal("1.5"))
    assert request.result.corrects == v.entry
    assert selectors.hours_total(v.resident) == Decimal("4.5")


def test_one_pending_request_per_entry(world):
    v = volunteering_of_a(world)
    resident = world.users["resident_a"]
    services.correction_request(actor=resident, entry=v.entry, hours=4, reason="漏记")
    with pytest.raises(DomainError) as refused:
        services.correction_request(actor=resident, entry=v.entry, hours=5, reason="漏记")
    assert refused.value.code == "correction_not_open"
    assert HoursCorrection.objects.count() == 1


def test_an_unchanged_or_unreasoned_request_is_refused(world):
    v = volunteering_of_a(world)
    resident = world.users["resident_a"]
    with pytest.raises(DomainError) as refused:
        services.correction_request(actor=resident, entry=v.entry, hours=3, reason="x")
    assert refused.value.code == "hours_unchanged"
    with pytest.raises(ValidationFailed):
        services.correction_request(actor=resident, entry=v.entry, hours=4, reason=" ")
    assert not HoursCorrection.objects.exists()


def test_nobody_asks_for_anothers_entry(world):
    v = volunteering_of_a(world)
    for who in ("staff_a", "staff_b"):
        with pytest.raises((NotFound, PermissionDenied)):
            services.correction_request(actor=world.users[who], entry=v.entry, hours=4,
                                        reason="x")
    assert not HoursCorrection.objects.exists()


def test_staff_reject_with_a_note(world):
    v = volunteering_of_a(world)
    request = services.correction_request(actor=world.users["resident_a"], entry=v.entry,
                                          hours=8, reason="全天")
    with pytest.raises(ValidationFailed):
        services.correction_reject(actor=world.users["staff_a"], correction=request, note="")
    services.correction_reject(actor=world.users["staff_a"], correction=request,
                               note="签到记录为三小时", now=NOW)
    request.refresh_from_db()
    assert (request.status, request.decision_note, request.result) == (
        CorrectionStatus.REJECTED, "签到记录为三小时", None)
    assert HoursEntry.objects.count() == 1
    with pytest.raises(DomainError) as refused:
        services.correction_approve(actor=world.users["staff_a"], correction=request)
    assert refused.value.code == "correction_decided"
    # a new request may follow the decided one
    services.correction_request(actor=world.users["resident_a"], entry=v.entry, hours=4,
                                reason="补充签到照片")
    assert HoursCorrection.objects.filter(status=CorrectionStatus.PENDING).count() == 1


@pytest.mark.parametrize("who", ["staff_b", "grid_a1", "street_admin", "resident_a"])
def test_others_cannot_decide(world, who):
    v = volunteering_of_a(world)
    request = services.correction_request(actor=world.users["resident_a"], entry=v.entry,
                                          hours=4, reason="漏记")
    with pytest.raises((NotFound, PermissionDenied)):
        services.correction_approve(actor=world.users[who], correction=request)
    request.refresh_from_db()
    assert request.status == CorrectionStatus.PENDING
    assert HoursEntry.objects.count() == 1


# ---- totals and certificates ---------------------------------------------------------------

def test_totals_by_period_and_stars(world):
    v = volunteering_of_a(world)
    record_service(v.resident, 5, post=v.post, day=datetime.date(2026, 1, 5))
    record_service(v.resident, 2, post=v.post, day=datetime.date(2025, 12, 31))
    totals = selectors.hours_totals(v.resident, today=datetime.date(2026, 3, 20))
    assert totals == {"month": Decimal(3), "quarter": Decimal(8), "year": Decimal(8),
                      "all": Decimal(10)}
    stars = selectors.star_progress(Decimal(10))
    assert (stars.level, stars.next_threshold, stars.to_next) == (0, 100, Decimal(90))
    assert selectors.star_progress(Decimal(1500)).to_next is None


@pytest.mark.parametrize(("period", "start", "end"), [
    ("month", "2026-02-01", "2026-02-28"), ("quarter", "2026-01-01", "2026-03-31"),
    ("year", "2026-01-01", "2026-12-31")])
def test_period_bounds(period, start, end):
    assert selectors.period_bounds(period, datetime.date(2026, 2, 14)) == (
        datetime.date.fromisoformat(start), datetime.date.fromisoformat(end))
    assert selectors.period_bounds("quarter", datetime.date(2026, 12, 31)) == (
        datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))


def test_a_certificate_states_the_period_and_is_audited(world):
    v = volunteering_of_a(world)
    record_service(v.resident, 2, post=v.post, day=datetime.date(2026, 1, 5))
    certificate = services.certificate_issue(
        actor=world.users["resident_a"], volunteer=v.resident, start=datetime.date(2026, 3, 1),
        now=NOW)
    assert (certificate.total_hours, certificate.service_count, certificate.period_end,
            certificate.issued_on) == (Decimal(3), 1, datetime.date(2026, 3, 10),
                                       datetime.date(2026, 3, 10))
    assert certificate.serial.startswith(f"ZY{world.community_a.pk:04d}20260310")
    assert AuditEntry.objects.filter(target_type="activities.hourscertificate",
                                     target_id=str(certificate.pk)).count() == 1


def test_only_the_volunteer_and_staff_issue_certificates(world):
    v = volunteering_of_a(world)
    for who in ("staff_b", "street_admin", "grid_a1"):
        with pytest.raises((NotFound, PermissionDenied)):
            services.certificate_issue(actor=world.users[who], volunteer=v.resident, now=NOW)
    with pytest.raises((NotFound, PermissionDenied)):
        services.certificate_issue(actor=v.contact, volunteer=v.resident, now=NOW)
    assert not HoursCertificate.objects.exists()
    services.certificate_issue(actor=world.users["staff_a"], volunteer=v.resident,
                               now=timezone.now())
    assert HoursCertificate.objects.count() == 1

"""The volunteering pages, as their users click through them."""

from decimal import Decimal

from django.urls import reverse

from gongzhi.activities.tests.volunteering.factories import volunteering_of_a
from gongzhi.activities.volunteering import selectors
from gongzhi.activities.volunteering.choices import CorrectionStatus, VolunteerStatus
from gongzhi.activities.volunteering.models import (
    HoursCertificate,
    HoursCorrection,
    Volunteer,
)


def url(name, *args):
    return reverse(f"activities:{name}", args=args)


def test_a_resident_joins_from_my_hours(client, world):
    # given resident_a without a profile
    client.force_login(world.users["resident_a"])
    page = client.get(url("my_hours")).content.decode()
    assert url("volunteer_join") in page
    # when they register, consenting
    response = client.post(url("volunteer_join"), {
        "community": world.community_a.pk, "skills": "理发", "availability": "周末",
        "preferred_kinds": ["clinic", "escort"], "consent": "on"})
    # then they have a profile awaiting confirmation and see their (empty) hours
    assert response.status_code == 302 and response["Location"] == url("my_hours")
    volunteer = Volunteer.objects.get()
    assert (volunteer.person, volunteer.status, volunteer.preferred_kinds) == (
        world.person_resident_a, VolunteerStatus.APPLIED, ["clinic", "escort"])
    assert "等待社区工作人员确认" in client.get(url("my_hours")).content.decode()


def test_joining_needs_consent(client, world):
    client.force_login(world.users["resident_a"])
    response = client.post(url("volunteer_join"), {"community": world.community_a.pk})
    assert response.status_code == 200
    assert not Volunteer.objects.exists()


def test_staff_confirm_from_the_list(client, world):
    v = volunteering_of_a(world)
    client.force_login(world.users["staff_a"])
    page = client.get(url("volunteer_list") + "?status=applied").content.decode()
    assert "甲居民" in page and "甲住户" not in page
    assert f'data-testid="confirm-{v.applicant.pk}"' in page
    response = client.post(url("volunteer_action", v.applicant.pk, "confirm"), {"next": "list"})
    assert response["Location"] == url("volunteer_list")
    v.applicant.refresh_from_db()
    assert v.applicant.status == VolunteerStatus.ACTIVE


def test_the_list_shows_hours_and_stars(client, world):
    v = volunteering_of_a(world)
    client.force_login(world.users["secretary_a"])
    page = client.get(url("volunteer_list")).content.decode()
    assert "累计 3.0 小时 · 今年 3.0 小时" in page
    assert v.unit_staff.name in page


def test_a_contact_sees_only_their_units_staff(client, world):
    v = volunteering_of_a(world)
    client.force_login(v.contact)
    page = client.get(url("volunteer_list")).content.decode()
    assert "甲银行职员" in page
    assert "甲住户" not in page and "甲居民" not in page
    assert client.get(url("volunteer_detail", v.resident.pk)).status_code == 404
    assert client.get(url("volunteer_detail", v.unit_staff.pk)).status_code == 200
    response = client.post(url("unit_staff_register"), {"name": "甲出纳", "skills": "点钞"})
    assert response.status_code == 302
    assert Volunteer.objects.get(name="甲出纳").unit == v.unit


def test_staff_register_a_resident_by_search(client, world):
    client.force_login(world.users["staff_a"])
    page = client.get(url("volunteer_register") + "?q=甲居").content.decode()
    assert f"?person={world.person_a.pk}" in page
    response = client.post(url("volunteer_register"), {"person": world.person_a.pk,
                                                       "skills": "书法"})
    volunteer = Volunteer.objects.get(person=world.person_a)
    assert response["Location"] == url("volunteer_detail", volunteer.pk)
    assert volunteer.status == VolunteerStatus.ACTIVE


def test_staff_of_b_cannot_register_a_resident_of_a(client, world):
    client.force_login(world.users["staff_b"])
    response = client.post(url("volunteer_register"), {"person": world.person_a.pk})
    assert response.status_code == 404
    assert not Volunteer.objects.exists()


def test_my_hours_shows_totals_rows_and_asks_for_a_correction(client, world):
    v = volunteering_of_a(world)
    client.force_login(world.users["resident_a"])
    page = client.get(url("my_hours")).content.decode()
    assert 'data-testid="total-all">3.0<' in page
    assert "再服务 97.0 小时达到下一星级" in page
    assert f'data-testid="request-correction-{v.entry.pk}"' in page
    response = client.post(url("correction_request", v.entry.pk), {"hours": "4", "reason": "漏记"})
    assert response["Location"] == url("my_hours")
    request = HoursCorrection.objects.get()
    assert (request.hours, request.status) == (Decimal(4), CorrectionStatus.PENDING)
    page = client.get(url("my_hours")).content.decode()
    assert f'data-testid="request-correction-{v.entry.pk}"' not in page
    assert "申请更正为 4.0 小时" in page


def test_someone_else_cannot_ask_to_correct_an_entry(client, world):
    v = volunteering_of_a(world)
    client.force_login(world.users["staff_b"])
    response = client.post(url("correction_request", v.entry.pk), {"hours": "4", "reason": "x"})
    assert response.status_code == 404
    assert not HoursCorrection.objects.exists()


def test_staff_approve_a_correction(client, world):
    v = volunteering_of_a(world)
    client.force_login(world.users["resident_a"])
    client.post(url("correction_request", v.entry.pk), {"hours": "5", "reason": "漏记"})
    request = HoursCorrection.objects.get()
    client.force_login(world.users["staff_a"])
    page = client.get(url("correction_list")).content.decode()
    assert f'data-testid="approve-{request.pk}"' in page
    client.post(url("correction_action", request.pk, "approve"), {"note": "核实"})
    assert selectors.hours_total(v.resident) == Decimal(5)
    page = client.get(url("correction_list")).content.decode()
    assert "没有更正申请" in page


def test_the_volunteer_downloads_their_certificate(client, world):
    v = volunteering_of_a(world)
    client.force_login(world.users["resident_a"])
    response = client.post(url("certificate_issue", v.resident.pk), {})
    certificate = HoursCertificate.objects.get()
    assert response["Location"] == url("certificate_pdf", certificate.pk)
    pdf = client.get(response["Location"])
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    client.force_login(world.users["staff_b"])
    assert client.get(url("certificate_pdf", certificate.pk)).status_code == 404


def test_the_street_sees_hours_per_community_without_names(client, world):
    volunteering_of_a(world)
    client.force_login(world.users["street_admin"])
    page = client.get(url("hours_statistics")).content.decode()
    assert "甲社区" in page and "乙社区" in page and "3.0" in page
    assert "甲住户" not in page
    assert client.get(url("volunteer_list")).status_code == 403


def test_staff_verify_a_certificate_by_its_serial(client, world):
    v = volunteering_of_a(world)
    client.force_login(world.users["resident_a"])
    client.post(url("certificate_issue", v.resident.pk), {})
    certificate = HoursCertificate.objects.get()
    client.force_login(world.users["staff_a"])
    page = client.get(url("certificate_verify") + f"?serial={certificate.serial.lower()}")
    assert 'data-testid="verified"' in page.content.decode() and "甲住户" in page.content.decode()
    client.force_login(world.users["staff_b"])
    page = client.get(url("certificate_verify") + f"?serial={certificate.serial}")
    assert 'data-testid="not-verified"' in page.content.decode()
    assert "甲住户" not in page.content.decode()

"""Volunteering in the JSON API: the same rules and services as the pages."""

from decimal import Decimal

import pytest

from gongzhi.accounts.services import api_token_create
from gongzhi.activities.tests.volunteering.factories import volunteering_of_a
from gongzhi.activities.volunteering.choices import CorrectionStatus, VolunteerStatus
from gongzhi.activities.volunteering.models import HoursCertificate, HoursCorrection, Volunteer

API = "/api/v1/activities"


@pytest.fixture
def call(client):
    def send(user, method, path, data=None):
        headers = {"Authorization": f"Bearer {api_token_create(user=user).token}"}
        if method in ("post", "patch"):
            return getattr(client, method)(f"{API}{path}", data or {},
                                           content_type="application/json", headers=headers)
        return getattr(client, method)(f"{API}{path}", headers=headers)
    return send


def test_a_resident_joins_with_consent(call, world):
    resident = world.users["resident_a"]
    refused = call(resident, "post", "/volunteers/join",
                   {"community_id": world.community_a.pk, "consent": False})
    assert refused.status_code == 422 and not Volunteer.objects.exists()
    response = call(resident, "post", "/volunteers/join",
                    {"community_id": world.community_a.pk, "consent": True, "skills": "理发",
                     "preferred_kinds": ["clinic"]})
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["status"], body["preferred_kinds"]) == ("甲住户", "applied",
                                                                       ["clinic"])
    assert body["actions"] == ["activities.edit_volunteer", "activities.certify_volunteer"]


def test_staff_list_confirm_and_see_actions(call, world):
    v = volunteering_of_a(world)
    staff = world.users["staff_a"]
    listed = call(staff, "get", "/volunteers?status=applied").json()
    assert [row["name"] for row in listed["items"]] == ["甲居民"]
    everyone = {row["name"]: row for row in call(staff, "get", "/volunteers").json()["items"]}
    assert (everyone["甲住户"]["total_hours"], everyone["甲住户"]["stars"]) == ("3.0", 0)
    detail = call(staff, "get", f"/volunteers/{v.applicant.pk}").json()
    assert detail["actions"] == ["activities.confirm_volunteer", "activities.suspend_volunteer",
                                 "activities.edit_volunteer", "activities.certify_volunteer"]
    confirmed = call(staff, "post", f"/volunteers/{v.applicant.pk}/confirm").json()
    assert confirmed["status"] == VolunteerStatus.ACTIVE
    assert "activities.confirm_volunteer" not in confirmed["actions"]


def test_outsiders_cannot_confirm(call, world):
    v = volunteering_of_a(world)
    response = call(world.users["staff_b"], "post", f"/volunteers/{v.applicant.pk}/confirm")
    assert response.status_code == 404
    v.applicant.refresh_from_db()
    assert v.applicant.status == VolunteerStatus.APPLIED


def test_my_hours_and_a_correction_through_the_api(call, world):
    v = volunteering_of_a(world)
    resident = world.users["resident_a"]
    mine = call(resident, "get", "/my-hours?period=year").json()
    assert (mine["totals"]["all"], mine["totals"]["hours_to_next_star"]) == ("3.0", "97.0")
    assert mine["rows"][0]["actions"] == ["activities.request_correction_hours"]
    asked = call(resident, "post", f"/hours/entries/{v.entry.pk}/corrections",
                 {"hours": "4.5", "reason": "漏记"})
    assert asked.status_code == 201
    correction = HoursCorrection.objects.get()
    staff = world.users["staff_a"]
    pending = call(staff, "get", "/hours/corrections").json()["items"]
    assert [row["id"] for row in pending] == [correction.pk]
    refused = call(staff, "post", f"/hours/corrections/{correction.pk}/reject", {"note": ""})
    assert refused.status_code == 422
    approved = call(staff, "post", f"/hours/corrections/{correction.pk}/approve", {}).json()
    assert (approved["status"], approved["actions"]) == (CorrectionStatus.APPROVED, [])
    assert call(resident, "get", "/my-hours").json()["totals"]["all"] == "4.5"
    ledger = call(staff, "get", f"/volunteers/{v.resident.pk}/ledger").json()
    assert (ledger[0]["hours"], ledger[0]["corrections"]) == ("4.5", ["1.5"])


def test_the_certificate_pdf(call, world):
    v = volunteering_of_a(world)
    response = call(world.users["resident_a"], "post",
                    f"/volunteers/{v.resident.pk}/certificates", {})
    assert response["Content-Type"] == "application/pdf"
    certificate = HoursCertificate.objects.get()
    assert response["X-Certificate-Serial"] == certificate.serial
    assert certificate.total_hours == Decimal(3)
    again = call(world.users["staff_a"], "get", f"/certificates/{certificate.pk}")
    assert again.content.startswith(b"%PDF")
    assert call(world.users["staff_b"], "get",
                f"/certificates/{certificate.pk}").status_code == 404


def test_statistics_have_no_names(call, world):
    volunteering_of_a(world)
    rows = call(world.users["street_admin"], "get", "/hours/statistics").json()
    assert {(r["community_name"], r["hours"], r["volunteers"]) for r in rows} == {
        ("甲社区", "3.0", 1), ("乙社区", "0.0", 0)}
    assert call(world.users["resident_a"], "get", "/hours/statistics").status_code == 403


def test_staff_verify_a_serial(call, world):
    v = volunteering_of_a(world)
    call(world.users["resident_a"], "post", f"/volunteers/{v.resident.pk}/certificates", {})
    serial = HoursCertificate.objects.get().serial
    found = call(world.users["staff_a"], "get", f"/certificates?serial={serial}").json()
    assert [(c["volunteer_name"], c["total_hours"], c["issuing_organisation"])
            for c in found] == [("甲住户", "3.0", "甲社区居民委员会")]
    assert call(world.users["staff_b"], "get", f"/certificates?serial={serial}").json() == []

"""The care register in the JSON API: the same access, rules and services as the pages; each
full read audited."""

import datetime

import pytest

from gongzhi.accounts.services import api_token_create
from gongzhi.audit.models import AuditEntry
from gongzhi.care.register import services
from gongzhi.care.register.models import CareHousehold, Pairing
from gongzhi.care.tests.factories import care_of_a
from gongzhi.care.tests.register.factories import visit_of

API = "/api/v1/care"
pytestmark = pytest.mark.django_db


@pytest.fixture
def call(client):
    def send(user, method, path, data=None):
        headers = {"Authorization": f"Bearer {api_token_create(user=user).token}"}
        if method in ("post", "patch"):
            return getattr(client, method)(f"{API}{path}", data or {},
                                           content_type="application/json", headers=headers)
        return getattr(client, method)(f"{API}{path}", headers=headers)
    return send


def reads_of(household) -> list[str]:
    return list(AuditEntry.objects.filter(action="read_sensitive", target_id=str(household.pk))
                .order_by("pk").values_list("outcome", flat=True))


def test_staff_list_their_communitys_households_with_actions(call, world):
    care = care_of_a(world)
    visit_of(world.users["staff_a"], care.household)
    body = call(world.users["staff_a"], "get", "/households").json()
    rows = {row["name"]: row for row in body["items"]}
    assert set(rows) == {"甲居民", "甲老人"}
    assert rows["甲居民"]["helpers"] == ["甲住户", "甲银行"]
    assert rows["甲居民"]["last_visited_on"] == "2026-03-05"
    assert rows["甲老人"]["helpers"] == [] and rows["甲老人"]["last_visited_on"] is None
    assert rows["甲居民"]["actions"] == ["care.edit_household", "care.pair_household",
                                         "care.close_household"]
    assert "kinds" not in rows["甲居民"] and "needs" not in rows["甲居民"]
    assert reads_of(care.household) == []


def test_a_helper_lists_only_their_own_households_without_actions(call, world):
    care = care_of_a(world)
    for user in (world.users["resident_a"], care.volunteering.contact):
        rows = call(user, "get", "/households").json()["items"]
        assert [(row["name"], row["actions"]) for row in rows] == [("甲居民", [])]


@pytest.mark.parametrize("who", ["grid_a1", "street_admin", "staff_b"])
def test_others_list_none_of_as_households(call, world, who):
    care_of_a(world)
    names = [row["name"] for row in call(world.users[who], "get", "/households").json()["items"]]
    assert "甲居民" not in names and "甲老人" not in names


def test_the_list_filters_paired(call, world):
    care_of_a(world)
    rows = call(world.users["staff_a"], "get", "/households?paired=false").json()["items"]
    assert [row["name"] for row in rows] == ["甲老人"]


def test_get_one_is_an_audited_full_read(call, world):
    care = care_of_a(world)
    response = call(world.users["resident_a"], "get", f"/households/{care.household.pk}")
    body = response.json()
    assert response.status_code == 200
    assert (body["kinds"], body["needs"], body["help"]) == (["low_income"], "每月送米面油",
                                                            "陪同就医")
    assert body["kind_labels"] == ["低保低收入"]
    # the newest pairing first
    assert [p["helper_name"] for p in body["pairings"]] == ["甲银行", "甲住户"]
    assert reads_of(care.household) == ["success"]


@pytest.mark.parametrize("who", ["staff_b", "street_admin", "district_admin", "grid_a1"])
def test_others_get_404_on_a_household_and_the_refused_read_is_audited(call, world, who):
    care = care_of_a(world)
    response = call(world.users[who], "get", f"/households/{care.household.pk}")
    assert response.status_code == 404
    assert set(response.json()) == {"code", "message", "detail"}
    # nothing was read; the attempt is in the trail for an auditor of the household's community
    assert reads_of(care.household) == ["failure"]


def test_a_helper_gets_404_on_a_household_they_do_not_help(call, world):
    care = care_of_a(world)
    response = call(world.users["resident_a"], "get", f"/households/{care.unpaired.pk}")
    assert response.status_code == 404


def test_staff_register_a_household(call, world):
    care_of_a(world)
    response = call(world.users["staff_a"], "post", "/households", {
        "person_id": world.person_resident_a.pk, "kinds": ["empty_nest"], "needs": "代购",
        "visit_every_days": 14})
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["kinds"], body["visit_every_days"]) == ("甲住户", ["empty_nest"],
                                                                       14)
    assert CareHousehold.objects.filter(person=world.person_resident_a).count() == 1


def test_registering_an_unknown_kind_is_a_422_with_the_field(call, world):
    care_of_a(world)
    response = call(world.users["staff_a"], "post", "/households", {
        "person_id": world.person_resident_a.pk, "kinds": ["rich"]})
    assert response.status_code == 422
    assert "kinds" in response.json()["detail"]
    assert not CareHousehold.objects.filter(person=world.person_resident_a).exists()


def test_patch_keeps_the_fields_not_given(call, world):
    care = care_of_a(world)
    response = call(world.users["staff_a"], "patch", f"/households/{care.household.pk}",
                    {"visit_every_days": 7, "needs": "送药"})
    body = response.json()
    assert response.status_code == 200
    assert (body["visit_every_days"], body["needs"], body["help"], body["kinds"]) == (
        7, "送药", "陪同就医", ["low_income"])
    care.household.refresh_from_db()
    stored = services.household_read(actor=world.users["staff_a"], household=care.household)
    assert stored["needs"] == "送药" and stored["details"] == "患高血压，独自居住"


def test_a_helper_may_not_patch(call, world):
    care = care_of_a(world)
    response = call(world.users["resident_a"], "patch", f"/households/{care.household.pk}",
                    {"visit_every_days": 7})
    assert response.status_code == 403
    care.household.refresh_from_db()
    assert care.household.visit_every_days == 30


def test_close_and_reopen(call, world):
    care = care_of_a(world)
    staff = world.users["staff_a"]
    refused = call(staff, "post", f"/households/{care.household.pk}/close", {"reason": ""})
    assert refused.status_code == 422
    body = call(staff, "post", f"/households/{care.household.pk}/close",
                {"reason": "情况好转"}).json()
    assert (body["status"], body["closed_reason"], body["actions"]) == (
        "closed", "情况好转", ["care.reopen_household"])
    assert [p["status"] for p in body["pairings"]] == ["ended", "ended"]
    again = call(staff, "post", f"/households/{care.household.pk}/close", {"reason": "再关"})
    assert again.status_code == 409 and again.json()["code"] == "care_household_closed"
    body = call(staff, "post", f"/households/{care.household.pk}/reopen").json()
    assert body["status"] == "active"


def test_pair_a_member_volunteer_or_unit(call, world):
    care = care_of_a(world)
    response = call(world.users["staff_a"], "post", f"/households/{care.unpaired.pk}/pairings",
                    {"helper_kind": "volunteer", "helper_id": care.volunteering.unit_staff.pk,
                     "starts_on": "2026-04-01", "goals": "每周电话问候"})
    assert response.status_code == 201
    body = response.json()
    assert (body["helper_name"], body["helper_kind"], body["actions"]) == (
        "甲银行职员", "volunteer", ["care.end_pairing"])


def test_a_helper_of_another_community_is_refused(call, world):
    care = care_of_a(world)
    response = call(world.users["staff_a"], "post", f"/households/{care.unpaired.pk}/pairings",
                    {"helper_kind": "unit", "helper_id": 999999, "starts_on": "2026-04-01"})
    assert response.status_code == 422
    assert not Pairing.objects.filter(household=care.unpaired).exists()


def test_end_a_pairing(call, world):
    care = care_of_a(world)
    response = call(world.users["staff_a"], "post", f"/pairings/{care.pairing_unit.pk}/end",
                    {"ends_on": "2026-06-30"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["ends_on"]) == ("ended", "2026-06-30")


def test_a_helper_may_not_end_a_pairing(call, world):
    care = care_of_a(world)
    response = call(world.users["resident_a"], "post",
                    f"/pairings/{care.pairing_volunteer.pk}/end")
    assert response.status_code == 403
    care.pairing_volunteer.refresh_from_db()
    assert care.pairing_volunteer.status == "active"


def test_statistics_count_per_community_without_names(call, world):
    care = care_of_a(world)
    today = datetime.date.today()
    visit_of(world.users["staff_a"], care.household, day=today)
    services.household_close(actor=world.users["staff_a"], household=care.unpaired,
                             reason="迁出", closed_on=today)
    rows = call(world.users["street_admin"], "get", "/statistics").json()
    by_name = {row["community_name"]: row for row in rows}
    assert {k: v for k, v in by_name["甲社区"].items() if k not in (
        "community_id", "community_name")} == {
        "active": 1, "paired": 1, "unpaired": 0, "closed_this_year": 1,
        "visits_this_month": 1}
    assert by_name["乙社区"]["active"] == 1 and by_name["乙社区"]["unpaired"] == 1


def test_statistics_are_refused_to_residents(call, world):
    assert call(world.users["resident_a"], "get", "/statistics").status_code == 403


def test_an_out_of_range_grid_id_is_a_clear_problem(call, world):
    care_of_a(world)
    response = call(world.users["staff_a"], "get", "/households?grid_id=1180591620717411303424")
    assert response.status_code == 422

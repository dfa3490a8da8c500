"""The supplies ledger in the JSON API: the same rules and services as the pages, each row
with the actions open to the reader."""

import pytest

from gongzhi.accounts.services import api_token_create
from gongzhi.care.supplies.models import Movement, Stock
from gongzhi.care.tests.supplies.factories import issue, supplies_of_a
from gongzhi.organisations.models import PartnerUnit

API = "/api/v1/care/supplies"


@pytest.fixture
def call(client):
    def send(user, method, path, data=None):
        headers = {"Authorization": f"Bearer {api_token_create(user=user).token}"}
        if method in ("post", "patch"):
            return getattr(client, method)(f"{API}{path}", data or {},
                                           content_type="application/json", headers=headers)
        return getattr(client, method)(f"{API}{path}", headers=headers)
    return send


def test_stores_list_the_actions_of_each_reader(call, world):
    s = supplies_of_a(world)
    [store] = call(world.users["staff_a"], "get", "/stores").json()
    assert store["actions"] == ["care.edit_store", "care.receive_donation",
                                "care.issue_supplies", "care.write_off_supplies",
                                "care.deactivate_store"]
    stores = call(world.users["street_admin"], "get", "/stores").json()
    # the street's admin reads both communities' stores and may do nothing to them
    assert {(store["id"], tuple(store["actions"])) for store in stores} == {
        (s.care.store.pk, ()), (s.store_b.pk, ())}


def test_a_donation_through_the_api_gets_its_serial(call, world):
    s = supplies_of_a(world)
    response = call(world.users["staff_a"], "post", "/donations", {
        "store_id": s.care.store.pk, "donor_unit_id": s.care.volunteering.unit.pk,
        "received_on": "2026-03-02", "lines": [
            {"item_id": s.care.masks.pk, "quantity": 3},
            {"new_item_name": "食用油", "new_item_unit": "桶", "quantity": 2}]})
    assert response.status_code == 201
    body = response.json()
    assert body["serial"] == f"JZ{world.community_a.pk}-2026-0001"
    assert [(line["item_name"], line["quantity"]) for line in body["lines"]] == [
        ("口罩", 3), ("食用油", 2)]


def test_an_issue_short_of_stock_is_a_conflict_and_changes_nothing(call, world):
    s = supplies_of_a(world)
    count = Movement.objects.count()
    response = call(world.users["staff_a"], "post", "/issues", {
        "store_id": s.care.store.pk, "recipient": "卡点", "issued_on": "2026-03-02",
        "shift_id": s.shift.pk, "lines": [{"item_id": s.care.masks.pk, "quantity": 11}]})
    assert response.status_code == 409
    assert response.json()["code"] == "out_of_stock"
    assert Movement.objects.count() == count


def test_an_issue_then_its_return_and_the_ledger_row(call, world):
    s = supplies_of_a(world)
    staff = world.users["staff_a"]
    response = call(staff, "post", "/issues", {
        "store_id": s.care.store.pk, "issued_on": "2026-03-02",
        "household_id": s.care.household.pk,
        "lines": [{"item_id": s.care.rice.pk, "quantity": 4}]})
    [row] = response.json()
    assert (row["quantity"], row["household_name"], row["returnable"]) == (-4, "甲*民", 4)
    assert row["actions"] == ["care.return_issue", "care.correct_movement"]
    back = call(staff, "post", f"/movements/{row['id']}/return",
                {"quantity": 4, "returned_on": "2026-03-02"})
    assert back.status_code == 201
    again = call(staff, "get", f"/movements/{row['id']}").json()
    assert (again["returnable"], again["actions"]) == (0, ["care.correct_movement"])
    assert Stock.objects.get(store=s.care.store, item=s.care.rice).quantity == 20


def test_the_ledger_filters_by_kind(call, world):
    s = supplies_of_a(world)
    issue(world, [(s.care.rice, 1)])
    rows = call(world.users["street_admin"], "get", "/movements?kind=issue").json()["items"]
    assert [(r["kind"], r["quantity"], r["actions"]) for r in rows] == [("issue", -1, [])]


def test_the_report_closes_on_the_stock(call, world):
    s = supplies_of_a(world)
    issue(world, [(s.care.masks, 4)])
    rows = call(world.users["staff_a"], "get",
                "/report?start=2026-03-01&end=2026-12-31").json()
    closing = {r["item_name"]: r["closing"] for r in rows}
    assert closing == {"口罩": 6, "大米": 20}


def test_a_contact_reads_their_own_units_statement_only(call, world):
    s = supplies_of_a(world)
    contact = s.care.volunteering.contact
    other = PartnerUnit.objects.create(community=world.community_a, name="黄花小学",
                                       kind="school")
    issue(world, [(s.care.rice, 3)], household=s.care.household, recipient="")
    body = call(contact, "get", f"/donors/{s.care.volunteering.unit.pk}/statement").json()
    assert [(i["item_name"], i["given"], i["issued_since"]) for i in body["items"]] == [
        ("口罩", 10, 0), ("大米", 20, 3)]
    assert "甲*民" not in str(body)
    assert call(contact, "get", f"/donors/{other.pk}/statement").status_code == 404
    assert call(contact, "get", "/movements").status_code == 403

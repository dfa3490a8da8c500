"""Festival campaigns in the JSON API: the same rules and services as the pages."""

import pytest

from gongzhi.accounts.services import api_token_create
from gongzhi.care.campaigns.models import Campaign
from gongzhi.care.supplies.models import Stock
from gongzhi.care.tests.campaigns.factories import campaign_of_a, target_of
from gongzhi.care.tests.factories import care_of_a
from gongzhi.care.visits.models import Visit

API = "/api/v1/care"


@pytest.fixture
def call(client):
    def send(user, method, path, data=None):
        headers = {"Authorization": f"Bearer {api_token_create(user=user).token}"}
        if method == "post":
            return client.post(f"{API}{path}", data or {}, content_type="application/json",
                               headers=headers)
        return client.get(f"{API}{path}", headers=headers)
    return send


def test_staff_create_open_and_close_a_campaign(call, world):
    care = care_of_a(world)
    staff = world.users["staff_a"]
    created = call(staff, "post", "/campaigns", {
        "community_id": world.community_a.pk, "name": "七一走访慰问", "kind": "july_first",
        "starts_on": "2026-06-25", "ends_on": "2026-07-05", "store_id": care.store.pk,
        "goods": [{"item_id": care.rice.pk, "quantity": 15}]})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["progress"]["total"] == 2
    assert body["actions"] == ["care.open_campaign", "care.view_campaign_board",
                               "care.view_campaign_report"]
    opened = call(staff, "post", f"/campaigns/{body['id']}/open").json()
    assert opened["status"] == "open"
    assert [(line["item_id"], line["stock"], line["needed"]) for line in opened["short"]] == [
        (care.rice.pk, 20, 30)]
    closed = call(staff, "post", f"/campaigns/{body['id']}/close")
    assert closed.json()["status"] == "closed"
    again = call(staff, "post", f"/campaigns/{body['id']}/close")
    assert again.status_code == 409


def test_a_resident_cannot_create_a_campaign(call, world):
    care_of_a(world)
    refused = call(world.users["resident_a"], "post", "/campaigns", {
        "community_id": world.community_a.pk, "name": "七一", "kind": "july_first",
        "starts_on": "2026-06-25", "ends_on": "2026-07-05"})
    assert refused.status_code in (403, 404)
    assert not Campaign.objects.exists()


def test_the_helper_posts_the_visit_and_stock_leaves(call, world):
    care, campaign = campaign_of_a(world)
    target = target_of(campaign, care.household)
    helper = world.users["resident_a"]
    mine = call(helper, "get", "/campaign-visits/mine").json()
    assert [row["id"] for row in mine] == [target.pk]
    assert mine[0]["actions"] == ["care.visit_campaign_target"]
    response = call(helper, "post", f"/campaign-targets/{target.pk}/visit",
                    {"visited_on": "2026-01-22", "found": "身体尚好"})
    assert response.status_code == 201
    assert response.json()["visited"] is True and response.json()["actions"] == []
    assert Stock.objects.get(store=care.store, item=care.rice).quantity == 18
    twice = call(helper, "post", f"/campaign-targets/{target.pk}/visit",
                 {"visited_on": "2026-01-22"})
    assert twice.status_code == 409
    assert Visit.objects.count() == 1


def test_out_of_stock_in_the_api_is_a_conflict_and_saves_nothing(call, world):
    care, campaign = campaign_of_a(world)
    target = target_of(campaign, care.household)
    response = call(world.users["staff_a"], "post", f"/campaign-targets/{target.pk}/visit",
                    {"visited_on": "2026-01-22",
                     "goods": [{"item_id": care.rice.pk, "quantity": 21}]})
    assert response.status_code == 409
    assert not Visit.objects.exists()


def test_staff_set_a_targets_pairing(call, world):
    care, campaign = campaign_of_a(world)
    target = target_of(campaign, care.household)
    response = call(world.users["staff_a"], "post", f"/campaign-targets/{target.pk}/pairing",
                    {"pairing_id": care.pairing_unit.pk})
    assert response.status_code == 200
    assert response.json()["pairing_id"] == care.pairing_unit.pk


def test_the_street_admin_reads_the_report_but_not_the_targets(call, world):
    care, campaign = campaign_of_a(world)
    admin = world.users["street_admin"]
    report = call(admin, "get", f"/campaigns/{campaign.pk}/report").json()
    assert (report["total"], report["visited"], report["pending"]) == (2, 0, 2)
    assert "甲居民" not in str(report)
    assert call(admin, "get", f"/campaigns/{campaign.pk}/targets").status_code == 403
    listed = call(admin, "get", "/campaigns").json()
    assert [row["id"] for row in listed["items"]] == [campaign.pk]
    assert call(admin, "get", f"/campaigns/{campaign.pk}").json()["actions"] == [
        "care.view_campaign_report"]
    assert care.household  # the household exists, but the admin reads counts only

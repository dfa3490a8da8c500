"""Findings of the supplies part's security read, each pinned by a test: a household is named
in the ledger only masked, a line without an item is a clear 422 (not a 500), a name taken by
a concurrent request is a message on the name (not a 500), a stopped store takes no return
or correction, and whoever recorded a row is named by display name, never by login name."""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from gongzhi.accounts.services import api_token_create
from gongzhi.care.supplies import services
from gongzhi.care.supplies.models import Item, Movement, Stock, Store
from gongzhi.care.tests.factories import DAY
from gongzhi.care.tests.supplies.factories import TODAY, issue, supplies_of_a
from gongzhi.core.errors import DomainError, ValidationFailed

API = "/api/v1/care/supplies"


@pytest.fixture
def call(client):
    def send(user, method, path, data=None):
        headers = {"Authorization": f"Bearer {api_token_create(user=user).token}"}
        if method == "post":
            return client.post(f"{API}{path}", data or {}, content_type="application/json",
                               headers=headers)
        return client.get(f"{API}{path}", headers=headers)
    return send


def snapshot():
    return (Movement.objects.count(), sorted(Stock.objects.values_list("pk", "quantity")),
            Item.objects.count())


# ---- 1. a household is named in the ledger only masked ---------------------------------------

def test_an_issue_to_a_household_stores_its_masked_name_whatever_was_typed(world):
    s = supplies_of_a(world)
    # when staff type the household's full name as the recipient
    [row] = issue(world, [(s.care.rice, 1)], household=s.care.household, recipient="甲居民")
    # then the ledger (read by admins and grid workers) keeps only the masked name
    row.refresh_from_db()
    assert row.recipient == "甲*民"


def test_the_ledger_shows_admins_no_full_name_of_a_household(call, world):
    s = supplies_of_a(world)
    # given an issue to a household with a full name typed, and its return
    [row] = issue(world, [(s.care.rice, 2)], household=s.care.household,
                  recipient="甲居民本人")
    services.issue_return(actor=world.users["staff_a"], issue=row, quantity=1,
                          returned_on=DAY, today=TODAY)
    # when the street's admin reads the ledger
    rows = call(world.users["street_admin"], "get", "/movements").json()["items"]
    # then neither the issue nor its return names the household in full
    mine = [r for r in rows if r["household_id"] == s.care.household.pk]
    assert len(mine) == 2
    assert {r["recipient"] for r in mine} == {"甲*民"}


# ---- 2. a line without an item ---------------------------------------------------------------

@pytest.mark.parametrize("path, body", [
    ("/issues", {"issued_on": "2026-03-02", "recipient": "卡点"}),
    ("/write-offs", {"written_off_on": "2026-03-02", "reason": "expired"}),
])
def test_an_issue_or_write_off_line_without_an_item_is_a_clear_422(call, world, path, body):
    s = supplies_of_a(world)
    before = snapshot()
    # when a line gives a quantity but no item_id
    response = call(world.users["staff_a"], "post", path, {
        **body, "store_id": s.care.store.pk, "lines": [{"quantity": 1}]})
    # then it is refused with a message on the lines, and nothing changed
    assert response.status_code == 422
    assert response.json()["detail"]["lines"] == ["每一行都须选择已有的物资。"]
    assert snapshot() == before


def test_the_issue_service_refuses_a_line_that_is_not_an_item(world):
    supplies_of_a(world)
    before = snapshot()
    with pytest.raises(ValidationFailed) as refused:
        issue(world, [({"name": "食用油", "unit": "桶"}, 1)])
    assert "lines" in refused.value.detail
    assert snapshot() == before


# ---- 3. a name taken by a concurrent request -------------------------------------------------

def _renamed_store(world):
    store = Store.objects.create(community=world.community_a, name="乙仓库")
    return lambda: services.store_update(actor=world.users["staff_a"], store=store,
                                         name="新仓库")


def _renamed_item(world):
    item = Item.objects.create(community=world.community_a, name="面粉", unit="袋")
    return lambda: services.item_update(actor=world.users["staff_a"], item=item,
                                        name="新物资", unit="袋", kind=item.kind)


WRITES = {
    "store_create": (lambda world: lambda: services.store_create(
        actor=world.users["staff_a"], community=world.community_a, name="新仓库"),
        lambda world: Store(community=world.community_a, name="新仓库")),
    "store_update": (_renamed_store,
                     lambda world: Store(community=world.community_a, name="新仓库")),
    "item_create": (lambda world: lambda: services.item_create(
        actor=world.users["staff_a"], community=world.community_a, name="新物资", unit="袋"),
        lambda world: Item(community=world.community_a, name="新物资", unit="袋")),
    "item_update": (_renamed_item,
                    lambda world: Item(community=world.community_a, name="新物资", unit="袋")),
}


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        # pg_locks is live (pg_stat_activity is a snapshot within this transaction)
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0



@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("write", list(WRITES))
def test_a_name_saved_meanwhile_by_another_request_is_a_message_on_the_name(pg_world, write):
    world = pg_world
    supplies_of_a(world)
    make_write, make_row = WRITES[write]
    service_call = make_write(world)
    outcome = []

    def run():
        try:
            service_call()
            outcome.append("ok")
        except ValidationFailed as error:
            outcome.append(error.detail)
        except Exception as error:  # the 500 the fix removes
            outcome.append(type(error).__name__)
        finally:
            connections.close_all()

    # given another request has saved the same name but not yet committed
    with transaction.atomic():
        make_row(world).save()
        thread = threading.Thread(target=run)
        thread.start()
        # when the service passes its own check and waits on the unique index
        deadline = time.monotonic() + 10
        while not _waiting_on_a_lock() and time.monotonic() < deadline:
            time.sleep(0.05)
        waited = _waiting_on_a_lock()
    thread.join()
    assert waited, outcome
    # then the other request's commit makes it a message on the name, not a 500
    [detail] = outcome
    assert isinstance(detail, dict), detail
    assert set(detail) == {"name"}


def test_a_duplicate_store_name_is_a_message_on_the_name(world):
    supplies_of_a(world)
    Store.objects.create(community=world.community_a, name="新仓库")
    with pytest.raises(ValidationFailed) as refused:
        services.store_create(actor=world.users["staff_a"], community=world.community_a,
                              name="新仓库")
    assert refused.value.detail == {"name": ["本社区已有同名仓库。"]}


# ---- 4. a stopped store takes no return or correction ----------------------------------------

def stop(world, store):
    services.store_deactivate(actor=world.users["staff_a"], store=store)


def test_a_return_into_a_stopped_store_is_refused(world):
    s = supplies_of_a(world)
    [issued] = issue(world, [(s.care.rice, 3)], activity=s.activity)
    stop(world, s.care.store)
    before = snapshot()
    with pytest.raises(DomainError) as refused:
        services.issue_return(actor=world.users["staff_a"], issue=issued, quantity=1,
                              returned_on=DAY, today=TODAY)
    assert refused.value.code == "care_store_inactive"
    assert snapshot() == before


def test_a_correction_in_a_stopped_store_is_refused(world):
    s = supplies_of_a(world)
    receipt = s.care.donation.lines.get(item=s.care.rice)
    stop(world, s.care.store)
    before = snapshot()
    with pytest.raises(DomainError) as refused:
        services.movement_correct(actor=world.users["staff_a"], movement=receipt,
                                  quantity=18, note="点数有误", today=TODAY)
    assert refused.value.code == "care_store_inactive"
    assert snapshot() == before


def test_a_write_off_from_a_stopped_store_is_refused(world):
    s = supplies_of_a(world)
    stop(world, s.care.store)
    before = snapshot()
    with pytest.raises(DomainError) as refused:
        services.supplies_write_off(actor=world.users["staff_a"], store=s.care.store,
                                    written_off_on=DAY, lines=[(s.care.masks, 1)],
                                    reason="expired", today=TODAY)
    assert refused.value.code == "care_store_inactive"
    assert snapshot() == before


def test_the_api_offers_no_return_or_correction_in_a_stopped_store_and_refuses_them(call,
                                                                                     world):
    s = supplies_of_a(world)
    staff = world.users["staff_a"]
    [issued] = issue(world, [(s.care.rice, 3)], activity=s.activity)
    stop(world, s.care.store)
    row = call(staff, "get", f"/movements/{issued.pk}").json()
    assert row["actions"] == []
    back = call(staff, "post", f"/movements/{issued.pk}/return",
                {"quantity": 1, "returned_on": "2026-03-02"})
    assert (back.status_code, back.json()["code"]) == (409, "care_store_inactive")
    fixed = call(staff, "post", f"/movements/{issued.pk}/correct", {"quantity": 2, "note": "x"})
    assert (fixed.status_code, fixed.json()["code"]) == (409, "care_store_inactive")


# ---- 5. who recorded a row: display name, never login name -----------------------------------

@pytest.fixture
def nameless_staff(world):
    staff = world.users["staff_a"]
    staff.display_name = ""
    staff.save(update_fields=["display_name"])
    return staff


def test_the_api_names_a_recorder_without_display_name_neutrally(call, world, nameless_staff):
    s = supplies_of_a(world)
    [row] = issue(world, [(s.care.rice, 1)], activity=s.activity)
    donation = services.donation_receive(actor=nameless_staff, store=s.care.store,
                                         received_on=DAY, lines=[(s.care.rice, 1)],
                                         donor_name="居民", today=TODAY)
    reader = world.users["street_admin"]
    assert call(reader, "get", f"/movements/{row.pk}").json()["recorded_by"] == "工作人员"
    assert call(reader, "get", f"/donations/{donation.pk}").json()["recorded_by"] == "工作人员"
    listed = call(reader, "get", "/donations").json()["items"]
    assert {d["recorded_by"] for d in listed if d["id"] == donation.pk} == {"工作人员"}


def test_the_pages_never_show_a_recorders_login_name(client, world, nameless_staff):
    s = supplies_of_a(world)
    issue(world, [(s.care.rice, 1)], activity=s.activity)
    donation = services.donation_receive(actor=nameless_staff, store=s.care.store,
                                         received_on=DAY, lines=[(s.care.rice, 1)],
                                         donor_name="居民", today=TODAY)
    client.force_login(world.users["street_admin"])
    for url in (reverse("care:movement_list"), reverse("care:donation_list"),
                reverse("care:donation_detail", args=[donation.pk])):
        page = client.get(url).content.decode()
        assert "工作人员" in page, url
        assert nameless_staff.username not in page, url


def test_a_user_is_shown_by_display_name_when_they_have_one(world):
    staff = world.users["staff_a"]
    assert staff.shown_name == staff.display_name != ""

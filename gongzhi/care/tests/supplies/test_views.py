"""The supplies pages: staff keep the ledger through them, admins read it, a partner unit's
contact reads only their own unit's statement, other communities answer 404."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongzhi.care.supplies.models import Donation, Movement, Stock
from gongzhi.care.tests.factories import DAY
from gongzhi.care.tests.supplies.factories import issue, supplies_of_a
from gongzhi.organisations.models import PartnerUnit


def login(client, world, who):
    client.force_login(world.users[who] if isinstance(who, str) else who)


@pytest.mark.parametrize("name", ["store_list", "item_list", "donation_list", "stock",
                                  "movement_list", "stock_report"])
def test_staff_and_admins_open_the_ledgers_pages(client, world, name):
    supplies_of_a(world)
    for who in ("staff_a", "street_admin"):
        login(client, world, who)
        assert client.get(reverse(f"care:{name}")).status_code == 200
    login(client, world, "resident_a")
    assert client.get(reverse(f"care:{name}")).status_code == 403


def test_the_stock_page_marks_low_and_empty_items(client, world):
    s = supplies_of_a(world)
    issue(world, [(s.care.masks, 10), (s.care.rice, 17)])
    login(client, world, "staff_a")
    page = client.get(reverse("care:stock"), {"store": s.care.store.pk}).content.decode()
    assert "无库存" in page and "库存偏低" in page


def test_receiving_a_donation_on_the_page(client, world):
    s = supplies_of_a(world)
    login(client, world, "staff_a")
    response = client.post(reverse("care:donation_create"), {
        "store": s.care.store.pk, "donor_unit": "", "donor_name": "新大新百货",
        "received_on": DAY.isoformat(), "note": "",
        "item_0": s.care.rice.pk, "quantity_0": "6",
        "new_name_1": "食用油", "new_unit_1": "桶", "quantity_1": "3"})
    donation = Donation.objects.get(donor_name="新大新百货")
    assert response.status_code == 302
    assert response.url == reverse("care:donation_detail", args=[donation.pk])
    assert Stock.objects.get(store=s.care.store, item=s.care.rice).quantity == 26
    detail = client.get(response.url).content.decode()
    assert donation.serial in detail and "食用油" in detail


def test_an_issue_short_of_stock_shows_why_and_changes_nothing(client, world):
    s = supplies_of_a(world)
    login(client, world, "staff_a")
    count = Movement.objects.count()
    response = client.post(reverse("care:issue_create"), {
        "store": s.care.store.pk, "recipient": "甲卡点", "issued_on": DAY.isoformat(),
        "shift": s.shift.pk, "item_0": s.care.masks.pk, "quantity_0": "11"})
    assert response.status_code == 200
    assert "库存不足" in response.content.decode()
    assert Movement.objects.count() == count


def test_the_ledger_masks_households_and_names_who_recorded(client, world):
    s = supplies_of_a(world)
    issue(world, [(s.care.rice, 1)], household=s.care.household, recipient="")
    login(client, world, "street_admin")
    page = client.get(reverse("care:movement_list"), {"kind": "issue"}).content.decode()
    assert "甲*民" in page and "甲居民" not in page
    assert str(world.users["staff_a"]) in page
    assert "退回（" not in page  # admins read; they do not return


def test_a_return_from_the_ledger_page(client, world):
    s = supplies_of_a(world)
    [issued] = issue(world, [(s.care.rice, 4)])
    login(client, world, "staff_a")
    assert f'data-testid="return-{issued.pk}"' in client.get(
        reverse("care:movement_list")).content.decode()
    response = client.post(reverse("care:movement_action", args=[issued.pk, "return"]),
                           {"quantity": "2", "returned_on": DAY.isoformat()})
    assert response.status_code == 302
    assert Stock.objects.get(store=s.care.store, item=s.care.rice).quantity == 18


def test_the_receipt_is_a_pdf(client, world):
    s = supplies_of_a(world)
    login(client, world, "staff_a")
    response = client.get(reverse("care:donation_receipt", args=[s.care.donation.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_stock_report_closes_on_the_stock_and_exports_to_excel(client, world):
    s = supplies_of_a(world)
    issue(world, [(s.care.rice, 5)])
    login(client, world, "staff_a")
    query = {"start": "2026-03-01", "end": "2026-03-31"}
    response = client.get(reverse("care:stock_report"), {**query, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    # store, item, unit, opening, received, issued, returned, written off, corrected, closing
    assert rows["大米"][3:] == (0, 20, 5, 0, 0, 0, 15)


def test_a_contact_reads_only_their_own_units_statement(client, world):
    s = supplies_of_a(world)
    other = PartnerUnit.objects.create(community=world.community_a, name="黄花小学",
                                       kind="school")
    login(client, world, s.care.volunteering.contact)
    own = client.get(reverse("care:own_statement"))
    assert own.url == reverse("care:donor_statement", args=[s.care.volunteering.unit.pk])
    page = client.get(own.url).content.decode()
    assert "口罩" in page and s.care.donation.serial in page
    assert client.get(reverse("care:donor_statement", args=[other.pk])).status_code == 404
    # the ledger itself is not theirs to read
    assert client.get(reverse("care:movement_list")).status_code == 403


def test_the_statement_counts_issues_without_names(client, world):
    s = supplies_of_a(world)
    issue(world, [(s.care.rice, 3)], household=s.care.household, recipient="")
    login(client, world, s.care.volunteering.contact)
    page = client.get(reverse("care:donor_statement",
                              args=[s.care.volunteering.unit.pk])).content.decode()
    assert "社区已发放 3 袋" in page
    assert "甲*民" not in page and "甲居民" not in page


def test_other_communities_rows_answer_not_found(client, world):
    s = supplies_of_a(world)
    login(client, world, "staff_b")
    for url in (reverse("care:donation_detail", args=[s.care.donation.pk]),
                reverse("care:donation_receipt", args=[s.care.donation.pk]),
                reverse("care:store_edit", args=[s.care.store.pk]),
                reverse("care:donor_statement", args=[s.care.volunteering.unit.pk])):
        assert client.get(url).status_code == 404, url
    row = s.care.donation.lines.first()
    assert client.post(reverse("care:movement_action", args=[row.pk, "correct"]),
                       {"quantity": "1", "note": "x"}).status_code == 404

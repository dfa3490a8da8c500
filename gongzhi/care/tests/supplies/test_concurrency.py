"""Simultaneous issues of the last units: exactly one succeeds, stock ends at zero; and
simultaneous receipts get consecutive serials (PostgreSQL; SQLite serialises writes)."""


import pytest

from gongzhi.care.supplies import services
from gongzhi.care.supplies.models import Donation, Movement, Stock
from gongzhi.care.tests.factories import DAY
from gongzhi.care.tests.supplies.factories import TODAY, supplies_of_a
from gongzhi.conftest import at_once


@pytest.mark.django_db(transaction=True)
def test_simultaneous_issues_of_the_last_units_let_one_through(pg_world):
    s = supplies_of_a(pg_world)
    staff, secretary = pg_world.users["staff_a"], pg_world.users["secretary_a"]
    # given 10 boxes of masks; when five people issue the last 10 boxes at once
    outcomes = at_once([lambda who=who: services.supplies_issue(
        actor=who, store=s.care.store, issued_on=DAY, lines=[(s.care.masks, 10)],
        recipient="卡点", today=TODAY) for who in (staff, secretary, staff, secretary, staff)])
    # then one succeeds, the others are told the stock is short
    assert sorted(outcomes) == ["ok"] + ["out_of_stock"] * 4
    assert Stock.objects.get(store=s.care.store, item=s.care.masks).quantity == 0
    assert Movement.objects.filter(kind="issue").count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_receipts_get_consecutive_serials(pg_world):
    s = supplies_of_a(pg_world)
    staff = pg_world.users["staff_a"]
    outcomes = at_once([lambda: services.donation_receive(
        actor=staff, store=s.care.store, received_on=DAY, lines=[(s.care.rice, 1)],
        donor_name="居民", today=TODAY)] * 5)
    assert outcomes == ["ok"] * 5
    prefix = f"JZ{pg_world.community_a.pk}-2026-"
    assert sorted(Donation.objects.filter(serial__startswith=prefix)
                  .values_list("serial", flat=True)) == [f"{prefix}{n:04d}" for n in range(1, 6)]

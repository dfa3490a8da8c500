"""The supplies services: receipts with gap-free serials, issues, returns, write-offs and
corrections keep stock equal to the ledger, and a refusal changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from gongzhi.care.supplies import services
from gongzhi.care.supplies.choices import MovementKind
from gongzhi.care.supplies.ledger import OutOfStock
from gongzhi.care.supplies.models import Donation, Item, Movement, Stock
from gongzhi.care.tests.factories import DAY
from gongzhi.care.tests.supplies.factories import TODAY, issue, supplies_of_a
from gongzhi.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed


def stock(store, item) -> int:
    return Stock.objects.get(store=store, item=item).quantity


def ledger_sum(store, item) -> int:
    return Movement.objects.filter(store=store, item=item).aggregate(s=Sum("quantity"))["s"]


def snapshot():
    return (Movement.objects.count(), sorted(Stock.objects.values_list("pk", "quantity")),
            Donation.objects.count(), Item.objects.count())


def receive(world, lines, **fields):
    s = supplies_of_a(world)
    fields.setdefault("donor_unit", s.care.volunteering.unit)
    return services.donation_receive(actor=world.users["staff_a"], store=s.care.store,
                                     received_on=fields.pop("received_on", DAY), lines=lines,
                                     today=TODAY, **fields)


def test_donations_are_numbered_per_community_and_year_without_gaps(world):
    s = supplies_of_a(world)
    # when three donations are received, two this year and one dated last year
    first = receive(world, [(s.care.masks, 1)])
    second = receive(world, [(s.care.rice, 2)], donor_unit=None, donor_name="新大新百货")
    earlier = receive(world, [(s.care.rice, 2)], received_on=datetime.date(2025, 12, 30))
    # then each year counts from one
    prefix = f"JZ{world.community_a.pk}-"
    assert [first.serial, second.serial, earlier.serial] == [
        f"{prefix}2026-0001", f"{prefix}2026-0002", f"{prefix}2025-0001"]


def test_a_receipt_raises_stock_and_can_create_an_item_inline(world):
    s = supplies_of_a(world)
    donation = receive(world, [(s.care.masks, 5), ({"name": "食用油", "unit": "桶"}, 8)])
    oil = Item.objects.get(community=world.community_a, name="食用油", unit="桶")
    assert stock(s.care.store, s.care.masks) == 15
    assert stock(s.care.store, oil) == 8
    assert sorted(donation.lines.values_list("quantity", flat=True)) == [5, 8]


def test_a_donation_names_its_donor(world):
    s = supplies_of_a(world)
    before = snapshot()
    with pytest.raises(ValidationFailed) as refused:
        receive(world, [(s.care.masks, 5)], donor_unit=None, donor_name=" ")
    assert "donor_name" in refused.value.detail
    assert snapshot() == before


def test_a_donor_unit_of_another_community_is_refused(world):
    from gongzhi.organisations.models import PartnerUnit

    s = supplies_of_a(world)
    unit_b = PartnerUnit.objects.create(community=world.community_b, name="乙银行", kind="bank")
    before = snapshot()
    with pytest.raises(ValidationFailed):
        receive(world, [(s.care.masks, 5)], donor_unit=unit_b)
    assert snapshot() == before


def test_an_issue_of_more_than_the_stock_changes_nothing(world):
    s = supplies_of_a(world)
    before = snapshot()
    # when one line of two is short
    with pytest.raises(OutOfStock) as refused:
        issue(world, [(s.care.rice, 3), (s.care.masks, 11)])
    # then the whole issue is refused, naming the short item
    assert "口罩" in refused.value.detail["items"][0]
    assert snapshot() == before


def test_an_issue_for_a_checkpoint_shift_lowers_stock(world):
    s = supplies_of_a(world)
    [row] = issue(world, [(s.care.masks, 4)], shift=s.shift)
    assert (row.kind, row.quantity, row.shift_id) == (MovementKind.ISSUE, -4, s.shift.pk)
    assert stock(s.care.store, s.care.masks) == 6 == ledger_sum(s.care.store, s.care.masks)


def test_an_issue_to_a_household_records_its_masked_name(world):
    s = supplies_of_a(world)
    [row] = issue(world, [(s.care.rice, 1)], household=s.care.household, recipient="")
    assert row.recipient == "甲*民"


def test_an_issue_for_a_shift_that_is_not_a_checkpoint_is_refused(world):
    from gongzhi.activities.tests.factories import post_in, shift_of

    s = supplies_of_a(world)
    patrol = shift_of(post_in(world.community_a, world.users["staff_a"], kind="patrol"))
    before = snapshot()
    with pytest.raises(ValidationFailed) as refused:
        issue(world, [(s.care.rice, 1)], shift=patrol)
    assert "shift" in refused.value.detail
    assert snapshot() == before


def test_an_issue_has_one_purpose(world):
    s = supplies_of_a(world)
    with pytest.raises(ValidationFailed):
        issue(world, [(s.care.rice, 1)], shift=s.shift, activity=s.activity)


def test_returns_are_capped_at_what_is_left_of_the_issue(world):
    s = supplies_of_a(world)
    staff = world.users["staff_a"]
    [issued] = issue(world, [(s.care.rice, 5)], activity=s.activity)
    services.issue_return(actor=staff, issue=issued, quantity=3, returned_on=DAY, today=TODAY)
    before = snapshot()
    with pytest.raises(ValidationFailed) as refused:
        services.issue_return(actor=staff, issue=issued, quantity=3, returned_on=DAY,
                              today=TODAY)
    assert "quantity" in refused.value.detail
    assert snapshot() == before
    services.issue_return(actor=staff, issue=issued, quantity=2, returned_on=DAY, today=TODAY)
    assert stock(s.care.store, s.care.rice) == 20
    # then nothing is left to return: the rule refuses with its state error
    with pytest.raises(DomainError) as refused:
        services.issue_return(actor=staff, issue=issued, quantity=1, returned_on=DAY,
                              today=TODAY)
    assert refused.value.code == "care_nothing_to_return"


def test_a_write_off_needs_a_reason(world):
    s = supplies_of_a(world)
    before = snapshot()
    with pytest.raises(ValidationFailed):
        services.supplies_write_off(actor=world.users["staff_a"], store=s.care.store,
                                    written_off_on=DAY, lines=[(s.care.masks, 1)], reason="",
                                    today=TODAY)
    with pytest.raises(ValidationFailed):  # "other" must be explained
        services.supplies_write_off(actor=world.users["staff_a"], store=s.care.store,
                                    written_off_on=DAY, lines=[(s.care.masks, 1)],
                                    reason="other", today=TODAY)
    assert snapshot() == before
    services.supplies_write_off(actor=world.users["staff_a"], store=s.care.store,
                                written_off_on=DAY, lines=[(s.care.masks, 2)],
                                reason="expired", today=TODAY)
    assert stock(s.care.store, s.care.masks) == 8


def test_a_correction_adds_a_row_and_leaves_the_original(world):
    s = supplies_of_a(world)
    receipt = s.care.donation.lines.get(item=s.care.rice)
    row = services.movement_correct(actor=world.users["staff_a"], movement=receipt,
                                    quantity=18, note="点数有误", today=TODAY)
    receipt.refresh_from_db()
    assert (receipt.quantity, row.quantity, row.corrects_id) == (20, -2, receipt.pk)
    assert stock(s.care.store, s.care.rice) == 18 == ledger_sum(s.care.store, s.care.rice)


def test_an_issue_is_not_corrected_below_what_came_back(world):
    s = supplies_of_a(world)
    staff = world.users["staff_a"]
    [issued] = issue(world, [(s.care.rice, 5)])
    services.issue_return(actor=staff, issue=issued, quantity=4, returned_on=DAY, today=TODAY)
    before = snapshot()
    with pytest.raises(ValidationFailed):
        services.movement_correct(actor=staff, movement=issued, quantity=3, note="少发",
                                  today=TODAY)
    assert snapshot() == before


def test_a_correction_that_would_take_stock_below_zero_is_refused(world):
    s = supplies_of_a(world)
    issue(world, [(s.care.masks, 8)])
    receipt = s.care.donation.lines.get(item=s.care.masks)
    before = snapshot()
    with pytest.raises(OutOfStock):
        services.movement_correct(actor=world.users["staff_a"], movement=receipt, quantity=1,
                                  note="点数有误", today=TODAY)
    assert snapshot() == before


def test_the_ledger_is_append_only(world):
    s = supplies_of_a(world)
    row = s.care.donation.lines.first()
    row.note = "改一下"
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.delete()
    assert Movement.objects.filter(pk=row.pk, note="").exists()


def test_a_stopped_store_moves_nothing(world):
    s = supplies_of_a(world)
    services.store_deactivate(actor=world.users["staff_a"], store=s.care.store)
    s.care.store.refresh_from_db()
    before = snapshot()
    with pytest.raises(DomainError) as refused:
        issue(world, [(s.care.rice, 1)])
    assert refused.value.code == "care_store_inactive"
    assert snapshot() == before


@pytest.mark.parametrize("who, error", [("street_admin", PermissionDenied),
                                        ("staff_b", NotFound), ("resident_a", NotFound),
                                        ("grid_a1", PermissionDenied)])
def test_only_the_communitys_staff_issue(world, who, error):
    s = supplies_of_a(world)
    before = snapshot()
    with pytest.raises(error):
        services.supplies_issue(actor=world.users[who], store=s.care.store, issued_on=DAY,
                                lines=[(s.care.rice, 1)], recipient="某人", today=TODAY)
    assert snapshot() == before


def test_dates_in_the_future_are_refused(world):
    s = supplies_of_a(world)
    with pytest.raises(ValidationFailed):
        issue(world, [(s.care.rice, 1)], day=TODAY + datetime.timedelta(days=1))

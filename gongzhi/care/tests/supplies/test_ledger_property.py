"""Property: whatever sequence of receipts, issues, returns, write-offs and corrections staff
record through the services, each item's stock equals the sum of its ledger rows, equals
receipts − issues + returns − write-offs + corrections, and is never negative; an operation
that is refused changes nothing."""

from django.db.models import Sum
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from gongzhi.care.supplies import services
from gongzhi.care.supplies.choices import MovementKind
from gongzhi.care.supplies.models import Movement, Stock
from gongzhi.care.tests.factories import DAY
from gongzhi.care.tests.supplies.factories import TODAY, supplies_of_a
from gongzhi.conftest import build_world
from gongzhi.core.errors import DomainError

QUANTITY = st.integers(min_value=1, max_value=25)
ITEM = st.sampled_from(["masks", "rice"])
ROW = st.integers(min_value=0, max_value=50)  # which earlier row a return or correction picks
OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("receive"), ITEM, QUANTITY),
    st.tuples(st.just("issue"), ITEM, QUANTITY),
    st.tuples(st.just("return"), ROW, QUANTITY),
    st.tuples(st.just("write_off"), ITEM, QUANTITY),
    st.tuples(st.just("correct"), ROW, QUANTITY),
), min_size=1, max_size=12)


def state():
    return (list(Movement.objects.order_by("pk").values_list("pk", "quantity")),
            sorted(Stock.objects.values_list("pk", "quantity")))


class TheLedgerKeepsStock(TestCase):

    @settings(max_examples=25, deadline=None)
    @given(OPERATIONS)
    def test_stock_is_the_sum_of_the_ledger(self, operations):
        world = build_world()
        s = supplies_of_a(world)
        staff, store = world.users["staff_a"], s.care.store
        items = {"masks": s.care.masks, "rice": s.care.rice}
        unit = s.care.volunteering.unit
        for operation in operations:
            before = state()
            rows = list(Movement.objects.order_by("pk"))
            try:
                if operation[0] == "receive":
                    services.donation_receive(actor=staff, store=store, received_on=DAY,
                                              lines=[(items[operation[1]], operation[2])],
                                              donor_unit=unit, today=TODAY)
                elif operation[0] == "issue":
                    services.supplies_issue(actor=staff, store=store, issued_on=DAY,
                                            lines=[(items[operation[1]], operation[2])],
                                            recipient="领用人", today=TODAY)
                elif operation[0] == "write_off":
                    services.supplies_write_off(actor=staff, store=store, written_off_on=DAY,
                                                lines=[(items[operation[1]], operation[2])],
                                                reason="damaged", today=TODAY)
                elif operation[0] == "return":
                    issues = [row for row in rows if row.kind == MovementKind.ISSUE]
                    if not issues:
                        continue
                    services.issue_return(actor=staff, issue=issues[operation[1] % len(issues)],
                                          quantity=operation[2], returned_on=DAY, today=TODAY)
                else:
                    originals = [row for row in rows if row.kind != MovementKind.CORRECTION]
                    services.movement_correct(actor=staff,
                                              movement=originals[operation[1] % len(originals)],
                                              quantity=operation[2], note="更正", today=TODAY)
            except DomainError:
                assert state() == before  # a refusal changes nothing
        for item in items.values():
            rows = Movement.objects.filter(store=store, item=item)
            by_kind = {kind: rows.filter(kind=kind).aggregate(s=Sum("quantity"))["s"] or 0
                       for kind in MovementKind.values}
            quantity = Stock.objects.get(store=store, item=item).quantity
            assert quantity >= 0
            assert quantity == rows.aggregate(s=Sum("quantity"))["s"]
            assert quantity == (by_kind["receipt"] - abs(by_kind["issue"]) + by_kind["return"]
                                - abs(by_kind["write_off"]) + by_kind["correction"])
        # and no issue has more back than it gave out
        for row in Movement.objects.filter(kind=MovementKind.ISSUE):
            issued = -(row.quantity + (row.corrections.aggregate(s=Sum("quantity"))["s"] or 0))
            returned = sum(r.quantity + (r.corrections.aggregate(s=Sum("quantity"))["s"] or 0)
                           for r in row.returned_by.all())
            assert 0 <= returned <= issued

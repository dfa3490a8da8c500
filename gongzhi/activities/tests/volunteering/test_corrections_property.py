"""Property: whatever the volunteer asks and staff decide, the ledger total is the sum of the
confirmed services and the approved corrections, through the services the pages call."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from gongzhi.activities.tests.volunteering.factories import record_service, volunteering_of_a
from gongzhi.activities.volunteering import selectors, services
from gongzhi.activities.volunteering.choices import CorrectionStatus
from gongzhi.activities.volunteering.models import HoursCorrection, HoursEntry
from gongzhi.conftest import build_world
from gongzhi.core.errors import DomainError

HOURS = st.decimals(min_value=Decimal("0.1"), max_value=Decimal(24), places=1)
TARGETS = st.decimals(min_value=Decimal(0), max_value=Decimal(24), places=1)
# per service: its confirmed hours, then requests (asked hours, approved?)
SERVICES = st.lists(st.tuples(HOURS, st.lists(st.tuples(TARGETS, st.booleans()), max_size=4)),
                    min_size=1, max_size=5)


class CorrectionsKeepTheLedger(TestCase):

    @settings(max_examples=20, deadline=None)
    @given(SERVICES)
    def test_total_is_services_plus_approved_corrections(self, plan):
        world = build_world()
        v = volunteering_of_a(world)
        resident, staff = world.users["resident_a"], world.users["staff_a"]
        expected = selectors.hours_total(v.resident)  # the factory's 3-hour service
        for hours, requests in plan:
            entry = record_service(v.resident, hours, post=v.post)
            current = hours
            for target, approve in requests:
                try:
                    request = services.correction_request(actor=resident, entry=entry,
                                                          hours=target, reason="更正")
                except DomainError as refused:
                    assert refused.code == "hours_unchanged" and target == current
                    continue
                if approve:
                    services.correction_approve(actor=staff, correction=request)
                    current = target
                else:
                    services.correction_reject(actor=staff, correction=request, note="不符")
            expected += current
        services_sum = sum(HoursEntry.objects.filter(volunteer=v.resident, kind="service")
                           .values_list("hours", flat=True), Decimal(0))
        approved = HoursCorrection.objects.filter(volunteer=v.resident,
                                                  status=CorrectionStatus.APPROVED)
        corrections_sum = sum((c.result.hours for c in approved.select_related("result")),
                              Decimal(0))
        assert selectors.hours_total(v.resident) == expected
        assert selectors.hours_total(v.resident) == services_sum + corrections_sum
        assert HoursEntry.objects.filter(kind="correction").count() == approved.count()

"""Issue 15: the party's yearly summary equals the hours ledger, whatever the services and
corrections recorded (property-based)."""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from gongzhi.activities.rota import services as rota_services
from gongzhi.activities.volunteering import services as ledger_services
from gongzhi.activities.volunteering.models import HoursEntry, Volunteer
from gongzhi.activities.volunteering.selectors import hours_total
from gongzhi.conftest import build_world
from gongzhi.party import selectors
from gongzhi.party.tests.factories import party_of_a

YEAR = 2026
hours = st.decimals(min_value=Decimal("0.5"), max_value=Decimal(12), places=1)
services_strategy = st.lists(
    st.tuples(st.dates(min_value=datetime.date(YEAR - 1, 11, 1),
                       max_value=datetime.date(YEAR + 1, 2, 1)),
              hours, st.one_of(st.none(), st.decimals(min_value=Decimal(0), max_value=Decimal(12),
                                                      places=1))),
    min_size=1, max_size=6)


class SummaryIsTheLedger(TestCase):
    @settings(max_examples=15, deadline=None)
    @given(services_strategy)
    def test_the_summary_of_the_year_and_its_quarters_is_the_ledger(self, services):
        # given an in-service member who served on random days (some outside the year), each
        # service confirmed by staff and some corrected afterwards
        world = party_of_a(build_world())
        staff, member_user = world.users["staff_a"], world.users["party_a"]
        for index, (day, served, corrected) in enumerate(services):
            post = rota_services.post_create(
                actor=staff, community=world.community_a, title=f"岗位{index}",
                open_to="members", shift=rota_services.one_shift(date=day, slots=1))
            signup = rota_services.shift_take(actor=member_user, shift=post.shifts.get())
            rota_services.signup_confirm(actor=staff, signup=signup, work_done="服务",
                                         hours=served)
            if corrected is not None and corrected != served:
                ledger_services.hours_correction_record(
                    actor=staff, entry=HoursEntry.objects.get(shift_signup=signup),
                    hours=corrected, note="更正")
        volunteer = Volunteer.objects.get(person=world.in_service_a.person)

        # when staff read the yearly summary
        summary = selectors.yearly_summary(staff, year=YEAR)

        # then the member's hours are the ledger's in the year, and the quarters add up to them
        (row,) = [row for row in summary["members"] if row.member == world.in_service_a]
        in_year = hours_total(volunteer, start=datetime.date(YEAR, 1, 1),
                              end=datetime.date(YEAR, 12, 31))
        assert row.hours == in_year
        assert sum(row.quarters, Decimal(0)) == in_year
        by_hand = sum(((corrected if corrected is not None else served)
                       for day, served, corrected in services if day.year == YEAR), Decimal(0))
        assert in_year == by_hand
        assert summary["totals"]["hours"] == in_year

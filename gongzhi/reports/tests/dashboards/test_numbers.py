"""Each dashboard number (and its totals per community and per month) equals the same number
counted directly from the rows with a plain query written here; the three rates equal the
casework rates page's; scope."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Q, Sum
from django.utils import timezone

from gongzhi.activities.events.choices import ActivityKind, ActivityStatus, SignUpStatus
from gongzhi.activities.events.models import Activity, SignUp
from gongzhi.activities.volunteering.models import HoursEntry
from gongzhi.care.register.models import CareHousehold
from gongzhi.care.visits.models import Visit
from gongzhi.casework import selectors as case_selectors
from gongzhi.casework.choices import Status, StepAction
from gongzhi.casework.models import Case, CaseStep
from gongzhi.cobuilding.choices import ProjectStatus
from gongzhi.cobuilding.models import Need, Project, Resource
from gongzhi.deliberation.polls.choices import PollStatus
from gongzhi.deliberation.polls.models import Poll
from gongzhi.deliberation.topics.choices import MeetingStatus
from gongzhi.deliberation.topics.models import Meeting, Topic
from gongzhi.deliberation.votes.choices import VoteStatus
from gongzhi.deliberation.votes.models import Vote
from gongzhi.organisations.choices import MemberKind
from gongzhi.organisations.models import Member
from gongzhi.reports import metrics
from gongzhi.reports.dashboards import selectors
from gongzhi.reports.tests.dashboards.conftest import WIDE

pytestmark = pytest.mark.django_db


def _in_time(case) -> bool:
    accept = CaseStep.objects.filter(case=case, action=StepAction.ACCEPT).order_by(
        "created_at", "pk").first()
    return bool(accept and case.accept_due_at and accept.created_at <= case.accept_due_at)


def _cases():
    return Case.objects.filter(is_unreasonable=False).exclude(status=Status.MERGED)


# key -> (every row of every community the metric counts, its date field, the summed field)
PLAIN = {
    "cases_received": (lambda: _cases(), "created_at", ""),
    "cases_responded_in_time": (
        lambda: Case.objects.filter(pk__in=[c.pk for c in _cases() if _in_time(c)]),
        "created_at", ""),
    "cases_followed_up": (lambda: _cases().filter(is_satisfied__isnull=False), "created_at", ""),
    "cases_solved": (lambda: _cases().filter(is_solved=True), "created_at", ""),
    "cases_satisfied": (lambda: _cases().filter(is_satisfied=True), "created_at", ""),
    "activities_held": (lambda: Activity.objects.filter(status=ActivityStatus.DONE),
                        "starts_at", ""),
    "activity_signups": (lambda: SignUp.objects.exclude(status=SignUpStatus.CANCELLED),
                         "activity__starts_at", ""),
    "activity_attendances": (lambda: SignUp.objects.exclude(checked_in_at=None),
                             "activity__starts_at", ""),
    "service_hours": (lambda: HoursEntry.objects.all(), "served_on", "hours"),
    "party_registrations": (lambda: Member.objects.filter(kind=MemberKind.IN_SERVICE),
                            "registered_on", ""),
    "party_service_hours": (
        lambda: HoursEntry.objects.filter(volunteer__person__in=Member.objects.filter(
            kind=MemberKind.IN_SERVICE).values("person")), "served_on", "hours"),
    "party_days": (lambda: Activity.objects.filter(status=ActivityStatus.DONE,
                                                   kind=ActivityKind.PARTY_DAY),
                   "starts_at", ""),
    "needs_raised": (lambda: Need.objects.all(), "created_at", ""),
    "resources_offered": (lambda: Resource.objects.all(), "created_at", ""),
    "projects_started": (lambda: Project.objects.all(), "created_at", ""),
    "projects_finished": (lambda: Project.objects.filter(status=ProjectStatus.FINISHED),
                          "updated_at", ""),
    "care_visits": (lambda: Visit.objects.all(), "visited_on", ""),
    "care_households": (lambda: CareHousehold.objects.all(), "registered_on", ""),
    "votes_held": (lambda: Vote.objects.exclude(status=VoteStatus.DRAFT), "opened_at", ""),
    "votes_closed": (lambda: Vote.objects.filter(status__in=[VoteStatus.CLOSED,
                                                             VoteStatus.PUBLISHED]),
                     "closed_at", ""),
    "polls_held": (lambda: Poll.objects.exclude(status=PollStatus.DRAFT), "opened_at", ""),
    "topics_raised": (lambda: Topic.objects.all(), "created_at", ""),
    "meetings_held": (lambda: Meeting.objects.filter(status=MeetingStatus.HELD), "starts_at",
                      ""),
}


def _month(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.replace(day=1)


def _plain(key, community_ids):
    """{(community id, month): number}, from the rows one by one."""
    queryset, date_field, sum_field = PLAIN[key]
    table = {}
    for row in queryset().filter(community_id__in=community_ids).exclude(
            Q(**{f"{date_field}__isnull": True})):
        value = row
        for part in date_field.split("__"):
            value = getattr(value, part)
        cell = (row.community_id, _month(value))
        table[cell] = table.get(cell, 0) + (getattr(row, sum_field) if sum_field else 1)
    return table


def test_every_metric_has_a_plain_count_here():
    assert set(PLAIN) == set(metrics.REGISTRY)


@pytest.mark.parametrize("key", sorted(PLAIN))
def test_number_equals_the_rows_counted_directly(busy, key):
    # given rows in A, B and C, and the street admin (A and B)
    world, (start, end) = busy, WIDE
    actor = world.users["street_admin"]
    metric = metrics.metric(key)
    ab = [world.community_a.pk, world.community_b.pk]
    # when the number, per community and per month, is read through the registry
    total = metrics.value(metric, actor, start=start, end=end)
    per_community = metrics.by_community(metric, actor, start=start, end=end)
    per_month = metrics.by_month(metric, actor, start=start, end=end)
    # then each equals the rows of A and B counted directly (none of C)
    expected = _plain(key, ab)
    assert per_month == {cell: amount for cell, amount in expected.items()}
    by_community = {}
    for (community_id, _when), amount in expected.items():
        by_community[community_id] = by_community.get(community_id, 0) + amount
    assert per_community == by_community
    assert total == sum(expected.values(), 0)
    # and the rows behind the number are those rows
    if not metric.sum_path:
        assert metrics.rows(metric, actor, start=start, end=end).count() == total


def test_the_fixture_reaches_most_metrics(busy):
    # given the busy world, then most metrics have a number (the test above is not all zeros)
    start, end = WIDE
    actor = busy.users["superuser"]
    nonzero = {key for key, metric in metrics.REGISTRY.items()
               if metrics.value(metric, actor, start=start, end=end)}
    assert {"cases_received", "cases_followed_up", "cases_solved", "cases_satisfied",
            "activities_held", "activity_signups", "activity_attendances", "service_hours",
            "party_registrations", "party_service_hours", "needs_raised", "resources_offered",
            "care_visits", "care_households", "topics_raised",
            "meetings_held"} <= nonzero


def test_three_rates_equal_the_casework_rates_page(busy):
    # given the busy world and the street admin
    start, end = WIDE
    actor = busy.users["street_admin"]
    # when the dashboard and the casework rates are read for the same period
    result = selectors.dashboard(actor, period=selectors.Period("custom", start, end))
    rates = case_selectors.case_rates(actor, start=start, end=end)
    # then each rate's numerator, denominator and percent agree
    for rate in result["rates"]:
        formula = case_selectors.settings.CASEWORK_RATES[rate["rate"].key]
        assert rate["numerator"] == rates["total"]["counts"][formula["numerator"]]
        assert rate["denominator"] == rates["total"]["counts"][formula["denominator"]]
        expected = rates["total"]["rates"][rate["rate"].key]
        assert rate["percent"] == (None if expected is None
                                   else round(float(expected) * 100, 1))
    assert result["numbers"]["cases_received"]["total"] == 3


def test_scope_staff_b_sees_none_of_a_street_admin_a_and_b_not_c(busy):
    start, end = WIDE
    metric = metrics.metric("cases_received")
    world = busy
    # when staff of B, the street admin and the other district's admin read the requests
    of_b = metrics.by_community(metric, world.users["staff_b"], start=start, end=end)
    of_street = metrics.by_community(metric, world.users["street_admin"], start=start, end=end)
    of_other = metrics.by_community(metric, world.users["other_district_admin"], start=start,
                                    end=end)
    # then B's staff see B only, the street A and B, the other district none of them
    assert of_b == {world.community_b.pk: 1}
    assert of_street == {world.community_a.pk: 2, world.community_b.pk: 1}
    assert world.community_a.pk not in of_other and world.community_b.pk not in of_other
    # and asking for A's rows as B's staff gives none
    assert not metrics.rows(metric, world.users["staff_b"], start=start, end=end,
                            community_ids=[world.community_a.pk]).exists()


def test_service_hours_count_corrections_on_the_corrected_day(busy):
    # given a correction of -1 hour to A's service entry
    world, (start, end) = busy, WIDE
    entry = HoursEntry.objects.filter(community=world.community_a, kind="service").first()
    HoursEntry.objects.create(community=entry.community, volunteer=entry.volunteer,
                              kind="correction", hours=Decimal("-1"), served_on=entry.served_on,
                              description="更正", corrects=entry,
                              recorded_by=world.users["staff_a"])
    # then the dashboard's hours equal the ledger's sum
    expected = HoursEntry.objects.filter(community=world.community_a).aggregate(
        total=Sum("hours"))["total"]
    assert metrics.value(metrics.metric("service_hours"), world.users["staff_a"], start=start,
                         end=end) == expected


def _bounds(period):
    return period.start, period.end


def test_period_picker():
    today = datetime.date(2026, 11, 15)
    assert _bounds(selectors.period_of("month", today=today)) == (
        datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    assert _bounds(selectors.period_of("quarter", "2026-11-15", today=today)) == (
        datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert _bounds(selectors.period_of("year", "2025-02-03", today=today)) == (
        datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert _bounds(selectors.period_of("custom", "2026-01-05", "2026-02-01", today=today)) == (
        datetime.date(2026, 1, 5), datetime.date(2026, 2, 1))
    bad = selectors.period_of("custom", "2026-03-01", "2026-01-01", today=today)
    assert bad.error and (bad.start, bad.end) == (datetime.date(2026, 11, 1),
                                                  datetime.date(2026, 11, 30))

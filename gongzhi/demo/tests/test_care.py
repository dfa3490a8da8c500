"""The demo's care (结对帮扶): households in difficulty with their plans, pairings that give every
helper login households of its own, a year of visits, two festival campaigns, and the store's
ledger; seeding again adds nothing."""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import F, Max, Sum
from django.utils import timezone

from gongzhi.accounts.models import User
from gongzhi.activities.rota.models import Post
from gongzhi.activities.volunteering.models import HoursEntry
from gongzhi.care.campaigns.choices import CampaignKind, CampaignStatus
from gongzhi.care.campaigns.models import Campaign, CampaignGoods, CampaignHousehold
from gongzhi.care.register.access import visible_households
from gongzhi.care.register.choices import HouseholdStatus, PairingStatus
from gongzhi.care.register.models import CareHousehold, Pairing
from gongzhi.care.supplies.choices import MovementKind
from gongzhi.care.supplies.models import Donation, Item, Movement, Stock, Store
from gongzhi.care.supplies.services import donation_serial
from gongzhi.care.visits.choices import FollowUpStatus, VisitKind
from gongzhi.care.visits.models import Visit
from gongzhi.care.visits.rules import hours_are_confirmable
from gongzhi.demo.activities_rota import CHECKPOINT

pytestmark = pytest.mark.django_db

CARE_MODELS = (CareHousehold, Pairing, Visit, Campaign, CampaignGoods, CampaignHousehold,
               Store, Item, Donation, Movement, Stock)
# the logins that help households: the party member, volunteers and partner units' contacts
HELPER_LOGINS = ["yongtai_party", "yongtai_resident", "yongtai_bank_volunteer",
                 "yongtai_patrol", "partner_bank", "partner_clinic", "partner_park"]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in CARE_MODELS}


def _helped(username: str) -> int:
    return visible_households(User.objects.get(username=username)).count()


def test_seed_demo_gives_a_year_of_care_and_seeding_again_adds_nothing():
    # given the demo loaded as `make demo` loads it
    call_command("seed_demo", verbosity=0)
    counts = _counts()

    # when it is loaded again
    call_command("seed_demo", verbosity=0)

    # then no care row was added
    assert _counts() == counts

    # the register: thirty households, plans of a week, a fortnight and a month, three not paired
    today = timezone.localdate()
    households = CareHousehold.objects.annotate(last=Max("visits__visited_on"))
    assert households.count() == 30
    assert {h.visit_every_days for h in households} == {7, 14, 30}
    assert households.filter(status=HouseholdStatus.CLOSED).count() == 1
    active = households.filter(status=HouseholdStatus.ACTIVE)
    assert active.exclude(pairings__status=PairingStatus.ACTIVE).count() == 3
    # every helper login sees households of its own; the party member two or three
    assert {name: _helped(name) > 0 for name in HELPER_LOGINS} == dict.fromkeys(
        HELPER_LOGINS, True)
    assert 2 <= _helped("yongtai_party") <= 3
    # a year of visits, a few households overdue now, some with hours, some with a follow-up
    visits = Visit.objects.all()
    assert visits.order_by("visited_on").first().visited_on == datetime.date(2025, 12, 1)
    assert visits.order_by("visited_on").last().visited_on <= today
    assert visits.count() > 500
    overdue = [h for h in active
               if h.last + datetime.timedelta(days=h.visit_every_days) < today]
    assert len(overdue) == 4
    assert visits.exclude(hours=None).count() > 50
    assert visits.exclude(follow_up="").count() > 10
    # most visits' hours are in the helpers' volunteer ledgers, a few wait in staff's queue
    entries = HoursEntry.objects.filter(source__startswith="care.visit:")
    confirmed = visits.exclude(hours_entry=None)
    assert entries.count() == confirmed.count() > 50
    assert set(entries.values_list("source", flat=True)) == {
        f"care.visit:{pk}" for pk in confirmed.values_list("pk", flat=True)}
    queue = [v for v in visits.filter(hours_entry=None).exclude(hours=None)
             .select_related("pairing") if hours_are_confirmable(v)]
    assert 3 <= len(queue) <= 30
    # the older follow-ups dealt with: a few became requests or needs (linked), the others
    # done; a few recent ones are open
    assert 2 <= visits.filter(follow_up_status=FollowUpStatus.CASE,
                              case__reporter=F("household__person")).count() <= 3
    assert 1 <= visits.filter(follow_up_status=FollowUpStatus.NEED,
                              need__isnull=False).count() <= 2
    assert visits.filter(follow_up_status=FollowUpStatus.DONE).count() > 5
    old = today - datetime.timedelta(days=30)
    assert not visits.filter(follow_up_status=FollowUpStatus.OPEN, visited_on__lt=old).exists()
    assert visits.filter(follow_up_status=FollowUpStatus.OPEN).exists()
    # the festival campaigns: closed; at Spring Festival every target visited with rice and
    # oil from the store, on July 1st most of them
    spring = Campaign.objects.get(kind=CampaignKind.SPRING_FESTIVAL)
    july = Campaign.objects.get(kind=CampaignKind.JULY_FIRST)
    assert (spring.status, july.status) == (CampaignStatus.CLOSED, CampaignStatus.CLOSED)
    assert spring.targets.count() == spring.targets.filter(visit__isnull=False).count() > 20
    assert july.targets.count() - 3 == july.targets.filter(visit__isnull=False).count()
    festival = Visit.objects.filter(campaign_target__campaign=spring)
    assert Movement.objects.filter(visit__in=festival, kind=MovementKind.ISSUE).count() == (
        2 * festival.count())
    assert set(festival.values_list("kind", flat=True)) == {VisitKind.FESTIVAL}
    # a target's helper with a login logged its visit under the pairing (the partner units'
    # contacts among them); the secretary logged the others
    helped = Visit.objects.filter(kind=VisitKind.FESTIVAL, pairing__isnull=False)
    assert set(helped.values_list("recorded_by__username", flat=True)) >= {"partner_bank"}
    assert set(helped.values_list("recorded_by__username", flat=True)) <= set(HELPER_LOGINS)
    # the store: donations numbered by the ledger like any receipt (the 2020 ones in 2020), the
    # checkpoint's shifts supplied, the barriers back, stock = the ledger's sum
    community = spring.community
    serials = [f"JZ{community.pk}-{year}-{number:04d}"
               for year, number in ((2020, 1), (2020, 2), (2026, 1), (2026, 2), (2026, 3))]
    assert list(Donation.objects.order_by("received_on").values_list("serial", flat=True)) == (
        serials)
    assert donation_serial(community, 2026) == f"JZ{community.pk}-2026-0004"
    assert Movement.objects.filter(kind=MovementKind.RETURN, returns__isnull=False).exists()
    assert Movement.objects.filter(kind=MovementKind.WRITE_OFF).exists()
    checkpoint = Post.objects.get(title=CHECKPOINT)
    assert (Movement.objects.filter(kind=MovementKind.ISSUE, shift__post=checkpoint)
            .values("shift").distinct().count()) == checkpoint.shifts.count()
    for stock in Stock.objects.all():
        ledger = Movement.objects.filter(store=stock.store, item=stock.item).aggregate(
            total=Sum("quantity"))["total"]
        assert stock.quantity == ledger >= 0, stock

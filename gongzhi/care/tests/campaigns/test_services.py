"""Festival campaigns: creating one, its state machine, opening with short stock, a target's
visit issuing the goods and marking it visited exactly once, and the report."""

import datetime

import pytest

from gongzhi.care.campaigns import selectors, services
from gongzhi.care.campaigns.states import CampaignStatusRefused
from gongzhi.care.supplies.ledger import OutOfStock
from gongzhi.care.supplies.models import Movement, Stock
from gongzhi.care.tests.campaigns.factories import DAY, campaign_of_a, target_of
from gongzhi.care.visits.models import Visit
from gongzhi.care.visits.services import CampaignNotOpen, CampaignTargetVisited
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed

VISIT_DAY = DAY + datetime.timedelta(days=3)


def stock(care, item):
    return Stock.objects.get(store=care.store, item=item).quantity


@pytest.mark.django_db
def test_a_new_campaign_targets_every_active_household_each_under_its_first_pairing(world):
    care, campaign = campaign_of_a(world, open_it=False)
    targets = {t.household: t.pairing for t in campaign.targets.all()}
    assert targets == {care.household: care.pairing_volunteer, care.unpaired: None}
    assert campaign.status == "draft"
    assert [(g.item, g.quantity) for g in campaign.goods.all()] == [(care.rice, 2)]


@pytest.mark.django_db
def test_a_campaign_may_target_a_chosen_subset(world):
    care = campaign_of_a(world, open_it=False)[0]
    _care, campaign = campaign_of_a(world, open_it=False, households=[care.unpaired])
    assert [t.household for t in campaign.targets.all()] == [care.unpaired]


@pytest.mark.django_db
def test_a_household_of_another_community_cannot_be_a_target(world):
    care = campaign_of_a(world, open_it=False)[0]
    with pytest.raises(ValidationFailed) as refused:
        campaign_of_a(world, open_it=False, households=[care.household_b])
    assert "households" in refused.value.detail


@pytest.mark.django_db
def test_a_campaign_ending_before_it_starts_is_refused(world):
    care = campaign_of_a(world, open_it=False)[0]
    with pytest.raises(ValidationFailed) as refused:
        services.campaign_create(actor=world.users["staff_a"], community=world.community_a,
                                 name="七一", kind="july_first", starts_on=DAY,
                                 ends_on=DAY - datetime.timedelta(days=1), store=care.store)
    assert "ends_on" in refused.value.detail


@pytest.mark.django_db
def test_a_resident_cannot_create_a_campaign(world):
    campaign_of_a(world, open_it=False)
    with pytest.raises((NotFound, PermissionDenied)):
        services.campaign_create(actor=world.users["resident_a"], community=world.community_a,
                                 name="七一", kind="july_first", starts_on=DAY, ends_on=DAY)


@pytest.mark.django_db
def test_draft_opens_then_closes_and_neither_twice(world):
    _care, campaign = campaign_of_a(world, open_it=False)
    staff = world.users["staff_a"]
    with pytest.raises(CampaignStatusRefused):
        services.campaign_close(actor=staff, campaign=campaign)
    campaign, short = services.campaign_open(actor=staff, campaign=campaign)
    assert (campaign.status, short) == ("open", [])
    with pytest.raises(CampaignStatusRefused):
        services.campaign_open(actor=staff, campaign=campaign)
    campaign = services.campaign_close(actor=staff, campaign=campaign)
    assert campaign.status == "closed"
    with pytest.raises(CampaignStatusRefused):
        services.campaign_close(actor=staff, campaign=campaign)


@pytest.mark.django_db
def test_opening_with_short_stock_warns_and_reserves_nothing(world):
    # given 20 bags of rice and two households to receive 15 each
    care, campaign = campaign_of_a(world, rice=15, open_it=False)
    campaign, short = services.campaign_open(actor=world.users["staff_a"], campaign=campaign)
    # then it opens, naming the shortage, and the stock is untouched
    assert campaign.status == "open"
    assert [(line.item, line.stock, line.needed, line.short) for line in short] == [
        (care.rice, 20, 30, 10)]
    assert stock(care, care.rice) == 20


@pytest.mark.django_db
def test_the_helper_logs_the_visit_goods_leave_stock_and_the_target_is_visited(world):
    care, campaign = campaign_of_a(world)
    target = target_of(campaign, care.household)
    visit = services.target_visit(actor=world.users["resident_a"], target=target,
                                  visited_on=VISIT_DAY, found="身体尚好", goods={})
    assert (visit.kind, visit.campaign_target, visit.pairing) == (
        "festival", target, care.pairing_volunteer)
    assert stock(care, care.rice) == 18
    assert Movement.objects.get(visit=visit).quantity == -2
    assert selectors.progress_counts(campaign)["visited"] == 1


@pytest.mark.django_db
def test_a_target_is_visited_once_only(world):
    care, campaign = campaign_of_a(world)
    target = target_of(campaign, care.household)
    services.target_visit(actor=world.users["resident_a"], target=target, visited_on=VISIT_DAY)
    with pytest.raises(CampaignTargetVisited):
        services.target_visit(actor=world.users["staff_a"], target=target, visited_on=VISIT_DAY)
    assert Visit.objects.filter(campaign_target=target).count() == 1
    assert stock(care, care.rice) == 18


@pytest.mark.django_db
def test_quantities_are_editable_and_zero_gives_nothing(world):
    care, campaign = campaign_of_a(world)
    visit = services.target_visit(actor=world.users["staff_a"],
                                  target=target_of(campaign, care.unpaired),
                                  visited_on=VISIT_DAY, goods={care.rice.pk: 0})
    assert not Movement.objects.filter(visit=visit).exists()
    assert stock(care, care.rice) == 20
    assert visit.pairing is None  # staff visited themselves


@pytest.mark.django_db
def test_an_item_not_of_the_campaign_is_refused(world):
    care, campaign = campaign_of_a(world)
    with pytest.raises(ValidationFailed):
        services.target_visit(actor=world.users["staff_a"],
                              target=target_of(campaign, care.unpaired), visited_on=VISIT_DAY,
                              goods={care.masks.pk: 1})
    assert not Visit.objects.exists()


@pytest.mark.django_db
def test_out_of_stock_saves_nothing(world):
    care, campaign = campaign_of_a(world, rice=15)
    target = target_of(campaign, care.household)
    services.target_visit(actor=world.users["staff_a"], target=target_of(campaign, care.unpaired),
                          visited_on=VISIT_DAY)
    with pytest.raises(OutOfStock):
        services.target_visit(actor=world.users["resident_a"], target=target,
                              visited_on=VISIT_DAY)
    assert not Visit.objects.filter(campaign_target=target).exists()
    assert stock(care, care.rice) == 5


@pytest.mark.django_db
def test_a_draft_or_closed_campaign_takes_no_visit(world):
    care, campaign = campaign_of_a(world, open_it=False)
    with pytest.raises(CampaignNotOpen):
        services.target_visit(actor=world.users["staff_a"],
                              target=target_of(campaign, care.household), visited_on=VISIT_DAY)
    assert not Visit.objects.exists()


@pytest.mark.django_db
def test_a_helper_cannot_visit_a_household_they_do_not_help(world):
    care, campaign = campaign_of_a(world)
    with pytest.raises(NotFound):
        services.target_visit(actor=world.users["resident_a"],
                              target=target_of(campaign, care.unpaired), visited_on=VISIT_DAY)


@pytest.mark.django_db
def test_staff_change_who_visits_a_target(world):
    care, campaign = campaign_of_a(world)
    target = services.target_set_pairing(actor=world.users["staff_a"],
                                         target=target_of(campaign, care.household),
                                         pairing=care.pairing_unit)
    assert target.pairing == care.pairing_unit


@pytest.mark.django_db
def test_a_pairing_of_another_household_is_refused(world):
    care, campaign = campaign_of_a(world)
    with pytest.raises(ValidationFailed):
        services.target_set_pairing(actor=world.users["staff_a"],
                                    target=target_of(campaign, care.unpaired),
                                    pairing=care.pairing_unit)


@pytest.mark.django_db
def test_the_report_counts_goods_and_visits_by_helper_kind(world):
    care, campaign = campaign_of_a(world)
    services.target_visit(actor=world.users["resident_a"],
                          target=target_of(campaign, care.household), visited_on=VISIT_DAY)
    report = selectors.report(campaign)
    assert (report["total"], report["visited"], report["pending"]) == (2, 1, 1)
    assert [(row["name"], row["quantity"]) for row in report["goods"]] == [("大米", 2)]
    assert {row["kind"]: row["visits"] for row in report["by_helper_kind"]} == {
        "member": 0, "volunteer": 1, "unit": 0, "staff": 0}


@pytest.mark.django_db
def test_a_helper_sees_only_their_pending_targets(world):
    care, _campaign = campaign_of_a(world)
    mine = list(selectors.my_pending_targets(world.users["resident_a"]))
    assert [t.household for t in mine] == [care.household]
    services.target_visit(actor=world.users["resident_a"], target=mine[0], visited_on=VISIT_DAY)
    assert not selectors.my_pending_targets(world.users["resident_a"]).exists()

"""The campaign pages: staff create and open a campaign, the board, a helper's visit form and
pending list, the report (page and PDF), and who sees what."""

import datetime

import pytest
from django.urls import reverse

from gongzhi.care.campaigns import services
from gongzhi.care.campaigns.models import Campaign
from gongzhi.care.supplies.models import Stock
from gongzhi.care.tests.campaigns.factories import DAY, campaign_of_a, target_of
from gongzhi.care.tests.factories import care_of_a
from gongzhi.care.visits.models import Visit

VISIT_DAY = DAY + datetime.timedelta(days=3)


def as_user(client, world, who):
    client.force_login(world.users[who])
    return client


@pytest.mark.django_db
def test_staff_create_a_campaign_for_all_households_through_the_page(client, world):
    care = care_of_a(world)
    page = as_user(client, world, "staff_a").get(reverse("care:campaign_create"))
    assert page.status_code == 200
    response = client.post(reverse("care:campaign_create"), {
        "community": world.community_a.pk, "name": "2026年春节走访慰问",
        "kind": "spring_festival", "starts_on": "2026-01-20", "ends_on": "2026-02-10",
        "store": care.store.pk, f"goods_{care.rice.pk}": "2", f"goods_{care.masks.pk}": "",
        "targets": "all"})
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("care:campaign_board", args=[campaign.pk])
    assert campaign.targets.count() == 2
    assert [(g.item, g.quantity) for g in campaign.goods.all()] == [(care.rice, 2)]


@pytest.mark.django_db
def test_bad_dates_show_a_message_and_create_nothing(client, world):
    care = care_of_a(world)
    response = as_user(client, world, "staff_a").post(reverse("care:campaign_create"), {
        "community": world.community_a.pk, "name": "七一", "kind": "july_first",
        "starts_on": "2026-07-01", "ends_on": "2026-06-01", "store": care.store.pk,
        "targets": "all"})
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not Campaign.objects.exists()


@pytest.mark.django_db
def test_opening_with_short_stock_warns_on_the_board(client, world):
    _care, campaign = campaign_of_a(world, rice=15, open_it=False)
    response = as_user(client, world, "staff_a").post(
        reverse("care:campaign_action", args=[campaign.pk, "open"]), follow=True)
    body = response.content.decode()
    assert "库存不足" in body and "尚需 30" in body
    campaign.refresh_from_db()
    assert campaign.status == "open"


@pytest.mark.django_db
def test_the_board_shows_progress_stock_and_the_pending_filter(client, world):
    care, campaign = campaign_of_a(world)
    services.target_visit(actor=world.users["resident_a"],
                          target=target_of(campaign, care.household), visited_on=VISIT_DAY)
    url = reverse("care:campaign_board", args=[campaign.pk])
    body = as_user(client, world, "staff_a").get(url).content.decode()
    assert "已走访 1 / 2 户" in body
    assert f'data-testid="stock-{care.rice.pk}">18<' in body
    pending = client.get(url + "?pending=1").content.decode()
    assert "甲老人" in pending and "甲居民" not in pending


@pytest.mark.django_db
def test_a_helper_logs_the_visit_on_the_page_and_stock_leaves(client, world):
    care, campaign = campaign_of_a(world)
    target = target_of(campaign, care.household)
    client = as_user(client, world, "resident_a")
    assert "甲居民" in client.get(reverse("care:my_campaign_visits")).content.decode()
    url = reverse("care:campaign_visit", args=[target.pk])
    form = client.get(url)
    assert f'name="goods_{care.rice.pk}" value="2"' in form.content.decode()
    response = client.post(url, {"visited_on": VISIT_DAY.isoformat(), "visitors": "甲住户",
                                 "found": "身体尚好", f"goods_{care.rice.pk}": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("care:my_campaign_visits")
    assert Visit.objects.get(campaign_target=target).given == "大米1袋"
    assert Stock.objects.get(store=care.store, item=care.rice).quantity == 19


@pytest.mark.django_db
def test_out_of_stock_on_the_page_says_so_and_saves_nothing(client, world):
    care, campaign = campaign_of_a(world)
    target = target_of(campaign, care.household)
    # staff, who issue supplies, may give more than the campaign's quantity: not beyond stock
    response = as_user(client, world, "staff_a").post(
        reverse("care:campaign_visit", args=[target.pk]),
        {"visited_on": VISIT_DAY.isoformat(), f"goods_{care.rice.pk}": "25"})
    assert response.status_code == 200
    assert "库存不足" in response.content.decode()
    assert not Visit.objects.exists()


@pytest.mark.django_db
def test_a_helper_gives_no_more_than_the_campaigns_quantity(client, world):
    care, campaign = campaign_of_a(world)
    target = target_of(campaign, care.household)
    response = as_user(client, world, "resident_a").post(
        reverse("care:campaign_visit", args=[target.pk]),
        {"visited_on": VISIT_DAY.isoformat(), f"goods_{care.rice.pk}": "20"})
    assert response.status_code == 200
    assert "每户最多" in response.content.decode()
    assert not Visit.objects.exists()


@pytest.mark.django_db
def test_a_helper_cannot_open_the_visit_of_a_household_they_do_not_help(client, world):
    care, campaign = campaign_of_a(world)
    url = reverse("care:campaign_visit", args=[target_of(campaign, care.unpaired).pk])
    assert as_user(client, world, "resident_a").get(url).status_code == 404


@pytest.mark.django_db
def test_a_helper_cannot_see_the_board(client, world):
    _care, campaign = campaign_of_a(world)
    url = reverse("care:campaign_board", args=[campaign.pk])
    assert as_user(client, world, "resident_a").get(url).status_code == 404


@pytest.mark.django_db
def test_the_street_admin_reads_counts_without_names(client, world):
    care, campaign = campaign_of_a(world)
    services.target_visit(actor=world.users["resident_a"],
                          target=target_of(campaign, care.household), visited_on=VISIT_DAY)
    client = as_user(client, world, "street_admin")
    assert client.get(reverse("care:campaign_board", args=[campaign.pk])).status_code == 403
    body = client.get(reverse("care:campaign_report", args=[campaign.pk])).content.decode()
    assert 'data-testid="report-visited">1<' in body
    assert "大米" in body
    for name in ("甲居民", "甲老人", "甲住户", care.volunteering.resident.display_name):
        assert name not in body
    listing = client.get(reverse("care:campaign_list")).content.decode()
    assert reverse("care:campaign_report", args=[campaign.pk]) in listing


@pytest.mark.django_db
def test_an_admin_of_another_district_does_not_see_the_report(client, world):
    _care, campaign = campaign_of_a(world)
    url = reverse("care:campaign_report", args=[campaign.pk])
    assert as_user(client, world, "other_district_admin").get(url).status_code == 404


@pytest.mark.django_db
def test_the_report_prints_as_a_pdf(client, world):
    _care, campaign = campaign_of_a(world)
    response = as_user(client, world, "street_admin").get(
        reverse("care:campaign_report_pdf", args=[campaign.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_staff_change_a_targets_pairing_from_the_board(client, world):
    care, campaign = campaign_of_a(world)
    target = target_of(campaign, care.household)
    as_user(client, world, "staff_a").post(
        reverse("care:campaign_target_pairing", args=[target.pk]),
        {f"t{target.pk}-pairing": care.pairing_unit.pk})
    target.refresh_from_db()
    assert target.pairing == care.pairing_unit


@pytest.mark.django_db
def test_a_visited_target_says_so_and_a_second_visit_saves_nothing(client, world):
    care, campaign = campaign_of_a(world)
    target = target_of(campaign, care.household)
    services.target_visit(actor=world.users["resident_a"], target=target, visited_on=VISIT_DAY)
    url = reverse("care:campaign_visit", args=[target.pk])
    client = as_user(client, world, "staff_a")
    assert 'data-testid="already-visited"' in client.get(url).content.decode()
    response = client.post(url, {"visited_on": VISIT_DAY.isoformat()})
    assert "该户已记录本次慰问走访" in response.content.decode()
    assert Visit.objects.filter(campaign_target=target).count() == 1

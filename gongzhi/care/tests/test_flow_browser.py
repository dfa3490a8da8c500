"""Issue 16's festival visits as people do them: staff start a Spring Festival campaign (create
and open it through the pages), a helper logs the campaign visit on a phone (390 px) with the
goods issued from stock, and the board shows the household visited and the store's stock
lower."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongzhi.accounts.tests.factories import PASSWORD
from gongzhi.care.campaigns.models import Campaign, CampaignHousehold
from gongzhi.care.supplies.models import Stock
from gongzhi.care.tests.factories import care_of_a
from gongzhi.care.visits.models import Visit
from gongzhi.conftest import build_world

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    return context.new_page()


def log_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_spring_festival_campaign_visit_on_a_phone(browser, transactional_db, live_server,
                                                  screenshot):
    world = build_world()
    care = care_of_a(world)
    base = live_server.url
    staff, helper = phone(browser), phone(browser)
    log_in(staff, base, "staff_a")
    log_in(helper, base, "resident_a")
    today = timezone.localdate()

    # given staff start a Spring Festival campaign: two bags of rice for every household
    staff.goto(f"{base}/care/campaigns/new/")
    staff.get_by_label("活动名称").fill("2027年春节走访慰问")
    staff.get_by_label("慰问类型").select_option("spring_festival")
    staff.get_by_label("开始日期").fill(today.isoformat())
    staff.get_by_label("结束日期").fill(today.isoformat())
    staff.get_by_label("物资仓库").select_option(str(care.store.pk))
    staff.locator(f"#id_goods_{care.rice.pk}").fill("2")
    screenshot(staff, "01-new-campaign")
    staff.get_by_test_id("submit").click()
    expect(staff.get_by_test_id("campaign-status")).to_have_text("筹备中")
    staff.get_by_test_id("open").click()
    expect(staff.get_by_test_id("campaign-status")).to_have_text("进行中")
    expect(staff.get_by_test_id(f"stock-{care.rice.pk}")).to_have_text("20")
    campaign = Campaign.objects.get()
    assert campaign.targets.count() == 2

    # when the helper opens their pending visits and logs the visit to 甲居民
    helper.goto(f"{base}/care/campaigns/my-visits/")
    helper.get_by_test_id("my-target").filter(has_text="甲居民").click()
    expect(helper.locator(f"#id_goods_{care.rice.pk}")).to_have_value("2")
    helper.get_by_label("走访情况").fill("老人身体尚好，家中暖气正常")
    screenshot(helper, "02-visit-form-390")
    helper.get_by_test_id("submit").click()
    expect(helper.get_by_test_id("my-targets")).to_contain_text("没有待走访的慰问对象")

    # then the goods left the store with the visit
    target = CampaignHousehold.objects.get(campaign=campaign, household=care.household)
    visit = Visit.objects.get(campaign_target=target)
    assert visit.kind == "festival" and visit.pairing == care.pairing_volunteer
    assert Stock.objects.get(store=care.store, item=care.rice).quantity == 18

    # and the board shows the household visited and the stock lower
    staff.reload()
    expect(staff.get_by_test_id("progress-text")).to_contain_text("已走访 1 / 2 户")
    expect(staff.get_by_test_id(f"stock-{care.rice.pk}")).to_have_text("18")
    expect(staff.get_by_test_id("target-row").filter(has_text="甲居民")
           .get_by_test_id("target-visited")).to_be_visible()
    screenshot(staff, "03-board-390")

"""Browser test on a phone-sized screen: a visitor, not logged in, opens the portal, goes down
to a community's page and reads an article."""

import pytest
from playwright.sync_api import expect

from gongzhi.conftest import build_world
from gongzhi.portal.tests.public.factories import portal_world

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_visitor_reads_a_community_and_an_article_on_a_phone(browser, transactional_db,
                                                             live_server, screenshot):
    # given the shared world with community A's public sections, and a visitor on a phone
    portal_world(build_world())
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    # when they open the site's front door, they land on the portal (no login page)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="共治·社区公开", exact=True)).to_be_visible()
    screenshot(page, "1-portal-home")
    # when they follow the street, then the community
    page.get_by_role("link", name="甲街", exact=True).first.click()
    expect(page.get_by_role("heading", name="甲街", level=1)).to_be_visible()
    page.get_by_test_id("street-communities").get_by_role("link", name="甲社区").click()
    # then the community page shows its profile and sections under breadcrumbs
    expect(page.get_by_role("heading", name="甲社区", level=1)).to_be_visible()
    expect(page.get_by_test_id("breadcrumbs")).to_contain_text("首页")
    expect(page.get_by_test_id("section-problems")).to_contain_text("已更换楼道灯")
    expect(page.get_by_test_id("section-publicity")).to_contain_text("欢迎提出异议")
    # and nothing overflows the phone's width
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "2-community")
    # when they open the article
    page.get_by_role("link", name="甲社区义诊进小区").first.click()
    # then they read it
    expect(page.get_by_test_id("article")).to_contain_text("社区卫生服务中心的医生为居民量血压")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "3-article")
    context.close()

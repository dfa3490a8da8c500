"""Duty on a phone-sized screen, on the demo: staff follow the workbench's empty slots to the
board; a patrol volunteer covers a colleague's round from 换班与替班."""

import re

import pytest
from playwright.sync_api import expect

from gongzhi.core.testing import log_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def as_user(browser, base_url, username):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    log_in(page, base_url, username)
    return page


def test_staff_open_the_empty_slots_of_the_next_days_from_the_workbench(browser, demo_site,
                                                                         screenshot):
    page = as_user(browser, demo_site.url, "yongtai_staff")
    item = page.get_by_test_id("wb-item-shifts.empty")
    empty = int(item.get_by_test_id("wb-count").inner_text())
    assert empty > 0
    item.click()
    page.wait_for_load_state()
    screenshot(page, "01-board")
    # every cell shown has an empty slot, and together they are the workbench's count
    expect(page.get_by_test_id("cell-full")).to_have_count(0)
    missing = 0
    for text in page.get_by_test_id("cell-empty").all_inner_texts():
        taken, slots = map(int, re.match(r"(\d+)/(\d+)", text).groups())
        missing += slots - taken
    assert missing == empty


def test_a_volunteer_covers_a_colleagues_round(browser, demo_site, screenshot):
    page = as_user(browser, demo_site.url, "yongtai_patrol")
    page.goto(f"{demo_site.url}/activities/duty/swaps/")
    covers = page.get_by_test_id("covers")
    take = covers.get_by_role("button", name="我来替班")
    expect(take).to_have_count(1)
    screenshot(page, "01-covers")
    take.click()
    expect(page.locator(".alert-success")).to_contain_text("您已接替该班次")
    expect(page.get_by_test_id("covers").get_by_role("button", name="我来替班")).to_have_count(0)
    screenshot(page, "02-taken")

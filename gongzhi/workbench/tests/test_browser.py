"""The workbench in a phone-sized browser, one test per role on the demo: a count shown equals
the rows of the page it opens, and from there one tap reaches the action (which then leaves
the count one lower)."""

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


def count_of(page, key: str) -> int:
    return int(page.get_by_test_id(f"wb-item-{key}").get_by_test_id("wb-count").inner_text())


def open_item(page, key: str):
    page.get_by_test_id(f"wb-item-{key}").click()
    page.wait_for_load_state()


def test_staff_follow_up_an_answered_request_from_the_workbench(browser, demo_site, screenshot):
    base = demo_site.url
    page = as_user(browser, base, "yongtai_staff")
    screenshot(page, "01-workbench")
    waiting = count_of(page, "cases.follow_up")
    assert waiting > 0
    # the count opens exactly its rows
    open_item(page, "cases.follow_up")
    expect(page.get_by_test_id("case-row")).to_have_count(waiting)
    # one tap on a row reaches the follow-up form
    page.get_by_test_id("case-row").first.get_by_role("link").first.click()
    page.get_by_label("已解决", exact=True).check()
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.goto(f"{base}/")
    assert count_of(page, "cases.follow_up") == waiting - 1


def test_a_grid_worker_answers_the_request_assigned_to_them(browser, demo_site, screenshot):
    base = demo_site.url
    page = as_user(browser, base, "yongtai_grid")
    screenshot(page, "01-workbench")
    assigned = count_of(page, "cases.assigned")
    grid_open = count_of(page, "cases.grid_open")
    open_item(page, "cases.assigned")
    expect(page.get_by_test_id("case-row")).to_have_count(assigned)
    page.goto(f"{base}/")
    open_item(page, "cases.grid_open")
    expect(page.get_by_test_id("case-row")).to_have_count(grid_open)
    page.goto(f"{base}/")
    open_item(page, "cases.assigned")
    page.get_by_test_id("case-row").first.get_by_role("link").first.click()
    page.get_by_label("办理结果", exact=True).fill("已更换楼道灯泡，恢复照明。")
    page.get_by_role("button", name="提交答复").click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.goto(f"{base}/")
    assert count_of(page, "cases.assigned") == assigned - 1


def test_a_resident_votes_in_the_poll_the_workbench_lists(browser, demo_site, screenshot):
    base = demo_site.url
    page = as_user(browser, base, "yongtai_resident")
    screenshot(page, "01-workbench")
    section = page.get_by_test_id("wb-section-resident")
    polls = section.locator('[data-testid^="wb-item-poll."]')
    expect(polls).to_have_count(1)
    expect(section.locator('[data-testid^="wb-item-vote."]')).to_have_count(1)
    expect(polls.first).to_contain_text("截止")
    to_rate = count_of(page, "cases.rate")
    open_item(page, "cases.rate")
    expect(page.get_by_test_id("case-row")).to_have_count(to_rate)
    # one tap from the workbench to the poll's ballot
    page.goto(f"{base}/")
    poll_key = polls.first.get_attribute("data-testid").removeprefix("wb-item-")
    open_item(page, poll_key)
    card = page.get_by_test_id(f"my-{poll_key.replace('.', '-')}")
    card.locator('input[name="choice"]').first.check()
    card.get_by_role("button", name="提交", exact=True).click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.goto(f"{base}/")
    expect(page.get_by_test_id(f"wb-item-{poll_key}")).to_have_count(0)


def test_a_party_member_claims_an_open_post(browser, demo_site, screenshot):
    base = demo_site.url
    page = as_user(browser, base, "yongtai_party")
    screenshot(page, "01-workbench")
    open_posts = count_of(page, "posts.open")
    claims = count_of(page, "claims.mine")
    assert open_posts > 0
    open_item(page, "posts.open")
    listed = page.get_by_test_id("open-posts").locator("a")
    expect(listed).to_have_count(open_posts)
    expect(page.get_by_test_id("own-claims").locator("li")).to_have_count(claims)
    # a post not yet claimed, then claim it
    for index in range(open_posts):
        if "已认领" not in listed.nth(index).inner_text():
            listed.nth(index).click()
            break
    page.locator('[data-testid^="take-"]').first.click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.goto(f"{base}/")
    assert count_of(page, "claims.mine") == claims + 1


def test_a_partner_contact_accepts_a_request_dispatched_to_the_unit(browser, demo_site,
                                                                    screenshot):
    base = demo_site.url
    page = as_user(browser, base, "partner_bank")
    screenshot(page, "01-workbench")
    waiting = count_of(page, "cases.partner_accept")
    handling = count_of(page, "cases.partner_handle")
    assert waiting > 0
    open_item(page, "cases.partner_accept")
    expect(page.get_by_test_id("case-row")).to_have_count(waiting)
    page.get_by_test_id("case-row").first.get_by_role("link").first.click()
    page.get_by_role("button", name="接单", exact=True).click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.goto(f"{base}/")
    assert (count_of(page, "cases.partner_accept"),
            count_of(page, "cases.partner_handle")) == (waiting - 1, handling + 1)


def test_the_street_admin_opens_the_rows_behind_a_communitys_figures(browser, demo_site,
                                                                     screenshot):
    from gongzhi.places.models import Community

    base = demo_site.url
    page = as_user(browser, base, "street_admin")
    screenshot(page, "01-workbench")
    yongtai = Community.objects.get(name="永泰社区")
    row = page.get_by_test_id(f"wb-row-{yongtai.pk}")
    open_cases = int(row.get_by_test_id("wb-cell-open").inner_text())
    projects = int(row.get_by_test_id("wb-cell-projects").inner_text())
    assert open_cases > 0
    row.get_by_test_id("wb-cell-open").click()
    expect(page.get_by_test_id("case-row")).to_have_count(min(open_cases, 30))
    expect(page.get_by_test_id("case-queue")).to_contain_text(f"共 {open_cases} 件")
    page.get_by_test_id("case-row").first.get_by_role("link").first.click()
    expect(page.get_by_test_id("status")).to_be_visible()
    page.goto(f"{base}/")
    page.get_by_test_id(f"wb-row-{yongtai.pk}").get_by_test_id("wb-cell-projects").click()
    expect(page.get_by_test_id("running-project-row")).to_have_count(projects)

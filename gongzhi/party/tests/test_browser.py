"""Browser test of the in-service member's flow on the demo data of 永泰社区: a member claims a
post on a phone, staff confirm what was done, and the yearly summary shows it."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from gongzhi.core.testing import log_in
from gongzhi.party.models import Claim

pytestmark = pytest.mark.browser


def test_member_claims_staff_confirm_summary_shows_it(page, demo_site, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    base = demo_site.url

    # the in-service member claims an open post on their phone
    log_in(page, base, "yongtai_party")
    page.goto(f"{base}/party/")
    expect(page.get_by_role("heading", level=1)).to_have_text("我的报到")
    expect(page.get_by_test_id("own-status")).to_contain_text("正式党员")
    screenshot(page, "01-my-party")
    page.get_by_test_id("open-posts").get_by_role("link", name="年末社区环境整治").click()
    page.get_by_test_id("claim").click()
    expect(page.get_by_test_id("own-claim")).to_contain_text("已认领")
    screenshot(page, "02-claimed")
    claim = Claim.objects.get(post__title="年末社区环境整治")
    name = claim.member.person.name
    page.context.clear_cookies()

    # staff confirm what was done and the actual hours
    log_in(page, base, "yongtai_staff")
    page.goto(f"{base}/party/posts/{claim.post_id}/")
    claims = page.get_by_test_id("claims")
    expect(claims).to_contain_text(name)
    claims.get_by_label("服务内容").fill("清理三号楼楼道杂物")
    claims.get_by_label("实际服务时长（小时，不含路程）").fill("2.5")
    page.get_by_test_id(f"confirm-{claim.pk}").click()
    expect(claims).to_contain_text("已确认")
    claim.refresh_from_db()
    assert (claim.status, claim.hours) == ("confirmed", Decimal("2.5"))
    screenshot(page, "03-confirmed")

    # the yearly summary shows it against the member and their work unit
    page.goto(f"{base}/party/summary/?year=2026")
    row = page.get_by_test_id("member-summary").locator("tr", has_text=name)
    expect(row).to_contain_text("清理三号楼楼道杂物")
    expect(page.get_by_test_id("unit-table")).to_contain_text(claim.member.work_unit_name)
    screenshot(page, "04-summary")

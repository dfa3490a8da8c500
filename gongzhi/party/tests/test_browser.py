"""Browser test of the in-service member's flow on the demo data of 永泰社区: a member takes a
members' post's shift on a phone, staff confirm what was done, and the yearly summary (read from
the hours ledger) shows it."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from gongzhi.activities.rota.models import ShiftSignUp
from gongzhi.core.testing import log_in

pytestmark = pytest.mark.browser


def test_member_takes_a_shift_staff_confirm_summary_shows_it(page, demo_site, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    base = demo_site.url

    # the in-service member takes an open members' post's shift on their phone
    log_in(page, base, "yongtai_party")
    page.goto(f"{base}/party/")
    expect(page.get_by_role("heading", level=1)).to_have_text("我的报到")
    expect(page.get_by_test_id("own-status")).to_contain_text("正式党员")
    screenshot(page, "01-my-party")
    page.get_by_test_id("open-posts").get_by_role("link", name="年末社区环境整治").click()
    page.get_by_role("button", name="认领").click()
    expect(page.get_by_text("您已认领")).to_be_visible()
    screenshot(page, "02-taken")
    signup = ShiftSignUp.objects.select_related("shift", "volunteer__person").get(
        shift__post__title="年末社区环境整治")
    name = signup.volunteer.display_name
    page.context.clear_cookies()

    # staff confirm what was done and the actual hours on the post's page
    log_in(page, base, "yongtai_staff")
    page.goto(f"{base}/activities/posts/{signup.shift.post_id}/")
    names = page.get_by_test_id(f"signups-{signup.shift_id}")
    expect(names).to_contain_text(name)
    names.get_by_label("服务内容").fill("清理三号楼楼道杂物")
    names.get_by_label("实际服务时长（小时，不含路程）").fill("2.5")
    page.get_by_test_id(f"confirm-{signup.pk}").click()
    expect(names).to_contain_text("已确认")
    signup.refresh_from_db()
    assert (signup.status, signup.hours) == ("confirmed", Decimal("2.5"))
    screenshot(page, "03-confirmed")

    # the yearly summary shows it against the member and their work unit
    page.goto(f"{base}/party/summary/?year=2026")
    row = page.get_by_test_id("member-summary").locator("tr", has_text=name)
    expect(row).to_contain_text("清理三号楼楼道杂物")
    member = signup.volunteer.person.party_member
    expect(page.get_by_test_id("unit-table")).to_contain_text(member.work_unit_name)
    screenshot(page, "04-summary")

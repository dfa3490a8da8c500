"""Browser test: a staff member publishes a notice; a resident reads it and the count drops."""

import pytest
from playwright.sync_api import expect

from gongzhi.accounts.models import User
from gongzhi.core.testing import log_in
from gongzhi.notifications.models import Notification
from gongzhi.people.models import Person

pytestmark = pytest.mark.browser



def test_staff_notice_reaches_a_residents_inbox_and_reading_it_lowers_the_count(
        page, demo_site, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    base = demo_site.url
    # the building where the demo resident is registered as living
    building = Person.objects.select_related("flat__building").get(
        user__username="yongtai_resident").flat.building

    # a staff member opens the inbox from the bell, then the notices, and publishes one
    log_in(page, base, "yongtai_staff")
    page.get_by_test_id("inbox-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("站内消息")
    page.get_by_role("link", name="发布与查看通知").click()
    page.get_by_test_id("notice-new").click()
    page.get_by_label("标题").fill("周六上午楼道消防检查")
    page.get_by_label("正文").fill("请各户清理楼道杂物，保持消防通道畅通。")
    page.get_by_label("楼栋（可选）").select_option(label=building.name)
    screenshot(page, "01-notice-form")
    page.get_by_test_id("notice-submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("周六上午楼道消防检查")
    expect(page.locator(".alert-success")).to_contain_text("通知已发布")
    screenshot(page, "02-notice-published")

    # the resident sees the unread count in the navbar
    resident = User.objects.get(username="yongtai_resident")
    unread = Notification.objects.filter(recipient=resident, read_at__isnull=True).count()
    assert unread >= 1
    page.context.clear_cookies()
    log_in(page, base, "yongtai_resident")
    expect(page.get_by_test_id("unread-count")).to_have_text(str(unread))
    page.get_by_test_id("inbox-link").click()
    expect(page.get_by_test_id("inbox-summary")).to_have_text(f"{unread} 条未读")
    screenshot(page, "03-resident-inbox")

    # they open the new notice, and the count drops by one
    page.get_by_role("link", name="周六上午楼道消防检查").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("周六上午楼道消防检查")
    expect(page.locator(".gz-notice-body")).to_contain_text("保持消防通道畅通")
    if unread > 1:
        expect(page.get_by_test_id("unread-count")).to_have_text(str(unread - 1))
    else:
        expect(page.get_by_test_id("unread-count")).to_have_count(0)
    screenshot(page, "04-resident-read")
    assert Notification.objects.filter(recipient=resident,
                                       read_at__isnull=True).count() == unread - 1

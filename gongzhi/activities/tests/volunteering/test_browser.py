"""A volunteer on a phone: their hours, a correction they ask for and staff approve, and the
certificate that then shows the corrected hours."""

import pypdfium2
import pytest
from playwright.sync_api import expect

from gongzhi.accounts.tests.factories import PASSWORD
from gongzhi.activities.tests.volunteering.factories import volunteering_of_a
from gongzhi.activities.volunteering.models import HoursCertificate
from gongzhi.conftest import build_world

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def as_user(browser, base, username):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("您好")
    return page


def test_a_correction_reaches_the_certificate(browser, transactional_db, live_server,
                                              screenshot):
    world = build_world()
    v = volunteering_of_a(world)
    base = live_server.url
    # given the volunteer on their phone, with a 3-hour service recorded
    page = as_user(browser, base, "resident_a")
    page.goto(f"{base}/activities/my-hours/")
    expect(page.get_by_test_id("total-all")).to_have_text("3.0")
    screenshot(page, "01-my-hours")
    # when they ask to correct it to 4.5 hours
    page.get_by_text("申请更正时长").click()
    page.get_by_label("应记时长（小时）").fill("4.5")
    page.get_by_label("理由").fill("签退时忘记扫码")
    page.get_by_test_id(f"request-correction-{v.entry.pk}").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.get_by_test_id("ledger")).to_contain_text("申请更正为 4.5 小时")
    # and staff approve it from the list the workbench links to
    staff = as_user(browser, base, "staff_a")
    staff.goto(f"{base}/activities/hours/corrections/?status=pending")
    screenshot(staff, "02-corrections")
    staff.get_by_role("button", name="批准").click()
    expect(staff.locator(".alert-success")).to_contain_text("已批准")
    # then the volunteer's total and the certificate show the corrected hours
    page.goto(f"{base}/activities/my-hours/")
    expect(page.get_by_test_id("total-all")).to_have_text("4.5")
    with page.expect_response(lambda r: r.url.endswith(".pdf") or "/certificates/" in r.url):
        page.get_by_test_id("issue-certificate").click()
    certificate = HoursCertificate.objects.get()
    response = page.request.get(f"{base}/activities/certificates/{certificate.pk}/")
    document = pypdfium2.PdfDocument(response.body())
    text = document[0].get_textpage().get_text_range().replace("\r\n", "").replace(" ", "")
    assert "4.5" in text and "甲住户" in text and certificate.serial in text

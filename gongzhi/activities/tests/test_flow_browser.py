"""Issue 15's whole flow on the demo data, as people do it on a phone (390 px): a resident signs
up for a lane patrol, checks in with the code shown at the door, the organiser checks them out
and confirms the hours, and the resident's service-record certificate shows them."""

import datetime
from decimal import Decimal

import pypdfium2
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongzhi.activities.events.models import Activity, SignUp
from gongzhi.activities.volunteering.models import HoursCertificate, HoursEntry
from gongzhi.conftest import ARTIFACTS
from gongzhi.core.testing import log_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
PATROL = "老街巷安全巡查"


def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    return context.new_page()


def test_sign_up_check_in_hours_and_certificate(browser, demo_site, screenshot, request):
    base = demo_site.url
    staff, resident = phone(browser), phone(browser)
    log_in(staff, base, "yongtai_staff")
    log_in(resident, base, "yongtai_resident")
    patrol = Activity.objects.get(title=PATROL, status="published")
    assert patrol.counts_hours  # participants who are volunteers earn service hours

    # given the resident signs up from the calendar
    resident.goto(f"{base}/activities/")
    resident.get_by_test_id("calendar-activity").filter(has_text=PATROL).click()
    resident.get_by_test_id("join").click()
    expect(resident.get_by_test_id("own-signup-status")).to_have_text("已报名")

    # and the patrol begins: staff show the code at the door
    started = timezone.now() - datetime.timedelta(minutes=5)
    Activity.objects.filter(pk=patrol.pk).update(
        starts_at=started, ends_at=started + datetime.timedelta(hours=3))
    staff.goto(f"{base}/activities/{patrol.pk}/")
    staff.get_by_test_id("checkin-code").click()
    expect(staff.locator("svg.gz-checkin-svg")).to_be_visible()
    screenshot(staff, "01-code-at-the-door")
    checkin_url = staff.get_by_test_id("checkin-url").get_attribute("href")

    # when the resident's camera opens the code's URL and they check in
    resident.goto(checkin_url)
    resident.get_by_test_id("checkin-button").click()
    expect(resident.get_by_test_id("checked-in")).to_contain_text("已签到")
    screenshot(resident, "02-checked-in")

    # two hours later the organiser checks them out, ends the patrol and confirms the hours
    signup = SignUp.objects.get(activity=patrol, person__user__username="yongtai_resident")
    SignUp.objects.filter(pk=signup.pk).update(
        checked_in_at=timezone.now() - datetime.timedelta(hours=2))
    staff.goto(f"{base}/activities/{patrol.pk}/attendance/")
    row = staff.get_by_test_id("attendance-row").filter(has_text=signup.person.name)
    row.get_by_test_id("staff-checkout").click()
    expect(staff.get_by_test_id("attendance-row").filter(has_text=signup.person.name)
           .get_by_test_id("staff-checkout")).to_have_count(0)
    # hours are confirmed once the activity is over
    staff.goto(f"{base}/activities/{patrol.pk}/")
    staff.get_by_test_id("done").click()
    staff.goto(f"{base}/activities/{patrol.pk}/attendance/")
    row = staff.get_by_test_id("attendance-row").filter(has_text=signup.person.name)
    expect(row.locator("input[name=hours]")).to_have_value("2.0")
    row.get_by_test_id("confirm-hours").click()
    expect(staff.get_by_test_id("attendance-row").filter(has_text=signup.person.name)
           ).to_contain_text("时长已记录")
    screenshot(staff, "03-hours-confirmed")
    entry = HoursEntry.objects.get(signup=signup)
    assert entry.hours == Decimal("2.0") and entry.recorded_by.username == "yongtai_staff"

    # then the resident's hours show it, and so does the certificate they print
    resident.goto(f"{base}/activities/my-hours/")
    expect(resident.get_by_test_id("ledger")).to_contain_text(PATROL)
    screenshot(resident, "04-my-hours")
    with resident.expect_response(lambda response: "/certificates/" in response.url):
        resident.get_by_test_id("issue-certificate").click()
    certificate = HoursCertificate.objects.filter(
        volunteer__person__user__username="yongtai_resident").latest("pk")
    pdf = resident.request.get(f"{base}/activities/certificates/{certificate.pk}/")
    assert pdf.headers["content-type"] == "application/pdf"
    document = pypdfium2.PdfDocument(pdf.body())
    text = "".join(document[index].get_textpage().get_text_range()
                   for index in range(len(document))).replace("\r\n", "").replace(" ", "")
    assert PATROL in text and certificate.serial in text and signup.person.name in text
    assert "2.0" in text
    # the first page as an image, to look at (test-artifacts/<this test>/05-certificate.png)
    folder = ARTIFACTS / request.node.name.replace("/", "_")
    folder.mkdir(parents=True, exist_ok=True)
    document[0].render(scale=1.5).to_pil().save(folder / "05-certificate.png")

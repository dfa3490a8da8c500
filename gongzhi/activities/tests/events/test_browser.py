"""Browser test on the demo data of 永泰社区: a resident signs up on a 390 px phone, opens the
check-in URL the code at the door carries, and checks in (the lead extends it to the
certificate)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongzhi.activities.events.models import Activity, SignUp
from gongzhi.core.testing import log_in

pytestmark = pytest.mark.browser


def test_resident_signs_up_and_checks_in_with_the_code(page, demo_site, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    base = demo_site.url

    # staff show the code at the door: the URL it carries
    log_in(page, base, "yongtai_staff")
    page.goto(f"{base}/activities/planner/")
    page.get_by_test_id("planner").get_by_role("link", name="老街巷安全巡查").click()
    activity_url = page.url
    page.get_by_test_id("checkin-code").click()
    expect(page.locator("svg.gz-checkin-svg")).to_be_visible()
    screenshot(page, "01-code")
    checkin_url = page.get_by_test_id("checkin-url").get_attribute("href")
    page.context.clear_cookies()

    # the resident finds the patrol in the calendar and signs up
    log_in(page, base, "yongtai_resident")
    page.goto(f"{base}/activities/")
    page.get_by_test_id("calendar-activity").filter(has_text="老街巷安全巡查").click()
    assert page.url == activity_url
    page.get_by_test_id("join").click()
    expect(page.get_by_test_id("own-signup-status")).to_have_text("已报名")
    screenshot(page, "02-signed-up")

    # the day has come: the patrol started a few minutes ago (the code opens an hour before)
    started = timezone.now() - datetime.timedelta(minutes=5)
    Activity.objects.filter(title="老街巷安全巡查", status="published").update(
        starts_at=started, ends_at=started + datetime.timedelta(hours=2))

    # the phone's camera opens the code's URL: the activity and a big 签到 button
    page.goto(checkin_url)
    expect(page.get_by_test_id("checkin-activity")).to_have_text("老街巷安全巡查")
    page.get_by_test_id("checkin-button").click()
    expect(page.get_by_test_id("checked-in")).to_contain_text("已签到")
    screenshot(page, "03-checked-in")
    signup = SignUp.objects.get(person__user__username="yongtai_resident",
                                activity__title="老街巷安全巡查", activity__status="published")
    assert signup.status == "confirmed" and signup.checked_in_at is not None
    assert signup.checked_in_by is None

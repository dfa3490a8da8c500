"""Browser test: a resident's session expires while they type; the text survives the login."""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from gongzhi.core.testing import DEMO_PASSWORD, log_in

pytestmark = pytest.mark.browser

TEXT = "三号楼二单元楼道灯坏了一个星期，晚上老人上下楼看不见，请尽快修理。"


def test_text_typed_before_the_session_expired_comes_back_after_login(page, demo_site,
                                                                     screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    base = demo_site.url
    log_in(page, base, "yongtai_resident")

    # the resident starts a report and types a long description
    page.goto(f"{base}/casework/new/")
    page.get_by_label("问题描述").fill(TEXT)
    screenshot(page, "01-typed")

    # meanwhile the idle timeout ends the session on the server
    Session.objects.all().delete()

    # submitting sends them to the login page, which says why and that the text is kept
    page.get_by_test_id("submit-case").click()
    expect(page.get_by_test_id("login-reason")).to_have_text(
        "您的登录已过期，请重新登录；刚才填写的内容已保存，登录后会自动恢复。")
    screenshot(page, "02-login")

    # after logging in they are back on the report form with their text
    page.get_by_label("用户名").fill("yongtai_resident")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("反映问题")
    expect(page.get_by_label("问题描述")).to_have_value(TEXT)
    expect(page.get_by_text("已恢复您登录前填写的内容，请检查后提交。")).to_be_visible()
    screenshot(page, "03-restored")

    # no form leaves checking to the browser's own (browser-language) bubbles
    assert page.evaluate("Array.from(document.forms).every(form => form.noValidate)")

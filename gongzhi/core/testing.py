"""Helpers for the browser tests of every app."""

from playwright.sync_api import expect

DEMO_PASSWORD = "gongzhi-demo"


def log_in(page, base_url, username):
    """Log in through the login page as a demo account and wait for the dashboard."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("您好")

"""A street admin opens the dashboard, clicks a bar of the comparison across communities and
lands on the rows behind it; then asks for the street's monthly ledger and downloads it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongzhi.accounts.tests.factories import PASSWORD
from gongzhi.casework import services as case_services
from gongzhi.casework.tests.factories import category, dispute_of_a
from gongzhi.conftest import build_world

pytestmark = pytest.mark.browser


def test_street_admin_clicks_a_bar_to_the_rows(browser, transactional_db, live_server,
                                               screenshot):
    # given requests in A (two) and B (one), and the street admin logged in
    world = build_world()
    dispute_of_a(world)
    case_services.case_report(actor=world.users["staff_a"], category=category(world.community_a),
                              building=world.building_a1, description="屋面漏水")
    case_services.case_report(actor=world.users["staff_b"], category=category(world.community_b),
                              building=world.building_b, description="乙楼屋面漏水")
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                               timezone_id="Asia/Shanghai").new_page()
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("street_admin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    # when they open this year's dashboard
    page.goto(f"{base}/reports/?period=year")
    expect(page.get_by_test_id("value-cases_received")).to_have_text("3")
    chart = page.get_by_test_id("compare-chart")
    chart.scroll_into_view_if_needed()
    page.wait_for_function("window.echarts && echarts.getInstanceByDom("
                           "document.querySelector('[data-chart=compare]'))")
    screenshot(page, "01-dashboard")
    # and click the bar of community A (the first community by name)
    x, y = page.evaluate("""() => {
        const chart = echarts.getInstanceByDom(document.querySelector('[data-chart=compare]'));
        const data = JSON.parse(document.getElementById('dashboard-charts').textContent);
        const index = data.compare.names.indexOf('甲社区');
        return chart.convertToPixel({seriesIndex: 0}, [index, data.compare.values[index] / 2]);
    }""")
    box = chart.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    # then they land on A's requests behind the bar
    page.wait_for_url(lambda url: "/reports/rows/cases_received/" in url)
    assert f"community={world.community_a.pk}" in page.url
    expect(page.get_by_role("heading", level=1)).to_contain_text("甲社区")
    expect(page.get_by_test_id("metric-rows").locator("tbody tr")).to_have_count(2)
    screenshot(page, "02-rows")
    # when they ask for this month's ledger of the whole street, as PDF
    today = timezone.localdate()
    page.goto(f"{base}/reports/ledgers/")
    form = page.get_by_test_id("ledger-form")
    form.locator("select[name=target]").select_option(f"street-{world.street.pk}")
    form.locator("select[name=period_kind]").select_option("month")
    form.locator("select[name=year]").select_option(str(today.year))
    form.locator("select[name=month]").select_option(str(today.month))
    page.get_by_test_id("ledger-request").click()
    # then the run's page offers the finished file, and it downloads as a PDF
    download_button = page.get_by_test_id("ledger-download")
    expect(download_button).to_be_visible(timeout=30_000)
    screenshot(page, "03-ledger")
    with page.expect_download() as download_info:
        download_button.click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

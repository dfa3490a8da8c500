"""The store's keeper on a phone: a donation received with a new item, goods issued for a
checkpoint shift, the stock page and the donation receipt."""

import pypdfium2
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongzhi.accounts.tests.factories import PASSWORD
from gongzhi.activities.tests.factories import shift_of
from gongzhi.care.supplies.models import Donation
from gongzhi.care.tests.supplies.factories import supplies_of_a
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


def test_receive_issue_and_print_the_receipt(browser, transactional_db, live_server,
                                             screenshot):
    world = build_world()
    s = supplies_of_a(world)
    shift = shift_of(s.shift.post, date=timezone.localdate())  # the page offers recent shifts
    base = live_server.url
    page = as_user(browser, base, "staff_a")
    # when the keeper receives 6 bags of rice and 3 barrels of a new item, oil
    page.goto(f"{base}/care/supplies/donations/new/")
    page.get_by_label("或捐赠方名称").fill("新大新百货")
    page.locator("#id_item_0").select_option(str(s.care.rice.pk))
    page.locator("#id_quantity_0").fill("6")
    page.locator("#id_new_name_1").fill("食用油")
    page.locator("#id_new_unit_1").fill("桶")
    page.locator("#id_quantity_1").fill("3")
    screenshot(page, "01-donation-form")
    page.get_by_test_id("submit").click()
    expect(page.locator(".alert-success")).to_contain_text("收据编号")
    donation = Donation.objects.get(donor_name="新大新百货")
    # and issues all 10 boxes of masks for the checkpoint's shift
    page.goto(f"{base}/care/supplies/issue/")
    page.get_by_label("领用人").fill("甲卡点值守组")
    page.get_by_label("用于值守班次").select_option(str(shift.pk))
    page.locator("#id_item_0").select_option(str(s.care.masks.pk))
    page.locator("#id_quantity_0").fill("10")
    page.get_by_test_id("submit").click()
    expect(page.locator(".alert-success")).to_contain_text("已登记发放")
    # then the stock shows rice 26, oil 3 and masks out of stock
    page.goto(f"{base}/care/supplies/stock/")
    expect(page.get_by_test_id(f"stock-{s.care.rice.pk}")).to_have_text("26")
    expect(page.get_by_test_id(f"stock-{s.care.masks.pk}")).to_have_text("0")
    expect(page.get_by_test_id("stock-list")).to_contain_text("无库存")
    screenshot(page, "02-stock")
    page.goto(f"{base}/care/supplies/ledger/")
    expect(page.get_by_test_id("movement-list")).to_contain_text("甲卡点值守组")
    screenshot(page, "03-ledger")
    # and the receipt names the serial, the donor and the items
    response = page.request.get(f"{base}/care/supplies/donations/{donation.pk}/receipt/")
    document = pypdfium2.PdfDocument(response.body())
    text = document[0].get_textpage().get_text_range().replace("\r\n", "").replace(" ", "")
    assert donation.serial in text and "新大新百货" in text and "食用油" in text

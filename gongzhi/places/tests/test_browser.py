"""Browser test of the foundation: staff edit a flat's area inline, then switch to large text."""

import re

import pytest
from playwright.sync_api import expect

from gongzhi.core.testing import log_in
from gongzhi.places.models import Building, Flat

pytestmark = pytest.mark.browser



def test_staff_edit_a_flat_area_and_switch_to_large_text(page, demo_site, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    base = demo_site.url
    log_in(page, base, "yongtai_staff")
    screenshot(page, "01-home")

    # open the community, then a building
    page.get_by_role("link", name="永泰社区").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("永泰社区")
    building = Building.objects.filter(community__name="永泰社区",
                                       use="residential").order_by("pk").first()
    page.get_by_role("link", name=building.name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(building.name)
    screenshot(page, "02-building")

    # edit the first flat's floor area in place (HTMX), with a mistake first
    flat = Flat.objects.filter(building=building).order_by("unit__number", "floor",
                                                           "room_number").first()
    row = page.locator(f"#flat-{flat.pk}")
    row.get_by_role("link", name="编辑").click()
    area = page.get_by_label("专有部分面积（平方米）")
    area.fill("0")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(f"#flat-{flat.pk}")).to_contain_text("确保该值大于或等于1")
    screenshot(page, "03-error")
    flat.refresh_from_db()
    old_area = flat.floor_area

    page.get_by_label("专有部分面积（平方米）").fill("88.80")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(f"#flat-{flat.pk} [data-testid=floor-area]")).to_have_text("88.80")
    screenshot(page, "04-saved")
    flat.refresh_from_db()
    assert str(flat.floor_area) == "88.80" != str(old_area)

    # the change survives a reload
    page.reload()
    expect(page.locator(f"#flat-{flat.pk} [data-testid=floor-area]")).to_have_text("88.80")

    # large-text mode, kept on the account
    page.get_by_test_id("toggle-large-text").click()
    expect(page.locator("html")).to_have_class(re.compile(r"gz-large-text"))
    size = page.evaluate("getComputedStyle(document.body).fontSize")
    assert size == "20px"
    screenshot(page, "05-large-text")

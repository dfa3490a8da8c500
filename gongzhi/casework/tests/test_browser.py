"""Browser test of the main flow on a phone-sized screen: a resident reports a leaking roof with
a photo; staff dispatch it; the first handler returns it and the next accepts it; it is
answered, rated dissatisfied, reopened, answered again and rated satisfied."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from gongzhi.casework.models import Case
from gongzhi.core.testing import log_in
from gongzhi.people.models import Person

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def as_user(browser, base_url, username):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    log_in(page, base_url, username)
    return page


def act(page, url, button, *, fill=None, select=None, check=()):
    page.goto(url)
    for label, value in (fill or {}).items():
        page.get_by_label(label, exact=True).fill(value)
    for label, value in (select or {}).items():
        page.get_by_label(label, exact=True).select_option(label=value)
    for label in check:
        page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".alert-success")).to_be_visible()


def test_leaking_roof_from_report_to_satisfied(browser, demo_site, screenshot, tmp_path):
    base = demo_site.url
    photo = tmp_path / "roof.png"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 120, 200)).save(buffer, format="PNG")
    photo.write_bytes(buffer.getvalue())
    building = Person.objects.get(user__username="yongtai_resident").flat.building

    # a resident reports a leaking roof with a photo, on the phone
    resident = as_user(browser, base, "yongtai_resident")
    resident.goto(f"{base}/casework/")
    resident.get_by_test_id("report").click()
    resident.get_by_label("问题类别").select_option(label="屋面漏水")
    resident.get_by_label("楼栋").select_option(label=building.name)
    resident.get_by_label("问题描述").fill("暴雨后顶楼楼梯间天花板漏水，墙面发霉。")
    resident.get_by_label("照片").set_input_files(str(photo))
    screenshot(resident, "01-report")
    resident.get_by_test_id("submit-case").click()
    expect(resident.get_by_test_id("status")).to_have_text("待派单")
    case = Case.objects.order_by("-pk").first()
    assert case.reporter_user.username == "yongtai_resident" and case.photos.count() == 1
    expect(resident.locator("img.gz-case-photo")).to_have_count(1)
    screenshot(resident, "02-reported")
    url = f"{base}/casework/{case.pk}/"

    # staff dispatch it to the secretary, who returns it with a reason
    staff = as_user(browser, base, "yongtai_staff")
    act(staff, url, "派单", select={"承办人": "永泰书记（演示）"})
    screenshot(staff, "03-dispatched")
    secretary = as_user(browser, base, "yongtai_secretary")
    act(secretary, url, "退回", fill={"退回理由": "本周外出培训，请改派。"})
    # staff dispatch it again, to themselves, and accept it
    act(staff, url, "派单", select={"承办人": "永泰社工小陈（演示）"})
    act(staff, url, "接单")
    act(staff, url, "提交答复", fill={"办理结果": "已清理天面排水口并修补裂缝。"})

    # the resident is not satisfied: reopened
    act(resident, url, "提交评价", check=["未解决", "不满意"], fill={"意见": "还在漏"})
    expect(resident.get_by_test_id("status")).to_have_text("重办")
    screenshot(resident, "04-reopened")

    # answered again, then rated satisfied
    act(staff, url, "接单")
    act(staff, url, "提交答复", fill={"办理结果": "已重做天面防水层，雨后复查无渗漏。"})
    act(resident, url, "提交评价", check=["已解决", "满意"])
    expect(resident.get_by_test_id("status")).to_have_text("已办结")
    screenshot(resident, "05-closed")

    case.refresh_from_db()
    assert (case.status, case.reopen_count, case.is_satisfied) == ("closed", 1, True)
    assert list(case.steps.values_list("action", flat=True)) == [
        "report", "dispatch", "return", "dispatch", "accept", "answer", "follow_up", "accept",
        "answer", "follow_up"]
    steps = resident.get_by_test_id("steps").locator("li")
    expect(steps).to_have_count(10)

"""Browser test of a residents' poll: staff create and open it, a resident votes on a phone,
staff enter a paper vote that a second person checks, the poll closes and its result is
published; then staff add a photo of a posted result notice to a published owners' vote."""

import datetime
import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from gongzhi.core.testing import log_in
from gongzhi.deliberation.models import Poll, Vote
from gongzhi.people.models import Person

pytestmark = pytest.mark.browser


def test_poll_from_opening_to_publication_and_a_publicity_photo(browser, demo_site, screenshot,
                                                                tmp_path):
    base = demo_site.url
    resident = Person.objects.select_related("flat__building", "community").get(
        user__username="yongtai_resident")
    scan = tmp_path / "signed.jpg"
    Image.new("RGB", (32, 24), "white").save(scan, "JPEG")

    staff = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(staff, base, "yongtai_staff")
    staff.goto(f"{base}/deliberation/polls/new/")
    staff.get_by_label("社区").select_option(label=resident.community.name)
    staff.get_by_label("楼栋").select_option(label=resident.flat.building.name)
    staff.get_by_label("投票事项").fill("浏览器测试：楼下花坛改种果树")
    staff.get_by_label("截止日期").fill((datetime.date.today()
                                      + datetime.timedelta(days=10)).isoformat())
    staff.get_by_role("button", name="保存草稿").click()
    expect(staff.get_by_test_id("status")).to_have_text("草稿")
    staff.get_by_role("button", name="开始投票").click()
    expect(staff.get_by_test_id("status")).to_have_text("投票中")
    poll = Poll.objects.get(title="浏览器测试：楼下花坛改种果树")

    # the resident finds it from “我的业主表决” → “我的居民投票” and votes on a phone
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    log_in(phone, base, "yongtai_resident")
    phone.goto(f"{base}/deliberation/my-votes/")
    phone.get_by_test_id("my-polls-link").click()
    card = phone.get_by_test_id(f"my-poll-{poll.pk}")
    card.get_by_label("同意").check()
    card.get_by_role("button", name="提交").click()
    expect(phone.get_by_test_id(f"my-poll-{poll.pk}")).to_contain_text("您已投票")
    screenshot(phone, "poll-01-resident-voted")

    # a paper vote, checked by a second person
    staff.reload()
    paper = staff.get_by_test_id("poll-paper-form")
    paper.get_by_label("选择", exact=True).select_option(label="反对")
    paper.get_by_label("选票扫描件").set_input_files(scan)
    paper.get_by_role("button", name="录入，待复核").click()
    secretary = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(secretary, base, "yongtai_secretary")
    secretary.goto(f"{base}/deliberation/polls/{poll.pk}/")
    secretary.locator("[data-testid^=poll-check-]").get_by_role(
        "button", name="复核无误，计入").click()
    expect(secretary.locator("[data-testid^=poll-check-]")).to_have_count(0)

    staff.reload()
    # closing before the deadline asks for a confirmation that states the turnout
    expect(staff.get_by_test_id("early-close")).to_be_visible()
    staff.get_by_label("我已了解参与情况，确认提前截止").check()
    staff.get_by_role("button", name="提前截止投票").click()
    expect(staff.get_by_test_id("status")).to_have_text("已截止")
    staff.get_by_role("button", name="公示结果").click()
    expect(staff.get_by_test_id("status")).to_have_text("已公示")
    expect(staff.get_by_test_id("poll-verdict")).to_be_visible()
    screenshot(staff, "poll-02-published")
    assert Poll.objects.get(pk=poll.pk).result["voted"] == 2

    # a photo of the posted notice of the published roof vote
    vote = Vote.objects.filter(status="published").order_by("pk").first()
    photo = tmp_path / "board.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 100, 80)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())
    before = vote.publicity_photos.count()
    staff.goto(f"{base}/deliberation/votes/{vote.pk}/")
    form = staff.get_by_test_id("publicity-photo-form")
    form.get_by_label("张贴日期").fill(datetime.date.today().isoformat())
    form.get_by_label("张贴地点").fill("浏览器测试宣传栏")
    form.get_by_label("照片（JPEG/PNG/WebP）").set_input_files(photo)
    form.get_by_role("button", name="上传公示照片").click()
    expect(staff.get_by_test_id("publicity-photos")).to_contain_text("浏览器测试宣传栏")
    assert vote.publicity_photos.count() == before + 1
    screenshot(staff, "poll-03-publicity-photo")

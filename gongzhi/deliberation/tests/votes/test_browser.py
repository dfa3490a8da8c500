"""Browser test of an elevator vote: staff open it, an owner votes on a phone, staff enter a
paper ballot (checked by a second person) and a proxy, close and publish it with each flat's
cost share, and an objection is logged and answered."""

import datetime
import struct
import zlib

import pytest
from playwright.sync_api import expect

from gongzhi.core.testing import log_in
from gongzhi.deliberation.models import Vote
from gongzhi.people.models import Ownership, Person

pytestmark = pytest.mark.browser


def tiny_png(path):
    """A valid 1×1 PNG, standing in for the scan of a signed paper form."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0,
                                                                             0, 0))
                     + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))
    return path


def test_elevator_vote_from_opening_to_an_answered_objection(browser, demo_site, screenshot,
                                                             tmp_path):
    base = demo_site.url
    resident = Person.objects.select_related("flat__building", "flat__unit").get(
        user__username="yongtai_resident")
    building, unit = resident.flat.building, resident.flat.unit
    own_flat = Ownership.objects.filter(person=resident, ended_on__isnull=True,
                                        flat__unit=unit).select_related("flat").first().flat
    scan = tiny_png(tmp_path / "signed-form.png")

    # staff open an elevator vote for the resident's unit
    staff = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(staff, base, "yongtai_staff")
    staff.goto(f"{base}/deliberation/votes/new/")
    staff.get_by_label("楼栋").select_option(label=building.name)
    staff.get_by_label("单元", exact=True).select_option(label=f"{building.name} {unit.number}单元")
    staff.get_by_label("表决事项").fill("浏览器测试：加装电梯")
    staff.get_by_label("民法典第278条第一款事项").select_option("7")
    staff.get_by_label("加装电梯", exact=True).check()
    staff.get_by_label("截止日期").fill((datetime.date.today()
                                      + datetime.timedelta(days=30)).isoformat())
    staff.get_by_label("费用总额（元）").fill("600000")
    staff.get_by_role("button", name="保存草稿").click()
    expect(staff.get_by_test_id("status")).to_have_text("草稿")
    staff.get_by_role("button", name="开始投票").click()
    expect(staff.get_by_test_id("status")).to_have_text("投票中")
    vote = Vote.objects.get(title="浏览器测试：加装电梯")
    screenshot(staff, "01-opened")

    # the owner votes on a phone-sized screen
    owner = browser.new_page(viewport={"width": 390, "height": 844})
    log_in(owner, base, "yongtai_resident")
    owner.goto(f"{base}/deliberation/my-votes/")
    card = owner.get_by_test_id(f"my-vote-{vote.pk}")
    # before voting, the owner sees what is decided: the cost and this flat's share
    expect(card.get_by_test_id("cost-total")).to_contain_text("费用总额 600000.00 元")
    expect(card.locator("[data-testid^=my-share-]")).to_contain_text("应分摊")
    card.get_by_label("同意").check()
    card.get_by_role("button", name="提交表决票").click()
    expect(owner.get_by_test_id(f"my-vote-{vote.pk}")).to_contain_text("同意")
    screenshot(owner, "02-owner-voted")

    # staff enter a paper ballot for the first other flat; a second person checks it
    staff.reload()
    rooms = [opt for opt in staff.locator("#paper-elector option").all_inner_texts()]
    paper_room, proxy_room = [room for room in rooms if room != own_flat.room_number][:2]
    paper = staff.get_by_test_id("paper-form")
    paper.get_by_label("房屋").select_option(label=paper_room)
    paper.get_by_label("签名业主").fill("纸票业主（演示）")
    paper.get_by_label("表决意见").select_option(label="同意")
    paper.get_by_label("表决票扫描件").set_input_files(scan)
    paper.get_by_role("button", name="录入，待复核").click()
    expect(staff.get_by_test_id(f"check-{paper_room}")).to_be_visible()

    secretary = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(secretary, base, "yongtai_secretary")
    secretary.goto(f"{base}/deliberation/votes/{vote.pk}/")
    secretary.get_by_test_id(f"check-{paper_room}").get_by_role(
        "button", name="复核无误，计入").click()
    expect(secretary.get_by_test_id(f"check-{paper_room}")).to_have_count(0)

    # and a proxy, with the written authorisation, who votes for the owner
    staff.reload()
    proxy = staff.get_by_test_id("proxy-form")
    proxy.get_by_label("房屋").select_option(label=proxy_room)
    proxy.get_by_label("委托业主").fill("委托业主（演示）")
    proxy.get_by_label("受托人").fill("受托亲属（演示）")
    proxy.get_by_label("书面委托书").set_input_files(scan)
    proxy.get_by_role("button", name="登记委托").click()
    proxy_ballot = staff.get_by_test_id(f"proxy-ballot-{proxy_room}")
    proxy_ballot.get_by_label("表决意见").select_option(label="反对")
    proxy_ballot.get_by_role("button", name="录入代理表决").click()
    screenshot(staff, "03-ballots-entered")
    assert vote.ballots.filter(superseded_by__isnull=True).count() == 3

    # the vote closes, the result and each flat's share are published
    # closing before the deadline asks for a confirmation that states the turnout
    expect(staff.get_by_test_id("early-close")).to_be_visible()
    staff.get_by_label("我已了解参与情况，确认提前截止").check()
    staff.get_by_role("button", name="提前截止投票").click()
    expect(staff.get_by_test_id("status")).to_have_text("已截止")
    staff.get_by_role("button", name="公示结果").click()
    expect(staff.get_by_test_id("status")).to_have_text("已公示")
    expect(staff.get_by_test_id("verdict")).to_have_text("未通过")
    expect(staff.get_by_test_id(f"share-{own_flat.room_number}")).not_to_be_empty()
    screenshot(staff, "04-published")

    # an objection is logged on the owner's behalf and answered
    staff.get_by_label("代为登记异议").fill("我家的面积登记有误，应为 72 平方米。")
    staff.get_by_role("button", name="登记异议").click()
    staff.get_by_test_id("objection").get_by_label("答复").fill("已核对不动产登记，面积无误。")
    staff.get_by_test_id("objection").get_by_role("button", name="答复").click()
    expect(staff.get_by_test_id("objection")).to_contain_text("已核对不动产登记，面积无误。")
    screenshot(staff, "05-objection-answered")

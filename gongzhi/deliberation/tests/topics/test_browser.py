"""Browser test of a consultation: a resident proposes a topic on a phone, staff accept it and
schedule a meeting, the resident signs in, staff record minutes and an outcome with dissent,
publish it, carry it out as a task, publish the feedback, and the resident rates the result."""

import datetime

import pytest
from playwright.sync_api import expect

from gongzhi.core.testing import log_in
from gongzhi.deliberation.topics.models import Topic, TopicRating

pytestmark = pytest.mark.browser


def test_a_consultation_from_proposal_to_rating(browser, demo_site, screenshot):
    base = demo_site.url

    # a resident proposes a topic on a phone-sized screen
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    log_in(phone, base, "yongtai_resident")
    phone.goto(f"{base}/deliberation/topics/")
    phone.get_by_test_id("propose").click()
    phone.get_by_label("议题", exact=True).fill("浏览器测试：楼下加装晾衣架")
    phone.get_by_label("内容与理由").fill("楼下空地没有晾衣的地方，建议加装公共晾衣架。")
    screenshot(phone, "01-propose-phone")
    phone.get_by_test_id("submit-topic").click()
    expect(phone.get_by_test_id("status")).to_have_text("待审议")
    topic = Topic.objects.get(title="浏览器测试：楼下加装晾衣架")
    topic_url = f"{base}/deliberation/topics/{topic.pk}/"

    # staff accept it and schedule a meeting, invite the resident and send the notice
    staff = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(staff, base, "yongtai_staff")
    staff.goto(topic_url)
    staff.get_by_role("button", name="受理", exact=True).click()
    expect(staff.get_by_test_id("status")).to_have_text("已受理")
    staff.get_by_role("link", name="安排议事会议", exact=True).click()
    starts = datetime.datetime.now() + datetime.timedelta(days=3)
    staff.get_by_label("时间").fill(starts.strftime("%Y-%m-%dT19:30"))
    staff.get_by_label("地点").fill("党群服务中心一楼")
    staff.get_by_label("议程").fill("介绍需求\n讨论位置\n表决")
    staff.get_by_test_id("submit-meeting").click()
    staff.get_by_label("身份").select_option("resident_rep")
    staff.get_by_label("账号或共建单位").select_option(label="永泰居民小王（演示）")
    staff.get_by_role("button", name="邀请", exact=True).click()
    staff.get_by_role("button", name="发出通知", exact=True).click()
    expect(staff.get_by_test_id("meeting-status")).to_have_text("已通知")
    meeting_url = staff.url

    # the resident signs in on the phone
    phone.goto(meeting_url)
    phone.get_by_test_id("sign-in").click()
    expect(phone.get_by_test_id("signed-in")).to_be_visible()
    screenshot(phone, "02-signed-in-phone")

    # staff enter a walk-in from the paper sheet, record the minutes and the outcome
    staff.reload()
    for name in ("楼下住户老陈", "一楼住户老林"):
        staff.get_by_label("登记到场人员（未受邀）").fill(name)
        staff.get_by_role("button", name="登记签到", exact=True).click()
        expect(staff.get_by_test_id("sign-ins")).to_contain_text(name)
    staff.get_by_label("纪要", exact=True).fill("大家同意在空地东侧装晾衣架，一户担心遮挡窗户。")
    staff.get_by_role("button", name="保存纪要", exact=True).click()
    expect(staff.get_by_test_id("minutes")).to_contain_text("同意在空地东侧")
    staff.goto(topic_url)
    expect(staff.get_by_test_id("status")).to_have_text("协商中")
    staff.get_by_label("协商结果").fill("在空地东侧加装两组公共晾衣架。")
    staff.get_by_label("赞成").fill("2")
    staff.get_by_label("反对").fill("1")
    staff.get_by_label("弃权").fill("0")
    staff.get_by_label("不同意见").fill("一楼住户担心晾衣架遮挡窗户采光。")
    staff.get_by_role("button", name="记录结果", exact=True).click()
    expect(staff.get_by_test_id("dissent")).to_contain_text("遮挡窗户")
    expect(staff.get_by_test_id("counts")).to_have_text("赞成 2 · 反对 1 · 弃权 0")
    staff.get_by_role("button", name="公开结果", exact=True).click()
    expect(staff.get_by_test_id("status")).to_have_text("结果已公开")

    # carried out as a task, done, and the result published back
    staff.get_by_label("任务", exact=True).fill("采购并安装晾衣架")
    staff.get_by_label("责任人或单位").select_option(label="永泰社工小陈（演示）")
    staff.get_by_label("完成时限").fill((datetime.date.today()
                                      + datetime.timedelta(days=14)).isoformat())
    staff.get_by_role("button", name="添加任务", exact=True).click()
    expect(staff.get_by_test_id("status")).to_have_text("落实中")
    staff.get_by_placeholder("完成情况").fill("已安装两组晾衣架")
    staff.get_by_role("button", name="标记完成", exact=True).click()
    expect(staff.get_by_test_id("tasks")).to_contain_text("已完成")
    staff.get_by_label("落实情况（公开给参与各方）").fill("晾衣架已装好，避开了一楼窗户。")
    staff.get_by_role("button", name="公开落实情况", exact=True).click()
    expect(staff.get_by_test_id("status")).to_have_text("已反馈")
    screenshot(staff, "03-feedback-desktop")

    # the resident reads the result and rates it on the phone
    phone.goto(topic_url)
    expect(phone.get_by_test_id("dissent")).to_contain_text("遮挡窗户")
    phone.get_by_text("4 分").click()
    phone.get_by_label("评价", exact=True).fill("很方便")
    phone.get_by_role("button", name="提交评价", exact=True).click()
    expect(phone.get_by_test_id("own-rating")).to_contain_text("4 分")
    screenshot(phone, "04-rated-phone")
    assert list(TopicRating.objects.filter(topic=topic).values_list("score", flat=True)) == [4]

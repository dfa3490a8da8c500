"""Browser test of the main co-building flow, on the demo data of 永泰社区.

Staff raise a need, pick the suggested resource; the bank's contact accepts it in their own
view; the project is created and staff publish its result.
"""

import pytest
from playwright.sync_api import expect

from gongzhi.cobuilding.models import Match, Need, Project
from gongzhi.core.testing import log_in

pytestmark = pytest.mark.browser



def log_out(page):
    page.context.clear_cookies()


def test_need_matched_accepted_and_published(page, demo_site, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    base = demo_site.url

    # staff raise a need
    log_in(page, base, "yongtai_staff")
    page.goto(f"{base}/cobuilding/")
    expect(page.get_by_role("heading", level=1)).to_have_text("共建清单")
    screenshot(page, "01-board")
    page.get_by_role("link", name="登记需求").click()
    page.get_by_label("需求", exact=True).fill("防范电信诈骗进楼栋")
    page.get_by_label("类别").select_option(label="平安建设")
    page.get_by_label("说明").fill("三号楼的老人接到冒充公检法的电话，想请人来讲讲怎样识别骗局")
    page.get_by_label("受益对象").fill("60岁以上独居老人")
    page.get_by_label("预计人数").fill("30")
    page.get_by_role("button", name="登记并查看推荐资源").click()

    # the bank's anti-fraud talk is suggested first, with its reasons
    suggestions = page.get_by_test_id("suggestions")
    expect(suggestions.locator(".gz-suggestion").first).to_contain_text("防诈骗宣传讲座")
    expect(suggestions.locator(".gz-suggestion").first).to_contain_text("共同关键词")
    screenshot(page, "02-suggestions")
    page.get_by_test_id("propose-1").click()
    expect(page.get_by_test_id("need-status")).to_have_text("待单位回复")
    need = Need.objects.get(title="防范电信诈骗进楼栋")
    match = Match.objects.get(need=need)
    assert match.resource.unit.name == "建设银行科技园支行" and match.reasons
    log_out(page)

    # the bank's contact accepts it in their own view
    log_in(page, base, "partner_bank")
    page.goto(f"{base}/cobuilding/")
    pending = page.get_by_test_id("pending-matches")
    expect(pending).to_contain_text("防范电信诈骗进楼栋")
    expect(page.locator("body")).not_to_contain_text("老人测血压和慢病咨询")  # the clinic's
    screenshot(page, "03-partner")
    item = pending.locator(".list-group-item", has_text="防范电信诈骗进楼栋")
    item.get_by_role("button", name="接受").click()
    expect(page.get_by_test_id("project-status")).to_have_text("实施中")
    project = Project.objects.get(needs=need)
    assert project.lead_unit.name == "建设银行科技园支行"
    page.get_by_label("进展").fill("已约定下周三在三号楼下开讲")
    page.get_by_role("button", name="记录进展").click()
    expect(page.locator("body")).to_contain_text("已约定下周三在三号楼下开讲")
    milestones = page.get_by_test_id("milestones")
    milestones.get_by_label("节点").fill("三号楼下讲座")
    milestones.get_by_role("button", name="添加节点").click()
    expect(page.get_by_test_id("milestones")).to_contain_text("三号楼下讲座")
    page.get_by_test_id("milestones").get_by_role("button", name="标记完成").click()
    expect(page.get_by_test_id("milestones")).to_contain_text("完成于")
    log_out(page)

    # staff publish the result
    log_in(page, base, "yongtai_staff")
    page.goto(f"{base}/cobuilding/projects/{project.pk}/")
    page.get_by_role("link", name="公开成效").click()
    page.get_by_label("成效").fill("讲座一场，32位老人参加，现场演练挂断可疑电话")
    page.get_by_label("居民评价").fill("老人们说讲得实在")
    page.get_by_label("公开摘要").fill("建设银行科技园支行党员为三号楼老人讲防骗")
    page.get_by_role("button", name="公开").click()
    expect(page.get_by_test_id("project-status")).to_have_text("已完成")
    expect(page.get_by_test_id("project-result")).to_contain_text("32位老人参加")
    screenshot(page, "04-published")
    need.refresh_from_db()
    project.refresh_from_db()
    assert (need.status, project.status) == ("done", "finished")
    assert project.published_at is not None
    log_out(page)

    # a resident of the community rates the published project
    log_in(page, base, "yongtai_resident")
    # (the residents' list of projects moved to the public portal in issue 17: the old address
    # leads to the community's finished projects there, with a 评价 link for residents)
    page.goto(f"{base}/cobuilding/community-projects/")
    projects = page.get_by_test_id("section-projects")
    projects.locator("li", has_text="防范电信诈骗进楼栋").get_by_role("link", name="评价").click()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("意见（选填，不公开姓名）").fill("讲得清楚")
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_test_id("section-projects")).to_contain_text("1 人评价")
    screenshot(page, "05-rated")
    assert list(project.evaluations.values_list("rating", "comment")) == [(4, "讲得清楚")]

"""A year of 永泰社区's consultation topics and co-building needs and projects, so that the
dashboards' trends have something in every month. The other seeders already give requests,
activities and attendance, service hours and care visits month by month over the past year;
their topics and co-building rows all fall in the last few weeks.

Each month from eleven months ago to last month gets a topic raised by residents (most are
deliberated online, decided and published; some are declined with a reason) and a need of the
community; every quarter one of those needs becomes a project led by a partner unit, with
its milestones done. Everything goes through the apps' services (topic steps with the demo's
own dates); a need's and a project's creation date, which those services set to now, is moved
back afterwards, as the topics seeder does for its topics. Seeding again adds nothing (a row
is written only if its title is not there yet)."""

import datetime

from django.db import transaction
from django.utils import timezone

from gongzhi.accounts.models import User
from gongzhi.cobuilding import services as cobuilding
from gongzhi.cobuilding.models import Need, Project
from gongzhi.deliberation.topics import services as topics
from gongzhi.deliberation.topics.models import Topic
from gongzhi.organisations.models import PartnerUnit

# (title, description, decision or None when declined, reason/outcome, for, against, abstain)
TOPICS = [
    ("楼道堆放杂物的清理约定", "多栋楼楼道长期堆放纸箱旧家具，影响通行和消防安全。",
     True, "各楼栋每月第一个周六集中清理，楼长牵头，社区提供清运车辆。", 15, 1, 2),
    ("长者饭堂延长供餐时间", "部分长者希望晚餐也能在饭堂就餐。",
     True, "试行周一至周五晚餐供应，三个月后根据就餐人数评估。", 21, 0, 3),
    ("电动自行车集中充电点选址", "楼道充电存在火灾隐患，建议设置集中充电点。",
     True, "在社区东侧空地设置集中充电棚，楼道内禁止充电。", 18, 3, 1),
    ("社区篮球场夜间开放", "年轻居民希望篮球场晚上开放到十点。",
     False, "球场紧邻居民楼，夜间开放噪音影响休息；可延长至晚上八点半。", 0, 0, 0),
    ("福寿里巷口增设减速带", "巷口车辆速度快，老人和小孩过马路危险。",
     True, "向交警部门申请增设减速带和警示标志，社区协助提交材料。", 19, 0, 1),
    ("楼顶晾晒区管理", "部分楼顶被个别住户占用搭建，其他住户无法晾晒。",
     True, "拆除楼顶私搭物品，楼顶晾晒区由楼栋住户共同使用，楼长负责钥匙管理。", 12, 2, 2),
    ("社区图书室周末开放", "上班族希望周末也能借书。",
     True, "图书室周六上午开放，由大学生志愿者值守。", 17, 0, 0),
    ("在公共绿地养鸡", "有住户提议在绿地角落养几只鸡。",
     False, "公共绿地不得饲养家禽，存在卫生和防疫隐患。", 0, 0, 0),
    ("仁安巷垃圾投放点调整", "投放点靠近住户窗口，夏季气味大。",
     True, "投放点移至巷口空地，定时定点投放，保洁员每天两次清运。", 16, 2, 1),
    ("老楼楼梯加装扶手", "高龄住户上下楼困难，建议在楼梯加装扶手。",
     True, "先在八十岁以上长者较多的五栋楼试点，费用由微改造资金承担。", 22, 0, 1),
    ("社区停车收费", "有人提议对社区内临时停车收费。",
     False, "社区道路不属于停车场，收费须经有关部门审批；先加强巡查劝导。", 0, 0, 0),
]

# (title, category, description, lead unit or None)
NEEDS = [
    ("独居长者冬季探访", "hardship", "为独居长者送去棉被和取暖用品。", "建设银行科技园支行"),
    ("春节慰问困难家庭", "hardship", "为困难家庭准备节日慰问品。", None),
    ("长者慢病管理讲座", "health", "高血压、糖尿病长者的用药和饮食指导。", None),
    ("清明文明祭扫宣传", "governance", "宣传文明祭扫和防火安全。", "黄花岗公园"),
    ("防溺水安全课", "safety", "暑期前为社区儿童讲防溺水知识。", None),
    ("老年人智能手机课堂", "culture", "教长者用手机挂号、缴费、视频通话。", None),
    ("暑期儿童托管志愿者", "culture", "暑期托管需要辅导作业的志愿者。", "黄花小学"),
    ("社区法律咨询", "legal", "邻里纠纷、赡养、继承等法律问题咨询。", None),
    ("重阳节长者体检", "health", "为八十岁以上长者安排免费体检。", None),
    ("消防安全演练", "safety", "组织居民学习使用灭火器和疏散。", "黄花派出所"),
    ("困难家庭子女助学", "hardship", "为困难家庭子女提供学习用品和辅导。", None),
]


def _day(now: datetime.datetime, months_ago: int, day: int) -> datetime.datetime:
    """10:00 on `day` of the month `months_ago` before now's month."""
    year, month = now.year, now.month - months_ago
    while month < 1:
        year, month = year - 1, month + 12
    return now.replace(year=year, month=month, day=day, hour=10, minute=0, second=0,
                       microsecond=0)


def _seed_topic(community, entry, *, when, resident, staff, secretary) -> None:
    title, description, accepted, text, votes_for, votes_against, votes_abstain = entry
    days = datetime.timedelta(days=1)
    topic = topics.topic_propose(actor=resident, community=community, title=title,
                                 description=description, now=when)
    if not accepted:
        topics.topic_decline(actor=secretary, topic=topic, reason=text, now=when + 2 * days)
    else:
        topics.topic_accept(actor=secretary, topic=topic, now=when + days,
                            note="属于社区公共事务，同意受理。")
        topics.topic_notify(actor=staff, topic=topic, now=when + 2 * days,
                            note="在公告栏和楼栋群通知相关居民，征求意见。")
        topics.topic_deliberate(actor=staff, topic=topic, now=when + 5 * days,
                                note="在楼栋群和议事厅听取居民意见。")
        topics.topic_record_outcome(
            actor=staff, topic=topic, outcome=text, votes_for=votes_for,
            votes_against=votes_against, votes_abstain=votes_abstain,
            dissent="少数居民担心影响自家出行，建议先试行。" if votes_against else "",
            now=when + 9 * days)
        topics.topic_publish(actor=secretary, topic=topic, now=when + 10 * days,
                             note="结果已在社区公告栏公开。")
    # a topic was proposed when its first step says, not when the demo was loaded
    Topic.objects.filter(pk=topic.pk).update(created_at=when)


def _seed_need(community, entry, *, when, staff, units) -> None:
    title, category, description, unit_name = entry
    need = cobuilding.need_create(actor=staff, community=community, title=title,
                                  category=category, description=description)
    Need.objects.filter(pk=need.pk).update(created_at=when)
    unit = units.get(unit_name)
    if unit is None:
        return
    project = cobuilding.project_create_for_needs(
        actor=staff, lead_unit=unit, title=title, needs=[need],
        plan=f"由{unit.name}牵头，社区组织居民参与。")
    Project.objects.filter(pk=project.pk).update(created_at=when + datetime.timedelta(days=7))
    for offset, step in ((10, "确定方案和时间"), (20, "组织实施")):
        milestone = cobuilding.milestone_create(
            actor=staff, project=project, title=step,
            due_on=(when + datetime.timedelta(days=offset)).date())
        cobuilding.milestone_done(actor=staff, milestone=milestone,
                                  done_on=(when + datetime.timedelta(days=offset)).date())


@transaction.atomic
def seed_year(community, *, now=None) -> None:
    now = timezone.localtime(now or timezone.now())
    staff = User.objects.get(username="yongtai_staff")
    secretary = User.objects.get(username="yongtai_secretary")
    resident = User.objects.filter(username="yongtai_resident").first() or staff
    units = {unit.name: unit for unit in PartnerUnit.objects.filter(community=community)}
    for index, entry in enumerate(TOPICS, start=1):  # eleven months ago .. last month
        if not Topic.objects.filter(community=community, title=entry[0]).exists():
            _seed_topic(community, entry, when=_day(now, 12 - index, 6),
                        resident=resident, staff=staff, secretary=secretary)
    for index, entry in enumerate(NEEDS, start=1):
        if not Need.objects.filter(community=community, title=entry[0]).exists():
            _seed_need(community, entry, when=_day(now, 12 - index, 3), staff=staff,
                       units=units)

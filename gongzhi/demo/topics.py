"""Demo consultation topics in 永泰社区: a lane's micro-renovation (微改造) deliberated with a
partner unit at a meeting, decided with dissent and carried out as a co-building project; a
leaking roof reported by a resident that became the owners' roof-repair vote; a declined
topic with its reason; and a fresh proposal waiting for screening. All people are fictional."""

import datetime

from django.db import transaction
from django.utils import timezone

from gongzhi.accounts.models import User
from gongzhi.casework.models import Case
from gongzhi.deliberation.topics import services
from gongzhi.deliberation.topics.models import Topic
from gongzhi.deliberation.votes.models import Vote
from gongzhi.organisations.models import PartnerUnit


@transaction.atomic
def seed_topics(community, *, now=None) -> None:
    if Topic.objects.filter(community=community).exists():
        return
    now = now or timezone.now()
    staff = User.objects.get(username="yongtai_staff")
    secretary = User.objects.get(username="yongtai_secretary")
    resident = User.objects.filter(username="yongtai_resident").first() or staff
    bank = User.objects.filter(username="partner_bank").first()
    park = (PartnerUnit.objects.filter(community=community, name="黄花岗公园").first()
            or PartnerUnit.objects.filter(community=community).order_by("name").first())
    days = datetime.timedelta(days=1)

    # 1. micro-renovation of a lane: meeting with a partner unit, outcome with dissent,
    # carried out as a co-building project
    lane = services.topic_propose(
        actor=resident, community=community, title="永泰社区东侧小巷微改造",
        description="小巷路面坑洼、雨天积水，晚上照明不足，老人出行不便。建议重铺路面、"
                    "增设路灯和扶手，并在巷口设置休息座椅。", now=now - 30 * days)
    services.topic_accept(actor=secretary, topic=lane, now=now - 28 * days,
                          note="属于社区公共空间改造，党委会和居委会联席会议同意受理。")
    meeting = services.meeting_schedule(
        actor=staff, topic=lane, title="小巷微改造议事会", starts_at=now - 20 * days,
        place="永泰社区党群服务中心二楼会议室",
        agenda="介绍微改造初步方案\n听取居民和共建单位意见\n对方案进行表决",
        now=now - 27 * days)
    services.invitee_add(actor=staff, meeting=meeting, kind="resident_rep", user=resident)
    if park is not None:
        services.invitee_add(actor=staff, meeting=meeting, kind="partner_unit",
                             partner_unit=park)
    for kind, name in [("party_member", "在职党员代表"), ("owners_committee", "巷内楼栋业主代表"),
                       ("stakeholder", "巷口商户代表"), ("resident_rep", "居民代表（楼长）")]:
        services.invitee_add(actor=staff, meeting=meeting, kind=kind, name=name)
    services.meeting_notify(actor=staff, meeting=meeting, now=now - 25 * days,
                            note="方案图纸已在公告栏张贴。")
    services.sign_in_self(actor=resident, meeting=meeting, now=now - 20 * days)
    for invitee in meeting.invitees.exclude(user=resident):
        services.sign_in_record(actor=staff, meeting=meeting, invitee=invitee,
                                now=now - 20 * days)
    for name in ["居民甲（巷内住户）", "居民乙（巷内住户）", "居民丙（巷内住户）"]:
        services.sign_in_record(actor=staff, meeting=meeting, name=name, now=now - 20 * days)
    services.meeting_record_minutes(
        actor=staff, meeting=meeting, now=now - 20 * days,
        minutes="社区介绍了重铺透水砖、增设 6 盏路灯和扶手的方案。公园代表表示可提供"
                "园林工人协助绿化并捐赠两张休息座椅。多数居民赞成；一户临巷住户担心施工噪音"
                "和灰尘，要求避开午休时间施工。")
    services.topic_record_outcome(
        actor=staff, topic=lane, meeting=meeting, now=now - 19 * days,
        outcome="同意按方案实施小巷微改造：重铺透水砖路面、增设路灯和扶手、巷口设休息座椅；"
                "施工避开 12:00–14:30 午休时间。",
        votes_for=7, votes_against=1, votes_abstain=1,
        dissent="临巷一户住户反对：担心施工噪音和灰尘影响家中病人休息。")
    services.topic_publish(actor=secretary, topic=lane, now=now - 18 * days,
                           note="结果已在社区公告栏和网上公开。")
    if park is not None:
        services.topic_project_create(actor=staff, topic=lane, lead_unit=park,
                                      plan="公园园林工人协助绿化，捐赠休息座椅；路面和路灯由"
                                           "街道微改造资金实施。", now=now - 15 * days)
    services.task_create(actor=staff, topic=lane,
                         description="联系施工队，确定避开午休的施工时间表",
                         deadline=timezone.localdate(now) + 7 * days, owner_user=staff,
                         now=now - 15 * days)
    services.topic_progress(actor=staff, topic=lane, now=now - 5 * days,
                            note="路面重铺已完成一半，路灯已进场安装。")

    # 2. a leaking roof reported by a resident becomes the owners' roof-repair vote
    roof_vote = Vote.objects.filter(community=community, item_number=5,
                                    title__contains="屋面").order_by("pk").first()
    cases = Case.objects.filter(community=community, category__name="屋面漏水",
                                topics__isnull=True)
    case = None
    if roof_vote is not None:
        case = cases.filter(building=roof_vote.building).order_by("-created_at").first()
    case = case or cases.filter(reporter_user=resident).first() or cases.first()
    if case is not None:
        roof = services.topic_create_from_case(actor=staff, case=case, kind="owners",
                                               item_number=5)
        services.topic_accept(actor=secretary, topic=roof, now=now - 12 * days,
                              note="屋面防水层整体老化，需使用专项维修资金，属业主共同决定事项（民法典第二百七十八条第一款第五项）。")
        services.topic_notify(actor=staff, topic=roof, now=now - 11 * days,
                              note="维修方案和预算已在楼道张贴，请业主查阅并参加表决。")
        services.topic_deliberate(actor=staff, topic=roof, now=now - 10 * days,
                                  note="在楼栋微信群和楼道听取业主意见。")
        if roof_vote is not None and roof_vote.building_id == roof.building_id:
            services.topic_vote_link(actor=staff, topic=roof, vote=roof_vote)
            if roof_vote.status == "published":
                services.topic_record_outcome(
                    actor=staff, topic=roof,
                    outcome="业主表决通过使用专项维修资金重做屋面防水层。"
                    if roof_vote.result.get("passed") else "业主表决未通过，继续协商。",
                    dissent="少数业主认为应先由原施工单位保修。")
                services.topic_publish(actor=staff, topic=roof)
        else:
            services.topic_vote_create(actor=staff, topic=roof,
                                       closes_on=timezone.localdate(now) + 20 * days)

    # 3. a declined topic, with the reason the proposer sees
    declined = services.topic_propose(
        actor=resident, community=community, title="把社区活动室改作私人棋牌室",
        description="活动室白天人少，建议租给个人开棋牌室，收入用于社区。", now=now - 8 * days)
    services.topic_decline(actor=secretary, topic=declined, now=now - 7 * days,
                           reason="社区活动室是公共服务场所，不能出租作营利性棋牌经营；"
                                  "可在活动室开放时间内组织居民棋类活动。")

    # 4. a fresh proposal from a partner unit, waiting for screening
    services.topic_propose(actor=bank or staff, community=community,
                           title="在社区设置反诈骗宣传角",
                           description="建议在党群服务中心一楼设置反诈骗宣传角，"
                                       "银行党员每月轮值讲解。", now=now - days)
    # a demo topic was proposed when its first step says, not when the demo was loaded
    for topic in Topic.objects.filter(community=community):
        first = topic.steps.order_by("created_at", "pk").first()
        Topic.objects.filter(pk=topic.pk).update(created_at=first.created_at)

"""Demo co-building data of 永泰社区: the partner units named in the 2020 report and what they
really did with the community (anti-fraud outreach, health clinics, patriotic education in the
park, festival visits to households in difficulty, supplies in the epidemic). Liaison names are
fictional. Idempotent: run it again and nothing is duplicated.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from gongzhi.accounts.choices import Role
from gongzhi.accounts.models import RoleAssignment, User
from gongzhi.cobuilding import services
from gongzhi.cobuilding.models import Need, Resource
from gongzhi.demo.accounts import DEMO_PASSWORD
from gongzhi.organisations import services as partner_services
from gongzhi.organisations.models import Agreement, PartnerContact, PartnerUnit

# name, kind, party organisation, fictional liaison, offers
UNITS = [
    ("建设银行科技园支行", "bank", "建行黄花岗科技园支行党支部", "周经理（演示）",
     "防诈骗宣传、金融知识讲座、慰问环卫工人、捐赠防疫物资"),
    ("街社区卫生服务中心", "health", "街社区卫生服务中心党支部", "林医生（演示）",
     "定期健康义诊、测血压血糖、慢病咨询、控烟宣传"),
    ("黄花岗公园", "park", "黄花岗公园党支部", "陈科长（演示）",
     "爱国主义教育活动、主题党日场地、防疫铁马和物资"),
    ("黄花小学", "school", "黄花小学党支部", "吴老师（演示）",
     "学生上门探访慰问困难群众、党员到测温卡点轮值"),
    ("农林下路小学", "school", "农林下路小学党支部", "郑老师（演示）",
     "春节、七一慰问困难群众"),
    ("新大新百货", "shop", "新大新百货党支部", "黄主管（演示）", "节日慰问物资、志愿者"),
    ("黄花派出所", "police", "黄花派出所党支部", "刘警官（演示）",
     "结对帮扶困难群众、反诈和治安宣传"),
    ("区商务局", "bureau", "区商务局机关党支部", "何科员（演示）",
     "党员代表慰问困难群众、疫情卡点轮值"),
    ("区国资委", "bureau", "区国资委机关党支部", "梁科员（演示）", "党员先锋到测温卡点轮值"),
]

# unit, title, kind, category, capacity, description
RESOURCES = [
    ("建设银行科技园支行", "防诈骗宣传讲座", "talk", "safety", 60,
     "支行党员讲解电信诈骗、养老诈骗、冒充公检法的常见套路，教老人识别骗局、保护存款"),
    ("建设银行科技园支行", "慰问环卫工人与捐赠抗疫物资", "supplies", "hardship", 40,
     "口罩、消毒液、慰问品，送给在社区工作的环卫工人"),
    ("街社区卫生服务中心", "社区健康义诊", "clinic", "health", 80,
     "医务人员到社区义诊：免费测血压、测血糖，老年人慢病咨询和用药指导"),
    ("街社区卫生服务中心", "控烟宣传", "talk", "health", 100,
     "在黄花岗公园门前普及烟草危害，劝导戒烟"),
    ("黄花岗公园", "爱国主义教育主题党日", "venue", "party", 50,
     "园内爱国主义教育活动，可供社区党员开展主题党日和组织生活"),
    ("黄花岗公园", "防疫铁马和物资", "supplies", "safety", None,
     "疫情期间借出铁马、提供防疫物资，设置卡点"),
    ("黄花小学", "学生上门探访困难群众", "volunteers", "hardship", 20,
     "党支部组织学生上门探访慰问困难家庭和独居老人"),
    ("农林下路小学", "春节七一慰问困难群众", "supplies", "hardship", 30,
     "党支部在春节、七一走访慰问困难群众，送慰问金和慰问品"),
    ("黄花派出所", "结对帮扶与反诈宣传", "volunteers", "safety", 30,
     "民警结对帮扶困难群众，入户提醒防范诈骗"),
    ("区商务局", "党员代表慰问困难群众", "volunteers", "hardship", 20,
     "机关党员代表走访慰问困难群众"),
    ("区国资委", "测温卡点党员轮值", "volunteers", "safety", 10,
     "派出党员先锋在社区测温卡点日夜轮值"),
    ("新大新百货", "节日慰问物资", "supplies", "hardship", 50, "节日慰问品和生活用品"),
]

# unit, venue, staff-days a year, money a year, expertise, supplies, days until the agreement
# ends (the park's is due for renewal within 30 days)
AGREEMENTS = {
    "建设银行科技园支行": ("支行二楼会议室", 24, "5000", "金融知识、防诈骗", "防疫物资、慰问品",
                          300),
    "街社区卫生服务中心": ("", 48, None, "义诊、慢病管理、控烟", "", 240),
    "黄花岗公园": ("园内爱国主义教育基地", 6, None, "红色讲解", "防疫铁马", 20),
    "黄花小学": ("学校礼堂（假期）", 20, None, "", "", 400),
    "农林下路小学": ("", 10, "3000", "", "节日慰问品", 400),
    "新大新百货": ("", 8, None, "", "节日慰问品、生活用品", 200),
    "黄花派出所": ("", 24, None, "反诈、治安", "", 330),
    "区商务局": ("", 12, None, "", "", 330),
    "区国资委": ("", 12, None, "", "", 330),
}

# Partner contacts' logins besides the bank's (accounts.demo): (username, name, unit).
CONTACTS = [
    ("partner_clinic", "卫生中心联络人林医生（演示）", "街社区卫生服务中心"),
    ("partner_park", "公园联络人陈科长（演示）", "黄花岗公园"),
]

# title, category, affected, people, description
NEEDS = {
    "fraud": ("独居老人防诈骗宣传", "safety", "60岁以上独居老人", 45,
              "近期有老人接到冒充公检法的诈骗电话，需要上门或集中讲解防骗知识"),
    "clinic": ("老人测血压和慢病咨询", "health", "40栋居民楼的老年居民", 70,
               "老年人多，希望每月有医生来社区测血压、血糖"),
    "festival": ("春节走访困难家庭", "hardship", "低保、低收入和困难家庭", 25,
                 "春节前走访慰问辖内困难群众"),
    "party_day": ("党员主题党日活动场地", "party", "社区党员", 40,
                  "七一前组织社区党员开展主题党日"),
    "epidemic": ("测温卡点防疫物资和人手", "safety", "社区各出入口测温卡点", 8,
                 "疫情期间卡点缺铁马、防疫物资，需要单位派人日夜轮值"),
    "legal": ("老人遗嘱和赡养法律咨询", "legal", "60岁以上老人", 15,
              "不少老人问遗嘱、房产继承和子女赡养的问题"),
}

# Fictional residents who rate the finished projects (no login password: they only appear as
# ratings, without names).
RATERS = [("demo_rater_1", 5, "讲得实在，学会了挂断可疑电话。"),
          ("demo_rater_2", 4, "希望多来几次，楼下老人都想听。"),
          ("demo_rater_3", 5, "")]


def _need(actor, community, key) -> tuple[Need, bool]:
    title, category, affected, people, description = NEEDS[key]
    need = Need.objects.filter(community=community, title=title).first()
    if need is not None:
        return need, False
    return services.need_create(actor=actor, community=community, title=title,
                                category=category, affected=affected, people_count=people,
                                description=description), True


def _contact_user(username, display_name, community):
    user, created = User.objects.get_or_create(username=username,
                                               defaults={"display_name": display_name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    RoleAssignment.objects.get_or_create(user=user, role=Role.PARTNER_CONTACT,
                                         level="community", community=community)
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now())
    return user


def _rate(project, community) -> None:
    for username, rating, comment in RATERS:
        rater, created = User.objects.get_or_create(
            username=username, defaults={"display_name": "居民（演示）"})
        if created:
            rater.set_unusable_password()
            rater.save()
        RoleAssignment.objects.get_or_create(user=rater, role=Role.RESIDENT, level="community",
                                             community=community)
        if not project.evaluations.filter(resident=rater).exists():
            services.evaluation_submit(actor=rater, project=project, rating=rating,
                                       comment=comment)


@transaction.atomic
def seed_cobuilding(places: dict) -> None:
    community = places["yongtai"]
    actor = User.objects.get(username="yongtai_secretary")
    units = {}
    for name, kind, party_organisation, liaison, offers in UNITS:
        unit = PartnerUnit.objects.filter(community=community, name=name).first()
        if unit is None:
            unit = partner_services.unit_create(actor=actor, community=community, name=name,
                                                kind=kind,
                                                party_organisation=party_organisation,
                                                liaison_name=liaison, offers=offers)
        units[name] = unit
    today = timezone.localdate()
    for name, unit in units.items():
        if Agreement.objects.filter(unit=unit).exists():
            continue
        venue, staff_days, money, expertise, supplies, days_left = AGREEMENTS[name]
        ends_on = today + datetime.timedelta(days=days_left)
        terms = {"venue": venue, "staff_days": staff_days, "money": money,
                 "expertise": expertise, "supplies": supplies, "cadence": "quarterly",
                 "community_liaison": "永泰社区党委委员（演示）", "unit_liaison": unit.liaison_name,
                 "commitments": unit.offers}
        if name == "建设银行科技园支行":
            # the bank's first two-year agreement ended and was renewed
            first = partner_services.agreement_create(
                actor=actor, unit=unit, title=f"永泰社区与{name}共建协议（首期）",
                starts_on=ends_on - datetime.timedelta(days=365 * 3),
                ends_on=ends_on - datetime.timedelta(days=365), **terms)
            partner_services.agreement_review(
                actor=actor, agreement=first,
                note="防诈骗讲座每季度一场，慰问和物资按约到位，双方同意续签。",
                reviewed_on=first.ends_on - datetime.timedelta(days=20))
            renewal = partner_services.agreement_renew(actor=actor, agreement=first,
                                                       starts_on=first.ends_on + datetime.timedelta(
                                                           days=1), ends_on=ends_on)
            partner_services.agreement_update(actor=actor, agreement=renewal,
                                              data={"title": f"永泰社区与{name}共建协议"})
            continue
        partner_services.agreement_create(actor=actor, unit=unit, title=f"永泰社区与{name}共建协议",
                                          starts_on=ends_on - datetime.timedelta(days=365 * 2),
                                          ends_on=ends_on, **terms)
    resources = {}
    for unit_name, title, kind, category, capacity, description in RESOURCES:
        resource = Resource.objects.filter(unit=units[unit_name], title=title).first()
        if resource is None:
            resource = services.resource_create(
                actor=actor, unit=units[unit_name], title=title, kind=kind, category=category,
                capacity=capacity, description=description)
        resources[title] = resource
    if not Resource.objects.filter(community=community, unit__isnull=True).exists():
        services.resource_create(
            actor=actor, community=community, offered_by_member="在职党员 律师（演示）",
            title="法律咨询", kind="skills", category="legal", capacity=10,
            description="在职党员律师每月一次为老人解答遗嘱、继承、赡养等法律问题")

    bank_user = User.objects.filter(username="partner_bank").first()
    if bank_user is not None:
        partner_services.contact_bind(actor=actor, user=bank_user, unit=units["建设银行科技园支行"])
    for username, display_name, unit_name in CONTACTS:
        user = _contact_user(username, display_name, community)
        partner_services.contact_bind(actor=actor, user=user, unit=units[unit_name])

    def contact_of(unit):
        return PartnerContact.objects.filter(unit=unit).select_related("user").first().user

    # the bank's anti-fraud talks: done, published and rated by residents
    need, created = _need(actor, community, "fraud")
    if created:
        match = services.match_propose(actor=actor, need=need,
                                       resource=resources["防诈骗宣传讲座"], score="0.82",
                                       reasons=["类别相同（平安建设）", "共同关键词：诈骗、老人"])
        bank = contact_of(units["建设银行科技园支行"])
        project = services.match_respond(actor=bank, match=match, accept=True)
        for title, days in (("确定场地和时间", -40), ("一号至二十号楼讲座", -25),
                            ("二十一号至四十号楼讲座", -10)):
            milestone = services.milestone_create(actor=bank, project=project, title=title,
                                                  due_on=today + datetime.timedelta(days=days))
            services.milestone_done(actor=bank, milestone=milestone,
                                    done_on=today + datetime.timedelta(days=days))
        services.report_create(actor=bank, project=project,
                               text="两场讲座共45位老人参加，楼长通知到各楼栋。")
        project = services.project_publish(
            actor=actor, project=project,
            result="支行党员分两场讲解常见骗局，发放防骗手册，老人现场演练挂断可疑电话。",
            summary="建设银行科技园支行为社区独居老人开展防诈骗宣传。",
            evaluation="参加的老人表示学到了实用的防骗方法。")
        _rate(project, community)

    # the health centre's monthly clinics: running, with milestones ahead
    need, created = _need(actor, community, "clinic")
    if created:
        match = services.match_propose(actor=actor, need=need,
                                       resource=resources["社区健康义诊"], score="0.78",
                                       reasons=["类别相同（医疗健康）", "共同关键词：血压、老人"])
        clinic = contact_of(units["街社区卫生服务中心"])
        project = services.match_respond(actor=clinic, match=match, accept=True)
        done = services.milestone_create(actor=clinic, project=project, title="第一次义诊",
                                         due_on=today - datetime.timedelta(days=5))
        services.milestone_done(actor=clinic, milestone=done, done_on=done.due_on)
        for title, days in (("第二次义诊和慢病建档", 25), ("第三次义诊和控烟宣传", 55)):
            services.milestone_create(actor=clinic, project=project, title=title,
                                      due_on=today + datetime.timedelta(days=days))
        services.report_create(actor=clinic, project=project,
                               text="首次义诊在居委会门前开展，为62位老人测了血压、血糖。")

    # festival visits: two schools and a bureau answer one need in one project
    need, created = _need(actor, community, "festival")
    if created:
        matches = [services.match_propose(actor=actor, need=need, resource=resources[title])
                   for title in ("学生上门探访困难群众", "春节七一慰问困难群众",
                                 "党员代表慰问困难群众")]
        project = services.project_create(
            actor=actor, community=community, title="春节走访慰问困难家庭", matches=matches,
            lead_unit=units["农林下路小学"],
            plan="腊月二十前摸清名单；两所小学党支部带学生上门，商务局党员代表送慰问品。")
        services.milestone_create(actor=actor, project=project, title="核实困难家庭名单",
                                  due_on=today + datetime.timedelta(days=10))

    # the epidemic checkpoints: the park lent barriers and supplies
    need, created = _need(actor, community, "epidemic")
    if created:
        match = services.match_propose(actor=actor, need=need,
                                       resource=resources["防疫铁马和物资"], score="0.7",
                                       reasons=["类别相同（平安建设）"])
        park = contact_of(units["黄花岗公园"])
        project = services.match_respond(actor=park, match=match, accept=True)
        services.report_create(actor=park, project=project,
                               text="公园送来铁马20个和一批口罩、消毒液，卡点当天搭好。")
        project = services.project_publish(
            actor=actor, project=project,
            result="各出入口卡点设好铁马，防疫物资到位；单位党员先锋日夜轮值测温。",
            summary="黄花岗公园为社区测温卡点提供铁马和防疫物资。")
        _rate(project, community)

    # still open: the park's patriotic-education venue and a party member's legal advice fit
    _need(actor, community, "party_day")
    _need(actor, community, "legal")

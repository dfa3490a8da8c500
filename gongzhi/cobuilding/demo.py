"""Demo co-building data of 永泰社区: the partner units named in the 2020 report and what they
really did with the community (anti-fraud outreach, health clinics, patriotic education in the
park, festival visits to households in difficulty, supplies in the epidemic). Liaison names are
fictional. Idempotent: run it again and nothing is duplicated.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from gongzhi.accounts.models import User
from gongzhi.cobuilding import services
from gongzhi.cobuilding.models import Agreement, Need, PartnerContact, PartnerUnit, Resource

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

# title, category, affected, people, description, resource to match, finished result
NEEDS = [
    ("独居老人防诈骗宣传", "safety", "60岁以上独居老人", 45,
     "近期有老人接到冒充公检法的诈骗电话，需要上门或集中讲解防骗知识",
     "防诈骗宣传讲座", "支行党员分两场讲解常见骗局，发放防骗手册，老人现场演练挂断可疑电话。"),
    ("老人测血压和慢病咨询", "health", "40栋居民楼的老年居民", 70,
     "老年人多，希望每月有医生来社区测血压、血糖", "社区健康义诊", None),
    ("春节走访困难家庭", "hardship", "低保、低收入和困难家庭", 25,
     "春节前走访慰问辖内困难群众", None, None),
    ("党员主题党日活动场地", "party", "社区党员", 40, "七一前组织社区党员开展主题党日",
     None, None),
]


@transaction.atomic
def seed_cobuilding(places: dict) -> None:
    community = places["yongtai"]
    actor = User.objects.get(username="yongtai_secretary")
    units = {}
    for name, kind, party_organisation, liaison, offers in UNITS:
        unit = PartnerUnit.objects.filter(community=community, name=name).first()
        if unit is None:
            unit = services.unit_create(actor=actor, community=community, name=name, kind=kind,
                                        party_organisation=party_organisation,
                                        liaison_name=liaison, offers=offers)
        units[name] = unit
    today = timezone.localdate()
    for name, unit in units.items():
        if not Agreement.objects.filter(unit=unit).exists():
            services.agreement_create(
                actor=actor, unit=unit, title=f"永泰社区与{name}共建协议",
                starts_on=datetime.date(today.year - 1, 7, 1),
                ends_on=datetime.date(today.year + 1, 6, 30),
                commitments=unit.offers, cadence="quarterly")
    resources = {}
    for unit_name, title, kind, category, capacity, description in RESOURCES:
        resource = Resource.objects.filter(unit=units[unit_name], title=title).first()
        if resource is None:
            resource = services.resource_create(
                actor=actor, unit=units[unit_name], title=title, kind=kind, category=category,
                capacity=capacity, description=description)
        resources[title] = resource

    bank_user = User.objects.filter(username="partner_bank").first()
    if bank_user is not None:
        services.contact_bind(actor=actor, user=bank_user, unit=units["建设银行科技园支行"])

    for title, category, affected, people, description, resource_title, result in NEEDS:
        if Need.objects.filter(community=community, title=title).exists():
            continue
        need = services.need_create(actor=actor, community=community, title=title,
                                    category=category, affected=affected, people_count=people,
                                    description=description)
        if resource_title is None:
            continue
        resource = resources[resource_title]
        match = services.match_propose(actor=actor, need=need, resource=resource, score="0.8",
                                       reasons=["演示数据：社区与该单位已长期合作"])
        contact = PartnerContact.objects.filter(unit=resource.unit).first()
        if contact is None:
            continue  # stays proposed: the unit has no login yet
        project = services.match_respond(actor=contact.user, match=match, accept=True)
        services.report_create(actor=actor, project=project,
                               text="已确定时间和地点，楼长通知到各楼栋。")
        if result:
            services.project_publish(actor=actor, project=project, result=result,
                                     summary=f"{resource.unit.name}为社区老人开展{resource.title}。",
                                     evaluation="参加的老人表示学到了实用的防骗方法。")

"""Demo care of 永泰社区 (结对帮扶), from the community's report of 2020 (/work/shared/seed): the
partner units paired with households in difficulty (the police station, the bank, the schools'
branches, the bureau's members), visits at Spring Festival and on July 1st, and the epidemic
supplies the park and the bank gave to the temperature checkpoint.

- about thirty households in difficulty from the people demo's residents (those flagged in
  difficulty, low income or disabled, living alone, aged 80 and over), each with its care plan
  (a visit every 7, 14 or 30 days), registered through the register's services;
- pairings with the partner units, the demo party member (three households), other party
  members and the volunteers who have a login, so that every helper login has households of its
  own; a few households are not paired yet, one pairing ended, one household's care closed;
- a year of visits (December 2025 to today) that follow each plan, a few households now overdue,
  some visits with a follow-up or with the helper's hours. Most of the hours of visits made by
  a member or a volunteer are confirmed into their volunteer ledger (the last fortnight's and a
  few more wait in staff's queue); of the follow-ups older than a month, two or three became
  resident requests (walked to their answer), one or two co-building needs, the others were
  marked done; the recent ones are open;
- the community's store: the park's and the bank's epidemic supplies of February 2020 received
  (with their receipts' serials), issued to each shift of the checkpoint rota (activities_rota),
  the barriers returned, the expired disinfectant written off; the festival goods of 2026
  received and given out on the two festival campaigns' visits.

Every write goes through the care services, as a user would make it: the register's, the
supplies ledger's (stores, items, donations, issues, returns, write-offs), the campaigns'
(create, open, who visits a target, the target's visit, close) and the visits' (visit_record,
follow-ups, hours), as the demo secretary, or as the helper's own login for a festival visit
under a pairing whose helper has one. Dates are passed to the services as their `today`/`now`.
Deterministic (a seeded random); idempotent: run it again and nothing is added.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongzhi.accounts.models import User
from gongzhi.activities.rota.models import Post
from gongzhi.activities.volunteering.choices import VolunteerStatus
from gongzhi.activities.volunteering.models import Volunteer
from gongzhi.care.campaigns import services as campaign_services
from gongzhi.care.campaigns.choices import CampaignKind
from gongzhi.care.campaigns.models import CampaignHousehold
from gongzhi.care.register import helpers
from gongzhi.care.register import services as register_services
from gongzhi.care.register.choices import Difficulty, HelperKind
from gongzhi.care.register.models import CareHousehold, Pairing
from gongzhi.care.supplies import services as supplies_services
from gongzhi.care.supplies.choices import ItemKind, WriteOffReason
from gongzhi.care.supplies.models import Item, Store
from gongzhi.care.visits import services as visit_services
from gongzhi.care.visits.choices import VisitKind
from gongzhi.care.visits.rules import hours_are_confirmable
from gongzhi.casework import services as casework_services
from gongzhi.casework.models import Category as CaseCategory
from gongzhi.demo.activities_rota import CHECKPOINT
from gongzhi.demo.people import TODAY as PEOPLE_DAY
from gongzhi.organisations.choices import MemberKind
from gongzhi.organisations.models import Member, PartnerUnit
from gongzhi.people.choices import SensitiveFlag
from gongzhi.people.models import Person, PersonFlag
from gongzhi.people.services import flag_token

HOUSEHOLDS = 30
VISITS_FROM = datetime.date(2025, 12, 1)
STORE = ("社区物资仓库", "居委会一楼储物间", "社工小陈")

# name, unit, kind
ITEMS = {
    "masks": ("医用口罩", "盒", ItemKind.EPIDEMIC),
    "disinfectant": ("消毒液", "桶", ItemKind.EPIDEMIC),
    "barriers": ("铁马", "个", ItemKind.BARRIER),
    "rice": ("大米", "袋", ItemKind.VISIT_GOODS),
    "oil": ("食用油", "桶", ItemKind.VISIT_GOODS),
}
# donor unit, received on, lines, note (the ledger gives each receipt its serial)
DONATIONS = [
    ("黄花岗公园", datetime.date(2020, 1, 31),
     [("barriers", 20), ("masks", 60), ("disinfectant", 20)], "疫情防控：设测温卡点用"),
    ("建设银行科技园支行", datetime.date(2020, 2, 3),
     [("masks", 100), ("disinfectant", 30)], "建行党支部捐赠抗疫物资"),
    ("新大新百货", datetime.date(2026, 1, 26),
     [("rice", 20), ("oil", 20)], "春节慰问困难群众"),
    ("农林下路小学", datetime.date(2026, 1, 29),
     [("rice", 15), ("oil", 15)], "党支部春节慰问物资"),
    ("区商务局", datetime.date(2026, 6, 19),
     [("rice", 30), ("oil", 30)], "“七一”慰问困难群众"),
]
CHECKPOINT_RECIPIENT = "东门测温卡点值班组"

# the report's pairs: units whose party members visit households in difficulty
UNITS = ["黄花派出所", "建设银行科技园支行", "黄花小学", "农林下路小学", "区商务局",
         "街社区卫生服务中心", "黄花岗公园"]
# who a unit's visit is made by, as the visit log writes it
UNIT_VISITORS = {
    "黄花派出所": "黄花派出所社区民警",
    "建设银行科技园支行": "建行科技园支行党员",
    "黄花小学": "黄花小学党支部师生",
    "农林下路小学": "农林下路小学党支部党员",
    "区商务局": "区商务局党员代表",
    "街社区卫生服务中心": "街社区卫生服务中心医生",
    "黄花岗公园": "黄花岗公园党支部党员",
}
UNIT_GOALS = {
    "黄花派出所": "每月上门一次，提醒防范诈骗，关注居住安全",
    "建设银行科技园支行": "节日慰问，帮助办理养老金、医保等金融业务",
    "黄花小学": "党支部组织学生每学期上门探访两次",
    "农林下路小学": "春节、七一上门慰问，送慰问品",
    "区商务局": "党员代表每季度走访慰问，反映困难诉求",
    "街社区卫生服务中心": "每月上门测血压血糖，指导用药",
    "黄花岗公园": "节日慰问，邀请参加园内活动",
}
PERSON_GOALS = ["每两周上门探望，帮助解决生活中的实际困难", "定期上门陪伴聊天，代购生活用品",
                "陪同就医复诊，帮忙整理医保报销单据", "电话问候为主，每月至少上门一次"]

# what makes a household one in difficulty: the words of its profile, by difficulty
DETAILS = {
    Difficulty.ELDERLY_ALONE: ["{age}岁，独自居住，子女在外地工作，每月回来一两次。",
                               "{age}岁，老伴去世后独居，住{floor}楼，楼栋没有电梯，上下楼吃力。",
                               "{age}岁，独居，患高血压，记性变差，常忘记吃药。"],
    Difficulty.EMPTY_NEST: ["{age}岁，与老伴同住，子女均在外地。",
                            "{age}岁，夫妻二人都有慢性病，子女在国外工作。"],
    Difficulty.DISABLED: ["肢体残疾，出门需坐轮椅，住{floor}楼，下楼要邻居帮忙。",
                          "视力残疾，独自出门不便。",
                          "听力残疾，与人交流需要写字或用手机打字。"],
    Difficulty.LOW_INCOME: ["家庭人均收入低于本市低收入标准，已纳入低收入家庭。",
                            "享受最低生活保障，靠低保金和零工收入维持生活。",
                            "下岗后无固定收入，配偶长期患病。"],
    Difficulty.SERIOUS_ILLNESS: ["患尿毒症，每周三次透析，医疗费用负担重。",
                                 "去年确诊肿瘤，正在化疗，家中积蓄基本用完。",
                                 "中风后半身不遂，需要家人长期照护。"],
    Difficulty.SPECIAL_HARDSHIP: ["无劳动能力、无生活来源、无法定赡养人，纳入特困人员供养。",
                                  "无子女，配偶去世，本人无收入来源。"],
    Difficulty.OTHER: ["家中去年遭遇火灾，部分家具电器损毁。",
                       "子女患精神疾病，需要长期照护，家庭压力大。"],
}
NEEDS = {
    Difficulty.ELDERLY_ALONE: ["定期上门探望，检查水电煤气",
                               "代购日常用品，陪同到卫生服务中心复诊"],
    Difficulty.EMPTY_NEST: ["有人常来聊天，节日不冷清", "帮忙预约体检，学会用手机视频通话"],
    Difficulty.DISABLED: ["出行陪同，申请无障碍改造", "辅具维修，办理残疾人补贴"],
    Difficulty.LOW_INCOME: ["每月米面油，孩子的学习用品", "介绍就近的零工或公益岗位"],
    Difficulty.SERIOUS_ILLNESS: ["陪同透析或复诊，申请医疗救助", "上门护理指导，申请临时救助"],
    Difficulty.SPECIAL_HARDSHIP: ["日常生活照料，按时领取供养金", "冬季添置棉被衣物"],
    Difficulty.OTHER: ["添置基本家具电器", "心理疏导，喘息照护服务"],
}
HELP = {
    Difficulty.ELDERLY_ALONE: "定期探访，安装紧急呼叫器，联系长者饭堂助餐",
    Difficulty.EMPTY_NEST: "结对党员定期探望，节日慰问",
    Difficulty.DISABLED: "志愿者陪同出行，协助办理残疾人两项补贴",
    Difficulty.LOW_INCOME: "节日慰问送米油，协助申请临时救助和就业帮扶",
    Difficulty.SERIOUS_ILLNESS: "协助申请医疗救助和临时救助，陪同就医",
    Difficulty.SPECIAL_HARDSHIP: "落实特困供养，日常生活照料",
    Difficulty.OTHER: "链接共建单位资源，协助申请临时救助",
}

# what a visit found: for any household, and for the household's main difficulty
FOUND = ["精神状态不错，血压平稳，按时服药。", "家中整洁，水电煤气检查正常。",
         "天气转凉，提醒添衣保暖，说膝盖有些疼。", "冰箱里食物不多，帮忙代购了米面和蔬菜。",
         "说起子女很想念，陪着聊了一个多小时。", "厨房燃气软管有些老化，提醒尽快更换。",
         "近期睡眠不好，建议到卫生服务中心看看。", "家里一切正常，对社区的服务表示感谢。"]
FOUND_BY_KIND = {
    Difficulty.DISABLED: ["轮椅刹车有些松，已帮忙调好。", "助听器电池用完了，已代买一板。"],
    Difficulty.LOW_INCOME: ["本月低保金已到账，生活费够用。", "孩子下学期学费有压力，想问助学金。"],
    Difficulty.SERIOUS_ILLNESS: ["本周透析三次，精神较差，胃口一般。",
                                 "化疗反应较大，家属希望有上门护理指导。"],
    Difficulty.ELDERLY_ALONE: ["紧急呼叫器电池电量低，已更换。",
                               "最近常一个人在家，想参加社区活动。"],
}
FOUND_BY_PHONE = ["电话问候，说身体还好，这周不用上门。",
                  "电话里声音有些沙哑，说感冒了，提醒及时就医。",
                  "电话问候，家人刚来探望过，一切安好。"]
FOUND_ACCOMPANY = "陪同到街社区卫生服务中心复诊取药，往返约一个半小时。"
FOLLOW_UPS = ["楼道扶手松动，需要报修。", "想申请长者饭堂助餐，材料待补交。",
              "卫生间地面湿滑，建议加装扶手和防滑垫。", "燃气热水器老化，需联系燃气公司检查。",
              "残疾人证到期，需陪同到街道换证。", "医保报销单据不会填，需帮忙整理。",
              "窗户玻璃破损，需要维修。"]
GIVEN = ["水果一袋", "牛奶一箱", "代购的蔬菜和鸡蛋"]
# follow-ups the office turns into a resident request (of this category), with its answer
CASE_CATEGORY = "长者求助"
FOLLOW_UP_CASES = {
    "楼道扶手松动，需要报修。": "已安排维修人员上门加固楼道扶手，老人试过后说稳当了。",
    "燃气热水器老化，需联系燃气公司检查。":
        "已联系燃气公司上门检查，更换了老化的热水器软管和阀门。",
    "窗户玻璃破损，需要维修。": "已联系物业更换破损的窗户玻璃。",
}
# follow-ups a partner unit can take on: the co-building need's title and category
FOLLOW_UP_NEEDS = {
    "卫生间地面湿滑，建议加装扶手和防滑垫。": ("困难老人家中卫生间适老化改造", "hardship"),
    "医保报销单据不会填，需帮忙整理。": ("帮困难群众整理医保报销单据", "health"),
}
# the hours of visits of the last two weeks wait in staff's queue
HOURS_WAIT = 14
# the logins that help households: the party member, volunteers and partner units' contacts
HELPER_LOGINS = ["yongtai_party", "yongtai_resident", "yongtai_bank_volunteer",
                 "yongtai_patrol", "partner_bank", "partner_clinic", "partner_park"]

# (name, kind, starts, ends, note, what its visits found, households not visited)
CAMPAIGNS = [
    ("2026年春节走访慰问", CampaignKind.SPRING_FESTIVAL, datetime.date(2026, 2, 2),
     datetime.date(2026, 2, 15), "腊月走访辖内困难群众，每户送大米一袋、食用油一桶。",
     ["送上年货，老人很高兴，一起贴了春联。", "送来米油和春联，询问了年前的困难。",
      "拜年送上慰问品，了解到身体比上次好些了。"], 0),
    ("2026年“七一”走访慰问", CampaignKind.JULY_FIRST, datetime.date(2026, 6, 24),
     datetime.date(2026, 7, 3), "“七一”前后走访慰问困难群众，每户送大米一袋、食用油一桶。",
     ["送上慰问品，提醒天热注意防暑。", "送来米油，检查了空调和电扇是否正常。",
      "送上慰问品，听老人讲了年轻时在工厂的往事。"], 3),
]


def _rng_choice(rng: random.Random, pool: list[str]) -> str:
    return pool[rng.randrange(len(pool))]


# ---- households ------------------------------------------------------------------------------

def _flagged(community, flag: str) -> set[int]:
    token = flag_token(community.pk, flag)
    return set(PersonFlag.objects.filter(token=token).values_list("person_id", flat=True))


def _candidates(community) -> list[tuple[Person, set[str]]]:
    """Adults of the registry who would be in the care register, in turns of each reason (in
    difficulty, low income, disabled, living alone, 80 and over), none of them a helper. Ages
    are taken on the people demo's fixed day, so the choice never drifts with the date."""
    flags = {flag: _flagged(community, flag.value) for flag in (
        SensitiveFlag.IN_DIFFICULTY, SensitiveFlag.LOW_INCOME, SensitiveFlag.DISABLED)}
    adult = PEOPLE_DAY - datetime.timedelta(days=25 * 365)
    eighty = PEOPLE_DAY - datetime.timedelta(days=80 * 365)
    people = (Person.objects.filter(community=community, user__isnull=True, flat__isnull=False,
                                    birth_date__lte=adult, party_member__isnull=True,
                                    volunteer__isnull=True)
              .select_related("flat").order_by("pk"))
    lists = [
        list(people.filter(pk__in=flags[SensitiveFlag.IN_DIFFICULTY])),
        list(people.filter(pk__in=flags[SensitiveFlag.LOW_INCOME])),
        list(people.filter(pk__in=flags[SensitiveFlag.DISABLED])),
        list(people.filter(is_living_alone=True, birth_date__lte=PEOPLE_DAY - datetime.timedelta(
            days=65 * 365))),
        list(people.filter(birth_date__lte=eighty)),
    ]
    chosen, seen = [], set()
    for turn in range(max(len(reason) for reason in lists)):
        for reason in lists:
            if turn < len(reason) and reason[turn].pk not in seen and len(chosen) < HOUSEHOLDS:
                seen.add(reason[turn].pk)
                chosen.append(reason[turn])
    return [(person, {flag.value for flag, ids in flags.items() if person.pk in ids})
            for person in chosen]


def _kinds(index: int, person: Person, flags: set[str], age: int) -> list[str]:
    kinds = []
    if person.is_living_alone and age >= 60:
        kinds.append(Difficulty.ELDERLY_ALONE)
    elif age >= 80:
        kinds.append(Difficulty.EMPTY_NEST)
    if SensitiveFlag.DISABLED.value in flags:
        kinds.append(Difficulty.DISABLED)
    if SensitiveFlag.LOW_INCOME.value in flags:
        kinds.append(Difficulty.LOW_INCOME)
    if SensitiveFlag.IN_DIFFICULTY.value in flags or not kinds:
        kinds.append([Difficulty.SERIOUS_ILLNESS, Difficulty.SPECIAL_HARDSHIP,
                      Difficulty.LOW_INCOME, Difficulty.OTHER][index % 4])
    if index % 7 == 3 and Difficulty.SERIOUS_ILLNESS not in kinds:
        kinds.append(Difficulty.SERIOUS_ILLNESS)
    return list(dict.fromkeys(kinds))


def _every(kinds: list[str], age: int) -> int:
    """The plan's frequency: weekly for the gravely ill, fortnightly for the frail (living
    alone, disabled, 85 and over), else monthly."""
    if Difficulty.SERIOUS_ILLNESS in kinds:
        return 7
    if Difficulty.ELDERLY_ALONE in kinds or Difficulty.DISABLED in kinds or age >= 85:
        return 14
    return 30


def _registered_on(index: int) -> datetime.date:
    """Most households were registered in the three years before the demo year, the last three
    in it (of which the last two are not paired yet)."""
    if index >= HOUSEHOLDS - 3:
        return [datetime.date(2026, 3, 16), datetime.date(2026, 8, 10),
                datetime.date(2026, 11, 2)][index - (HOUSEHOLDS - 3)]
    return datetime.date(2023, 1, 9) + datetime.timedelta(days=index * 37)


def _register(actor, community, rng) -> dict[CareHousehold, str]:
    """The households registered, each with its main difficulty (what its visits find)."""
    households = {}
    for index, (person, flags) in enumerate(_candidates(community)):
        age = person.age_on(PEOPLE_DAY) or 0
        kinds = _kinds(index, person, flags, age)
        main = kinds[0]
        words = {"age": age, "floor": person.flat.floor if person.flat else 3}
        details = "".join(_rng_choice(rng, DETAILS[kind]).format(**words) for kind in kinds[:2])
        household = register_services.household_register(
            actor=actor, community=community, person=person, kinds=kinds, details=details,
            needs="；".join(dict.fromkeys(_rng_choice(rng, NEEDS[kind]) for kind in kinds)),
            help=HELP[main], visit_every_days=_every(kinds, age),
            registered_on=_registered_on(index))
        households[household] = main
    return households


# ---- pairings --------------------------------------------------------------------------------

def _person_helpers(community) -> list[dict]:
    """Helpers who are people: the demo party member (three households), four more members of
    the roll, the volunteers with a login (the demo resident, the bank's and the police's), and
    a bank and a health-centre staff member who volunteer."""
    helpers = []
    own = Member.objects.filter(community=community, person__user__username="yongtai_party").first()
    if own is not None:
        helpers += [{"member": own}] * 3
    helpers += [{"member": member} for member in Member.objects.filter(
        community=community, kind=MemberKind.COMMUNITY, person__user__isnull=True)
        .order_by("pk")[8:12]]
    with_login = Volunteer.objects.filter(community=community, status=VolunteerStatus.ACTIVE)
    for username, times in (("yongtai_resident", 2), ("yongtai_bank_volunteer", 2),
                            ("yongtai_patrol", 1)):
        volunteer = (with_login.filter(user__username=username).first()
                     or with_login.filter(person__user__username=username).first())
        if volunteer is not None:
            helpers += [{"volunteer": volunteer}] * times
    for name in ("黄柜员", "郑医生"):
        volunteer = Volunteer.objects.filter(community=community, name=name,
                                             status=VolunteerStatus.ACTIVE).first()
        if volunteer is not None:
            helpers.append({"volunteer": volunteer})
    return helpers


def _pair(actor, community, households) -> list[Pairing]:
    """Units in turn for most households, a person for the first ones of a shuffled order;
    the last two households (registered lately) and one more are not paired yet."""
    units = {unit.name: unit for unit in PartnerUnit.objects.filter(community=community)}
    units = [units[name] for name in UNITS if name in units]
    paired = [h for index, h in enumerate(households)
              if index < len(households) - 2 and index != len(households) // 2]
    order = list(paired)
    random.Random(16).shuffle(order)
    by_person = dict(zip(order, _person_helpers(community), strict=False))
    pairings = []
    for index, household in enumerate(paired):
        starts_on = max(household.registered_on, datetime.date(2025, 3, 1))
        helper = by_person.get(household)
        if helper is not None:
            pairings.append(register_services.pairing_create(
                actor=actor, household=household, starts_on=starts_on,
                goals=PERSON_GOALS[index % len(PERSON_GOALS)], **helper))
        if units and (helper is None or index % 3 != 2):
            unit = units[index % len(units)]
            pairings.append(register_services.pairing_create(
                actor=actor, household=household, unit=unit, starts_on=starts_on,
                goals=UNIT_GOALS[unit.name]))
    return pairings


def _visitors(pairing: Pairing | None, staff) -> str:
    if pairing is None:
        return str(staff)
    if pairing.helper_kind == HelperKind.UNIT:
        return UNIT_VISITORS.get(pairing.unit.name, pairing.unit.name)
    return pairing.helper_name


# ---- supplies --------------------------------------------------------------------------------

def _store(actor, community) -> tuple[Store, dict[str, Item]]:
    name, place, keeper = STORE
    store = supplies_services.store_create(actor=actor, community=community, name=name,
                                           place=place, keeper=keeper)
    items = {key: supplies_services.item_create(actor=actor, community=community, name=name,
                                                unit=unit, kind=kind)
             for key, (name, unit, kind) in ITEMS.items()}
    return store, items


def _receive(actor, community, store, items, today) -> None:
    """The donations, in the order received: each gets its receipt's serial from the ledger
    (JZ<community>-<year>-<nnnn>), the 2020 ones numbered in 2020."""
    units = {unit.name: unit for unit in PartnerUnit.objects.filter(community=community)}
    for unit_name, day, lines, note in DONATIONS:
        if day > today:
            continue
        unit = units.get(unit_name)
        supplies_services.donation_receive(
            actor=actor, store=store, received_on=day, donor_unit=unit,
            donor_name="" if unit else unit_name, note=note, today=today,
            lines=[(items[key], quantity) for key, quantity in lines])


def _checkpoint_issues(actor, community, store, items, today) -> None:
    """The checkpoint's first shift sets up the park's barriers; each shift takes two boxes of
    masks, each day's first shift a drum of disinfectant; the barriers come back at the end.
    Two years later, some of the disinfectant left over had expired."""
    post = Post.objects.filter(community=community, title=CHECKPOINT).first()
    if post is None:
        return
    shifts = list(post.shifts.order_by("starts_at"))
    if not shifts:
        return
    barriers, days = None, set()
    for shift in shifts:
        lines = [(items["masks"], 2)]
        if shift.date not in days:
            days.add(shift.date)
            lines.append((items["disinfectant"], 1))
        supplies_services.supplies_issue(
            actor=actor, store=store, issued_on=shift.date, lines=lines, shift=shift,
            recipient=CHECKPOINT_RECIPIENT, note="本班次测温值守使用", today=today)
        if barriers is None:
            barriers = supplies_services.supplies_issue(
                actor=actor, store=store, issued_on=shift.date, lines=[(items["barriers"], 20)],
                shift=shift, recipient=CHECKPOINT_RECIPIENT, note="东门、北门设卡",
                today=today)[0]
    supplies_services.issue_return(actor=actor, issue=barriers, quantity=20,
                                   returned_on=shifts[-1].date, note="卡点撤除，铁马收回入库",
                                   today=today)
    supplies_services.supplies_write_off(
        actor=actor, store=store, written_off_on=datetime.date(2022, 3, 1),
        lines=[(items["disinfectant"], 10)], reason=WriteOffReason.EXPIRED,
        note="超过有效期，按规定处置", today=today)


# ---- campaigns and visits --------------------------------------------------------------------

def _active_on(pairing: Pairing, day: datetime.date, ends: dict[int, datetime.date]) -> bool:
    return pairing.starts_on <= day and (pairing.pk not in ends or day <= ends[pairing.pk])


def _hours(pairing: Pairing | None, kind: str, rng: random.Random):
    """A person who helps may have their time written down (a unit's visit is the unit's)."""
    if pairing is None or pairing.helper_kind == HelperKind.UNIT or kind == VisitKind.PHONE:
        return None
    if rng.random() < 0.4:
        return None
    if kind == VisitKind.ACCOMPANY:
        return Decimal("2.5")
    return Decimal(rng.choice(["1", "1.5", "2"]))


def _helper_logins(pairings) -> dict[int, User]:
    """{pairing pk: the login of its helper} for the pairings whose helper has a login (the
    party member, the volunteers with a login, the partner units' contacts)."""
    logins = {}
    for user in User.objects.filter(username__in=HELPER_LOGINS).order_by("username"):
        for pk in helpers.active_pairings_of(user).filter(
                pk__in=[p.pk for p in pairings]).values_list("pk", flat=True):
            logins.setdefault(pk, user)
    return logins


def _campaigns(actor, community, store, items, households, pairings_of, ends, staff, today,
               rng) -> dict[int, list[datetime.date]]:
    """Both festival campaigns through the campaigns' services: created with their goods and
    targets, opened, each target visited under a unit's pairing where it has one (its helper
    logs the visit when they have a login, else the secretary does), then closed. Returns the
    days each household was visited on them."""
    visited: dict[int, list[datetime.date]] = {}
    goods = [(items["rice"], 1), (items["oil"], 1)]
    logins = _helper_logins([p for ps in pairings_of.values() for p in ps])
    for name, kind, starts_on, ends_on, note, found, missed in CAMPAIGNS:
        if ends_on > today:
            continue
        targets = [h for h in households if h.registered_on <= starts_on]
        campaign = campaign_services.campaign_create(
            actor=actor, community=community, name=name, kind=kind, starts_on=starts_on,
            ends_on=ends_on, store=store, goods=goods, households=targets, note=note)
        campaign, _short = campaign_services.campaign_open(actor=actor, campaign=campaign)
        rows = {row.household_id: row for row in
                CampaignHousehold.objects.filter(campaign=campaign).select_related("pairing")}
        span = (ends_on - starts_on).days
        for number, household in enumerate(targets):
            active = [p for p in pairings_of.get(household.pk, [])
                      if _active_on(p, starts_on, ends)]
            pairing = next((p for p in active if p.helper_kind == HelperKind.UNIT),
                           active[0] if active else None)
            target = rows[household.pk]
            if target.pairing_id != (pairing.pk if pairing else None):
                target = campaign_services.target_set_pairing(actor=actor, target=target,
                                                              pairing=pairing)
            if number >= len(targets) - missed:
                continue  # in hospital or away over the festival: not visited
            day = starts_on + datetime.timedelta(days=number * span // len(targets))
            what = _rng_choice(rng, found)
            _hours(pairing, VisitKind.FESTIVAL, rng)  # drawn as before: the year's visits stay
            visitor = logins.get(pairing.pk, actor) if pairing is not None else actor
            campaign_services.target_visit(actor=visitor, target=target, visited_on=day,
                                           found=what, visitors=_visitors(pairing, staff),
                                           today=today)
            visited.setdefault(household.pk, []).append(day)
        campaign_services.campaign_close(actor=actor, campaign=campaign)
    return visited


def _visit_days(household, index, until, festival, rng) -> list[datetime.date]:
    """The days of the household's visits from the start of the demo year (or its registration)
    to `until`, about one a period, a little early or late, and none close to a festival
    visit; the last one on `until`."""
    every = household.visit_every_days
    day = max(VISITS_FROM + datetime.timedelta(days=index * 3 % every), household.registered_on)
    jitter = [-1, 0, 0, 1] if every == 7 else [-3, -2, -1, -1, 0, 0, 1, 2]
    days = []
    while day < until - datetime.timedelta(days=2):
        if all(abs((day - other).days) > 3 for other in festival):
            days.append(day)
        lapse = every // 2 if rng.random() < 0.04 else 0  # the helper could not come
        day += datetime.timedelta(days=every + rng.choice(jitter) + lapse)
    if until >= household.registered_on:
        days.append(until)
    return days


def _visit(actor, household, main_kind, day, pairing, staff, rng, *, first: bool, today):
    """One visit of the plan: at home mostly, now and then a phone call or an escort to the
    clinic; the first one, on the day of registration, checks the household's situation."""
    if first:
        kind, found = VisitKind.HOME, "登记时入户核实家庭情况，讲解帮扶政策和联系方式。"
    else:
        roll = rng.random()
        kind = (VisitKind.PHONE if roll < 0.18 else VisitKind.ACCOMPANY if roll < 0.23
                else VisitKind.HOME)
        if kind == VisitKind.PHONE:
            found = _rng_choice(rng, FOUND_BY_PHONE)
        elif kind == VisitKind.ACCOMPANY:
            found = FOUND_ACCOMPANY
        else:
            special = FOUND_BY_KIND.get(main_kind)
            found = _rng_choice(rng, special if special and rng.random() < 0.4 else FOUND)
    follow_up = (_rng_choice(rng, FOLLOW_UPS)
                 if kind != VisitKind.PHONE and rng.random() < 0.07 else "")
    given = _rng_choice(rng, GIVEN) if kind == VisitKind.HOME and rng.random() < 0.12 else ""
    return visit_services.visit_record(
        actor=actor, household=household, visited_on=day, kind=kind,
        visitors=_visitors(pairing, staff), found=found, given=given, follow_up=follow_up,
        hours=_hours(pairing, kind, rng), pairing=pairing, today=today)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _case_walked(actor, staff, visit, answer: str) -> None:
    """The request a follow-up became, walked as the office would: dispatched to the staff
    member the evening it was entered, taken on the next morning, answered within the week,
    and the resident called back (satisfied); steps that would fall after now are left."""
    case = visit.case
    now = timezone.now()
    steps = [
        (_at(visit.visited_on, 18), lambda at: casework_services.case_dispatch(
            actor=actor, case=case, handler=staff, note="入户走访反映，请跟进", now=at)),
        (_at(visit.visited_on + datetime.timedelta(days=1), 9),
         lambda at: casework_services.case_accept(actor=staff, case=case, now=at)),
        (_at(visit.visited_on + datetime.timedelta(days=4), 16),
         lambda at: casework_services.case_answer(actor=staff, case=case, answer=answer,
                                                  now=at)),
        (_at(visit.visited_on + datetime.timedelta(days=6), 10),
         lambda at: casework_services.case_follow_up(actor=actor, case=case, is_solved=True,
                                                     is_satisfied=True, now=at)),
    ]
    for at, step in steps:
        if at >= now:
            return
        step(at)


def _follow_ups(actor, staff, community, visits, today) -> None:
    """The older follow-ups, dealt with by staff through the visits' services: the latest of
    those the community's office repairs became resident requests (one of each kind), those a
    partner unit can take on co-building needs (one of each), the others were done."""
    elders = CaseCategory.objects.filter(community=community, name=CASE_CATEGORY).first()
    cases, needs = set(), set()  # the follow-ups' words each turned once
    for visit in sorted(visits, key=lambda v: (v.visited_on, v.pk), reverse=True):
        words = visit.follow_up
        if elders is not None and words in FOLLOW_UP_CASES and words not in cases:
            visit = visit_services.follow_up_to_case(
                actor=actor, visit=visit, category=elders, now=_at(visit.visited_on, 17))
            _case_walked(actor, staff, visit, FOLLOW_UP_CASES[words])
            cases.add(words)
        elif words in FOLLOW_UP_NEEDS and words not in needs:
            title, category = FOLLOW_UP_NEEDS[words]
            visit_services.follow_up_to_need(actor=actor, visit=visit, category=category,
                                             title=title)
            needs.add(words)
        else:
            visit_services.follow_up_done(actor=actor, visit=visit)


def _confirm_hours(actor, visits) -> None:
    """Staff confirm the hours of most visits made by a member or a volunteer (not the last
    fortnight's, and a few older ones still wait): they enter the helper's volunteer ledger."""
    rng = random.Random(1617)
    for visit in visits:
        if rng.random() < 0.04:
            continue
        if hours_are_confirmable(visit):
            visit_services.visit_hours_confirm(actor=actor, visit=visit)


@transaction.atomic
def seed_care(community, *, today: datetime.date | None = None) -> int:
    """The care register, pairings, a year of visits, the store's ledger and the two festival
    campaigns of the community; returns how many visits were recorded (0 when seeded before)."""
    if CareHousehold.objects.filter(community=community).exists():
        return 0
    today = today or timezone.localdate()
    actor = User.objects.get(username="yongtai_secretary")
    staff = User.objects.get(username="yongtai_staff")
    rng = random.Random(1616)

    main_kinds = _register(actor, community, rng)
    if not main_kinds:
        return 0
    households = list(main_kinds)
    pairings = _pair(actor, community, households)
    pairings_of: dict[int, list[Pairing]] = {}
    for pairing in pairings:
        pairings_of.setdefault(pairing.household_id, []).append(pairing)
    # the bureau's members were reassigned at midyear: the police station took their household
    ends: dict[int, datetime.date] = {}
    bureau = next((p for p in pairings if p.unit_id and p.unit.name == "区商务局"), None)
    police = PartnerUnit.objects.filter(community=community, name="黄花派出所").first()
    if bureau is not None and today > datetime.date(2026, 7, 1):
        ends[bureau.pk] = datetime.date(2026, 6, 30)
        if police is not None and not any(p.unit_id == police.pk
                                          for p in pairings_of[bureau.household_id]):
            pairings_of[bureau.household_id].append(register_services.pairing_create(
                actor=actor, household=bureau.household, unit=police,
                starts_on=datetime.date(2026, 7, 1), goals=UNIT_GOALS["黄花派出所"]))

    store, items = _store(actor, community)
    _receive(actor, community, store, items, today)
    _checkpoint_issues(actor, community, store, items, today)
    festival = _campaigns(actor, community, store, items, households, pairings_of, ends, staff,
                          today, rng)

    # a few households are overdue now (by so many days); one household's care ended
    overdue = {3: 9, 10: 4, 17: 16, 22: 25}
    closed = {13: (datetime.date(2026, 9, 20), "随子女搬离本社区")}
    count, follow_ups, with_hours = 0, [], []
    for index, household in enumerate(households):
        every = household.visit_every_days
        if index in closed:
            until = closed[index][0] - datetime.timedelta(days=8)
        elif index in overdue:
            until = today - datetime.timedelta(days=every + overdue[index])
        else:
            until = today - datetime.timedelta(days=rng.randrange(max(1, every // 2)))
        until = min(until, today)
        days = _visit_days(household, index, until, festival.get(household.pk, []), rng)
        for number, day in enumerate(days):
            active = [p for p in pairings_of.get(household.pk, []) if _active_on(p, day, ends)]
            pairing = active[number % len(active)] if active else None
            visit = _visit(actor, household, main_kinds[household], day, pairing, staff,
                           rng, first=day == household.registered_on, today=today)
            count += 1
            if visit.follow_up and day < today - datetime.timedelta(days=30):
                follow_ups.append(visit)
            if visit.hours is not None and day < today - datetime.timedelta(days=HOURS_WAIT):
                with_hours.append(visit)
    _follow_ups(actor, staff, community, follow_ups, today)
    _confirm_hours(actor, with_hours)
    for pairing in pairings:
        if pairing.pk in ends:
            register_services.pairing_end(actor=actor, pairing=pairing, ends_on=ends[pairing.pk])
    for index, (closed_on, reason) in closed.items():
        if index < len(households) and closed_on < today:
            register_services.household_close(actor=actor, household=households[index],
                                              reason=reason, closed_on=closed_on)
    return count + sum(len(days) for days in festival.values())

"""Demo requests: a year of 永泰社区's stair lights, roof leaks, drains, disputes and help for
older residents, with outcomes, so that the rates and the insight show something real.
Rows are written in bulk (demo data, not user actions); the shapes follow the services."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from gongzhi.accounts.models import User
from gongzhi.casework import services
from gongzhi.casework.calendar import seed_calendar_2026
from gongzhi.casework.choices import CategoryGroup, Channel, Status, StepAction
from gongzhi.casework.models import Case, CaseStep, Category
from gongzhi.organisations.models import PartnerUnit
from gongzhi.people.models import Person
from gongzhi.places.models import Building

CATEGORIES = [
    # name, group, accept days, resolve days, public, weight, texts
    ("楼道灯不亮", CategoryGroup.FACILITY, 1, 3, True, 26,
     ["楼道%(floor)s楼的灯坏了，晚上上下楼看不见。", "楼梯间声控灯不亮已经一个星期。",
      "单元门口的灯一直闪，麻烦换一下。"]),
    ("屋面漏水", CategoryGroup.BUILDING, 1, 15, True, 18,
     ["下雨天顶楼天花板渗水，墙皮都泡起来了。", "楼顶防水层老化，雨后楼梯间漏水。",
      "%(floor)s楼外墙渗水到屋里。"]),
    ("下水道堵塞", CategoryGroup.ENVIRONMENT, 1, 2, True, 18,
     ["楼下化粪池冒水，气味很大。", "巷口下水道堵了，下雨积水过脚踝。",
      "单元排水管堵塞，一楼返水。"]),
    ("楼道杂物", CategoryGroup.ENVIRONMENT, 1, 5, True, 10,
     ["楼道堆了很多纸箱，有消防隐患。", "有人在楼梯转角放电动车充电。"]),
    ("邻里噪音纠纷", CategoryGroup.DISPUTE, 1, 7, False, 12,
     ["楼上住户深夜装修，噪音很大。", "邻居家狗整晚叫，沟通无果。"]),
    ("长者求助", CategoryGroup.PERSONAL, 1, 3, False, 12,
     ["独居老人想找人帮忙换煤气罐。", "老人腿脚不便，需要帮忙代办社保认证。",
      "家里老人想申请长者饭堂送餐。"]),
    ("加装电梯咨询", CategoryGroup.BUILDING, 1, 15, True, 4,
     ["我们单元想加装电梯，怎么征求意见？", "加装电梯的费用怎么分摊？"]),
    ("紧急抢修", CategoryGroup.FACILITY, 1, 1, True, 3,
     ["楼道水管爆裂，水流到楼梯上。", "电表箱冒烟，有焦味。"]),
    ("停水停电", CategoryGroup.FACILITY, 1, 1, True, 5,
     ["整栋楼停水，没有收到通知。", "单元楼道总闸跳闸，几户人家没电。"]),
]
# Limits in clock hours (accept, resolve): an emergency is taken within 2 hours and dealt
# with the same day; a water or power cut within 24 hours, weekends and holidays included.
HOUR_LIMITS = {"紧急抢修": (2, 12), "停水停电": (4, 24)}
ANSWERS = {
    "楼道灯不亮": "已更换楼道灯并检查线路，恢复照明。",
    "屋面漏水": "已联系维修队清理天面并重做防水层，雨后复查无渗漏。",
    "下水道堵塞": "已联系市政疏通管道，清理淤泥，排水恢复。",
    "楼道杂物": "已联合网格员清理楼道杂物，并张贴消防提示。",
    "邻里噪音纠纷": "已上门调解，双方约定施工时间。",
    "长者求助": "已安排志愿者上门帮助，并登记为定期关注对象。",
    "加装电梯咨询": "已介绍加装电梯流程和征求意见要求，并约定议事会时间。",
    "紧急抢修": "已关闭总阀并请维修队当天抢修完毕。",
    "停水停电": "已联系供水（供电）部门恢复供应，并在楼道张贴通知。",
}
RAINY_MONTHS = {4, 5, 6, 7, 8, 9}


def _weights(month: int) -> list[int]:
    weights = []
    for name, _group, _a, _r, _public, weight, _texts in CATEGORIES:
        if name == "屋面漏水":
            weight = weight * 3 if month in RAINY_MONTHS else weight // 3
        weights.append(weight)
    return weights


@transaction.atomic
def seed_casework(community, *, now=None) -> int:
    """Categories and a year of requests for `community` (idempotent); returns how many."""
    seed_calendar_2026()
    if Category.objects.filter(community=community).exists():
        return 0
    now = now or timezone.now()
    rng = random.Random(20260401)
    staff = User.objects.get(username="yongtai_staff")
    secretary = User.objects.get(username="yongtai_secretary")
    grid_worker = User.objects.get(username="yongtai_grid")
    grid_ids = set(grid_worker.role_assignments.values_list("grid_id", flat=True))
    resident = User.objects.filter(username="yongtai_resident").first()
    categories = [Category.objects.create(
        community=community, name=name, group=group, accept_days=accept, resolve_days=resolve,
        accept_hours=HOUR_LIMITS.get(name, (None, None))[0],
        resolve_hours=HOUR_LIMITS.get(name, (None, None))[1],
        is_public=public, default_handler=staff) for name, group, accept, resolve, public, *_ in
        CATEGORIES]
    texts = {c.name: spec[6] for c, spec in zip(categories, CATEGORIES, strict=True)}
    buildings = list(Building.objects.filter(community=community, use="residential")
                     .order_by("name"))
    # a few buildings with old roofs and drains: the recurring problems
    hot = buildings[:4]
    people = list(Person.objects.filter(community=community, flat__isnull=False,
                                        birth_date__lte=datetime.date(2008, 1, 1))
                  .select_related("flat").order_by("pk")[:800])
    cases, plans = [], []
    start = now - datetime.timedelta(days=365)
    total = 0
    day = start
    while day < now:
        for _ in range(rng.choice([0, 0, 1, 1, 1, 2])):
            category = rng.choices(categories, weights=_weights(day.month))[0]
            building = rng.choice(hot) if rng.random() < 0.35 else rng.choice(buildings)
            created = day.replace(hour=rng.randint(8, 20), minute=rng.randint(0, 59))
            if created >= now:
                continue
            channel = rng.choices([Channel.ONLINE, Channel.PHONE, Channel.WALK_IN,
                                   Channel.PATROL, Channel.HOTLINE], [40, 25, 12, 15, 8])[0]
            reporter = None if channel == Channel.PATROL else rng.choice(people)
            handler = (grid_worker if building.grid_id in grid_ids and rng.random() < 0.6
                       else rng.choice([staff, staff, secretary]))
            case = Case(community=community, category=category, building=building,
                        description=rng.choice(texts[category.name]) % {
                            "floor": rng.randint(2, building.floors)},
                        channel=channel, reporter=reporter,
                        external_ref=f"GZ12345-{created:%Y%m%d}-{rng.randint(1000, 9999)}"
                        if channel == Channel.HOTLINE else "",
                        created_by=grid_worker if channel == Channel.PATROL else staff,
                        created_at=created, status=Status.NEW)
            cases.append(case)
            plans.append((case, handler, None))
            total += 1
        day += datetime.timedelta(days=1)
    if resident is not None:
        person = Person.objects.filter(user=resident).first()
        building = person.flat.building if person and person.flat else buildings[0]
        for days_ago, name, stop in [(40, "楼道灯不亮", None), (6, "下水道堵塞", Status.ANSWERED),
                                     (1, "屋面漏水", Status.DISPATCHED)]:
            category = next(c for c in categories if c.name == name)
            case = Case(community=community, category=category, building=building,
                        description=texts[name][0] % {"floor": 3}, channel=Channel.ONLINE,
                        reporter=person, reporter_user=resident, created_by=resident,
                        created_at=now - datetime.timedelta(days=days_ago, hours=2),
                        status=Status.NEW)
            cases.append(case)
            plans.append((case, staff, stop))
    for case in cases:
        case.due_at = case.accept_due_at = case.category.accept_deadline(case.created_at)
        if case.reporter is not None and case.reporter.user_id:
            case.reporter_user_id = case.reporter.user_id
    Case.objects.bulk_create(cases, batch_size=500)
    steps = []
    for case, handler, stop in plans:
        steps += _play(case, handler, staff, rng, now, stop=stop)
    CaseStep.objects.bulk_create(steps, batch_size=1000)
    Case.objects.bulk_update(cases, ["status", "handler", "due_at", "answer", "is_solved",
                                     "is_satisfied", "reopen_count", "closed_at"],
                             batch_size=500)
    return total + _seed_partner_cases(community, staff, categories, buildings)


def _seed_partner_cases(community, staff, categories, buildings) -> int:
    """Two open requests dispatched to a partner unit that has a contact login, so that the
    partner portal shows its narrow view (through the services, like real work)."""
    unit = (PartnerUnit.objects.filter(community=community, contacts__isnull=False)
            .order_by("name").first())
    if unit is None:
        return 0
    clutter = next(c for c in categories if c.name == "楼道杂物")
    texts = ["楼道堆放旧家具和纸箱，住户（电话 13912345678）希望共建单位志愿者帮忙清理。",
             "巷口公共晾衣区杂物较多，老人通行不便。"]
    for building, text in zip(buildings[4:6], texts, strict=False):
        case = services.case_report(actor=staff, category=clutter, building=building,
                                    description=text, channel=Channel.PHONE)
        services.case_dispatch(actor=staff, case=case, unit=unit,
                               note="请共建单位党员志愿者协助清理")
    return len(texts)


def _play(case, handler, dispatcher, rng, now, *, stop=None) -> list[CaseStep]:
    """Walk one request through the steps a year of real work would have recorded."""
    steps = []
    clock = case.created_at

    def step(action, to_status, actor, hours, note="", step_handler=None):
        nonlocal clock
        at = clock + datetime.timedelta(hours=hours)
        if at >= now or case.status == stop:
            return False
        from_status = case.status
        clock = at
        case.status = to_status
        steps.append(CaseStep(community_id=case.community_id, case=case, action=action,
                              actor=actor, from_status=from_status, to_status=to_status,
                              note=note, handler=step_handler, created_at=at))
        return True

    steps.append(CaseStep(community_id=case.community_id, case=case, action=StepAction.REPORT,
                          actor=case.created_by, from_status="", to_status=Status.NEW,
                          note=str(case.get_channel_display()), created_at=clock))
    late = rng.random() < 0.1
    urgent = 0.15 if case.category.accept_hours else 1  # emergencies are dispatched at once
    if not step(StepAction.DISPATCH, Status.DISPATCHED, dispatcher, rng.uniform(0.3, 4) * urgent,
                step_handler=handler):
        return steps
    case.handler = handler
    if rng.random() < 0.06 and step(StepAction.RETURN, Status.RETURNED, handler,
                                    rng.uniform(0.5, 3), "不属于本人负责的网格，请改派。"):
        case.handler = None
        if not step(StepAction.DISPATCH, Status.DISPATCHED, dispatcher, 1,
                    step_handler=dispatcher):
            return steps
        case.handler = handler = dispatcher
    if not step(StepAction.ACCEPT, Status.ACCEPTED, handler,
                rng.uniform(30, 60) if late else rng.uniform(0.5, 6) * urgent,
                step_handler=handler):
        case.due_at = case.accept_due_at
        return steps
    for round_number in range(3):
        case.due_at = case.category.resolve_deadline(clock)
        span = (case.due_at - clock).total_seconds() / 3600
        if not step(StepAction.ANSWER, Status.ANSWERED, handler,
                    rng.uniform(0.1, 0.9) * span * (1.3 if rng.random() < 0.07 else 1),
                    ANSWERS[case.category.name], step_handler=handler):
            return steps
        case.answer, case.due_at = ANSWERS[case.category.name], None
        # a few stay dissatisfied after three rounds (still being worked on), and a few
        # residents are satisfied with the effort though the problem is not fully gone (an old
        # roof that needs a major repair): without them the rates would read 100%
        satisfied = rng.random() < (0.82 if round_number == 0 else 0.7)
        solved = rng.random() < 0.93 if satisfied else rng.random() < 0.3
        if now - clock < datetime.timedelta(days=10) and rng.random() < 0.5:
            return steps  # answered lately, not yet followed up
        follow_to = Status.CLOSED if satisfied else Status.REOPENED
        if not step(StepAction.FOLLOW_UP, follow_to, case.reporter_user or dispatcher,
                    rng.uniform(4, 48), "" if satisfied else "问题反复出现，不满意。"):
            return steps
        case.is_solved, case.is_satisfied = solved, satisfied
        if satisfied:
            case.closed_at = clock
            return steps
        case.reopen_count += 1
        if not step(StepAction.ACCEPT, Status.ACCEPTED, handler, rng.uniform(1, 8),
                    step_handler=handler):
            case.due_at = case.category.resolve_deadline(clock)
            return steps
    return steps

"""Demo activities of 永泰社区: a year of the service the 2020 report describes — health
clinics with the health centre, anti-fraud talks with the bank, themed party days in 黄花岗公园,
Spring Festival and July 1st visits with the schools and the bureaus, lane patrols — with their
sign-ups, attendance and short reports (sentences written for the demo), and, ahead, a few
activities open for sign-up, one of them full with a waiting list whose first place is offered
to the demo resident. Dates follow the day the demo is loaded. Idempotent: run it again and
nothing is duplicated.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from gongzhi.accounts.models import User
from gongzhi.activities.events import services
from gongzhi.activities.events.choices import ActivityKind, ActivityStatus, Audience
from gongzhi.activities.events.models import Activity, SignUp
from gongzhi.activities.volunteering.services import volunteer_of_member
from gongzhi.organisations.models import Member, PartnerUnit
from gongzhi.people.models import Person

HALL = "永泰社区党群服务中心"
PARK = "黄花岗公园"

# kind -> (title, place, partner units, audience, capacity, hours long, counts hours, report)
PLANS = {
    "clinic": ("健康义诊：量血压、测血糖", HALL, ["街社区卫生服务中心"], Audience.OVER_60, 40, 3,
               False, "卫生服务中心派出医生护士各两名，为到场老人测量血压血糖，"
               "对血压偏高的几位建议到中心复诊，并讲解了秋冬季慢病用药注意事项。"),
    "talk": ("防诈骗宣传讲座", HALL, ["建设银行科技园支行"], Audience.EVERYONE, 60, 2, False,
             "支行党员结合近期案例讲解冒充客服、养老投资等骗局，现场演示如何核实转账对象，"
             "居民提问踊跃，会后发放了防骗提示卡。"),
    "party_day": ("主题党日：瞻仰红色史迹", PARK, ["黄花岗公园"], Audience.PARTY_MEMBERS, 50, 2,
                  False, "党员在公园集合，重温入党誓词，听讲解员介绍园内史迹，"
                  "随后分组交流本季度为群众办实事的进展。"),
    "patrol": ("老街巷安全巡查", "永泰社区各街巷", [], Audience.EVERYONE, 8, 2, True,
               "巡查沿线楼道和巷口，记录了堆放杂物、照明损坏等问题，已登记转交处理。"),
}
VISITS = {
    2: ("春节走访慰问困难家庭", ["黄花小学", "区商务局"],
        "学生代表和机关党员分组上门，送去年货和慰问信，了解了几户家庭的实际困难并登记跟进。"),
    7: ("七一走访慰问老党员", ["农林下路小学", "区国资委"],
        "走访了几位党龄较长的老党员，听他们讲述过去的故事，并送上慰问品。"),
}


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour),
                                     tzinfo=timezone.get_current_timezone())


def _saturday_of(year: int, month: int, week: int) -> datetime.date:
    day = datetime.date(year, month, 1)
    day += datetime.timedelta(days=(5 - day.weekday()) % 7)
    return day + datetime.timedelta(weeks=week)


def _months_back(today: datetime.date, count: int):
    year, month = today.year, today.month
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        yield year, month


def _create(actor, community, units, kind, *, starts_at, title=None, partner_names=None,
            capacity=None, report=None):
    plan_title, place, partners, audience, plan_capacity, hours, counts, _report = PLANS.get(
        kind, ("", HALL, [], Audience.EVERYONE, 15, 3, True, ""))
    return services.activity_create(
        actor=actor, community=community, title=title or plan_title, kind=kind, place=place,
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=hours),
        capacity=capacity or plan_capacity, audience=audience,
        partner_units=[units[name] for name in (partner_names or partners) if name in units],
        counts_hours=counts, description="（演示数据）" + (report or _report)[:30] + "……")


def _held(actor, activity, people, rng, *, report: str) -> None:
    """A past activity: published, people signed up, most of them came, done, reported; the
    hours of the patrol's volunteers confirmed."""
    services.activity_publish(actor=actor, activity=activity)
    before = activity.starts_at - datetime.timedelta(days=5)
    count = min(len(people), rng.randint(activity.capacity * 2 // 3, activity.capacity))
    signups = [services.signup_for_resident(actor=actor, activity=activity, person=person,
                                            now=before) for person in people[:count]]
    for signup in signups:
        if rng.random() < 0.85:
            arrived = activity.starts_at + datetime.timedelta(minutes=rng.randint(-10, 15))
            services.signup_check_in(actor=actor, signup=signup, now=arrived)
            if activity.counts_hours:
                services.signup_check_out(actor=actor, signup=signup, now=activity.ends_at
                                          + datetime.timedelta(minutes=rng.randint(-20, 5)))
    services.activity_complete(actor=actor, activity=activity)
    services.activity_report(actor=actor, activity=activity, report=report,
                             now=activity.ends_at + datetime.timedelta(hours=3))
    if activity.counts_hours:
        for signup in SignUp.objects.filter(activity=activity, checked_out_at__isnull=False):
            volunteer_of_member(actor=actor, person=signup.person)
            services.signup_hours_confirm(actor=actor, signup=signup)


@transaction.atomic
def seed_activities_events(places: dict) -> None:
    community = places["yongtai"]
    if Activity.objects.filter(community=community).exists():
        return
    actor = User.objects.get(username="yongtai_secretary")
    units = {unit.name: unit for unit in PartnerUnit.objects.filter(community=community)}
    rng = random.Random(15)
    today = timezone.localdate()
    residents = list(Person.objects.filter(community=community, user__isnull=True)
                     .select_related("flat__building").order_by("pk"))
    elders = [p for p in residents if p.birth_date and (today - p.birth_date).days > 61 * 365]
    members = [m.person for m in Member.objects.filter(community=community)
               .select_related("person").order_by("pk")]
    volunteers = [p for p in residents if p.birth_date
                  and 20 * 365 < (today - p.birth_date).days < 60 * 365]

    # the past year
    for year, month in _months_back(today, 12):
        clinic_day = _saturday_of(year, month, 1)
        _held(actor, _create(actor, community, units, "clinic", starts_at=_at(clinic_day, 9)),
              rng.sample(elders, min(len(elders), 40)), rng, report=PLANS["clinic"][7])
        if month % 2 == 0:
            talk = _create(actor, community, units, "talk",
                           starts_at=_at(_saturday_of(year, month, 2), 15))
            _held(actor, talk, rng.sample(residents, min(len(residents), 50)), rng,
                  report=PLANS["talk"][7])
        party_day = _create(actor, community, units, "party_day",
                            starts_at=_at(_saturday_of(year, month, 0), 9))
        _held(actor, party_day, members, rng, report=PLANS["party_day"][7])
        patrol = _create(actor, community, units, "patrol",
                         starts_at=_at(_saturday_of(year, month, 3) - datetime.timedelta(days=2),
                                       19))
        _held(actor, patrol, rng.sample(members + volunteers[:10], 8), rng,
              report=PLANS["patrol"][7])
        if month in VISITS:
            title, partners, report = VISITS[month]
            visit = _create(actor, community, units, ActivityKind.VISIT,
                            starts_at=_at(_saturday_of(year, month, 1) - datetime.timedelta(
                                days=1), 14), title=title, partner_names=partners,
                            capacity=12, report=report)
            _held(actor, visit, rng.sample(members + volunteers[:10], 12), rng, report=report)

    # ahead: open for sign-up
    now = timezone.now()
    clinic = _create(actor, community, units, "clinic",
                     starts_at=_at(today + datetime.timedelta(days=6), 9))
    services.activity_publish(actor=actor, activity=clinic)
    for person in rng.sample(elders, min(len(elders), 12)):
        services.signup_for_resident(actor=actor, activity=clinic, person=person, now=now)
    patrol = _create(actor, community, units, "patrol",
                     starts_at=_at(today + datetime.timedelta(days=3), 19))
    services.activity_publish(actor=actor, activity=patrol)
    # the full one: a talk of 20 places with a waiting list; a place comes free and is offered
    # to the first waiting, the demo resident
    talk = _create(actor, community, units, "talk", capacity=20,
                   title="防诈骗宣传讲座：守好老人的养老钱",
                   starts_at=_at(today + datetime.timedelta(days=10), 15))
    services.activity_publish(actor=actor, activity=talk)
    crowd = rng.sample(residents, 24)
    confirmed = [services.signup_for_resident(actor=actor, activity=talk, person=person,
                                              now=now) for person in crowd[:20]]
    demo_resident = Person.objects.filter(user__username="yongtai_resident").first()
    if demo_resident is not None:
        services.signup_for_resident(actor=actor, activity=talk, person=demo_resident, now=now)
    for person in crowd[20:]:
        services.signup_for_resident(actor=actor, activity=talk, person=person, now=now)
    services.signup_cancel(actor=actor, signup=confirmed[3], now=now)
    draft = _create(actor, community, units, "party_day",
                    starts_at=_at(today + datetime.timedelta(days=20), 9),
                    title="主题党日：学习身边的榜样")
    assert draft.status == ActivityStatus.DRAFT

"""Demo rotas of 永泰社区, from the community's report of 2020 (/work/shared/seed): during the
epidemic the partner units (黄花小学, 区商务局, 国资委, the bank, the health centre, the police
station) sent party members to the community's temperature checkpoint "day and night", beside
the community's own party members. Here: a two-week round-the-clock checkpoint rota (three
8-hour shifts a day, two people a shift) in February 2020, taken by party members and partner
units' staff, every shift checked in and out and confirmed (the hours are in the ledger); a
school's own post at the north gate; and today's posts open for sign-up (lane patrols on a
week's rota, escorting an elderly resident, stewarding a health day). Everything goes through
the rota's services. Partner staff are not in the registry: their names are generated
(fictional), as the people demo's are. Idempotent: run it again and nothing is duplicated.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongzhi.accounts.models import User
from gongzhi.activities.rota import services
from gongzhi.activities.rota.choices import OpenTo, PostKind, PostStatus
from gongzhi.activities.rota.models import Post
from gongzhi.activities.rota.selectors import shift_conflict
from gongzhi.activities.volunteering.choices import VolunteerStatus
from gongzhi.activities.volunteering.models import Volunteer
from gongzhi.activities.volunteering.services import volunteer_of_member
from gongzhi.demo.people import _name
from gongzhi.organisations.choices import MemberKind
from gongzhi.organisations.models import Member, PartnerUnit

CHECKPOINT = "疫情防控测温卡点（永泰社区东门）"
# the units that sent staff to the checkpoint, and how many
CHECKPOINT_UNITS = [("黄花小学", 4), ("区商务局", 3), ("区国资委", 3), ("建设银行科技园支行", 3),
                    ("街社区卫生服务中心", 2), ("黄花派出所", 2)]
WORK = ["为进出居民测量体温、登记出入", "查验出入证，劝导佩戴口罩", "协助快递外卖无接触配送"]
NIGHT_WORK = ["夜间值守，登记外来车辆", "夜间值守，巡视卡点周边"]


def _staff_volunteers(community, rng) -> list[Volunteer]:
    """Partner units' staff registered as the community's volunteers (not in the registry):
    those the volunteering demo registered, topped up with generated ones."""
    volunteers = []
    for unit_name, count in CHECKPOINT_UNITS:
        unit = PartnerUnit.objects.filter(community=community, name=unit_name).first()
        if unit is None:
            continue
        registered = list(Volunteer.objects.filter(unit=unit, status=VolunteerStatus.ACTIVE)
                          .order_by("pk")[:count])
        volunteers += registered
        for _ in range(count - len(registered)):
            volunteers.append(Volunteer.objects.create(
                community=community, unit=unit, name=_name(rng), status=VolunteerStatus.ACTIVE,
                skills="防疫值守", preferred_kinds=[PostKind.CHECKPOINT, PostKind.PATROL],
                confirmed_at=timezone.now()))
    return volunteers


def _member_volunteers(staff, community) -> list[Volunteer]:
    """The community's party members who served (their profiles, made as at their first shift)."""
    members = (Member.objects.filter(community=community).select_related("person")
               .order_by("kind", "pk"))
    community_members = [m for m in members if m.kind == MemberKind.COMMUNITY][:8]
    in_service = [m for m in members if m.kind == MemberKind.IN_SERVICE][:6]
    return [volunteer_of_member(actor=staff, person=m.person)
            for m in community_members + in_service]


def _serve(staff, shift, volunteer, rng, *, work=None):
    """Put the volunteer on the shift, check them in and out, and confirm the hours."""
    signup = services.shift_assign(actor=staff, shift=shift, volunteer=volunteer)
    late = rng.choice([0, 0, 0, 5, 10])
    early = rng.choice([0, 0, 0, 0, 30])
    services.signup_check_in(actor=staff, signup=signup,
                             now=shift.starts_at + datetime.timedelta(minutes=late - 10))
    services.signup_check_out(actor=staff, signup=signup,
                              now=shift.ends_at - datetime.timedelta(minutes=early))
    signup.refresh_from_db()
    hours = services.suggested_hours(signup)
    night = timezone.localtime(shift.starts_at).hour < 6
    services.signup_confirm(actor=staff, signup=signup,
                            work_done=work or rng.choice(NIGHT_WORK if night else WORK),
                            hours=min(hours, Decimal(8)),
                            now=shift.ends_at + datetime.timedelta(hours=2))


def _fill(staff, post, pool, rng):
    """Each shift of the post gets its slots from the pool, round the clock, within the rest
    rule (the rota's own check): whoever would overlap or work too long is skipped."""
    turn = 0
    for shift in post.shifts.order_by("starts_at"):
        taken = 0
        for attempt in range(len(pool)):
            if taken == shift.slots:
                break
            volunteer = pool[(turn + attempt) % len(pool)]
            if shift_conflict(volunteer, shift) is not None:
                continue
            if shift.signups.filter(volunteer=volunteer).exists():
                continue
            _serve(staff, shift, volunteer, rng)
            taken += 1
        turn += shift.slots + 1


def _checkpoint(staff, community, rng):
    post = services.post_create(
        actor=staff, community=community, title=CHECKPOINT, kind=PostKind.CHECKPOINT,
        category="safety", open_to=OpenTo.VOLUNTEERS, place="永泰社区东门",
        description="测量体温、查验出入证、登记外来人员和车辆；黄花岗公园提供铁马和防疫物资。",
        rota={"first_day": "2020-02-01", "days": 14, "starts": ["00:00", "08:00", "16:00"],
              "hours": 8, "slots": 2})
    pool = _member_volunteers(staff, community) + _staff_volunteers(community, rng)
    rng.shuffle(pool)
    _fill(staff, post, pool, rng)
    services.post_set_status(actor=staff, post=post, status=PostStatus.DONE)
    # the school's own post: its party members at the north gate on school days
    school = PartnerUnit.objects.filter(community=community, name="黄花小学").first()
    if school is not None:
        gate = services.post_create(
            actor=staff, community=community, title="黄花小学党员先锋岗（北门测温）",
            kind=PostKind.CHECKPOINT, category="safety", open_to=OpenTo.PARTNER_STAFF,
            unit=school, place="永泰社区北门",
            rota={"first_day": "2020-02-10", "days": 5, "starts": ["08:00"], "hours": 4,
                  "slots": 1})
        teachers = list(Volunteer.objects.filter(unit=school).order_by("pk"))
        if teachers:
            _fill(staff, gate, teachers, rng)
        services.post_set_status(actor=staff, post=gate, status=PostStatus.DONE)


def _current_posts(staff, community, today):
    """Posts open for sign-up now."""
    services.post_create(
        actor=staff, community=community, title="背街小巷夜间巡查", kind=PostKind.PATROL,
        category="safety", open_to=OpenTo.VOLUNTEERS, place="永泰社区各街巷",
        description="三人一组沿永泰路、东沙街巡查，留意楼道堆物、电动车违规充电和消防通道，"
                    "发现问题在手机上记录。",
        rota={"first_day": (today + datetime.timedelta(days=1)).isoformat(), "days": 7,
              "starts": ["19:00"], "hours": 2, "slots": 3})
    services.post_create(
        actor=staff, community=community, title="陪同独居老人到卫生服务中心复诊",
        kind=PostKind.ESCORT, category="hardship", open_to=OpenTo.VOLUNTEERS,
        place="永泰社区三号楼 → 街社区卫生服务中心",
        description="上午陪同一位行动不便的独居老人复诊、取药，往返步行约十五分钟。"
                    "老人的姓名和电话由社区工作人员在认领后告知。",
        shift=services.one_shift(date=today + datetime.timedelta(days=3),
                                 start_time=datetime.time(9), end_time=datetime.time(11, 30),
                                 slots=2))
    clinic = PartnerUnit.objects.filter(community=community, name="街社区卫生服务中心").first()
    services.post_create(
        actor=staff, community=community, title="健康义诊现场秩序", kind=PostKind.STEWARDING,
        category="health", open_to=OpenTo.PARTNER_STAFF, unit=clinic,
        place="社区广场",
        description="引导居民排队、协助登记血压血糖，维持现场秩序。",
        shift=services.one_shift(date=today + datetime.timedelta(days=5),
                                 start_time=datetime.time(8, 30), end_time=datetime.time(12),
                                 slots=4))


@transaction.atomic
def seed_activities_rota(places: dict) -> None:
    community = places["yongtai"]
    if Post.objects.filter(community=community, title=CHECKPOINT).exists():
        return
    staff = User.objects.get(username="yongtai_secretary")
    rng = random.Random(2020)
    _checkpoint(staff, community, rng)
    _current_posts(staff, community, timezone.localdate())

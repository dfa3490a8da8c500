"""Demo duty of 永泰社区: the daily lane patrol (日常巡查) as a rota of two shifts a day from
three days ago to a week ahead, walked by partner staff (the police station's and the bank's),
with empty slots on the coverage board, a cover request, a swap waiting for an answer, and what
the patrols found, one of them already a resident request (未诉先办). Names are fictional.
Idempotent: run it again and nothing is duplicated.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from gongzhi.accounts.choices import Role
from gongzhi.accounts.models import RoleAssignment, User
from gongzhi.activities.duty import services
from gongzhi.activities.rota.models import Post, Shift, ShiftSignUp
from gongzhi.activities.volunteering.models import Volunteer
from gongzhi.casework.models import Category
from gongzhi.organisations.models import PartnerUnit
from gongzhi.places.models import Building

DEMO_PASSWORD = "gongzhi-demo"
PATROL_TITLE = "老巷日常巡查"
# (username or "", display name, partner unit)
PATROLLERS = [
    ("yongtai_patrol", "辅警小林（演示）", "黄花派出所"),
    ("yongtai_bank_volunteer", "建行志愿者小赵（演示）", "建设银行科技园支行"),
    ("", "派出所社区民警老郑", "黄花派出所"),
    ("", "卫生服务中心护士小何", "街社区卫生服务中心"),
]
STARTS = (9, 19)  # a morning and an evening round, 3 hours each
DAYS_BEFORE, DAYS_AFTER = 3, 6
FINDINGS = [
    ("消防通道被电动车和杂物堵住，约 5 米", 0),
    ("楼道声控灯不亮，老人夜间上下楼不便", 1),
    ("巷口井盖松动，踩上去有响声", None),
]


def _volunteer(community, username: str, name: str, unit) -> Volunteer:
    user = None
    if username:
        user, created = User.objects.get_or_create(username=username,
                                                   defaults={"display_name": name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.password_changed_at = timezone.now()
            user.save()
        RoleAssignment.objects.get_or_create(user=user, role=Role.VOLUNTEER, level="community",
                                             community=community)
    plain_name = name.removesuffix("（演示）")
    volunteer = Volunteer.objects.filter(community=community, unit=unit, name=plain_name).first()
    return volunteer or Volunteer.objects.create(
        community=community, unit=unit, name=plain_name, user=user, status="active",
        skills="巡查", preferred_kinds=["patrol"], confirmed_at=timezone.now())


@transaction.atomic
def seed_duty(community, *, now=None) -> int:
    """The patrol rota and its duty; returns how many shifts were laid out (0 when seeded)."""
    if Post.objects.filter(community=community, title=PATROL_TITLE).exists():
        return 0
    now = now or timezone.now()
    today = timezone.localdate(now)
    secretary = User.objects.get(username="yongtai_secretary")
    staff = User.objects.get(username="yongtai_staff")
    units = {unit.name: unit for unit in PartnerUnit.objects.filter(community=community)}
    volunteers = [_volunteer(community, username, name, units.get(unit_name) or next(
        iter(units.values()))) for username, name, unit_name in PATROLLERS]
    first_day = today - datetime.timedelta(days=DAYS_BEFORE)
    days = DAYS_BEFORE + DAYS_AFTER + 1
    post = Post.objects.create(
        community=community, title=PATROL_TITLE, kind="patrol", category="safety",
        place="永泰社区老巷（北段—南段）", open_to="partner_staff", created_by=secretary,
        description="沿老巷巡查消防通道、楼道照明、井盖和独居老人门前情况，发现问题当场记录。",
        rota={"first_day": first_day.isoformat(), "days": days,
              "starts": [f"{hour:02d}:00" for hour in STARTS], "hours": 3, "slots": 2})
    shifts = []
    for offset in range(days):
        day = first_day + datetime.timedelta(days=offset)
        for hour in STARTS:
            starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
            shifts.append(Shift.objects.create(
                community=community, post=post, date=day, starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=3), slots=2))
    # who walks which round: the police volunteers most evenings, the others in turn; a few
    # rounds ahead stay short of people (the board's empty slots)
    signups = {}
    for index, shift in enumerate(shifts):
        walkers = [volunteers[index % 2]]
        if index % 3 == 0:
            walkers.append(volunteers[2 + index % 2])
        if shift.date > today + datetime.timedelta(days=1) and index % 4 == 1:
            walkers = walkers[:0]
        for volunteer in walkers:
            signups[(shift.pk, volunteer.pk)] = ShiftSignUp.objects.create(
                community=community, shift=shift, volunteer=volunteer)
    patroller, bank = (User.objects.get(username=u) for u, _n, _unit in PATROLLERS[:2])
    # the bank's volunteer cannot come to a round the day after tomorrow: a cover request
    later = [s for (shift_id, v), s in signups.items() if v == volunteers[1].pk
             and s.shift.date >= today + datetime.timedelta(days=2)]
    if later:
        services.cover_request_create(actor=bank, signup=later[0], note="单位临时加班", now=now)
    # the patrol volunteer proposes to swap a round with the bank's volunteer
    own = [s for (shift_id, v), s in signups.items() if v == volunteers[0].pk
           and s.shift.date >= today + datetime.timedelta(days=1)]
    if own and len(later) > 1:
        services.swap_request_create(actor=patroller, signup=own[0], target=later[1],
                                     note="那天要值班备勤", now=now)
    # what the past rounds found; the first becomes a request handled before anyone complains
    past = [s for (shift_id, v), s in signups.items() if v == volunteers[0].pk
            and s.shift.ends_at < now]
    buildings = list(Building.objects.filter(community=community).order_by("sort_key")[:2])
    category = Category.objects.filter(community=community).order_by("pk").first()
    for index, (text, building_index) in enumerate(FINDINGS):
        if index >= len(past):
            break
        building = buildings[building_index] if building_index is not None and buildings \
            else None
        finding = services.finding_create(actor=patroller, signup=past[index],
                                          description=text, building=building, now=now)
        if index == 0 and category is not None and building is not None:
            services.finding_convert(actor=staff, finding=finding, category=category, now=now)
    return len(shifts)

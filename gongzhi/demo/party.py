"""Demo party organisations of 黄花岗街 and 永泰社区: the street's working committee, the
community committee with four branches and their groups, officers with terms, about forty party
members (community members and in-service members from the partner units of the co-building
demo), members' posts from the needs list with their shifts served and confirmed across 2026
(through the rota's services: the hours are in the ledger). Names come from the people
demo (generated, fictional). Idempotent: run it again and nothing is duplicated.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongzhi.accounts.choices import Role
from gongzhi.accounts.models import RoleAssignment, User
from gongzhi.activities.rota import services as rota_services
from gongzhi.activities.rota.choices import OpenTo, PostKind, PostStatus
from gongzhi.activities.volunteering.services import volunteer_of_member
from gongzhi.cobuilding.models import Need
from gongzhi.cobuilding.services import resource_offer_by_member
from gongzhi.organisations.choices import MemberKind, OrganisationKind
from gongzhi.organisations.models import Organisation, PartnerUnit
from gongzhi.party import services
from gongzhi.people.choices import SensitiveFlag
from gongzhi.people.models import Person, PersonFlag
from gongzhi.people.services import flag_token
from gongzhi.places.models import Grid

DEMO_PASSWORD = "gongzhi-demo"
BRANCHES = {
    "第一党支部": ["第一党小组", "第二党小组"],
    "第二党支部": ["第三党小组"],
    "第三党支部": ["第四党小组"],
    "离退休党支部": ["离退休第一党小组", "离退休第二党小组"],
}
# in-service members' work units: partner units of the co-building demo, with how many report
IN_SERVICE_UNITS = [("建设银行科技园支行", 3), ("街社区卫生服务中心", 3), ("黄花小学", 2),
                    ("区商务局", 2), ("区国资委", 2), ("黄花派出所", 2)]
SKILLS = ["金融知识", "医疗护理", "教学辅导", "法律咨询", "政策宣讲", "治安防范", "摄影宣传"]
# title, category, place, month, day, start hour, hours, slots, what was done
POSTS = [
    ("春节走访慰问困难家庭", "hardship", "永泰社区各楼栋", 1, 24, 9, 3, 6,
     "入户送慰问品，记录困难和诉求"),
    ("防诈骗宣传进楼栋", "safety", "社区党群服务中心", 3, 15, 14, 2, 5,
     "讲解冒充公检法诈骗套路，发放手册"),
    ("老人测血压义诊协助", "health", "社区广场", 4, 12, 9, 3, 4,
     "协助医生测血压、登记老人信息"),
    ("主题党日：黄花岗公园瞻仰", "party", "黄花岗公园", 5, 10, 9, 2, 8,
     "参加主题党日，讲解革命历史"),
    ("七一走访老党员", "party", "永泰社区", 6, 28, 15, 2, 5,
     "走访慰问老党员，听取意见"),
    ("暑期青少年课业辅导", "culture", "社区活动室", 7, 20, 9, 3, 4,
     "为双职工家庭孩子辅导暑假作业"),
    ("楼道安全隐患排查", "safety", "老旧楼栋", 8, 16, 9, 3, 6,
     "排查楼道杂物、电动车充电隐患"),
    ("加装电梯政策宣讲", "governance", "社区议事厅", 9, 13, 19, 2, 4,
     "向业主讲解加装电梯政策和表决规则"),
    ("法律咨询服务日", "legal", "社区党群服务中心", 10, 18, 9, 3, 3,
     "解答婚姻继承和租赁纠纷问题"),
    ("独居老人冬季探访", "hardship", "永泰社区各楼栋", 11, 8, 9, 3, 6,
     "上门探访独居老人，检查用电用气"),
]
OPEN_POST = ("年末社区环境整治", "governance", "永泰社区", 12, 13, 9, 3, 8)


def _pick_people(community, count: int) -> list[Person]:
    """Adults flagged as party members in the people demo, then other adults if too few."""
    token = flag_token(community.pk, SensitiveFlag.PARTY_MEMBER.value)
    adult = datetime.date(2026, 1, 1) - datetime.timedelta(days=25 * 365)
    flagged = list(Person.objects.filter(
        community=community, birth_date__lte=adult, user__isnull=True,
        pk__in=PersonFlag.objects.filter(token=token).values("person_id")).order_by("pk")[:count])
    if len(flagged) < count:
        flagged += list(Person.objects.filter(community=community, birth_date__lte=adult,
                                              user__isnull=True)
                        .exclude(pk__in=[p.pk for p in flagged])
                        .order_by("pk")[:count - len(flagged)])
    return flagged


def _status(rng: random.Random, index: int) -> tuple[str, dict]:
    if index in (7, 19):
        return "probationary", {"applied_on": "2023-03-01", "activist_on": "2023-09-01",
                                "candidate_on": "2024-06-01", "probationary_on": "2025-07-01"}
    if index == 25:
        return "activist", {"applied_on": "2025-04-10", "activist_on": "2025-10-15"}
    year = rng.randint(1975, 2020)
    return "full", {"full_on": f"{year}-{rng.randint(1, 12):02d}-01"}


@transaction.atomic
def seed_party(places: dict) -> None:
    community, street = places["yongtai"], places["street"]
    if Organisation.objects.filter(street=street, kind=OrganisationKind.STREET_COMMITTEE).exists():
        return
    admin = User.objects.get(username="street_admin")
    staff = User.objects.get(username="yongtai_secretary")
    rng = random.Random(71)

    street_committee = services.organisation_create(
        actor=admin, kind=OrganisationKind.STREET_COMMITTEE, name="黄花岗街党工委", street=street)
    committee = services.organisation_create(
        actor=staff, kind=OrganisationKind.COMMUNITY_COMMITTEE, name="永泰社区党委",
        parent=street_committee, community=community, founded_on=datetime.date(2001, 7, 1))
    branches, groups = {}, {}
    for branch_name, group_names in BRANCHES.items():
        branch = services.organisation_create(actor=staff, kind=OrganisationKind.BRANCH,
                                              name=branch_name, parent=committee)
        branches[branch_name] = branch
        groups[branch_name] = [
            services.organisation_create(actor=staff, kind=OrganisationKind.GROUP, name=name,
                                         parent=branch) for name in group_names]

    grids = list(Grid.objects.filter(community=community).order_by("number"))
    units = {u.name: u for u in PartnerUnit.objects.filter(community=community)}
    in_service_total = sum(n for _unit, n in IN_SERVICE_UNITS)
    people = _pick_people(community, 28 + in_service_total)
    members = []
    branch_names = list(BRANCHES)
    for index, person in enumerate(people[:28]):
        branch_name = branch_names[index % len(branch_names)]
        status, dates = _status(rng, index)
        members.append(services.member_create(
            actor=staff, person=person, status=status, status_dates=dates,
            kind=MemberKind.COMMUNITY, organisation=branches[branch_name],
            group=groups[branch_name][index // 4 % len(groups[branch_name])],
            grid=grids[index % len(grids)] if grids else None,
            skills=rng.choice(SKILLS), preferred_categories=rng.sample(
                ["party", "governance", "hardship", "culture", "safety"], 2)))
    in_service = []
    remaining = iter(people[28:])
    for unit_name, count in IN_SERVICE_UNITS:
        unit = units.get(unit_name)
        for _n in range(count):
            person = next(remaining, None)
            if person is None:
                break
            in_service.append(services.member_create(
                actor=staff, person=person, status="full",
                status_dates={"full_on": f"{rng.randint(1995, 2022)}-07-01"},
                kind=MemberKind.IN_SERVICE, work_unit_name=unit_name, partner_unit=unit,
                unit_party_organisation=unit.party_organisation if unit else "",
                skills=rng.choice(SKILLS),
                preferred_categories=rng.sample(["health", "legal", "safety", "hardship",
                                                 "culture"], 2),
                grid=grids[len(in_service) % len(grids)] if grids else None,
                registered_on=datetime.date(2025, rng.randint(3, 12), 1)))

    _officers(staff, admin, street_committee, committee, branches, members)
    login = _party_login(community, in_service[0] if in_service else None)
    _posts(staff, community, in_service, rng)
    if login is not None:
        _own_resource(login)


def _own_resource(user):
    """The demo member offers a skill of their own from 我的报到 (a co-building resource)."""
    resource_offer_by_member(
        actor=user, title="周末帮老人设置手机、识别诈骗短信", kind="skills", category="safety",
        description="每月第二个周六上午，在社区活动室一对一帮老人设置智能手机、识别诈骗短信和链接",
        capacity=8)


def _officers(staff, admin, street_committee, committee, branches, members):
    term = datetime.date(2024, 1, 1)
    services.officer_appoint(actor=admin, organisation=street_committee, title="secretary",
                             member=members[0], term_start=datetime.date(2023, 6, 1))
    services.officer_appoint(actor=admin, organisation=street_committee,
                             title="deputy_secretary", member=members[1],
                             term_start=datetime.date(2023, 6, 1))
    for title, member in zip(["secretary", "deputy_secretary", "organisation", "publicity",
                              "discipline"], members[2:7], strict=True):
        services.officer_appoint(actor=staff, organisation=committee, title=title, member=member,
                                 term_start=term, term_end=datetime.date(2028, 12, 31))
    # the previous committee's secretary, whose term ended
    services.officer_appoint(actor=staff, organisation=committee, title="secretary",
                             member=members[8], term_start=datetime.date(2019, 1, 1),
                             term_end=datetime.date(2023, 12, 31))
    for branch in branches.values():
        branch_members = [m for m in members if m.organisation_id == branch.pk]
        services.officer_appoint(actor=staff, organisation=branch, title="secretary",
                                 member=branch_members[0], term_start=term)
        if len(branch_members) > 1:
            services.officer_appoint(actor=staff, organisation=branch, title="organisation",
                                     member=branch_members[1], term_start=term)


def _party_login(community, member):
    """A PARTY_MEMBER demo login bound to an in-service member (我的报到)."""
    if member is None:
        return None
    user, created = User.objects.get_or_create(
        username="yongtai_party", defaults={"display_name": "在职党员小林（演示）"})
    if created:
        user.set_password(DEMO_PASSWORD)
    user.password_changed_at = timezone.now()
    user.save()
    RoleAssignment.objects.get_or_create(user=user, role=Role.PARTY_MEMBER, level="community",
                                         community=community)
    person = member.person
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    return user


def _posts(staff, community, in_service, rng):
    """Members' posts from the needs list across 2026, each with one shift, served and
    confirmed through the rota's services (the hours go to the ledger), and one open post."""
    needs = {n.category: n for n in Need.objects.filter(community=community)}
    for title, category, place, month, day, start, hours, slots, done in POSTS:
        date = datetime.date(2026, month, day)
        shift_plan = rota_services.one_shift(date=date, start_time=datetime.time(start),
                                             end_time=datetime.time(start + hours), slots=slots)
        post = rota_services.post_create(
            actor=staff, community=community, title=title, category=category, place=place,
            kind=PostKind.SERVICE, open_to=OpenTo.MEMBERS, shift=shift_plan,
            need=needs.get(category), description=done)
        shift = post.shifts.get()
        begins = shift.starts_at
        for member in rng.sample(in_service, min(len(in_service), rng.randint(2, slots))):
            volunteer = volunteer_of_member(actor=staff, person=member.person)
            signup = rota_services.shift_assign(actor=staff, shift=shift, volunteer=volunteer)
            served = Decimal(hours) - (Decimal("0.5") if rng.random() < 0.3 else 0)
            rota_services.signup_check_in(actor=staff, signup=signup,
                                          now=begins + datetime.timedelta(minutes=5))
            rota_services.signup_check_out(
                actor=staff, signup=signup,
                now=begins + datetime.timedelta(minutes=5 + int(served * 60)))
            rota_services.signup_confirm(actor=staff, signup=signup, work_done=done,
                                         hours=served,
                                         now=shift.ends_at + datetime.timedelta(hours=1))
        rota_services.post_set_status(actor=staff, post=post, status=PostStatus.DONE)
    title, category, place, month, day, start, hours, slots = OPEN_POST
    rota_services.post_create(
        actor=staff, community=community, title=title, category=category, place=place,
        kind=PostKind.SERVICE, open_to=OpenTo.MEMBERS, description="清理楼道杂物、张贴文明公约",
        shift=rota_services.one_shift(date=datetime.date(2026, month, day),
                                      start_time=datetime.time(start),
                                      end_time=datetime.time(start + hours), slots=slots))

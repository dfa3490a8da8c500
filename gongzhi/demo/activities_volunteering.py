"""Demo volunteers of 永泰社区: residents and party members of the people and party demos
(registered by staff, or by themselves and confirmed), the demo resident's own profile, and the
staff of two partner units (the bank, the health centre) registered by their units' contacts,
some of them awaiting confirmation. All through the services the pages call. Idempotent: run
it again and nothing is duplicated.

No service hours are seeded here: hours are recorded only when an organiser confirms a shift
or an activity's attendance (rota and events seed those), so a correction request, which names
a recorded service, is seeded only if such a service exists.
"""

import datetime

from django.db import transaction

from gongzhi.accounts.models import User
from gongzhi.activities.volunteering import services
from gongzhi.activities.volunteering.choices import CorrectionStatus, VolunteerStatus
from gongzhi.activities.volunteering.models import HoursCorrection, HoursEntry, Volunteer
from gongzhi.organisations.models import Member, PartnerContact
from gongzhi.people.models import Person

SKILLS = ["急救常识", "理发", "书法", "电器维修", "摄影", "广场舞", "粤语讲解", "陪护老人",
          "法律常识", "手工编织"]
AVAILABILITY = ["周末上午", "工作日晚上", "周六全天", "工作日下午", "随叫随到"]
KINDS = [["clinic", "visit"], ["clean_up", "patrol"], ["cultural", "talk"],
         ["escort", "visit"], ["checkpoint", "patrol"], ["stewarding", "cultural"]]
# partner unit -> its staff who volunteer (name, skills); the last one awaits confirmation
UNIT_STAFF = {
    "建设银行科技园支行": [("黄柜员", "反诈宣讲、理财知识"), ("周经理", "老年人金融知识"),
                       ("吴柜员", "手机银行教学")],
    "街社区卫生服务中心": [("郑医生", "测血压、慢病咨询"), ("冯护士", "急救培训"),
                       ("陈药师", "用药咨询")],
}
UNIT_STAFF_MARKER = "黄柜员"
RESIDENT_VOLUNTEERS = 10
MEMBER_VOLUNTEERS = 4


def _profile(i: int) -> dict:
    return {"skills": SKILLS[i % len(SKILLS)], "availability": AVAILABILITY[i % len(AVAILABILITY)],
            "preferred_kinds": KINDS[i % len(KINDS)]}


def _adults(community, *, exclude=()):
    adult = datetime.date(2026, 1, 1) - datetime.timedelta(days=18 * 365)
    return (Person.objects.filter(community=community, birth_date__lte=adult,
                                  volunteer__isnull=True)
            .exclude(pk__in=list(exclude)).order_by("pk"))


@transaction.atomic
def seed_volunteering(places) -> None:
    community = places["yongtai"]
    staff = User.objects.get(username="yongtai_staff")
    if Volunteer.objects.filter(community=community, name=UNIT_STAFF_MARKER).exists():
        return  # seeded before
    # the demo resident registered themself; staff confirmed
    resident = User.objects.filter(username="yongtai_resident").first()
    if (resident is not None and getattr(resident, "person", None) is not None
            and not Volunteer.objects.filter(person=resident.person).exists()):
        own = services.volunteer_register_self(actor=resident, community=community,
                                               skills="陪护老人、读报", availability="周末全天",
                                               preferred_kinds=["visit", "escort"])
        services.volunteer_confirm(actor=staff, volunteer=own)
    # party members of the roll, the demo's in-service member first
    members = list(Member.objects.filter(community=community, person__volunteer__isnull=True)
                   .select_related("person").order_by("-person__user", "pk")[:MEMBER_VOLUNTEERS])
    for i, member in enumerate(members):
        services.volunteer_register_resident(actor=staff, person=member.person,
                                             **_profile(i + 3))
    # residents registered by staff at the desk (so confirmed); one is suspended
    for i, person in enumerate(_adults(community, exclude=[m.person_id for m in members])
                               [:RESIDENT_VOLUNTEERS]):
        volunteer = services.volunteer_register_resident(actor=staff, person=person,
                                                         **_profile(i))
        if i == RESIDENT_VOLUNTEERS - 1:  # moved away for the winter: suspended
            services.volunteer_suspend(actor=staff, volunteer=volunteer)
    # the partner units' staff, registered by each unit's contact; staff confirmed all but one
    contacts = {c.unit.name: c for c in PartnerContact.objects.filter(
        unit__community=community).select_related("user", "unit")}
    for unit_name, people in UNIT_STAFF.items():
        contact = contacts.get(unit_name)
        if contact is None:
            continue
        for i, (name, skills) in enumerate(people):
            volunteer = services.volunteer_register_unit_staff(
                actor=contact.user, unit=contact.unit, name=name, skills=skills,
                availability="工作日", preferred_kinds=KINDS[(i + 1) % len(KINDS)])
            if i < len(people) - 1:
                services.volunteer_confirm(actor=staff, volunteer=volunteer)
    _pending_correction(community)


def _pending_correction(community) -> None:
    """A correction asked by a volunteer with a login, if a service of theirs is recorded."""
    if HoursCorrection.objects.filter(community=community,
                                      status=CorrectionStatus.PENDING).exists():
        return
    entry = (HoursEntry.objects.filter(community=community, kind="service",
                                       volunteer__status=VolunteerStatus.ACTIVE)
             .exclude(volunteer__user=None, volunteer__person__user=None)
             .select_related("volunteer__user", "volunteer__person__user")
             .order_by("-served_on").first())
    if entry is None:
        return
    user = entry.volunteer.user or entry.volunteer.person.user
    services.correction_request(actor=user, entry=entry, hours=entry.hours + 1,
                                reason="签退时忘记扫码，实际多服务了一小时")

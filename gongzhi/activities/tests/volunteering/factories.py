"""A volunteering world for tests: community A's volunteers (resident, a partner bank's staff)
with recorded services, and the bank's contact."""

import datetime
from dataclasses import dataclass

from gongzhi.activities.tests.factories import (
    partner_volunteer,
    post_in,
    shift_of,
    taken,
    volunteer_of,
)
from gongzhi.activities.volunteering import services
from gongzhi.activities.volunteering.choices import VolunteerStatus
from gongzhi.cobuilding.tests.factories import partner_contact
from gongzhi.organisations.models import PartnerUnit

DAY = datetime.date(2026, 3, 2)


@dataclass
class Volunteering:
    unit: object
    contact: object
    resident: object    # resident_a's own profile, confirmed
    applicant: object   # person_a, awaiting confirmation
    unit_staff: object  # the bank's staff member, confirmed
    entry: object       # a recorded 3-hour service of resident_a's
    post: object


def record_service(volunteer, hours, *, post, day=DAY, actor=None):
    signup = taken(shift_of(post, date=day), volunteer)
    return services.service_hours_record(actor=actor or post.created_by, volunteer=volunteer,
                                         hours=hours, served_on=day,
                                         description=f"{post.title}值守",
                                         shift_signup=signup)


def volunteering_of_a(world) -> Volunteering:
    if getattr(world, "volunteering_a", None) is not None:
        return world.volunteering_a
    staff = world.users["staff_a"]
    unit = PartnerUnit.objects.create(community=world.community_a, name="甲银行", kind="bank")
    contact = partner_contact(world.community_a, unit, "jia_bank_contact")
    resident = volunteer_of(world.person_resident_a, skills="急救")
    applicant = volunteer_of(world.person_a, status=VolunteerStatus.APPLIED)
    unit_staff = partner_volunteer(unit, "甲银行职员")
    post = post_in(world.community_a, staff, title="甲卡点")
    entry = record_service(resident, 3, post=post)
    world.volunteering_a = Volunteering(unit, contact, resident, applicant, unit_staff, entry,
                                        post)
    return world.volunteering_a


def volunteering_with_requests_of_a(world) -> Volunteering:
    """volunteering_of_a with a second service of resident_a's under a pending correction
    request, and a certificate issued for them (the rows the scope matrix acts on)."""
    v = volunteering_of_a(world)
    if not hasattr(world, "volunteering_correction_a"):
        second = record_service(v.resident, 2, post=v.post, day=DAY.replace(day=3))
        world.volunteering_correction_a = services.correction_request(
            actor=world.users["resident_a"], entry=second, hours=3, reason="签退漏记")
        world.volunteering_certificate_a = services.certificate_issue(
            actor=world.users["staff_a"], volunteer=v.applicant)
    return v

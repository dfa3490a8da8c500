"""Party's posts and claims become posts, shifts and shift sign-ups (issue 15: one concept).

Every party post becomes a post with the same id (kind service, open to party members), with
one shift on its date (timed from its start to its end, Beijing time; untimed when it had no
times); every claim a sign-up with the same id of the member's volunteer profile (one per
person, made here, confirmed: registering with the community was their joining), and every
confirmed claim's hours one row of the hours ledger. Ids given explicitly: the sequences are
reset after. Party's tables are dropped by party's next migration."""

import datetime
from zoneinfo import ZoneInfo

from django.core.management.color import no_style
from django.db import migrations

TZ = ZoneInfo("Asia/Shanghai")


def _shift_times(post):
    if post.start_time is None or post.end_time is None:
        return None, None
    starts_at = datetime.datetime.combine(post.date, post.start_time, tzinfo=TZ)
    ends_at = datetime.datetime.combine(post.date, post.end_time, tzinfo=TZ)
    if ends_at <= starts_at:  # a night shift (party's rule kept end > start: not expected)
        ends_at += datetime.timedelta(days=1)
    return starts_at, ends_at


def forwards(apps, schema_editor):
    OldPost, OldClaim = apps.get_model("party", "Post"), apps.get_model("party", "Claim")
    Post, Shift = apps.get_model("activities", "Post"), apps.get_model("activities", "Shift")
    ShiftSignUp = apps.get_model("activities", "ShiftSignUp")
    Volunteer = apps.get_model("activities", "Volunteer")
    HoursEntry = apps.get_model("activities", "HoursEntry")
    shifts = {}
    for old in OldPost.objects.order_by("pk").iterator():
        post = Post.objects.create(
            pk=old.pk, community_id=old.community_id, title=old.title, kind="service",
            category=old.category, description=old.description, place=old.place,
            open_to="members", status=old.status, need_id=old.need_id,
            source_case_id=old.source_case_id, created_by_id=old.created_by_id)
        Post.objects.filter(pk=post.pk).update(created_at=old.created_at,
                                               updated_at=old.updated_at)
        starts_at, ends_at = _shift_times(old)
        shift = Shift.objects.create(community_id=old.community_id, post=post, date=old.date,
                                     starts_at=starts_at, ends_at=ends_at, slots=old.slots)
        Shift.objects.filter(pk=shift.pk).update(created_at=old.created_at)
        shifts[old.pk] = (shift, old)
    volunteers = {}
    claims = OldClaim.objects.select_related("member__person").order_by("pk")
    for claim in claims.iterator():
        person = claim.member.person
        volunteer = volunteers.get(person.pk)
        if volunteer is None:
            volunteer = Volunteer.objects.filter(person_id=person.pk).first()
            if volunteer is None:
                taken = (person.user_id is not None
                         and Volunteer.objects.filter(user_id=person.user_id).exists())
                volunteer = Volunteer.objects.create(
                    community_id=person.community_id, person_id=person.pk,
                    user_id=None if taken else person.user_id, status="active",
                    confirmed_at=claim.created_at)
            volunteers[person.pk] = volunteer
        shift, old_post = shifts[claim.post_id]
        confirmed = claim.status == "confirmed"
        signup = ShiftSignUp.objects.create(
            pk=claim.pk, community_id=claim.community_id, shift=shift, volunteer=volunteer,
            status="confirmed" if confirmed else "taken", work_done=claim.work_done,
            hours=claim.hours, confirmed_by_id=claim.confirmed_by_id,
            confirmed_at=claim.confirmed_at)
        ShiftSignUp.objects.filter(pk=signup.pk).update(created_at=claim.created_at,
                                                        updated_at=claim.updated_at)
        if confirmed and claim.hours:
            HoursEntry.objects.create(
                community_id=volunteer.community_id, volunteer=volunteer, kind="service",
                hours=claim.hours, served_on=old_post.date,
                description=f"{old_post.title}：{claim.work_done}"[:200], shift_signup=signup,
                recorded_by_id=claim.confirmed_by_id or old_post.created_by_id)
    connection = schema_editor.connection
    statements = connection.ops.sequence_reset_sql(no_style(), [Post, ShiftSignUp])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0002_volunteering_certificate'),
        ('party', '0003_roll_in_organisations'),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]

"""Party's posts and claims become posts, shifts and sign-ups without losing a row or an hour
(issue 15). Rows are written through party's historical models, the database is migrated
forward, and every row is read back through activities' current models."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Sum

from gongzhi.activities.rota.models import Post, Shift, ShiftSignUp
from gongzhi.activities.volunteering.models import HoursEntry, Volunteer
from gongzhi.audit.aliases import current_label

TZ = ZoneInfo("Asia/Shanghai")
BEFORE = [("party", "0003_roll_in_organisations"),
          ("activities", "0002_volunteering_certificate")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def _leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_every_post_claim_and_hour_is_kept_with_its_id(world):
    # given the database before the move, with party's posts and claims of two members
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    OldPost, OldClaim = old.get_model("party", "Post"), old.get_model("party", "Claim")
    OldMember = old.get_model("organisations", "Member")
    staff, secretary = world.users["staff_a"], world.users["secretary_a"]
    member = OldMember.objects.create(person_id=world.person_a.pk,
                                      community_id=world.community_a.pk, kind="community")
    with_login = OldMember.objects.create(person_id=world.person_resident_a.pk,
                                          community_id=world.community_a.pk, kind="in_service")
    timed = OldPost.objects.create(
        community_id=world.community_a.pk, title="周末巡逻", category="safety",
        description="东门到西门", place="东门", date=datetime.date(2026, 3, 1),
        start_time=datetime.time(9), end_time=datetime.time(11, 30), slots=3, status="done",
        created_by_id=staff.pk)
    untimed = OldPost.objects.create(
        community_id=world.community_a.pk, title="楼道清理", category="governance",
        date=datetime.date(2026, 4, 2), slots=2, created_by_id=staff.pk)
    created = datetime.datetime(2026, 2, 20, 10, tzinfo=TZ)
    confirmed_at = datetime.datetime(2026, 3, 1, 12, tzinfo=TZ)
    claims = [
        OldClaim.objects.create(community_id=world.community_a.pk, post=timed, member=member,
                                status="confirmed", work_done="巡逻", hours=Decimal("2.5"),
                                confirmed_by_id=secretary.pk, confirmed_at=confirmed_at),
        OldClaim.objects.create(community_id=world.community_a.pk, post=timed,
                                member=with_login, status="confirmed", work_done="巡逻登记",
                                hours=Decimal("2.0"), confirmed_by_id=secretary.pk,
                                confirmed_at=confirmed_at),
        OldClaim.objects.create(community_id=world.community_a.pk, post=untimed,
                                member=with_login),
    ]
    OldClaim.objects.filter(pk=claims[0].pk).update(created_at=created)
    OldPost.objects.filter(pk=timed.pk).update(created_at=created)
    old_hours = OldClaim.objects.filter(status="confirmed").aggregate(total=Sum("hours"))["total"]

    # when the database is migrated forward
    _migrate(_leaf_nodes())

    # then every post is a members' service post with the same id and one shift
    post = Post.objects.get(pk=timed.pk)
    assert (post.title, post.kind, post.open_to, post.category, post.description, post.place,
            post.status, post.created_by, post.created_at) == (
        "周末巡逻", "service", "members", "safety", "东门到西门", "东门", "done", staff, created)
    shift = Shift.objects.get(post=post)
    assert (shift.date, shift.starts_at, shift.ends_at, shift.slots) == (
        datetime.date(2026, 3, 1), datetime.datetime(2026, 3, 1, 9, tzinfo=TZ),
        datetime.datetime(2026, 3, 1, 11, 30, tzinfo=TZ), 3)
    task = Shift.objects.get(post_id=untimed.pk)
    assert (task.date, task.starts_at, task.ends_at, task.slots) == (
        datetime.date(2026, 4, 2), None, None, 2)
    assert Post.objects.get(pk=untimed.pk).status == "open"
    # ... every claim a sign-up with the same id, of one volunteer per person
    signups = {s.pk: s for s in ShiftSignUp.objects.select_related("volunteer", "shift")}
    assert set(signups) == {claim.pk for claim in claims}
    first = signups[claims[0].pk]
    assert (first.status, first.work_done, first.hours, first.confirmed_by, first.confirmed_at,
            first.created_at, first.shift) == (
        "confirmed", "巡逻", Decimal("2.5"), secretary, confirmed_at, created, shift)
    assert (signups[claims[2].pk].status, signups[claims[2].pk].shift) == ("taken", task)
    volunteers = Volunteer.objects.order_by("pk")
    assert [(v.person_id, v.user_id, v.status, v.community_id) for v in volunteers] == [
        (world.person_a.pk, None, "active", world.community_a.pk),
        (world.person_resident_a.pk, world.users["resident_a"].pk, "active",
         world.community_a.pk)]
    assert signups[claims[1].pk].volunteer == signups[claims[2].pk].volunteer
    # ... and every confirmed hour is one ledger row, served on the post's day
    entries = HoursEntry.objects.order_by("pk")
    assert [(e.shift_signup_id, e.kind, e.hours, e.served_on, e.recorded_by) for e in entries] == [
        (claims[0].pk, "service", Decimal("2.5"), datetime.date(2026, 3, 1), secretary),
        (claims[1].pk, "service", Decimal("2.0"), datetime.date(2026, 3, 1), secretary)]
    assert entries.aggregate(total=Sum("hours"))["total"] == old_hours == Decimal("4.5")
    # ... party's tables are gone, the audit trail's old labels read as the new models
    tables = connection.introspection.table_names()
    assert "party_post" not in tables and "party_claim" not in tables
    assert (current_label("party.post"), current_label("party.claim")) == (
        "activities.post", "activities.shiftsignup")
    # ... and new rows get fresh ids after the copied ones (the sequences were reset)
    new = Post.objects.create(community=world.community_a, title="新岗位", created_by=staff)
    assert new.pk > max(timed.pk, untimed.pk)

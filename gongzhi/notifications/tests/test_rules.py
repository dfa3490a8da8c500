"""One rule per action of notifications: sending a notice by role, and the reader's own inbox
entries and settings; the API lists what the reader may do with an entry."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from gongzhi.accounts.services import api_token_create
from gongzhi.core.actions import open_actions
from gongzhi.notifications import services
from gongzhi.notifications.models import Notification

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident_a", "staff_a", "secretary_a", "grid_a1", "staff_b",
         "street_admin", "district_admin", "other_district_admin", "superuser"]


def user_of(world, role):
    return world.users[role] or AnonymousUser()


def asked(user, rule, row) -> bool:
    allowed = user.has_perm(rule, row)
    assert allowed == (rule in open_actions(user, row, [rule]))
    return allowed


@pytest.fixture
def notice(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.notice_publish(actor=world.users["staff_a"], community=world.community_a,
                                       title="停水通知", body="周三停水。")


def test_the_communitys_office_sends_notices(world):
    # given community A
    # then its secretary and staff (and the superuser) may send it a notice, nobody else
    allowed = {role for role in ROLES
               if asked(user_of(world, role), "notifications.create_notice", world.community_a)}
    assert allowed == {"staff_a", "secretary_a", "superuser"}


def test_only_the_recipient_marks_an_entry_read_and_only_once(world, notice):
    # given resident_a's inbox entry of the notice
    entry = Notification.objects.get(event=notice, recipient=world.users["resident_a"])
    # then only they may mark it read
    allowed = {role for role in ROLES
               if asked(user_of(world, role), "notifications.mark_read", entry)}
    assert allowed == {"resident_a"}
    # when it has been read, then nobody may any more
    entry.read_at = timezone.now()
    assert not asked(world.users["resident_a"], "notifications.mark_read", entry)


@pytest.mark.parametrize("rule", ["notifications.mark_all_read",
                                  "notifications.change_preferences"])
def test_inbox_and_settings_are_the_users_own(world, rule):
    # given two users
    resident, staff = world.users["resident_a"], world.users["staff_a"]
    # then each may act on their own, not on the other's
    assert asked(resident, rule, resident)
    assert not asked(resident, rule, staff)
    assert not asked(AnonymousUser(), rule, resident)


def test_the_inbox_lists_what_may_be_done_with_each_entry(client, world, notice):
    # given resident_a with an unread entry
    headers = {"Authorization": f"Bearer {api_token_create(user=world.users['resident_a']).token}"}
    # when they read their inbox, mark the entry read and read it again
    [before] = client.get("/api/v1/notifications/inbox", headers=headers).json()["items"]
    client.post(f"/api/v1/notifications/{before['id']}/read", headers=headers)
    [after] = client.get("/api/v1/notifications/inbox", headers=headers).json()["items"]
    # then marking read is offered only while it is unread
    assert (before["actions"], after["actions"]) == (["notifications.mark_read"], [])

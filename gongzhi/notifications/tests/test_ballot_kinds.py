"""The two kinds that deliberation sends to electors (a vote or poll opened, closing soon):
by default they reach people on SMS and WeChat at once, they respect quiet hours (they are
not urgent), and a person can turn a channel off for them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.notifications import providers, services
from gongzhi.notifications.choices import DEFAULT_MODES, URGENT_KINDS, Channel, Kind, Mode
from gongzhi.notifications.models import Delivery
from gongzhi.notifications.tests.factories import prefer, profile

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)
NIGHT = datetime.datetime(2026, 12, 1, 23, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def empty_outbox():
    providers.outbox.clear()
    yield
    providers.outbox.clear()


@pytest.fixture
def owner(world):
    user = user_with_role(Role.RESIDENT, world.community_a, username="owner")
    profile(user, email="owner@example.org", mobile="13800000009", wechat_openid="o-owner",
            quiet_start=datetime.time(22), quiet_end=datetime.time(7))
    return user


def send(world, owner, kind, captured):
    with captured(execute=True):
        services.notification_send(actor=None, recipients=[owner], kind=kind,
                                   title="业主表决开始：屋面防水维修",
                                   community=world.community_a)


def channels(user):
    return list(Delivery.objects.filter(recipient=user).order_by("pk")
                .values_list("channel", "status"))


def test_ballot_kinds_go_out_at_once_on_every_channel_by_default(
        world, owner, django_capture_on_commit_callbacks):
    assert {Kind.BALLOT_OPEN, Kind.BALLOT_REMINDER}.isdisjoint(URGENT_KINDS)
    for kind in (Kind.BALLOT_OPEN, Kind.BALLOT_REMINDER):
        assert DEFAULT_MODES[kind] == {Channel.EMAIL: Mode.IMMEDIATE,
                                       Channel.SMS: Mode.IMMEDIATE,
                                       Channel.WECHAT: Mode.IMMEDIATE}
    with time_machine.travel(DAY, tick=False):
        send(world, owner, Kind.BALLOT_OPEN, django_capture_on_commit_callbacks)
    assert channels(owner) == [("email", "sent"), ("sms", "sent"), ("wechat", "sent")]


def test_ballot_kinds_wait_for_the_end_of_quiet_hours(world, owner,
                                                      django_capture_on_commit_callbacks):
    with time_machine.travel(NIGHT, tick=False):
        send(world, owner, Kind.BALLOT_REMINDER, django_capture_on_commit_callbacks)
    assert channels(owner) == [("email", "held"), ("sms", "held"), ("wechat", "held")]
    assert providers.outbox == []


def test_an_owner_turns_sms_off_for_votes(world, owner, django_capture_on_commit_callbacks):
    prefer(owner, Kind.BALLOT_OPEN, Channel.SMS, Mode.OFF)
    with time_machine.travel(DAY, tick=False):
        send(world, owner, Kind.BALLOT_OPEN, django_capture_on_commit_callbacks)
    assert channels(owner) == [("email", "sent"), ("wechat", "sent")]

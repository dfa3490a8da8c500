"""Telling electors: opening an owners' vote or a residents' poll reaches every elector with a
login through their channels (inbox, SMS, WeChat) after commit; a few days before the close,
those who have not voted are reminded once, by the daily job, on a frozen clock."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.deliberation.jobs import ballot_reminders_job
from gongzhi.deliberation.models import Vote
from gongzhi.deliberation.polls import services as services_polls
from gongzhi.deliberation.polls.models import Poll
from gongzhi.deliberation.tests.factories import open_vote, owned_flats, scan
from gongzhi.deliberation.votes import services
from gongzhi.notifications import providers
from gongzhi.notifications.models import Delivery, Notification
from gongzhi.notifications.tests.factories import profile

SHANGHAI = ZoneInfo("Asia/Shanghai")
OPENING = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)
# the vote and the poll close on 2026-12-31; the reminder is due 3 days before
FOUR_DAYS_BEFORE = datetime.datetime(2026, 12, 27, 9, 0, tzinfo=SHANGHAI)
THREE_DAYS_BEFORE = datetime.datetime(2026, 12, 28, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def media_and_outbox(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    providers.outbox.clear()
    yield
    providers.outbox.clear()


@pytest.fixture
def owners(world):
    """Four flats: 王 (login, mobile and WeChat), 李 (login, no address), an owner without a
    login, and resident_a (login, no address)."""
    _flats, people = owned_flats(world, count=4)
    wang = user_with_role(Role.RESIDENT, world.community_a, username="wang",
                          display_name="王业主")
    profile(wang, mobile="13800000001", wechat_openid="o-wang")
    li = user_with_role(Role.RESIDENT, world.community_a, username="li", display_name="李业主")
    profile(li)
    profile(world.users["resident_a"])
    for person, user in ((people[0], wang), (people[1], li)):
        person.user = user
        person.save(update_fields=["user"])
    return {"wang": wang, "li": li, "resident_a": world.users["resident_a"], "people": people}


def inbox(kind):
    return sorted(Notification.objects.filter(kind=kind)
                  .values_list("recipient__username", flat=True))


def test_opening_a_vote_tells_every_owner_with_a_login_through_their_channels(
        world, owners, django_capture_on_commit_callbacks):
    # when staff open the vote
    with time_machine.travel(OPENING, tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        vote = open_vote(world)
    # then every owner with a login has it in the inbox (the owner without one is told on
    # paper), and nobody else
    assert inbox("ballot_open") == ["li", "resident_a", "wang"]
    notification = Notification.objects.get(recipient=owners["wang"])
    assert (notification.title, notification.body) == (
        "业主表决开始：屋面防水维修",
        "2026-12-31 截止。您名下的房屋在表决范围内（甲楼一号 1单元），请在截止前投票。")
    assert notification.url == "/deliberation/my-votes/"
    assert notification.event.target_id == str(vote.pk)
    # and 王, who registered a mobile and WeChat, gets both at once; the others nothing more
    assert list(Delivery.objects.order_by("pk").values_list(
        "recipient__username", "channel", "status")) == [("wang", "sms", "sent"),
                                                         ("wang", "wechat", "sent")]
    assert [(m["to"], m["params"]) for m in providers.outbox if m["channel"] == "sms"] == [
        ("13800000001", ["甲社区", "业主表决开始：屋面防水维修"])]


def test_nothing_is_sent_when_the_opening_is_rolled_back(
        world, owners, django_capture_on_commit_callbacks):
    # given the opening's transaction is rolled back after the vote opened
    with django_capture_on_commit_callbacks(execute=True) as callbacks, \
            pytest.raises(RuntimeError), transaction.atomic():
        open_vote(world)
        raise RuntimeError("rolled back")
    # then nobody was told and nothing waits to be sent
    assert callbacks == []
    assert Notification.objects.count() == 0 and Vote.objects.count() == 0


def test_the_reminder_goes_once_to_owners_who_have_not_voted(
        world, owners, django_capture_on_commit_callbacks):
    with time_machine.travel(OPENING, tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        vote = open_vote(world)
    electors = {e.floor: e for e in vote.electors.all()}
    # given 王 voted online and resident_a's paper ballot waits for its check
    services.ballot_cast_online(actor=owners["wang"], vote=vote, elector=electors[1],
                                choice="yes")
    services.ballot_enter_paper(actor=world.users["staff_a"], vote=vote, elector=electors[4],
                                choice="no", voter_name="甲住户", scan=scan())
    providers.outbox.clear()
    # when the daily job runs four days before the close, then nothing is due yet
    with time_machine.travel(FOUR_DAYS_BEFORE, tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        ballot_reminders_job(scheduled_for=FOUR_DAYS_BEFORE.isoformat())
    assert inbox("ballot_reminder") == []
    # when it runs three days before, then only 李 (a login, no ballot) is reminded
    with time_machine.travel(THREE_DAYS_BEFORE, tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        ballot_reminders_job(scheduled_for=THREE_DAYS_BEFORE.isoformat())
    assert inbox("ballot_reminder") == ["li"]
    assert Notification.objects.get(kind="ballot_reminder").title == \
        "业主表决即将截止：屋面防水维修"
    assert Vote.objects.get(pk=vote.pk).reminder_sent_at == THREE_DAYS_BEFORE
    # when the job runs again (a caught-up slot, a second worker), then nothing more is sent
    later = THREE_DAYS_BEFORE + datetime.timedelta(days=1)
    with time_machine.travel(later, tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        ballot_reminders_job(scheduled_for=later.isoformat())
        assert services.vote_reminders_send(now=later) == 0
    assert inbox("ballot_reminder") == ["li"]
    assert providers.outbox == []


def test_a_closed_vote_is_not_reminded(world, owners, django_capture_on_commit_callbacks):
    with time_machine.travel(OPENING, tick=False):
        vote = open_vote(world)
        services.vote_close(actor=world.users["staff_a"], vote=vote, confirm_early=True)
    with time_machine.travel(THREE_DAYS_BEFORE, tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        assert services.vote_reminders_send() == 0
    assert inbox("ballot_reminder") == []


@pytest.fixture
def poll_people(world):
    """甲居民 (world.person_a, of 甲楼一号) gets a login with a mobile; resident_a has one."""
    jia = user_with_role(Role.RESIDENT, world.community_a, username="jia",
                         display_name="甲居民")
    profile(jia, mobile="13800000002")
    profile(world.users["resident_a"])
    world.person_a.user = jia
    world.person_a.save(update_fields=["user"])
    return {"jia": jia, "resident_a": world.users["resident_a"]}


def open_community_poll(world):
    poll = services_polls.poll_create(actor=world.users["staff_a"], community=world.community_a,
                                      title="活动室开放时间", closes_on=datetime.date(2026, 12, 31))
    return services_polls.poll_open(actor=world.users["staff_a"], poll=poll)


def test_opening_a_poll_tells_each_elector_and_the_reminder_skips_those_who_voted(
        world, poll_people, django_capture_on_commit_callbacks):
    # when a community-wide poll opens
    with time_machine.travel(OPENING, tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        poll = open_community_poll(world)
    # then both adult residents with a login are told, 甲居民 also by SMS
    assert sorted(poll.electors.values_list("name_masked", flat=True)) == ["甲**", "甲**"]
    assert inbox("ballot_open") == ["jia", "resident_a"]
    assert Notification.objects.get(recipient=poll_people["jia"]).title == \
        "居民投票开始：活动室开放时间"
    assert list(Delivery.objects.values_list("recipient__username", "channel")) == [
        ("jia", "sms")]
    # given resident_a voted
    services_polls.poll_cast_online(actor=poll_people["resident_a"], poll=poll, choice="yes")
    # when the reminder job runs three days before the close, twice
    for _run in range(2):
        with time_machine.travel(THREE_DAYS_BEFORE, tick=False), \
                django_capture_on_commit_callbacks(execute=True):
            ballot_reminders_job(scheduled_for=THREE_DAYS_BEFORE.isoformat())
    # then only 甲居民 was reminded, once
    assert inbox("ballot_reminder") == ["jia"]
    assert Notification.objects.get(kind="ballot_reminder").title == \
        "居民投票即将截止：活动室开放时间"
    assert Poll.objects.get(pk=poll.pk).reminder_sent_at == THREE_DAYS_BEFORE


def test_the_reminder_lead_time_is_a_setting(world, owners, settings,
                                             django_capture_on_commit_callbacks):
    settings.DELIBERATION_REMINDER_DAYS_BEFORE = 5
    with time_machine.travel(OPENING, tick=False):
        open_vote(world)
    with time_machine.travel(FOUR_DAYS_BEFORE - datetime.timedelta(days=1), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        assert services.vote_reminders_send() == 1
    assert inbox("ballot_reminder") == ["li", "resident_a", "wang"]

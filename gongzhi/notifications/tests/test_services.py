"""Notifying people: inbox in their language, preferences per kind and channel, quiet hours,
the daily digest and retries, all on a frozen clock."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils.translation import gettext_lazy as _

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.audit.models import AuditEntry
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.jobs import engine
from gongzhi.notifications import providers, selectors, services
from gongzhi.notifications.choices import Channel, DeliveryStatus, Kind, Mode
from gongzhi.notifications.models import Delivery, Notification, NotificationEvent
from gongzhi.notifications.tests.factories import prefer, profile
from gongzhi.people.models import Person

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)
NIGHT = datetime.datetime(2026, 3, 2, 23, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def empty_outbox():
    providers.outbox.clear()
    yield
    providers.outbox.clear()


@pytest.fixture
def residents(world):
    """Two residents of community A: one reads Chinese and has a mobile and WeChat, one reads
    English and has only e-mail."""
    wang = user_with_role(Role.RESIDENT, world.community_a, username="wang",
                          display_name="王阿姨")
    profile(wang, mobile="13800000001", wechat_openid="o-wang", quiet_start=datetime.time(22),
            quiet_end=datetime.time(7))
    lee = user_with_role(Role.RESIDENT, world.community_a, username="lee", language="en",
                         email="lee@example.org")
    profile(lee, email="lee@example.org")
    # both live in 甲楼一号 (flat_a1); resident_a's registered home is in 甲楼二号
    for user, name in ((wang, "王阿姨"), (lee, "Lee")):
        Person.objects.create(community=world.community_a, flat=world.flat_a1, name=name,
                              sex="female", user=user)
    return {"wang": wang, "lee": lee, "resident_a": world.users["resident_a"]}


def publish(world, captured, **fields):
    data = {"actor": world.users["staff_a"], "community": world.community_a,
            "title": "停水通知", "body": "周三 9:00–12:00 停水。", **fields}
    with captured(execute=True):
        return services.notice_publish(**data)


def deliveries(user, channel=None):
    rows = Delivery.objects.filter(recipient=user)
    if channel:
        rows = rows.filter(channel=channel)
    return list(rows.order_by("pk").values_list("channel", "status"))


def test_one_notice_reaches_every_resident_in_their_language(
        world, residents, django_capture_on_commit_callbacks):
    # given a notice whose title is a translatable text
    with time_machine.travel(DAY, tick=False), django_capture_on_commit_callbacks(
            execute=True):
        event = services.notification_send(
            actor=world.users["staff_a"], recipients=[residents["wang"], residents["lee"]],
            kind=Kind.COMMUNITY_NOTICE, title=_("社区通知"), body=_("请查看社区通知。"),
            community=world.community_a, target=world.community_a)
    # then each inbox entry is in its reader's language, and the event keeps the Chinese
    titles = dict(Notification.objects.values_list("recipient__username", "title"))
    assert titles == {"wang": "社区通知", "lee": "Community notice"}
    assert (event.title, event.recipient_count, event.target_repr) == ("社区通知", 2, "甲社区")
    # and the event is in the audit trail with the community's scope
    entry = AuditEntry.objects.get(target_type="notifications.notificationevent")
    assert (entry.actor, entry.community_id) == (world.users["staff_a"], world.community_a.pk)


def test_default_preferences_send_building_notices_by_sms_and_wechat_and_email_in_digest(
        world, residents, django_capture_on_commit_callbacks):
    with time_machine.travel(DAY, tick=False):
        publish(world, django_capture_on_commit_callbacks, building=world.building_a1)
    # then Wang (mobile, WeChat) got both at once; Lee's e-mail waits for the digest
    assert deliveries(residents["wang"]) == [("sms", "sent"), ("wechat", "sent")]
    assert deliveries(residents["lee"]) == [("email", "in_digest")]
    assert deliveries(residents["resident_a"]) == []  # lives in another building
    sms = [m for m in providers.outbox if m["channel"] == "sms"]
    assert [(m["to"], m["params"]) for m in sms] == [("13800000001", ["甲社区", "停水通知"])]
    wechat = [m for m in providers.outbox if m["channel"] == "wechat"]
    assert wechat[0]["data"] == {"thing1": "停水通知", "thing2": "甲社区",
                                 "time3": "2026-03-02 10:00"}
    notification = Notification.objects.get(recipient=residents["wang"])
    assert wechat[0]["url"] == f"http://testserver/notifications/{notification.pk}/"
    # and every resident of the building, with an address or not, has it in the inbox; the
    # resident of another building does not
    assert sorted(Notification.objects.filter(event__title="停水通知")
                  .values_list("recipient__username", flat=True)) == ["lee", "wang"]


def test_a_person_turns_a_channel_off_or_to_the_digest(
        world, residents, django_capture_on_commit_callbacks):
    # given Wang wants no SMS for building notices and WeChat only in the digest
    prefer(residents["wang"], Kind.BUILDING_NOTICE, Channel.SMS, Mode.OFF)
    prefer(residents["wang"], Kind.BUILDING_NOTICE, Channel.WECHAT, Mode.DIGEST)
    with time_machine.travel(DAY, tick=False):
        publish(world, django_capture_on_commit_callbacks, building=world.building_a1)
    assert deliveries(residents["wang"]) == [("wechat", "in_digest")]
    assert providers.outbox == []


def test_quiet_hours_hold_a_message_until_morning(
        world, residents, django_capture_on_commit_callbacks):
    # given a building notice published at 23:00, inside Wang's quiet hours (22:00–07:00)
    with time_machine.travel(NIGHT, tick=False):
        publish(world, django_capture_on_commit_callbacks, building=world.building_a1)
    held = Delivery.objects.filter(recipient=residents["wang"])
    assert set(held.values_list("status", flat=True)) == {DeliveryStatus.HELD}
    morning = datetime.datetime(2026, 3, 3, 7, 0, tzinfo=SHANGHAI)
    assert set(held.values_list("due_at", flat=True)) == {morning}
    # when the release job runs at 06:59, then nothing is sent
    with django_capture_on_commit_callbacks(execute=True):
        with time_machine.travel(morning - datetime.timedelta(minutes=1), tick=False):
            assert services.deliveries_release_due() == 0
        assert providers.outbox == []
        # when it runs at 07:00, then both go out
        with time_machine.travel(morning, tick=False):
            assert services.deliveries_release_due() == 2
    assert deliveries(residents["wang"]) == [("sms", "sent"), ("wechat", "sent")]
    assert len(providers.outbox) == 2


def test_an_urgent_notice_ignores_quiet_hours_and_the_digest(
        world, residents, django_capture_on_commit_callbacks):
    prefer(residents["lee"], Kind.URGENT_NOTICE, Channel.EMAIL, Mode.DIGEST)
    with time_machine.travel(NIGHT, tick=False):
        event = publish(world, django_capture_on_commit_callbacks, is_urgent=True,
                        title="燃气泄漏，请勿使用明火")
    assert event.kind == Kind.URGENT_NOTICE
    assert deliveries(residents["wang"]) == [("sms", "sent"), ("wechat", "sent")]
    assert deliveries(residents["lee"]) == [("email", "sent")]
    assert mail.outbox[0].subject == "燃气泄漏，请勿使用明火"


def test_the_daily_digest_bundles_a_days_messages_into_one(
        world, residents, django_capture_on_commit_callbacks):
    # given two community notices during the day for Lee, who takes e-mail as a digest
    for hour, title in [(10, "垃圾分类宣传"), (15, "议事会开会通知")]:
        with time_machine.travel(DAY.replace(hour=hour), tick=False):
            publish(world, django_capture_on_commit_callbacks, title=title)
    assert deliveries(residents["lee"]) == [("email", "in_digest"), ("email", "in_digest")]
    assert mail.outbox == []
    # when the digest job runs at 08:00 the next morning (its periodic slot)
    slot = datetime.datetime(2026, 3, 3, 8, 0, tzinfo=SHANGHAI)
    with time_machine.travel(slot, tick=False), django_capture_on_commit_callbacks(
            execute=True):
        jobs = [job for job in engine.schedule_due_jobs()
                if job.name == "notifications.daily_digest"]
    # then one e-mail lists both, in Lee's language, and the items point to it
    assert [job.kwargs for job in jobs] == [{"scheduled_for": "2026-03-03T08:00:00+08:00"}]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lee@example.org"]
    assert mail.outbox[0].subject == "Daily digest: 2 new notifications"
    assert "· 垃圾分类宣传\n· 议事会开会通知" in mail.outbox[0].body
    digest = Delivery.objects.get(recipient=residents["lee"], is_digest=True)
    assert (digest.status, digest.address_hint) == (DeliveryStatus.SENT, "l***@example.org")
    assert set(digest.bundled.values_list("status", flat=True)) == {DeliveryStatus.BUNDLED}
    # and a second run of the same slot sends nothing more
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_compose(as_of=slot) == 0
    assert len(mail.outbox) == 1


def test_a_failed_delivery_is_retried_with_back_off_then_sent(
        world, residents, django_capture_on_commit_callbacks, monkeypatch):
    # given the SMS provider is down for the first attempt
    calls = []
    original = providers.LocalSmsBackend.send_sms

    def flaky_send(self, **kwargs):
        calls.append(kwargs["phone"])
        if len(calls) == 1:
            raise providers.DeliveryError("tencent: InternalError.Timeout")
        return original(self, **kwargs)

    monkeypatch.setattr(providers.LocalSmsBackend, "send_sms", flaky_send)
    with time_machine.travel(DAY, tick=False):
        publish(world, django_capture_on_commit_callbacks, building=world.building_a1)
    sms = Delivery.objects.get(recipient=residents["wang"], channel=Channel.SMS)
    assert (sms.status, sms.attempts, sms.last_error) == (
        DeliveryStatus.RETRYING, 1, "tencent: InternalError.Timeout")
    assert sms.due_at == DAY + datetime.timedelta(minutes=1)
    # when the release job runs a minute later, then it is sent on the second attempt
    with time_machine.travel(DAY + datetime.timedelta(minutes=1), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        services.deliveries_release_due()
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.last_error) == (DeliveryStatus.SENT, 2, "")
    assert sms.address_hint == "138****0001"


def test_a_refused_delivery_is_not_retried(world, residents, django_capture_on_commit_callbacks,
                                           monkeypatch):
    def refuse(self, **kwargs):
        raise providers.DeliveryError("wechat: 43004 require subscribe", retryable=False)

    monkeypatch.setattr(providers.LocalWeChatBackend, "send_template", refuse)
    with time_machine.travel(DAY, tick=False):
        publish(world, django_capture_on_commit_callbacks, building=world.building_a1)
    wechat = Delivery.objects.get(recipient=residents["wang"], channel=Channel.WECHAT)
    assert (wechat.status, wechat.attempts, wechat.due_at) == (DeliveryStatus.FAILED, 1, None)


def test_a_delivery_is_sent_once_even_if_two_runs_race(
        world, residents, django_capture_on_commit_callbacks):
    with time_machine.travel(DAY, tick=False):
        publish(world, django_capture_on_commit_callbacks, building=world.building_a1)
        ids = list(Delivery.objects.values_list("pk", flat=True))
        assert services.deliveries_send(delivery_ids=ids) == {"skipped": 3}
    assert len(providers.outbox) == 2


@pytest.mark.parametrize("user", ["resident_a", "staff_b", "street_admin", "grid_a1"])
def test_only_the_communitys_staff_publish_notices(world, residents, user,
                                                   django_capture_on_commit_callbacks):
    expected = NotFound if user == "staff_b" else PermissionDenied
    with pytest.raises(expected), django_capture_on_commit_callbacks(execute=True):
        services.notice_publish(actor=world.users[user], community=world.community_a,
                                title="越权通知", body="")
    assert NotificationEvent.objects.count() == 0
    assert Notification.objects.count() == 0


@pytest.mark.parametrize(("fields", "error_field"), [
    ({"title": "  "}, "title"),
    ({"title": "标" * 101}, "title"),
    ({"body": "字" * 2001}, "body"),
])
def test_a_notice_must_have_a_title_and_fit(world, fields, error_field):
    data = {"title": "停水通知", "body": "", **fields}
    with pytest.raises(ValidationFailed) as error:
        services.notice_publish(actor=world.users["staff_a"], community=world.community_a,
                                **data)
    assert error_field in error.value.detail
    assert NotificationEvent.objects.count() == 0


def test_a_building_of_another_community_is_refused(world):
    with pytest.raises(ValidationFailed) as error:
        services.notice_publish(actor=world.users["staff_a"], community=world.community_a,
                                title="停水通知", body="", building=world.building_b)
    assert "building" in error.value.detail


def test_reading_lowers_the_unread_count_and_only_for_the_reader(
        world, residents, django_capture_on_commit_callbacks):
    publish(world, django_capture_on_commit_callbacks)
    publish(world, django_capture_on_commit_callbacks, title="第二条")
    wang = residents["wang"]
    assert selectors.unread_count(wang) == 2
    first = selectors.inbox(wang).last()
    assert services.notification_mark_read(actor=wang, notification=first) is True
    assert services.notification_mark_read(actor=wang, notification=first) is False
    assert selectors.unread_count(wang) == 1
    assert selectors.unread_count(residents["lee"]) == 2
    with pytest.raises(NotFound):
        services.notification_mark_read(actor=residents["lee"], notification=first)
    assert services.notification_mark_all_read(actor=wang) == 1
    assert selectors.unread_count(wang) == 0


def test_profile_changes_are_validated_and_audited(world, residents):
    wang = residents["wang"]
    with pytest.raises(ValidationFailed) as error:
        services.notification_profile_update(actor=wang, data={"mobile": "12345"})
    assert "mobile" in error.value.detail
    with pytest.raises(ValidationFailed):
        services.notification_profile_update(actor=wang, data={"quiet_start": None,
                                                               "quiet_end": datetime.time(7)})
    changed = services.notification_profile_update(actor=wang,
                                                   data={"mobile": "13900000002"})
    assert changed == ["mobile"]
    entry = AuditEntry.objects.get(target_type="notifications.notificationprofile")
    # the trail keeps the numbers masked (issue 12, 8)
    assert entry.changes == {"before": {"mobile": "138****0001"},
                             "after": {"mobile": "139****0002"}}


def test_preferences_are_kept_per_kind_and_channel(world):
    user = world.users["resident_a"]
    assert selectors.preference_modes(user)[(Kind.COMMUNITY_NOTICE, Channel.SMS)] == Mode.OFF
    changed = services.notification_preferences_update(
        actor=user, modes={(Kind.COMMUNITY_NOTICE, Channel.SMS): Mode.DIGEST,
                           (Kind.URGENT_NOTICE, Channel.SMS): Mode.IMMEDIATE})
    assert changed == 1
    assert selectors.preference_modes(user)[(Kind.COMMUNITY_NOTICE, Channel.SMS)] == Mode.DIGEST
    with pytest.raises(ValidationFailed):
        services.notification_preferences_update(
            actor=user, modes={(Kind.COMMUNITY_NOTICE, Channel.IN_APP): Mode.OFF})


@pytest.mark.parametrize(("start", "end", "now", "until"), [
    ("22:00", "07:00", (23, 0), (1, 7, 0)),     # evening: until tomorrow morning
    ("22:00", "07:00", (6, 59), (0, 7, 0)),     # early morning: until this morning
    ("22:00", "07:00", (7, 0), None),            # the end is not quiet any more
    ("22:00", "07:00", (21, 59), None),
    ("12:00", "14:00", (12, 30), (0, 14, 0)),    # a nap that does not cross midnight
])
def test_quiet_hours(world, start, end, now, until):
    quiet = profile(world.users["resident_a"], quiet_start=datetime.time.fromisoformat(start),
                    quiet_end=datetime.time.fromisoformat(end))
    moment = datetime.datetime(2026, 3, 2, *now, tzinfo=SHANGHAI)
    expected = None if until is None else datetime.datetime(
        2026, 3, 2 + until[0], until[1], until[2], tzinfo=SHANGHAI)
    assert quiet.quiet_until(moment) == expected

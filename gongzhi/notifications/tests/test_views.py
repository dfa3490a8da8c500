"""The inbox, the badge, preferences and notices as pages."""

import pytest
from django.urls import reverse

from gongzhi.accounts.choices import Role
from gongzhi.accounts.tests.factories import user_with_role
from gongzhi.notifications import providers, selectors, services
from gongzhi.notifications.choices import DEFAULT_MODES, Kind
from gongzhi.notifications.models import Notification, NotificationEvent
from gongzhi.notifications.printing import board_notice_html
from gongzhi.notifications.tests.factories import profile
from gongzhi.people.models import Person


@pytest.fixture(autouse=True)
def empty_outbox():
    providers.outbox.clear()


@pytest.fixture
def notice(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.notice_publish(actor=world.users["staff_a"], community=world.community_a,
                                       building=world.building_a2, title="停水通知",
                                       body="周三 9:00–12:00 停水。\n请提前储水。")


def test_the_badge_shows_the_unread_count_and_reading_lowers_it(client, world, notice):
    client.force_login(world.users["resident_a"])
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert 'data-testid="unread-count">1<' in page
    notification = Notification.objects.get(recipient=world.users["resident_a"])
    detail = client.get(reverse("notifications:notification_detail", args=[notification.pk]))
    assert "请提前储水。" in detail.content.decode()
    badge = client.get(reverse("notifications:unread_badge")).content.decode()
    assert "unread-count" not in badge
    assert 'hx-trigger="every 30s"' in badge


def test_someone_elses_notification_is_not_found(client, world, notice):
    client.force_login(world.users["staff_b"])
    notification = Notification.objects.get(recipient=world.users["resident_a"])
    response = client.get(reverse("notifications:notification_detail", args=[notification.pk]))
    assert response.status_code == 404
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_the_badge_is_empty_for_anonymous_visitors(client, db):
    response = client.get(reverse("notifications:unread_badge"))
    assert (response.status_code, response.content) == (200, b"")


def test_mark_all_read(client, world, notice):
    client.force_login(world.users["resident_a"])
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert Notification.objects.filter(read_at__isnull=True,
                                       recipient=world.users["resident_a"]).count() == 0


def test_staff_publish_a_notice_from_the_page(client, world, django_capture_on_commit_callbacks):
    resident = user_with_role(Role.RESIDENT, world.community_a, username="wang")
    profile(resident, mobile="13800000001")
    # wang lives in 甲楼一号; resident_a's registered home is in 甲楼二号
    Person.objects.create(community=world.community_a, flat=world.flat_a1, name="王阿姨",
                          sex="female", user=resident)
    client.force_login(world.users["staff_a"])
    url = reverse("notifications:notice_create", args=[world.community_a.pk])
    assert "甲楼一号" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"title": "电梯加装意见征集", "body": "请到居委会填写意见表。",
                                     "building": world.building_a1.pk})
    event = NotificationEvent.objects.get()
    assert response["Location"] == reverse("notifications:notice_detail", args=[event.pk])
    assert (event.kind, event.building, event.recipient_count) == (
        "building_notice", world.building_a1, 1)
    page = client.get(response["Location"]).content.decode()
    assert "短信 · 已发送：1" in page
    assert [m["to"] for m in providers.outbox] == ["13800000001"]


def test_a_notice_form_error_is_shown_on_the_field(client, world):
    client.force_login(world.users["staff_a"])
    response = client.post(reverse("notifications:notice_create", args=[world.community_a.pk]),
                           {"title": "", "body": ""})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    assert NotificationEvent.objects.count() == 0


def test_residents_cannot_open_the_notice_pages(client, world, notice):
    client.force_login(world.users["resident_a"])
    assert client.get(reverse("notifications:notice_list")).status_code == 403
    assert client.get(reverse("notifications:notice_detail", args=[notice.pk])).status_code == 404
    assert client.get(reverse("notifications:notice_create",
                              args=[world.community_a.pk])).status_code == 404


def test_the_board_notice_is_a_large_type_chinese_pdf(client, world, notice):
    html = board_notice_html(notice)
    assert "甲楼二号全体住户：" in html
    assert "<h1>停水通知</h1>" in html
    assert "<p>请提前储水。</p>" in html
    assert "甲社区居民委员会" in html
    assert "font-size: 44pt" in html
    client.force_login(world.users["staff_a"])
    response = client.get(reverse("notifications:notice_print", args=[notice.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_preferences_page_saves_addresses_quiet_hours_and_modes(client, world):
    user = world.users["resident_a"]
    client.force_login(user)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "未绑定" in page
    data = {"email": "a@example.org", "mobile": "13800000009", "quiet_start": "21:30",
            "quiet_end": "06:30"}
    for kind in ("community_notice", "building_notice", "urgent_notice"):
        for channel in ("email", "sms", "wechat"):
            data[f"mode__{kind}__{channel}"] = "digest" if kind == "community_notice" \
                else "immediate"
    for kind in set(Kind.values) - {"community_notice", "building_notice", "urgent_notice"}:
        for channel in ("email", "sms", "wechat"):  # kinds other apps add: left at default
            data[f"mode__{kind}__{channel}"] = DEFAULT_MODES[kind][channel]
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    user.notification_profile.refresh_from_db()
    assert (user.notification_profile.mobile, str(user.notification_profile.quiet_start)) == (
        "13800000009", "21:30:00")
    modes = selectors.preference_modes(user)
    assert {channel: modes[("community_notice", channel)]
            for channel in ("email", "sms", "wechat")} == {
        "email": "digest", "sms": "digest", "wechat": "digest"}
    assert modes[("building_notice", "email")] == "immediate"
    # only what differs from the defaults is stored
    assert user.notification_preferences.count() == 3


def test_preferences_page_shows_a_bad_mobile_number(client, world):
    client.force_login(world.users["resident_a"])
    response = client.post(reverse("notifications:preferences"), {"mobile": "123"})
    assert "请输入 11 位手机号码。" in response.content.decode()


def test_superusers_set_a_wechat_openid_in_the_admin_and_it_is_audited(client, world):
    from gongzhi.audit.models import AuditEntry

    quiet = profile(world.users["resident_a"])
    client.force_login(world.users["superuser"])
    url = reverse("admin:notifications_notificationprofile_change", args=[quiet.pk])
    response = client.post(url, {"user": world.users["resident_a"].pk, "email": "",
                                 "mobile": "", "wechat_openid": "oAbc123", "quiet_start": "",
                                 "quiet_end": ""})
    assert response.status_code == 302
    quiet.refresh_from_db()
    assert quiet.wechat_openid == "oAbc123"
    assert AuditEntry.objects.filter(target_type="notifications.notificationprofile").exists()

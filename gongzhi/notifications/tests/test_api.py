import pytest

from gongzhi.accounts.services import api_token_create
from gongzhi.notifications import services
from gongzhi.notifications.models import Notification, NotificationEvent


@pytest.fixture
def notice(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.notice_publish(actor=world.users["staff_a"], community=world.community_a,
                                       title="停水通知", body="周三停水。")


def auth(world, name):
    return {"Authorization": f"Bearer {api_token_create(user=world.users[name]).token}"}


def test_a_resident_reads_the_inbox_through_the_api(client, world, notice):
    headers = auth(world, "resident_a")
    assert client.get("/api/v1/notifications/unread-count", headers=headers).json() == {
        "unread": 1}
    [item] = client.get("/api/v1/notifications/inbox", headers=headers).json()["items"]
    assert (item["title"], item["kind"], item["read_at"]) == ("停水通知", "community_notice", None)
    read = client.post(f"/api/v1/notifications/{item['id']}/read", headers=headers).json()
    assert read["read_at"] is not None
    assert client.get("/api/v1/notifications/unread-count", headers=headers).json() == {
        "unread": 0}


def test_preferences_through_the_api(client, world):
    headers = auth(world, "resident_a")
    response = client.put("/api/v1/notifications/preferences", {
        "mobile": "13800000001",
        "modes": [{"kind": "community_notice", "channel": "sms", "mode": "immediate"}]},
        content_type="application/json", headers=headers)
    body = response.json()
    assert response.status_code == 200
    assert body["mobile"] == "13800000001"
    assert {"kind": "community_notice", "channel": "sms", "mode": "immediate"} in body["modes"]
    bad = client.put("/api/v1/notifications/preferences", {"mobile": "1"},
                     content_type="application/json", headers=headers)
    assert (bad.status_code, bad.json()["code"]) == (422, "validation_failed")


def test_staff_publish_a_notice_through_the_api(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/notifications/notices", {
            "community_id": world.community_a.pk, "building_id": world.building_a2.pk,
            "title": "楼道清理", "body": "周六上午清理楼道杂物。"},
            content_type="application/json", headers=auth(world, "staff_a"))
    assert response.status_code == 201
    assert response.json()["recipient_count"] == 1  # resident_a lives in 甲楼二号
    assert Notification.objects.get().title == "楼道清理"
    other = client.post("/api/v1/notifications/notices", {
        "community_id": world.community_a.pk, "building_id": world.building_b.pk,
        "title": "楼道清理"}, content_type="application/json", headers=auth(world, "staff_a"))
    assert other.status_code == 404  # community B's building is not the staff's to see
    assert NotificationEvent.objects.count() == 1

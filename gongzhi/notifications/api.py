"""Notifications in the JSON API: the inbox, preferences and notices, for the mobile clients."""

import datetime
from typing import Annotated

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import WithJsonSchema

from gongzhi.core.actions import open_actions
from gongzhi.core.api_types import Id, LocalTime, Pagination
from gongzhi.core.errors import PermissionDenied
from gongzhi.notifications import access, rules, selectors, services
from gongzhi.notifications.choices import Channel, DeliveryStatus, Kind, Mode
from gongzhi.places.access import access_building, access_community

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: Kind
    title: str
    body: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None
    # the inbox's own rows: the rule reads the loaded row, no query per entry
    actions: list[str] = Field(..., description=(
        "The actions the reader may take on this message now, as rule names "
        "(notifications.mark_read)."))

    @staticmethod
    def resolve_actions(obj, context):
        return open_actions(context["request"].auth, obj, rules.NOTIFICATION_ACTIONS)


class UnreadOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int


# Inlined, not a shared "Channel" component: casework and deliberation have enums of that name.
NotificationChannel = Annotated[Channel, WithJsonSchema({"type": "string",
                                                         "enum": list(Channel.values)})]


class PreferenceItem(Schema):
    kind: Kind
    channel: NotificationChannel
    mode: Mode


class PreferencesOut(Schema):
    email: str
    mobile: str
    wechat_bound: bool
    quiet_start: datetime.time | None
    quiet_end: datetime.time | None
    modes: list[PreferenceItem]


class PreferencesIn(Schema):
    email: str | None = None
    mobile: str | None = None
    quiet_start: LocalTime | None = None
    quiet_end: LocalTime | None = None
    modes: list[PreferenceItem] = []


class NoticeIn(Schema):
    community_id: Id
    building_id: Id | None = None
    title: str = Field(..., min_length=1, max_length=100)
    body: str = Field("", max_length=2000)
    is_urgent: bool = False


class NoticeOut(Schema):
    id: int
    kind: Kind
    community_id: int | None
    building_id: int | None
    title: str
    body: str
    recipient_count: int
    created_at: datetime.datetime


class DeliveryOut(Schema):
    id: int
    channel: Channel
    status: DeliveryStatus
    is_digest: bool
    notification_id: int | None
    community_id: int | None
    attempts: int
    address_hint: str
    last_error: str
    due_at: datetime.datetime | None
    sent_at: datetime.datetime | None
    updated_at: datetime.datetime


def _preferences(user) -> dict:
    profile = selectors.profile_of(user)
    return {"email": profile.email, "mobile": profile.mobile,
            "wechat_bound": bool(profile.wechat_openid), "quiet_start": profile.quiet_start,
            "quiet_end": profile.quiet_end,
            "modes": [{"kind": kind, "channel": channel, "mode": mode}
                      for (kind, channel), mode in selectors.preference_modes(user).items()]}


@router.get("/inbox", response=list[NotificationOut], summary="我的站内消息")
@paginate(Pagination)
def inbox(request, unread_only: bool = False):
    return selectors.inbox(request.auth, unread_only=unread_only)


@router.get("/unread-count", response=UnreadOut, summary="未读消息数")
def unread_count(request):
    return {"unread": selectors.unread_count(request.auth)}


@router.post("/{notification_id}/read", response=NotificationOut, summary="标为已读")
def mark_read(request, notification_id: Id):
    notification = access.access_notification(actor=request.auth, id=notification_id)
    services.notification_mark_read(actor=request.auth, notification=notification)
    return notification


@router.post("/read-all", response=MarkedOut, summary="全部标为已读")
def mark_all_read(request):
    return {"marked": services.notification_mark_all_read(actor=request.auth)}


@router.get("/preferences", response=PreferencesOut, summary="我的通知设置")
def preferences(request):
    return _preferences(request.auth)


@router.put("/preferences", response=PreferencesOut, summary="修改通知设置")
def preferences_update(request, payload: PreferencesIn):
    data = payload.dict(exclude_unset=True)
    modes = {(item["kind"], item["channel"]): item["mode"] for item in data.pop("modes", [])}
    if data:
        services.notification_profile_update(
            actor=request.auth, data={k: ("" if v is None and k in ("email", "mobile") else v)
                                      for k, v in data.items()})
    if modes:
        services.notification_preferences_update(actor=request.auth, modes=modes)
    return _preferences(request.auth)


@router.get("/notices", response=list[NoticeOut], summary="已发布的社区通知")
@paginate(Pagination)
def notice_list(request):
    if not rules.can_view_notices(request.auth):
        raise PermissionDenied()
    return selectors.notice_list(request.auth)


@router.post("/notices", response={201: NoticeOut}, summary="向社区居民发布通知")
def notice_publish(request, payload: NoticeIn):
    community = access_community(actor=request.auth, id=payload.community_id,
                                 permission=rules.SEND_NOTICE)
    building = None
    if payload.building_id is not None:
        building = access_building(actor=request.auth, id=payload.building_id)
    event = services.notice_publish(actor=request.auth, community=community, building=building,
                                    title=payload.title, body=payload.body,
                                    is_urgent=payload.is_urgent)
    return Status(201, event)


@router.get("/deliveries", response=list[DeliveryOut], summary="短信、微信和邮件的投递记录")
@paginate(Pagination)
def delivery_list(request, status: str = "", channel: str = ""):
    if not rules.can_view_deliveries(request.auth):
        raise PermissionDenied()
    return selectors.delivery_list(request.auth, status=status, channel=channel)

"""Reads of the notifications app, each narrowed to what the actor may see."""

from django.conf import settings
from django.db.models import Count

from gongzhi.accounts.choices import Role
from gongzhi.accounts.models import User
from gongzhi.notifications import rules
from gongzhi.notifications.choices import (
    DEFAULT_MODES,
    EXTERNAL_CHANNELS,
    Channel,
    DeliveryStatus,
    Kind,
)
from gongzhi.notifications.models import (
    Delivery,
    Notification,
    NotificationEvent,
    NotificationPreference,
    NotificationProfile,
)
from gongzhi.places import rules as place_rules
from gongzhi.places.models import Building, Community

NOTICE_KINDS = [Kind.COMMUNITY_NOTICE, Kind.BUILDING_NOTICE, Kind.URGENT_NOTICE]


def inbox(actor, *, unread_only: bool = False):
    """The actor's own notifications, newest first."""
    if actor is None or not actor.is_authenticated:
        return Notification.objects.none()
    notifications = Notification.objects.filter(recipient=actor)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-id")


def unread_notices(actor):
    """The actor's unread notices (community, building and urgent): a building's notice only
    reaches the residents registered in that building (community_residents)."""
    return inbox(actor, unread_only=True).filter(kind__in=NOTICE_KINDS).select_related(
        "event__building")


def unread_count(actor) -> int:
    return inbox(actor, unread_only=True).count()


def community_residents(community, *, building=None):
    """Everyone with a resident role in the community; for a building's notice, only those
    whose registered record (people.Person) says they live in that building."""
    users = User.objects.filter(is_active=True, role_assignments__role=Role.RESIDENT,
                                role_assignments__community=community)
    if building is not None:
        users = users.filter(person__flat__building=building)
    return users.distinct().order_by("pk")


def notice_communities(actor):
    """The communities the actor may publish notices to."""
    return (Community.objects.for_user(actor, rules.SEND_NOTICE)
            .select_related("street").order_by("street__code", "name"))


def notice_buildings(actor, community):
    return (Building.objects.for_user(actor, place_rules.VIEW_PLACE)
            .filter(community=community).order_by("sort_key", "name"))


def notice_list(actor):
    return (NotificationEvent.objects.for_user(actor, rules.VIEW_NOTICE)
            .filter(kind__in=NOTICE_KINDS)
            .select_related("community", "building", "actor").order_by("-created_at", "-id"))


def notice_delivery_counts(actor, event) -> list[dict]:
    """Per channel and status, how the notice's messages went."""
    rows = list(delivery_list(actor).filter(notification__event=event)
                .values("channel", "status").annotate(count=Count("id"))
                .order_by("channel", "status"))
    for row in rows:
        row["channel_label"] = Channel(row["channel"]).label
        row["status_label"] = DeliveryStatus(row["status"]).label
    return rows


def delivery_list(actor, *, status: str = "", channel: str = ""):
    deliveries = (Delivery.objects.for_user(actor, rules.VIEW_DELIVERY)
                  .select_related("recipient", "notification", "community"))
    if status:
        deliveries = deliveries.filter(status=status)
    if channel:
        deliveries = deliveries.filter(channel=channel)
    return deliveries.order_by("-updated_at", "-id")


def delivery_status_counts(actor) -> dict[str, int]:
    rows = (Delivery.objects.for_user(actor, rules.VIEW_DELIVERY)
            .values("status").annotate(count=Count("id")).order_by())
    counts = {status: 0 for status in DeliveryStatus.values}
    counts.update({row["status"]: row["count"] for row in rows})
    return counts


def profile_of(user) -> NotificationProfile:
    profile = NotificationProfile.objects.filter(user=user).first()
    return profile or NotificationProfile.default_for(user)


def preference_modes(user) -> dict[tuple[str, str], str]:
    """(kind, channel) -> mode for every kind and outside channel, defaults filled in."""
    modes = {(kind, channel): DEFAULT_MODES[kind][channel]
             for kind in Kind.values for channel in EXTERNAL_CHANNELS}
    for preference in NotificationPreference.objects.filter(user=user):
        modes[(preference.kind, preference.channel)] = preference.mode
    return modes


def language_of(user) -> str:
    return user.language or settings.LANGUAGE_CODE

"""Writes of the notifications app.

`notification_send` is the one way to tell people about something: other apps call it from
their own services (inside their transaction) with the kind, the object, and the text as
translatable strings; each recipient gets an inbox entry in their language, and messages on
the outside channels they chose: at once, after their quiet hours, or in the daily digest.
Messages leave through background jobs enqueued after the transaction commits.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from gongzhi.audit.services import audit_change
from gongzhi.audit.writes import model_create, model_update
from gongzhi.core.actions import require
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.jobs.engine import enqueue
from gongzhi.notifications import rules, selectors
from gongzhi.notifications.channels import CHANNELS, OutgoingMessage
from gongzhi.notifications.choices import (
    DEFAULT_MODES,
    EXTERNAL_CHANNELS,
    URGENT_KINDS,
    DeliveryStatus,
    Kind,
    Mode,
)
from gongzhi.notifications.models import (
    Delivery,
    Notification,
    NotificationEvent,
    NotificationPreference,
    NotificationProfile,
    mobile_validator,
)
from gongzhi.notifications.providers import DeliveryError

SEND_BATCH = 100
SENDABLE = [DeliveryStatus.QUEUED, DeliveryStatus.HELD, DeliveryStatus.RETRYING]


def _render(text, params: dict | None) -> str:
    """A string, or a lazy translation with %(name)s params, in the active language."""
    rendered = str(text)
    if params:
        rendered = rendered % {key: str(value) for key, value in params.items()}
    return rendered


def _target_fields(target) -> dict:
    if target is None:
        return {}
    return {"target_type": f"{target._meta.app_label}.{target._meta.model_name}",
            "target_id": str(target.pk), "target_repr": str(target)[:255]}


def _plan(*, kind: str, mode: str, profile, now) -> tuple[str, datetime.datetime | None]:
    """Status and due time of a new delivery."""
    if kind in URGENT_KINDS:
        return DeliveryStatus.QUEUED, now
    if mode == Mode.DIGEST:
        return DeliveryStatus.IN_DIGEST, None
    quiet_until = profile.quiet_until(now)
    if quiet_until is not None:
        return DeliveryStatus.HELD, quiet_until
    return DeliveryStatus.QUEUED, now


@transaction.atomic
def notification_send(*, actor, recipients: Iterable, kind: str, title, body="",
                      params: dict | None = None, target=None, url: str = "",
                      community=None, building=None) -> NotificationEvent:
    """Tell `recipients` (users) about an event of `kind`. `title` and `body` may be lazy
    translations with %(name)s `params`: each person reads them in their own language."""
    if kind not in Kind.values:
        raise ValidationFailed(detail={"kind": [str(_("未知的通知类别。"))]})
    now = timezone.now()
    people = {user.pk: user for user in recipients if user.is_active}
    with translation.override("zh-hans"):
        event = NotificationEvent(
            kind=kind, actor=actor if getattr(actor, "is_authenticated", False) else None,
            community=community, building=building, title=_render(title, params)[:100],
            body=_render(body, params), url=url, recipient_count=len(people),
            **_target_fields(target))
    model_create(actor=actor, instance=event)

    texts = {}
    for language in {selectors.language_of(user) for user in people.values()}:
        with translation.override(language):
            texts[language] = (_render(title, params)[:255], _render(body, params))
    notifications = Notification.objects.bulk_create([
        Notification(event=event, recipient=user, kind=kind, url=url,
                     language=selectors.language_of(user),
                     title=texts[selectors.language_of(user)][0],
                     body=texts[selectors.language_of(user)][1])
        for user in people.values()])

    profiles = {p.user_id: p for p in NotificationProfile.objects.filter(user__in=people)}
    modes = {(p.user_id, p.channel): p.mode for p in
             NotificationPreference.objects.filter(user__in=people, kind=kind)}
    deliveries = []
    for notification in notifications:
        user = people[notification.recipient_id]
        profile = profiles.get(user.pk) or NotificationProfile.default_for(user)
        for channel in EXTERNAL_CHANNELS:
            mode = modes.get((user.pk, channel), DEFAULT_MODES[kind][channel])
            if mode == Mode.OFF or not CHANNELS[channel].address_of(user, profile):
                continue
            status, due_at = _plan(kind=kind, mode=mode, profile=profile, now=now)
            deliveries.append(Delivery(recipient=user, notification=notification,
                                       community=community, channel=channel, status=status,
                                       due_at=due_at))
    created = Delivery.objects.bulk_create(deliveries)
    _enqueue_sending([d.pk for d in created if d.status == DeliveryStatus.QUEUED])
    return event


def _enqueue_sending(delivery_ids: list[int]) -> None:
    from gongzhi.notifications.jobs import deliveries_send_job  # lazy: jobs imports this module

    for start in range(0, len(delivery_ids), SEND_BATCH):
        enqueue(deliveries_send_job, delivery_ids=delivery_ids[start:start + SEND_BATCH])


# ---- Notices to residents ------------------------------------------------------------------

@transaction.atomic
def notice_publish(*, actor, community, title: str, body: str, building=None,
                   is_urgent: bool = False) -> NotificationEvent:
    """Publish a notice to the residents of a community (about one building, if given):
    inbox, SMS and WeChat as each prefers, and a printable notice for the building's board."""
    require(actor, rules.CREATE_NOTICE, community)
    title, body = title.strip(), body.strip()
    errors = {}
    if not title:
        errors["title"] = [str(_("请填写标题。"))]
    elif len(title) > 100:
        errors["title"] = [str(_("标题不能超过 100 个字。"))]
    if len(body) > 2000:
        errors["body"] = [str(_("正文不能超过 2000 个字。"))]
    if building is not None and building.community_id != community.pk:
        errors["building"] = [str(_("楼栋须属于本社区。"))]
    if errors:
        raise ValidationFailed(detail=errors)
    kind = (Kind.URGENT_NOTICE if is_urgent
            else Kind.BUILDING_NOTICE if building is not None else Kind.COMMUNITY_NOTICE)
    recipients = selectors.community_residents(community, building=building)
    return notification_send(actor=actor, recipients=recipients,
                             kind=kind, title=title, body=body, community=community,
                             building=building, target=building or community)


# ---- The inbox -----------------------------------------------------------------------------

def _own(actor, notification: Notification) -> None:
    if actor is None or notification.recipient_id != actor.pk:
        raise NotFound()


def notification_mark_read(*, actor, notification: Notification) -> bool:
    """Mark one of the actor's own notifications read; False if it already was."""
    _own(actor, notification)
    if notification.read_at is not None:
        return False
    require(actor, rules.MARK_READ, notification)
    now = timezone.now()
    updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=now)
    notification.read_at = now
    return bool(updated)


def notification_mark_all_read(*, actor) -> int:
    require(actor, rules.MARK_ALL_READ, actor)
    return selectors.inbox(actor, unread_only=True).update(read_at=timezone.now())


# ---- Preferences ---------------------------------------------------------------------------

PROFILE_FIELDS = ["email", "quiet_start", "quiet_end"]


@transaction.atomic
def notification_profile_update(*, actor, data: dict) -> list[str]:
    """The actor's own addresses and quiet hours (audited: they are personal data). The mobile
    is stored encrypted (NotificationProfile.mobile) and audited masked."""
    require(actor, rules.CHANGE_PREFERENCES, actor)
    data = dict(data)
    mobile = data.pop("mobile", None)
    if mobile:
        try:
            mobile_validator(mobile)
        except DjangoValidationError as error:
            raise ValidationFailed(detail={"mobile": [str(m) for m in error.messages]}) from None
    profile = NotificationProfile.objects.filter(user=actor).first()
    if profile is None:
        profile = model_create(actor=actor, instance=NotificationProfile.default_for(actor))
    if ("quiet_start" in data or "quiet_end" in data) and \
            (data.get("quiet_start") is None) != (data.get("quiet_end") is None):
        raise ValidationFailed(detail={"quiet_end": [str(_("请同时填写开始和结束时间，"
                                                            "或都留空。"))]})
    changed = model_update(actor=actor, instance=profile, data=data, fields=PROFILE_FIELDS)
    if mobile is not None and mobile != profile.mobile:
        before = profile.mobile_masked
        profile.mobile = mobile
        profile.save(update_fields=[*NotificationProfile.MOBILE_FIELDS, "updated_at"])
        audit_change(actor=actor, instance=profile, action="update",
                     before={"mobile": before}, after={"mobile": profile.mobile_masked})
        changed.append("mobile")
    return changed


@transaction.atomic
def notification_preferences_update(*, actor, modes: dict[tuple[str, str], str]) -> int:
    """Set how the actor receives each (kind, channel); returns how many changed."""
    require(actor, rules.CHANGE_PREFERENCES, actor)
    current = selectors.preference_modes(actor)
    changed = {}
    for (kind, channel), mode in modes.items():
        if (kind, channel) not in current or mode not in Mode.values:
            raise ValidationFailed(detail={f"{kind}:{channel}": [str(_("选项无效。"))]})
        if current[(kind, channel)] != mode:
            changed[(kind, channel)] = mode
    for (kind, channel), mode in changed.items():
        NotificationPreference.objects.update_or_create(
            user=actor, kind=kind, channel=channel, defaults={"mode": mode})
    if changed:
        audit_change(actor=actor, instance=actor, action="update",
                     before={f"{k}:{c}": current[(k, c)] for k, c in changed},
                     after={f"{k}:{c}": m for (k, c), m in changed.items()})
    return len(changed)


# ---- Sending -------------------------------------------------------------------------------

def delivery_backoff(attempt: int) -> datetime.timedelta:
    """1, 2, 4 ... minutes after failed attempt `attempt`, at most an hour."""
    return datetime.timedelta(minutes=min(2 ** (attempt - 1), 60))


def _digest_text(delivery: Delivery) -> tuple[str, str]:
    items = list(delivery.bundled.order_by("created_at", "id").select_related("notification"))
    subject = ngettext("每日摘要：%(count)d 条新通知", "每日摘要：%(count)d 条新通知",
                       len(items)) % {"count": len(items)}
    lines = [f"· {item.notification.title}" for item in items if item.notification]
    return subject, "\n".join(lines)


def _message(delivery: Delivery, address: str, now) -> OutgoingMessage:
    user = delivery.recipient
    with translation.override(selectors.language_of(user)):
        sender = (delivery.community.name if delivery.community_id
                  else str(_("共治社区平台")))
        if delivery.is_digest:
            subject, text = _digest_text(delivery)
            path = reverse("notifications:inbox")
        else:
            subject, text = delivery.notification.title, delivery.notification.body
            path = reverse("notifications:notification_detail",
                           kwargs={"pk": delivery.notification_id})
    return OutgoingMessage(address=address, subject=subject, text=text,
                           url=f"{settings.SITE_URL}{path}", sender=sender, sent_at=now,
                           reference=f"gongzhi-delivery-{delivery.pk}")


def deliveries_send(*, delivery_ids: list[int], now=None) -> dict[str, int]:
    """Send each delivery that is still waiting; a failure is retried later with back-off, up
    to NOTIFICATIONS_MAX_ATTEMPTS. Each delivery is claimed first, so two runs never send the
    same message."""
    now = now or timezone.now()
    results: dict[str, int] = defaultdict(int)
    claimable = Q(status__in=SENDABLE) & (Q(due_at__isnull=True) | Q(due_at__lte=now))
    for delivery_id in delivery_ids:
        claimed = Delivery.objects.filter(claimable, pk=delivery_id).update(
            status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, updated_at=now)
        if not claimed:
            results["skipped"] += 1
            continue
        delivery = Delivery.objects.select_related(
            "recipient", "notification", "community").get(pk=delivery_id)
        channel = CHANNELS[delivery.channel]
        profile = selectors.profile_of(delivery.recipient)
        address = channel.address_of(delivery.recipient, profile)
        try:
            if not address:
                raise DeliveryError("no address", retryable=False)
            reference = channel.send(_message(delivery, address, now))
        except Exception as error:
            retryable = getattr(error, "retryable", True)
            final = not retryable or delivery.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
            Delivery.objects.filter(pk=delivery_id).update(
                status=DeliveryStatus.FAILED if final else DeliveryStatus.RETRYING,
                due_at=None if final else now + delivery_backoff(delivery.attempts),
                last_error=str(error)[:1000], address_hint=channel.mask(address or ""),
                updated_at=now)
            results["failed" if final else "retrying"] += 1
            continue
        Delivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.SENT, sent_at=now, provider_message_id=reference[:128],
            address_hint=channel.mask(address), last_error="", updated_at=now)
        if delivery.is_digest:
            delivery.bundled.update(sent_at=now, updated_at=now)
        results["sent"] += 1
    return dict(results)


def deliveries_release_due(*, now=None) -> int:
    """Queue the deliveries whose time has come: held through quiet hours, waiting for a
    retry, or left "sending" by a worker that died (sent again: at least once)."""
    now = now or timezone.now()
    stuck = now - datetime.timedelta(minutes=10)
    due = list(Delivery.objects.filter(
        Q(status__in=[DeliveryStatus.HELD, DeliveryStatus.RETRYING], due_at__lte=now)
        | Q(status=DeliveryStatus.SENDING, updated_at__lte=stuck)
    ).order_by("due_at", "pk").values_list("pk", "status")[:2000])
    released = []
    for delivery_id, status in due:
        if Delivery.objects.filter(pk=delivery_id, status=status).update(
                status=DeliveryStatus.QUEUED, due_at=now, updated_at=now):
            released.append(delivery_id)
    _enqueue_sending(released)
    return len(released)


@transaction.atomic
def digests_compose(*, as_of: datetime.datetime, now=None) -> int:
    """Bundle each person's waiting digest items per channel into one message."""
    now = now or timezone.now()
    waiting = (Delivery.objects.filter(status=DeliveryStatus.IN_DIGEST, created_at__lte=as_of)
               .select_related("recipient").order_by("recipient_id", "channel", "pk"))
    groups: dict[tuple[int, str], list[Delivery]] = defaultdict(list)
    for delivery in waiting:
        groups[(delivery.recipient_id, delivery.channel)].append(delivery)
    queued = []
    for (_user_id, channel), items in groups.items():
        user = items[0].recipient
        status, due_at = _plan(kind="", mode=Mode.IMMEDIATE,
                               profile=selectors.profile_of(user), now=now)
        digest = Delivery.objects.create(recipient=user, channel=channel, is_digest=True,
                                         community_id=items[0].community_id, status=status,
                                         due_at=due_at)
        Delivery.objects.filter(pk__in=[item.pk for item in items],
                                status=DeliveryStatus.IN_DIGEST).update(
            status=DeliveryStatus.BUNDLED, digest=digest, updated_at=now)
        if status == DeliveryStatus.QUEUED:
            queued.append(digest.pk)
    _enqueue_sending(queued)
    return len(groups)

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core import crypto
from gongzhi.core.models import ScopedModel
from gongzhi.core.text import mask_phone
from gongzhi.notifications.choices import Channel, DeliveryStatus, Kind, Mode

COMMUNITY_PATHS = {"district": "community__district", "street": "community__street",
                   "community": "community"}

mobile_validator = RegexValidator(r"^1\d{10}$", _("请输入 11 位手机号码。"))


def mobile_index(value: str) -> str:
    """The keyed index of a profile's mobile (the registry's phone purpose: one number, one
    digest, wherever it is stored)."""
    return crypto.blind_index(value, purpose="phone")


def parse_quiet_hours(text: str) -> tuple[datetime.time | None, datetime.time | None]:
    """"22:00-07:00" -> (22:00, 07:00); "" -> (None, None)."""
    if not text:
        return None, None
    start, end = text.split("-")
    return datetime.time.fromisoformat(start.strip()), datetime.time.fromisoformat(end.strip())


class NotificationEvent(ScopedModel):
    """Something people are told about: its kind, object and text, and who caused it."""

    kind = models.CharField(_("类别"), max_length=32, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("发起人"))
    community = models.ForeignKey("places.Community", null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="notification_events",
                                  verbose_name=_("社区"))
    building = models.ForeignKey("places.Building", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="notification_events",
                                 verbose_name=_("楼栋"))
    target_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    target_repr = models.CharField(_("对象"), max_length=255, blank=True)
    # The text in Chinese, as a board notice prints it; each recipient's inbox entry holds it
    # in their own language.
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文"), blank=True, max_length=2000)
    url = models.CharField(_("链接"), max_length=255, blank=True)
    recipient_count = models.PositiveIntegerField(_("接收人数"), default=0)

    scope_paths = COMMUNITY_PATHS

    class Meta:
        verbose_name = _("通知事件")
        verbose_name_plural = _("通知事件")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    def scope_ids(self) -> dict:
        if self.community is None:
            return {}
        return self.community.scope_ids()


class Notification(models.Model):
    """One person's inbox entry about one event, in that person's language."""

    event = models.ForeignKey(NotificationEvent, on_delete=models.CASCADE,
                              related_name="notifications", verbose_name=_("通知事件"))
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notifications", verbose_name=_("接收人"))
    kind = models.CharField(_("类别"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=255)
    body = models.TextField(_("正文"), blank=True)
    url = models.CharField(_("链接"), max_length=255, blank=True)
    language = models.CharField(_("语言"), max_length=10)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationProfile(models.Model):
    """Where one person receives notifications, and when not to disturb them. The mobile is
    personal data: stored encrypted like the registry's phones (people.Person), with a keyed
    index for exact lookups and a masked form for lists."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_profile", verbose_name=_("用户"))
    email = models.EmailField(_("接收通知的邮箱"), blank=True)
    mobile_encrypted = models.TextField(_("接收短信的手机号（加密）"), blank=True, editable=False)
    mobile_index = models.CharField(_("接收短信的手机号检索索引"), max_length=64, blank=True,
                                    db_index=True, editable=False)
    mobile_masked = models.CharField(_("接收短信的手机号"), max_length=20, blank=True,
                                     editable=False)
    # Set when the person follows the community's WeChat Official Account and binds it.
    wechat_openid = models.CharField(_("微信 openid"), max_length=64, blank=True)
    quiet_start = models.TimeField(_("免打扰开始"), null=True, blank=True)
    quiet_end = models.TimeField(_("免打扰结束"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")

    def __str__(self):
        return str(self.user)

    @property
    def mobile(self) -> str:
        """The full number, for sending an SMS and for its owner's own settings page."""
        return crypto.decrypt(self.mobile_encrypted)

    @mobile.setter
    def mobile(self, value: str) -> None:
        value = value or ""
        self.mobile_encrypted = crypto.encrypt(value)
        self.mobile_index = mobile_index(value)
        self.mobile_masked = mask_phone(value) if value else ""

    MOBILE_FIELDS = ["mobile_encrypted", "mobile_index", "mobile_masked"]

    @classmethod
    def default_for(cls, user) -> "NotificationProfile":
        """The settings of someone who never changed them (not saved)."""
        start, end = parse_quiet_hours(settings.NOTIFICATIONS_QUIET_HOURS)
        return cls(user=user, email=user.email, quiet_start=start, quiet_end=end)

    def quiet_until(self, now: datetime.datetime) -> datetime.datetime | None:
        """The end of the quiet period `now` falls in, or None when not in quiet hours.
        Hours are local (TIME_ZONE); 22:00–07:00 crosses midnight."""
        start, end = self.quiet_start, self.quiet_end
        if start is None or end is None or start == end:
            return None
        zone = ZoneInfo(settings.TIME_ZONE)
        local = now.astimezone(zone)
        today_end = datetime.datetime.combine(local.date(), end, tzinfo=zone)
        moment = local.time()
        if start < end:
            return today_end if start <= moment < end else None
        if moment >= start:
            return today_end + datetime.timedelta(days=1)
        if moment < end:
            return today_end
        return None

    def scope_ids(self) -> dict:
        return {}


class NotificationPreference(models.Model):
    """How one person wants one kind of notification on one channel."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_preferences", verbose_name=_("用户"))
    kind = models.CharField(_("类别"), max_length=32, choices=Kind.choices)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    mode = models.CharField(_("方式"), max_length=16, choices=Mode.choices)

    class Meta:
        verbose_name = _("通知偏好")
        verbose_name_plural = _("通知偏好")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"],
                                    name="preference_once_per_kind_and_channel"),
        ]

    def __str__(self):
        return f"{self.user} {self.kind} {self.channel}: {self.mode}"


class Delivery(ScopedModel):
    """One message on one outside channel (e-mail, SMS, WeChat): a notification, or a digest
    that bundles several; with its status, attempts and the provider's reference."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="deliveries", verbose_name=_("接收人"))
    notification = models.ForeignKey(Notification, null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="deliveries",
                                     verbose_name=_("站内消息"))
    community = models.ForeignKey("places.Community", null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("社区"))
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    status = models.CharField(_("状态"), max_length=16, choices=DeliveryStatus.choices)
    is_digest = models.BooleanField(_("每日摘要"), default=False)
    digest = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="bundled", verbose_name=_("所在摘要"))
    # Not before: the end of quiet hours, or the next retry.
    due_at = models.DateTimeField(_("计划发送时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    address_hint = models.CharField(_("发送地址"), max_length=64, blank=True)
    provider_message_id = models.CharField(_("服务商消息编号"), max_length=128, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    scope_paths = COMMUNITY_PATHS

    class Meta:
        verbose_name = _("投递记录")
        verbose_name_plural = _("投递记录")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "due_at"], name="delivery_status_due")]
        constraints = [
            models.CheckConstraint(name="delivery_is_a_notification_or_a_digest",
                                   condition=Q(is_digest=True, notification__isnull=True)
                                   | Q(is_digest=False, notification__isnull=False)),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.recipient} ({self.get_status_display()})"

    def scope_ids(self) -> dict:
        return self.community.scope_ids() if self.community_id else {}

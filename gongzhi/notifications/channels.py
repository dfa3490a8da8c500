"""The channels a notification can travel on, behind one interface.

A channel knows a person's address on it and how to send one `OutgoingMessage` there; it
returns the provider's reference or raises `DeliveryError`. Which SMS or WeChat provider is
used is a setting (providers.py). The in-app channel is the inbox itself: every notification
is written there, whatever the person's preferences, so they can always find what they were
told; it sends nothing further.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from gongzhi.notifications import providers
from gongzhi.notifications.choices import Channel as ChannelCode
from gongzhi.notifications.providers import DeliveryError


@dataclass(frozen=True)
class OutgoingMessage:
    address: str
    subject: str
    text: str
    url: str
    sender: str
    sent_at: datetime.datetime
    reference: str


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Channel:
    code = ""

    def address_of(self, user, profile) -> str:
        raise NotImplementedError

    def send(self, message: OutgoingMessage) -> str:
        raise NotImplementedError

    @staticmethod
    def mask(address: str) -> str:
        if len(address) <= 4:
            return "*" * len(address)
        return address[:3] + "*" * (len(address) - 7) + address[-4:]


class InAppChannel(Channel):
    code = ChannelCode.IN_APP

    def address_of(self, user, profile) -> str:
        return str(user.pk)

    def send(self, message: OutgoingMessage) -> str:
        return message.reference


class EmailChannel(Channel):
    code = ChannelCode.EMAIL

    def address_of(self, user, profile) -> str:
        return profile.email or user.email

    def send(self, message: OutgoingMessage) -> str:
        body = f"{message.text}\n\n{message.url}\n\n— {message.sender}"
        email = EmailMessage(subject=message.subject, body=body, to=[message.address],
                             headers={"X-Gongzhi-Reference": message.reference})
        try:
            email.send()
        except OSError as error:
            raise DeliveryError(f"smtp: {error}") from None
        return message.reference

    @staticmethod
    def mask(address: str) -> str:
        name, _at, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"


class SmsChannel(Channel):
    """Chinese SMS providers send only approved templates with variables; ours has two:
    who sends (the community) and the title. Template text, e.g.:
    "{1}发来通知：{2}。请登录共治查看详情。" """

    code = ChannelCode.SMS

    def address_of(self, user, profile) -> str:
        return profile.mobile

    def send(self, message: OutgoingMessage) -> str:
        limit = settings.NOTIFICATIONS_SMS["param_max_length"]
        return providers.sms_backend().send_sms(
            phone=message.address, reference=message.reference,
            params=[_short(message.sender, limit), _short(message.subject, limit)])


class WeChatChannel(Channel):
    """An Official Account template message: title, sender and time, linking to the site."""

    code = ChannelCode.WECHAT

    def address_of(self, user, profile) -> str:
        return profile.wechat_openid

    def send(self, message: OutgoingMessage) -> str:
        fields = settings.NOTIFICATIONS_WECHAT["fields"]
        local = timezone.localtime(message.sent_at)
        # "thing" keywords hold at most 20 characters.
        data = {fields["title"]: _short(message.subject, 20),
                fields["sender"]: _short(message.sender, 20),
                fields["time"]: local.strftime("%Y-%m-%d %H:%M")}
        return providers.wechat_backend().send_template(
            openid=message.address, data=data, url=message.url, reference=message.reference)

    @staticmethod
    def mask(address: str) -> str:
        return address[:4] + "…" if address else ""


CHANNELS: dict[str, Channel] = {channel.code: channel for channel in
                                (InAppChannel(), EmailChannel(), SmsChannel(), WeChatChannel())}

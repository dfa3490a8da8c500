from gongzhi.notifications.models import NotificationPreference, NotificationProfile


def profile(user, **fields) -> NotificationProfile:
    defaults = {"email": "", "mobile": "", "wechat_openid": "", "quiet_start": None,
                "quiet_end": None}
    return NotificationProfile.objects.create(user=user, **{**defaults, **fields})


def prefer(user, kind: str, channel: str, mode: str) -> NotificationPreference:
    return NotificationPreference.objects.create(user=user, kind=kind, channel=channel,
                                                 mode=mode)

"""Key rotation for the notification profiles' mobiles (run by rotate_encryption_keys)."""

from gongzhi.notifications.models import NotificationProfile


def rotate_profiles(*, batch_size: int = 500) -> int:
    """Re-encrypt every stored mobile under the newest key and recompute its index."""
    count = 0
    profiles = NotificationProfile.objects.exclude(mobile_encrypted="").order_by("pk")
    last_pk = 0
    while True:
        batch = list(profiles.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            return count
        for profile in batch:
            profile.mobile = profile.mobile
        NotificationProfile.objects.bulk_update(batch, NotificationProfile.MOBILE_FIELDS)
        count += len(batch)
        last_pk = batch[-1].pk

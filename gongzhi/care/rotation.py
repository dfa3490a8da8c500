"""Re-encrypt care's encrypted values under the newest key (manage.py rotate_encryption_keys)."""

from gongzhi.care.register.models import CareHousehold
from gongzhi.care.visits.models import Visit
from gongzhi.core import crypto


def _rotate(model, field: str, batch_size: int) -> int:
    count, last_pk = 0, 0
    rows = model.objects.exclude(**{field: ""}).order_by("pk")
    while True:
        batch = list(rows.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            return count
        for row in batch:
            setattr(row, field, crypto.rotate(getattr(row, field)))
        model.objects.bulk_update(batch, [field])
        count += len(batch)
        last_pk = batch[-1].pk


def rotate_encrypted(*, batch_size: int = 500) -> int:
    return (_rotate(CareHousehold, "profile_encrypted", batch_size)
            + _rotate(Visit, "found_encrypted", batch_size))

"""The check-in code shown at the door: a URL on this site carrying a signed, expiring token
over the activity's pk and its `checkin_key`, drawn as a QR code (SVG, no image library).

The token is django.core.signing's TimestampSigner format, with the clock injected (services
take `now`; tests use a fixed one): signing stamps `now`, reading measures the age from `now`.
A new `checkin_key` (staff's "换新签到码") makes every code shown before it invalid."""

import datetime
import re
import secrets

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from gongzhi.core.errors import DomainError

SALT = "gongzhi.activities.checkin"


class CheckinCodeInvalid(DomainError):
    status = 400
    code = "checkin_code_invalid"
    default_message = _("签到码无效，请扫描现场展示的签到码。")


class CheckinCodeExpired(DomainError):
    status = 400
    code = "checkin_code_expired"
    default_message = _("签到码已过期，请扫描现场展示的最新签到码。")


def new_key() -> str:
    return secrets.token_urlsafe(16)[:22]


def valid_for() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.ACTIVITIES_CHECKIN_CODE_MINUTES)


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT)


def token_for(activity, *, now: datetime.datetime) -> str:
    """The token of the activity's code, stamped `now`."""
    stamp = signing.b62_encode(int(now.timestamp()))
    return _signer().sign(f"{activity.pk}.{activity.checkin_key}.{stamp}")


def read_token(token: str, *, now: datetime.datetime) -> tuple[int, str]:
    """(activity pk, key) of a genuine token not older than the code's validity; else
    CheckinCodeInvalid (forged, garbled) or CheckinCodeExpired. The key is compared by the
    caller against the activity's current one."""
    try:
        value = _signer().unsign(token)
        pk, key, stamp = value.split(".")
        signed_at = signing.b62_decode(stamp)
        pk = int(pk)
    except (signing.BadSignature, ValueError):
        raise CheckinCodeInvalid() from None
    age = now.timestamp() - signed_at
    if age > valid_for().total_seconds() or age < -60:
        raise CheckinCodeExpired()
    return pk, key


def qr_svg(url: str) -> str:
    """The URL as an inline SVG QR code (a path, scales to any size)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10,
                        border=2)
    svg = image.to_string(encoding="unicode")
    svg = svg[svg.index("<svg"):]
    # the page sizes it (as large as the screen allows), not the millimetres qrcode writes
    return re.sub(r'^<svg width="[^"]*" height="[^"]*"',
                  '<svg role="img" class="gz-checkin-svg"', svg)

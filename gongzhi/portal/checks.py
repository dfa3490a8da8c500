"""System checks of the portal: the sign-up's per-client code limit needs the real client."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def client_address_is_trusted(app_configs=None, **kwargs):
    """Behind nginx without TRUST_X_FORWARDED_FOR every request seems to come from the proxy:
    the per-client limit on SMS codes then counts all residents as one client."""
    if settings.DEBUG or settings.TRUST_X_FORWARDED_FOR:
        return []
    return [checks.Warning(
        "TRUST_X_FORWARDED_FOR is not set: behind a reverse proxy every resident shares the "
        "proxy's address and the per-client limit on SMS codes counts them as one.",
        hint="Set TRUST_X_FORWARDED_FOR=1 when nginx (or another proxy) appends "
             "X-Forwarded-For; leave it unset only when clients connect directly.",
        id="portal.W001")]

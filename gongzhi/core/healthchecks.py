"""What /healthz reports: the database, and the cache and the job engine when Redis is
configured."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.module_loading import import_string


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"status": "ok", "vendor": connection.vendor}
    except Exception as error:
        return {"status": "error", "vendor": connection.vendor, "error": type(error).__name__}


def _cache() -> dict:
    try:
        cache.set("healthz", "1", 10)
        ok = cache.get("healthz") == "1"
        return {"status": "ok" if ok else "error"}
    except Exception as error:
        return {"status": "error", "error": type(error).__name__}


def _registered(path: str) -> dict:
    """A check another app contributes (settings.HEALTH_CHECKS), named by its dotted path so
    that core, the base of the stack, imports no app above it."""
    try:
        return import_string(path)()
    except Exception as error:
        return {"status": "error", "error": type(error).__name__}


def health_report() -> dict:
    checks = {"database": _database()}
    if settings.REDIS_URL:
        checks["redis"] = _cache()
        for name, path in settings.HEALTH_CHECKS.items():
            checks[name] = _registered(path)
    status = "ok" if all(check["status"] == "ok" for check in checks.values()) else "error"
    return {"status": status, "checks": checks}

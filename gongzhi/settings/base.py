"""Settings shared by every environment, read from the environment with development defaults.

Only `test.py` overrides anything; production is this module with the environment set
(DEBUG off, SECRET_KEY, DATABASE_URL, REDIS_URL, ALLOWED_HOSTS).
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

# Personal data at rest (PIPL): Fernet keys, newest first, and the key of the search indexes.
# Development derives both from SECRET_KEY; production must set them (and keep them out of the
# database backups' reach).
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", "")
SEARCH_INDEX_KEY = os.environ.get("SEARCH_INDEX_KEY", "")
if not FIELD_ENCRYPTION_KEYS or not SEARCH_INDEX_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS and SEARCH_INDEX_KEY must be set when DEBUG is off.")
    from gongzhi.core.crypto import derive_development_key

    FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [
        derive_development_key(SECRET_KEY, "field-encryption")]
    SEARCH_INDEX_KEY = SEARCH_INDEX_KEY or derive_development_key(SECRET_KEY, "search-index")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    # django-rules: the named action rules (core.actions), each app's rules.py loaded at start
    "rules.apps.AutodiscoverRulesConfig",
    "gongzhi.core",
    "gongzhi.accounts",
    "gongzhi.audit",
    "gongzhi.places",
    "gongzhi.people",
    "gongzhi.jobs",
    "gongzhi.organisations",
    "gongzhi.notifications",
    "gongzhi.deliberation",
    "gongzhi.cobuilding",
    "gongzhi.casework",
    "gongzhi.activities",
    "gongzhi.party",
    "gongzhi.care",
    "gongzhi.reports",
    "gongzhi.portal",
    "gongzhi.workbench",
    "gongzhi.demo",
]

# Django's own backend first (logins, model permissions), then the named object rules that
# `user.has_perm(name, obj)` and `{% has_perm %}` ask (gongzhi.core.actions).
# Identifiers other than a user name that the login accepts: each a function of the typed
# identifier returning a User or None (residents log in with their mobile number).
ACCOUNTS_LOGIN_RESOLVERS = ["gongzhi.portal.signup.selectors.user_by_phone"]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "rules.permissions.ObjectPermissionBackend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gongzhi.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gongzhi.core.middleware.PrivatePagesMiddleware",
    "gongzhi.audit.context.AuditContextMiddleware",
    "gongzhi.accounts.middleware.PasswordAgeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gongzhi.accounts.middleware.ExpiredSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gongzhi.core.middleware.DomainErrorMiddleware",
    "gongzhi.jobs.middleware.EmbeddedJobsMiddleware",
]

ROOT_URLCONF = "gongzhi.urls"
WSGI_APPLICATION = "gongzhi.wsgi.application"
ASGI_APPLICATION = "gongzhi.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gongzhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongzhi.workbench.context_processors.interface",
            ],
        },
    },
]

# Database: SQLite file in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL and a busy timeout let the demo server and a management command share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gongzhi",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# /healthz (gongzhi/core/healthchecks.py) checks the database, and with Redis the cache and these
HEALTH_CHECKS = {"jobs": "gongzhi.jobs.healthchecks.job_engine_report"}
# The operations page (/jobs/) draws these sections of higher apps below the job queue: the jobs
# app sits below them in the layers and finds them here (gongzhi/jobs/operations.py).
OPERATIONS_SECTIONS = ["gongzhi.notifications.operations.deliveries_section"]

# ---- Background jobs (gongzhi/jobs/engine.py) -------------------------------------------------
# Celery workers on Redis when REDIS_URL is set; otherwise a thread pool in the web process.
JOBS_ENGINE = os.environ.get("JOBS_ENGINE", "celery" if REDIS_URL else "embedded")
if JOBS_ENGINE not in {"celery", "embedded"}:
    raise ImproperlyConfigured("JOBS_ENGINE must be 'celery' or 'embedded'.")
if JOBS_ENGINE == "celery" and not REDIS_URL:
    raise ImproperlyConfigured("JOBS_ENGINE=celery needs REDIS_URL.")
# Tests: run each job synchronously when the enqueueing transaction commits.
JOBS_EAGER = env_bool("JOBS_EAGER", False)
JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "gongzhi")
# A running job's claim; the worker renews it every third of this. A dead worker's jobs are
# taken over once it lapses.
JOBS_LEASE_SECONDS = float(os.environ.get("JOBS_LEASE_SECONDS", "300"))
JOBS_RETRY_BACKOFF_SECONDS = int(os.environ.get("JOBS_RETRY_BACKOFF_SECONDS", "30"))
JOBS_RETRY_BACKOFF_MAX_SECONDS = int(os.environ.get("JOBS_RETRY_BACKOFF_MAX_SECONDS", "1800"))
# Celery: re-send a waiting job's message when none went out for this long.
JOBS_REDISPATCH_SECONDS = int(os.environ.get("JOBS_REDISPATCH_SECONDS", "600"))
JOBS_TICK_SECONDS = int(os.environ.get("JOBS_TICK_SECONDS", "60"))
JOBS_EMBEDDED_THREADS = int(os.environ.get("JOBS_EMBEDDED_THREADS", "2"))
JOBS_POLL_SECONDS = float(os.environ.get("JOBS_POLL_SECONDS", "2"))
JOBS_KEEP_DAYS = int(os.environ.get("JOBS_KEEP_DAYS", "30"))
# Redis gives an unacknowledged message to another worker after this many seconds; keep it
# above the longest retry back-off.
JOBS_VISIBILITY_TIMEOUT = float(os.environ.get("JOBS_VISIBILITY_TIMEOUT", "3600"))

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": JOBS_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": max(1, min(10, int(JOBS_VISIBILITY_TIMEOUT))),
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = JOBS_QUEUE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Publishing happens in the web request's on-commit callback: fail fast when Redis is down (the
# job row stays queued and the tick re-sends it) rather than hold the page for long.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0,
                                    "interval_step": 0.5, "interval_max": 1}
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE = {
    "gongzhi-jobs-tick": {"task": "gongzhi.jobs.tick", "schedule": float(JOBS_TICK_SECONDS),
                          "options": {"queue": JOBS_QUEUE, "expires": JOBS_TICK_SECONDS}},
}

# ---- Notifications (gongzhi/notifications) ---------------------------------------------------
# Absolute address of the site, for links in e-mail, SMS and WeChat messages.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# E-mail through Django's mailers: the console in development, SMTP on a server.
EMAIL_BACKEND_PATH = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend")
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": 10,
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongzhi@localhost")
# SMS: console | file | tencent | aliyun (gongzhi/notifications/providers.py).
NOTIFICATIONS_SMS_BACKEND = os.environ.get("SMS_BACKEND", "console")
NOTIFICATIONS_SMS = {
    "sign_name": os.environ.get("SMS_SIGN_NAME", ""),
    "template_id": os.environ.get("SMS_TEMPLATE_ID", ""),
    # Longest template variable the provider accepts (it depends on the account: ❓).
    "param_max_length": int(os.environ.get("SMS_PARAM_MAX_LENGTH", "20")),
    "tencent_secret_id": os.environ.get("SMS_TENCENT_SECRET_ID", ""),
    "tencent_secret_key": os.environ.get("SMS_TENCENT_SECRET_KEY", ""),
    "tencent_sdk_app_id": os.environ.get("SMS_TENCENT_SDK_APP_ID", ""),
    "tencent_region": os.environ.get("SMS_TENCENT_REGION", "ap-guangzhou"),
    "aliyun_access_key_id": os.environ.get("SMS_ALIYUN_ACCESS_KEY_ID", ""),
    "aliyun_access_key_secret": os.environ.get("SMS_ALIYUN_ACCESS_KEY_SECRET", ""),
}
# WeChat Official Account template messages: console | file | official_account.
NOTIFICATIONS_WECHAT_BACKEND = os.environ.get("WECHAT_BACKEND", "console")
NOTIFICATIONS_WECHAT = {
    "app_id": os.environ.get("WECHAT_APP_ID", ""),
    "app_secret": os.environ.get("WECHAT_APP_SECRET", ""),
    "template_id": os.environ.get("WECHAT_TEMPLATE_ID", ""),
    # The template's keyword names, as the template chosen in the account defines them.
    "fields": {"title": os.environ.get("WECHAT_FIELD_TITLE", "thing1"),
               "sender": os.environ.get("WECHAT_FIELD_SENDER", "thing2"),
               "time": os.environ.get("WECHAT_FIELD_TIME", "time3")},
}
# Where the file backends write one JSON line per message (development).
NOTIFICATIONS_FILE_PATH = os.environ.get("NOTIFICATIONS_FILE_PATH",
                                         str(BASE_DIR / "media" / "outbox.jsonl"))
# Quiet hours for people who have not set their own (local time; empty: none).
NOTIFICATIONS_QUIET_HOURS = os.environ.get("NOTIFICATIONS_QUIET_HOURS", "22:00-07:00")
NOTIFICATIONS_DIGEST_TIME = os.environ.get("NOTIFICATIONS_DIGEST_TIME", "08:00")
NOTIFICATIONS_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATIONS_MAX_ATTEMPTS", "5"))

# ---- Audit retention (the audit.retention job in gongzhi/jobs/jobs.py) ---------------------------
# 网络安全法 art. 21 / 等保: security logs are kept at least six months; PIPL practice: records
# of personal data provided to others (exports) at least three years. Lower values are refused.
AUDIT_RETENTION_MONTHS = int(os.environ.get("AUDIT_RETENTION_MONTHS", "6"))
AUDIT_EXPORT_RETENTION_MONTHS = int(os.environ.get("AUDIT_EXPORT_RETENTION_MONTHS", "36"))
if AUDIT_RETENTION_MONTHS < 6 or AUDIT_EXPORT_RETENTION_MONTHS < 36:
    raise ImproperlyConfigured("Audit entries must be kept at least 6 months (exports 36).")
AUDIT_RETENTION_TIME = os.environ.get("AUDIT_RETENTION_TIME", "03:30")
# Rows named after a real person: the audit page shows their names masked, as public notices do.
# Audit sits below these apps in the layers, so it finds each mask by its dotted path.
AUDIT_MASKED_NAMES = {"people.person": "gongzhi.people.identity.mask_name"}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# 等保 2.0 level 2 practice: at least 8 characters drawn from 3 of the 4 character classes.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "gongzhi.accounts.validators.CharacterClassValidator",
        "OPTIONS": {"min_classes": 3},
    },
]
# 等保 practice: lock after 5 failures for 30 minutes; change passwords every 90 days (0 = never).
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30"))
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("PASSWORD_MAX_AGE_DAYS", "90"))
# A bearer token lives 12 hours; its refresh token (single use: each refresh revokes the pair it
# came from) 30 days. Logging out of a token, changing the password or an administrator's
# revocation ends both at once.
API_TOKEN_TTL_HOURS = int(os.environ.get("API_TOKEN_TTL_HOURS", "12"))
API_REFRESH_TTL_DAYS = int(os.environ.get("API_REFRESH_TTL_DAYS", "30"))

# Idle timeout (等保 practice 15–30 minutes): every request renews the session.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
# Behind nginx, record the client's address from X-Forwarded-For instead of the proxy's.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content Security Policy (Django's own): every script, style and font comes from this site.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "gongzhi" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "gongzhi" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # phone and ID numbers are masked in whatever is logged (PIPL: logs are no place for them)
    "filters": {"personal_data": {"()": "gongzhi.core.log_filters.MaskPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                             "filters": ["personal_data"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

CSRF_FAILURE_VIEW = "gongzhi.core.views.csrf_failure"


# ---- casework (resident requests) ---------------------------------------------------------
# The three rates: numerator and denominator are counters of gongzhi.casework.selectors.COUNTERS,
# computed from the recorded steps of requests received in the period (接诉即办 practice, a
# setting rather than a rule of law).
CASEWORK_RATES = {
    "response": {"numerator": "responded_in_time", "denominator": "received"},
    "resolution": {"numerator": "solved", "denominator": "followed_up"},
    "satisfaction": {"numerator": "satisfied", "denominator": "followed_up"},
}
CASEWORK_DAY_ENDS_AT = "18:00"  # a deadline falls at the end of its working day
CASEWORK_NEARLY_DUE = datetime.timedelta(hours=24)  # yellow on lists
CASEWORK_REMIND_BEFORE = datetime.timedelta(hours=24)
CASEWORK_MAX_EXTENSION_DAYS = 10
CASEWORK_PHOTO_MAX_BYTES = 5 * 1024 * 1024
CASEWORK_PHOTO_MAX_COUNT = 6
CASEWORK_RECURRING_MIN = 3
# Co-building matching: a suggestion's score (0 to 1) is shown as 匹配度 高 from HIGH up, 中
# from MEDIUM up, else 低 (cobuilding.matching.match_level); never as a bare number.
COBUILDING_MATCH_HIGH = 0.6
COBUILDING_MATCH_MEDIUM = 0.35

# ---- consultation topics (城乡社区协商) ------------------------------------------------------
# Residents' meeting (居民委员会组织法 2018 ✅ art. 10; numbering after the 2025 revision ❓):
# it may be held with more than half of those entitled present, and decides by more than half
# of those present. Exact fractions; "strict" means more than (过半数), not at least.
DELIBERATION_RESIDENTS_MEETING = {
    "quorum": "1/2", "quorum_is_strict": True,
    "majority": "1/2", "majority_is_strict": True,
    "source": "中华人民共和国城市居民委员会组织法（2018 修正）第十条",
}
# A meeting notice goes out at least this long before the meeting (practice 🟡).
DELIBERATION_MEETING_NOTICE_AHEAD = datetime.timedelta(hours=24)
DELIBERATION_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DELIBERATION_DOCUMENT_MAX_COUNT = 6

# ---- owners' votes and residents' polls ---------------------------------------------------
# Electors who have not voted are reminded once, this many days before the closing day
# (practice 🟡, a setting).
DELIBERATION_REMINDER_DAYS_BEFORE = int(os.environ.get("DELIBERATION_REMINDER_DAYS_BEFORE",
                                                       "3"))
DELIBERATION_REMINDER_TIME = os.environ.get("DELIBERATION_REMINDER_TIME", "09:00")
# The workbench lists open votes and polls that close within this many days.
DELIBERATION_CLOSING_SOON_DAYS = 3

# ---- activities, volunteering and duty rotas --------------------------------------------------
# No one takes shifts adding up to more than this many hours within any 24 hours (rest rule).
ACTIVITIES_MAX_HOURS_IN_24 = int(os.environ.get("ACTIVITIES_MAX_HOURS_IN_24", "12"))
# A volunteer is reminded of a shift this many hours before it starts.
ACTIVITIES_SHIFT_REMINDER_HOURS = int(os.environ.get("ACTIVITIES_SHIFT_REMINDER_HOURS", "12"))
# The check-in code shown at an activity's door is valid for this many minutes once shown.
ACTIVITIES_CHECKIN_CODE_MINUTES = int(os.environ.get("ACTIVITIES_CHECKIN_CODE_MINUTES", "30"))
# The yearly service hours an in-service party member is expected to serve (one city: 50).
PARTY_YEARLY_MIN_HOURS = int(os.environ.get("PARTY_YEARLY_MIN_HOURS", "50"))

# ---- the portal ----------------------------------------------------------------------------
# article images: the largest upload accepted, and the longer side they are scaled down to
PORTAL_IMAGE_MAX_BYTES = 10 * 1024 * 1024
PORTAL_IMAGE_MAX_SIDE = 1600
# residents' sign-up and password reset by SMS code: how long a code is good for, how many
# tries it allows, and how many codes one number or one client address may ask for
PORTAL_CODE_TTL_MINUTES = 10
PORTAL_CODE_MAX_ATTEMPTS = 5
PORTAL_CODE_RESEND_SECONDS = 60
PORTAL_CODES_PER_PHONE_PER_DAY = 5
PORTAL_CODES_PER_CLIENT_PER_HOUR = 20
# all numbers together: a cap on the codes sent an hour (a bill and a flood stop here)
PORTAL_CODES_PER_HOUR_TOTAL = int(os.environ.get("PORTAL_CODES_PER_HOUR_TOTAL", "500"))
# the SMS template of the code message (one parameter: the code); the provider's own settings
# are NOTIFICATIONS_SMS
PORTAL_SMS_CODE_TEMPLATE_ID = os.environ.get("SMS_CODE_TEMPLATE_ID", "")

# ---- reports -------------------------------------------------------------------------------
# a ledger PDF prints at most this many rows of one metric for one community; a longer table
# (a year of sign-ups or service hours) is printed as the number per month (the Excel ledger
# and the dashboards' rows keep every row)
REPORTS_LEDGER_PDF_ROWS = int(os.environ.get("REPORTS_LEDGER_PDF_ROWS", "60"))

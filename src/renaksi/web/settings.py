"""Django settings, every one from the environment with a safe default.

Every variable read here is documented in the README ("Configuration"); a test checks it.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def misconfigured(message: str):
    """A setting to fix, not a bug: one line and exit status 2 (as every command's errors),
    whatever loads the settings (renaksi serve, renaksi manage, a WSGI server); no traceback."""
    sys.stderr.write(f"renaksi: error: {message}\n")
    raise SystemExit(2)


PACKAGE_DIR = Path(__file__).resolve().parent
# Where the application keeps its files (SQLite database, uploads): outside the source tree.
DATA_DIR = Path(env("RENAKSI_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("RENAKSI_DEBUG", False)
SECRET_KEY = env("RENAKSI_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_bool("RENAKSI_REQUIRE_SECRET_KEY", False):
        misconfigured(
            "RENAKSI_SECRET_KEY is not set (RENAKSI_REQUIRE_SECRET_KEY is true): "
            "set it to a long random value (README, Deployment)"
        )
    # A development key; a real deployment sets RENAKSI_SECRET_KEY (the README says how).
    SECRET_KEY = "renaksi-development-key-not-for-production"

ALLOWED_HOSTS = [
    h.strip() for h in env("RENAKSI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in env("RENAKSI_CSRF_TRUSTED_ORIGINS").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "renaksi.web.accounts",
    "renaksi.web.plans",
    "renaksi.web.monitoring",
    "renaksi.web.reportjobs",
    # Logins and sessions (docs/security.md): lockout after failed logins, a second factor.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # The task queue that reads uploaded documents outside the web request (docs/security.md):
    # its tasks are rows of the site's own database, run by `renaksi worker`.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "renaksi.web.security.SecurityHeadersMiddleware",  # Content-Security-Policy, Permissions-Policy
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "renaksi.web.middleware.IndonesianByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Logins and sessions (docs/security.md): idle and absolute timeouts, the second factor's
    # step, the page of a locked account.
    "renaksi.web.accounts.middleware.SessionPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "renaksi.web.urls"
WSGI_APPLICATION = "renaksi.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite file by default; PostgreSQL (or any database Django supports) through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'renaksi.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent requests (and the test suite's live server) wait for the write lock rather than fail:
    # a transaction takes the write lock when it begins (IMMEDIATE), so two saves queue one behind
    # the other (the second then sees the first's version) instead of one failing with "database is
    # locked" when both read and then both try to write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Bahasa Indonesia by default; English selectable (set_language).
LANGUAGE_CODE = env("RENAKSI_LANGUAGE", "id")
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env("RENAKSI_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"  # uploads: outside the static root, served only through views

# Uploaded documents: refused above this size (bytes).
RENAKSI_MAX_UPLOAD_BYTES = int(env("RENAKSI_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# Uploaded documents are read in a process of their own, limited in time and memory (see
# importers/isolated.py); "false" reads them in the web process (tests, a trusted intranet).
RENAKSI_READ_ISOLATED = env_bool("RENAKSI_READ_ISOLATED", True)
RENAKSI_READ_SECONDS = int(env("RENAKSI_READ_SECONDS", "60"))
RENAKSI_READ_MEMORY_MB = int(env("RENAKSI_READ_MEMORY_MB", "1024"))
# Uploads are read by a worker process (`renaksi worker`; `renaksi serve` starts one), which takes
# its tasks from the site's database; "false" reads them inside the upload request instead (a
# development convenience: a slow document then holds a web thread).
RENAKSI_READ_IN_WORKER = env_bool("RENAKSI_READ_IN_WORKER", True)
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if RENAKSI_READ_IN_WORKER
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default"],
    }
}
# Evidence files (bukti dukung): refused above this size (bytes).
RENAKSI_MAX_EVIDENCE_BYTES = int(env("RENAKSI_MAX_EVIDENCE_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = RENAKSI_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The realisasi sheet is one form with seven fields and a file input per indicator (without
# JavaScript a browser sends every file input, the empty ones too): Django's defaults (1,000
# fields, 100 files) would refuse the save of a sheet of more than 100 indicators. Room for 3,000;
# the size of what is sent stays bounded (DATA_UPLOAD_MAX_MEMORY_SIZE, each evidence file by
# RENAKSI_MAX_EVIDENCE_BYTES, the whole request by the proxy's limit).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 25_000
DATA_UPLOAD_MAX_NUMBER_FILES = 3_000

# E-mail (reminders): through an SMTP server when RENAKSI_SMTP_HOST is set, else printed on the
# console (nothing leaves the machine).
DEFAULT_FROM_EMAIL = env("RENAKSI_EMAIL_FROM", "Renaksi <renaksi@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env("RENAKSI_SMTP_HOST")
EMAIL_PORT = int(env("RENAKSI_SMTP_PORT", "25"))
EMAIL_HOST_USER = env("RENAKSI_SMTP_USER")
EMAIL_HOST_PASSWORD = env("RENAKSI_SMTP_PASSWORD")
EMAIL_USE_TLS = env_bool("RENAKSI_SMTP_TLS", False)
EMAIL_TIMEOUT = 30
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
# The site's address as people reach it, for links in e-mails (no trailing slash needed).
RENAKSI_SITE_URL = env("RENAKSI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# -- Logins and sessions (docs/security.md, "Logins and sessions") ------------------------------
# Failed logins (a wrong password or second-factor code) are counted per account (username), per
# client address (ip) or per both together (username+ip), each item of the list on its own; after
# RENAKSI_LOGIN_FAILURE_LIMIT of them the account (or address) is refused, even with the right
# password, until RENAKSI_LOGIN_COOLOFF_MINUTES have passed since the last one. django-axes counts
# them and keeps every failed and successful login (AccessFailureLog, AccessLog: in /admin/).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]


def lockout_parameters(text: str) -> list:
    """ "username,ip" → ["username", "ip_address"]; "username+ip" → [["username", "ip_address"]]."""
    names = {"username": "username", "ip": "ip_address"}
    parameters = []
    for item in filter(None, (i.strip() for i in text.split(","))):
        parts = [p.strip() for p in item.split("+")]
        if not all(p in names for p in parts):
            misconfigured(f"RENAKSI_LOGIN_LOCKOUT_BY: {item!r} is not username, ip or username+ip")
        parameters.append([names[p] for p in parts] if len(parts) > 1 else names[parts[0]])
    return parameters or ["username"]


AXES_LOCKOUT_PARAMETERS = lockout_parameters(env("RENAKSI_LOGIN_LOCKOUT_BY", "username"))
# Not by address by default: an office's computers often share one public address, which five
# typos anywhere in the office would lock. (django-axes warns, axes.W006, that a lockout without
# the address is dodged by changing User-Agent or cookies; a lock on the username alone counts
# every attempt at the account whatever it carries, so the warning is left out then.)
AXES_FAILURE_LIMIT = int(env("RENAKSI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(env("RENAKSI_LOGIN_COOLOFF_MINUTES", "15")))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # trying while locked does not prolong it
AXES_RESET_ON_SUCCESS = False  # reset by us once a login is complete (second factor included)
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "renaksi.web.accounts.views.locked_out"
# The client's address is REMOTE_ADDR: behind a proxy, waitress sets it from X-Forwarded-For when
# the proxy is trusted (`renaksi serve --trusted-proxy`); a header a client sends is never believed.
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "renaksi.web.accounts.logins.attempted_username"

# A second factor (TOTP: a code from an authenticator app), offered to administrators, required
# of them with RENAKSI_REQUIRE_ADMIN_2FA.
RENAKSI_REQUIRE_ADMIN_2FA = env_bool("RENAKSI_REQUIRE_ADMIN_2FA", False)
OTP_TOTP_ISSUER = "Renaksi"

# A session ends after RENAKSI_SESSION_IDLE_MINUTES without a request, and in any case
# RENAKSI_SESSION_MAX_HOURS after the login.
RENAKSI_SESSION_IDLE_MINUTES = int(env("RENAKSI_SESSION_IDLE_MINUTES", "60"))
RENAKSI_SESSION_MAX_HOURS = float(env("RENAKSI_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = int(RENAKSI_SESSION_MAX_HOURS * 3600)

# HTTPS: cookies only over HTTPS by default when the site's address is https://; the redirect to
# HTTPS and HSTS when asked for (README, Deployment; the proxy must send X-Forwarded-Proto).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("RENAKSI_SECURE_COOKIES", RENAKSI_SITE_URL.startswith("https://"))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("RENAKSI_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(env("RENAKSI_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# HSTS preloading is a commitment of the whole registrable domain (example.go.id), made by its
# owner on hstspreload.org, not something one site can opt into: check --deploy's reminder of it
# is left out.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if "username" in AXES_LOCKOUT_PARAMETERS:
    SILENCED_SYSTEM_CHECKS.append("axes.W006")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (403, 404, 400) is one line in the log, not a traceback.
    "filters": {"client_errors": {"()": "renaksi.web.security.ClientErrorsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_errors"]}},
    "root": {"handlers": ["console"], "level": env("RENAKSI_LOG_LEVEL", "WARNING")},
    "loggers": {
        # MuPDF reports every oddity of a producer's PDF; a reader that fails says why itself.
        "pymupdf": {"level": "ERROR"},
        "django.request": {"filters": ["client_errors"]},
    },
}

# Kabupaten workbooks (reportjobs): built by at most RENAKSI_REPORT_WORKERS threads at a time (the
# other jobs wait); of each kabupaten the files of the newest RENAKSI_REPORT_KEEP workbooks are
# kept, each at most RENAKSI_REPORT_KEEP_DAYS days (0: no limit), older ones removed.
RENAKSI_REPORT_WORKERS = int(env("RENAKSI_REPORT_WORKERS", "2"))
RENAKSI_REPORT_KEEP = int(env("RENAKSI_REPORT_KEEP", "10"))
RENAKSI_REPORT_KEEP_DAYS = int(env("RENAKSI_REPORT_KEEP_DAYS", "30"))

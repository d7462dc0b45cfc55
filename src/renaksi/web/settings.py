"""Django settings, every one from the environment with a safe default.

Every variable read here is documented in the README ("Configuration"); a test checks it.
"""

from __future__ import annotations

import os
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


PACKAGE_DIR = Path(__file__).resolve().parent
# Where the application keeps its files (SQLite database, uploads): outside the source tree.
DATA_DIR = Path(env("RENAKSI_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEBUG = env_bool("RENAKSI_DEBUG", False)
SECRET_KEY = env("RENAKSI_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_bool("RENAKSI_REQUIRE_SECRET_KEY", False):
        raise RuntimeError("RENAKSI_SECRET_KEY must be set in production")
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "renaksi.web.middleware.IndonesianByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("RENAKSI_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("RENAKSI_LOG_LEVEL", "WARNING")},
    # MuPDF reports every oddity of a producer's PDF; a reader that fails says why itself.
    "loggers": {"pymupdf": {"level": "ERROR"}},
}

# Kabupaten workbooks (reportjobs): built by at most RENAKSI_REPORT_WORKERS threads at a time (the
# other jobs wait); of each kabupaten the files of the newest RENAKSI_REPORT_KEEP workbooks are
# kept, each at most RENAKSI_REPORT_KEEP_DAYS days (0: no limit), older ones removed.
RENAKSI_REPORT_WORKERS = int(env("RENAKSI_REPORT_WORKERS", "2"))
RENAKSI_REPORT_KEEP = int(env("RENAKSI_REPORT_KEEP", "10"))
RENAKSI_REPORT_KEEP_DAYS = int(env("RENAKSI_REPORT_KEEP_DAYS", "30"))

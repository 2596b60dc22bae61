"""Loket settings: everything comes from environment variables.

Defaults are safe for production (DEBUG off, secure cookies, HSTS, a strict
content security policy). A local demo opts out of HTTPS explicitly with
``LOKET_HTTPS=false``; the README's run command does that for you.
See ``docs/configuration.md`` for every variable.
"""

import os
from pathlib import Path

from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from loket.platform.config import env_bool, env_int, env_list, env_required, load_secret_key

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("LOKET_PROJECT_DIR", BASE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("LOKET_VAR_DIR", PROJECT_DIR / "var")).resolve()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = load_secret_key(debug=DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
HTTPS = env_bool("LOKET_HTTPS", True)

INSTALLED_APPS = [
    "loket.platform.core.admin_site.LoketAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "procrastinate.contrib.django",
    "loket.platform.core",
    "loket.platform.organisations",
    "loket.platform.accounts",
    "loket.platform.audit",
    "loket.platform.messaging",
    "loket.platform.web",
    "loket.platform.api_clients",
    "loket.platform.notifications",
    "loket.catalog",
    "loket.cases",
    "loket.contacts",
    "loket.meldingen",
    "loket.eforms",
    "loket.portal",
    "loket.demo",
]

MIDDLEWARE = [
    "loket.platform.core.middleware.RequestIdMiddleware",
    "loket.platform.core.middleware.HealthCheckMiddleware",
    "loket.platform.core.middleware.RejectNulBytesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "loket.platform.organisations.middleware.CurrentOrganisationMiddleware",
    "loket.portal.middleware.ResidentSessionMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "loket.urls"
WSGI_APPLICATION = "loket.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "loket.platform.web.context_processors.site",
                "loket.portal.context_processors.resident",
            ],
        },
    },
]

# -- Database: PostgreSQL only ------------------------------------------------
# With DATABASE_URL set, use it. Without it, an embedded PostgreSQL server is
# started under var/postgres on the first connection (loket.platform.embedded_postgres).
if os.environ.get("DATABASE_URL"):
    import dj_database_url

    try:
        DATABASES = {"default": dj_database_url.config(conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL ({exc}).") from exc
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must point at a PostgreSQL server (postgres://...); Loket supports no other database.")
else:
    DATABASES = {
        "default": {
            "ENGINE": "loket.platform.embedded_postgres",
            "NAME": os.environ.get("LOKET_DB_NAME", "loket"),
            "EMBEDDED_ROOT": str(VAR_DIR / "postgres"),
            "CONN_MAX_AGE": 60,
        }
    }
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# -- Authentication ----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:workspace"
LOGOUT_REDIRECT_URL = "web:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "loket.platform.accounts.validators.CharacterClassValidator"},
]
# Staff must pass a second factor (TOTP) unless they log in through OIDC,
# where the identity provider is responsible for it.
LOKET_REQUIRE_2FA = env_bool("LOKET_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = os.environ.get("LOKET_OTP_ISSUER", "Loket")

# Brute-force protection (django-axes): lock a username+IP after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = env_list("AXES_IP_HEADERS", ["REMOTE_ADDR"])

# Optional staff log-in through OpenID Connect (mozilla-django-oidc).
OIDC_ENABLED = env_bool("OIDC_STAFF_ENABLED", False)
if OIDC_ENABLED:
    _OIDC = "OIDC_STAFF_ENABLED is on"
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("loket.platform.accounts.oidc.StaffOIDCBackend")
    OIDC_RP_CLIENT_ID = env_required("OIDC_RP_CLIENT_ID", _OIDC)
    OIDC_RP_CLIENT_SECRET = env_required("OIDC_RP_CLIENT_SECRET", _OIDC)
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_required("OIDC_OP_AUTHORIZATION_ENDPOINT", _OIDC)
    OIDC_OP_TOKEN_ENDPOINT = env_required("OIDC_OP_TOKEN_ENDPOINT", _OIDC)
    OIDC_OP_USER_ENDPOINT = env_required("OIDC_OP_USER_ENDPOINT", _OIDC)
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid email profile"
    LOGIN_REDIRECT_URL_FAILURE = "/medewerkers/inloggen/"

# -- Internationalisation: Dutch first, English second ------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Brussels")
USE_I18N = True
USE_TZ = True

# -- Static and uploaded files -------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
NODE_MODULES = PROJECT_DIR / "node_modules"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "loket.platform.web.finders.NodeModulesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files from `collectstatic` (`loket run` collects them). Tests use the
    # plain storage so they need no collected files (set in loket.platform.tests.pytest_env).
    "staticfiles": {"BACKEND": os.environ.get("LOKET_STATIC_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage")},
    # Case documents (loket.cases): local files by default; LOKET_DOCUMENTS_STORAGE=s3 uses django-storages'
    # S3 backend (pip install loket[s3]; AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, ... from the environment).
    "documents": (
        {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"location": "documents", "default_acl": None}}
        if os.environ.get("LOKET_DOCUMENTS_STORAGE", "filesystem") == "s3"
        else {"BACKEND": "django.core.files.storage.FileSystemStorage",
              "OPTIONS": {"location": os.environ.get("LOKET_DOCUMENTS_ROOT", str(VAR_DIR / "documents")), "base_url": None}}
    ),
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# -- Security ------------------------------------------------------------------
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
if env_bool("LOKET_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # Map tiles (meldingen): the configured tile server's host; see docs/meldingen.md.
        "img-src": ["'self'", "data:"] + env_list("CSP_IMG_SRC", ["https://tile.openstreetmap.org"]),
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"] + env_list("CSP_FORM_ACTION", []),
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# -- API -----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "loket.platform.core.api.problem_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Loket API",
    "DESCRIPTION": "Platform API of Loket. Standard APIs (ZGW, Open311) are published under their own paths.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# -- Background jobs and e-mail ---------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "loket@localhost")

# -- Personal data -----------------------------------------------------------------
# Key for encrypting national numbers at rest (Fernet, urlsafe base64, 32 bytes).
# Derived from SECRET_KEY when unset; set it separately in production so that
# rotating SECRET_KEY does not make stored numbers unreadable.
LOKET_FIELD_ENCRYPTION_KEY = os.environ.get("LOKET_FIELD_ENCRYPTION_KEY", "")

# -- Logging: JSON lines on stderr (LOG_FORMAT=text for humans) ---------------------
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "loket.platform.core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)-7s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT if LOG_FORMAT in ("json", "text") else "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "procrastinate": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# -- Loket ---------------------------------------------------------------------------
# Slug of the organisation whose site is shown when the host name matches none.
LOKET_DEFAULT_ORGANISATION = os.environ.get("LOKET_DEFAULT_ORGANISATION", "")

# -- Resident log-in (Mijn loket; loket.portal, docs/portal.md) ----------------
# OpenID Connect providers as a JSON list (see docs/portal.md), or a path to a JSON file in
# LOKET_RESIDENT_OIDC_PROVIDERS_FILE. The test identity provider at /testidp/ only when LOKET_TEST_IDP is on.
LOKET_RESIDENT_OIDC_PROVIDERS = os.environ.get("LOKET_RESIDENT_OIDC_PROVIDERS", "")
LOKET_RESIDENT_OIDC_PROVIDERS_FILE = os.environ.get("LOKET_RESIDENT_OIDC_PROVIDERS_FILE", "")
LOKET_RESIDENT_SESSION_IDLE_SECONDS = env_int("LOKET_RESIDENT_SESSION_IDLE_SECONDS", 15 * 60)
LOKET_RESIDENT_OIDC_TIMEOUT = env_int("LOKET_RESIDENT_OIDC_TIMEOUT", 10)
LOKET_TEST_IDP = env_bool("LOKET_TEST_IDP", False)
# Payment step of request forms: dotted path of a loket.eforms.payments.PaymentProvider. Unset: the demo's test
# payment page when DEBUG or LOKET_TEST_IDP is on, else no online payment (the case is created with the fee still to
# pay: betalingsindicatie "nog_niet", the resident is told a payment request follows). "none" forces the latter.
# SMS to residents: dotted path of a loket.portal.channels.SmsBackend (default: console).
LOKET_PAYMENT_PROVIDER = os.environ.get("LOKET_PAYMENT_PROVIDER", "") or (
    "loket.eforms.payments.FakeProvider" if DEBUG or LOKET_TEST_IDP else "none")
LOKET_SMS_BACKEND = os.environ.get("LOKET_SMS_BACKEND", "")

# -- ZGW APIs (loket.platform.zgw; docs/api-zgw.md) -----------------------------------------
# JWT: allowed clock skew of iat (seconds); maximum token age (0 = no limit, as Open Zaak).
LOKET_ZGW_JWT_LEEWAY = env_int("LOKET_ZGW_JWT_LEEWAY", 10)
LOKET_ZGW_JWT_MAX_AGE = env_int("LOKET_ZGW_JWT_MAX_AGE", 0)
# How long a web process keeps an application's secret and autorisaties in memory (seconds).
LOKET_ZGW_AUTH_CACHE_SECONDS = env_int("LOKET_ZGW_AUTH_CACHE_SECONDS", 5)
# External URL references are only fetched from these hosts; answers are cached.
LOKET_ZGW_ALLOWED_HOSTS = env_list("LOKET_ZGW_ALLOWED_HOSTS", [])
LOKET_ZGW_URL_CACHE_SECONDS = env_int("LOKET_ZGW_URL_CACHE_SECONDS", 300)
LOKET_ZGW_URL_TIMEOUT = env_int("LOKET_ZGW_URL_TIMEOUT", 5)
# Base URL for resource URLs built outside a request (worker, CLI), e.g. https://zaken.gemeente.nl
LOKET_ZGW_BASE_URL = os.environ.get("LOKET_ZGW_BASE_URL", "http://localhost:8000")
# List counts are exact up to this many rows, above it PostgreSQL's estimate (docs/api-zgw.md).
LOKET_ZGW_EXACT_COUNT_LIMIT = env_int("LOKET_ZGW_EXACT_COUNT_LIMIT", 1000)
# Documenten API: size of one bestandsdeel of a large file uploaded in parts (bytes; 100 MB).
LOKET_DOCUMENTEN_CHUNK_SIZE = env_int("LOKET_DOCUMENTEN_CHUNK_SIZE", 100 * 1024 * 1024)

# -- Notifications hub (loket.platform.notifications; docs/operations.md) -------------------
# Delivery to subscribers: HTTP timeout per POST, retries with exponential backoff
# (base * 2^(n-1), capped) until MAX_ATTEMPTS attempts: 13 attempts over about 26.5 hours by default.
LOKET_NOTIFICATIONS_TIMEOUT = env_int("LOKET_NOTIFICATIONS_TIMEOUT", 10)
LOKET_NOTIFICATIONS_RETRY_BASE_SECONDS = env_int("LOKET_NOTIFICATIONS_RETRY_BASE_SECONDS", 60)
LOKET_NOTIFICATIONS_RETRY_CAP_SECONDS = env_int("LOKET_NOTIFICATIONS_RETRY_CAP_SECONDS", 6 * 3600)
LOKET_NOTIFICATIONS_MAX_ATTEMPTS = env_int("LOKET_NOTIFICATIONS_MAX_ATTEMPTS", 13)
# A new abonnement's callback URL must accept a test notification with its auth header; with this on
# it must also refuse one without (401/403), as Open Notificaties checks.
LOKET_NOTIFICATIONS_CHECK_CALLBACK_AUTH = env_bool("LOKET_NOTIFICATIONS_CHECK_CALLBACK_AUTH", True)

# -- Referentielijsten & Selectielijst (loket.cases.referentielijsten; docs/configuration.md) ---------
# Empty: Loket serves and uses the shipped reference data at /referentielijsten/api/v1/. Set to the base URL
# of an external Referentielijsten API (e.g. https://selectielijst.openzaak.nl/api/v1) to use that instead.
LOKET_REFERENTIELIJSTEN_API_URL = os.environ.get("LOKET_REFERENTIELIJSTEN_API_URL", "")
LOKET_REFERENTIELIJSTEN_CACHE_SECONDS = env_int("LOKET_REFERENTIELIJSTEN_CACHE_SECONDS", 3600)

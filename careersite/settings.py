"""careersite settings: one module, read from the environment.

Every variable is documented in README.md. The defaults make `make run` work on SQLite with
nothing set; production sets DEBUG=False, SECRET_KEY and DATABASE_URL at least.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from careersite.release import release_id

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name, default):
    """An on/off variable: unset or empty gives `default`, a typo stops startup."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    # Never guess: read as False, SECURE_SSL_REDIRECT=ture would turn the redirect off.
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r}: use true/false, yes/no, on/off or 1/0."
    )


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def cache_from_url(url):
    """Turn CACHE_URL into a CACHES entry: redis://…, db://table, locmem:// or dummy://."""
    scheme, _, rest = url.partition("://")
    if scheme in {"redis", "rediss"}:
        # A Redis that is down or hung costs a request a second, not a worker's whole timeout.
        return {
            "BACKEND": "careersite.redis_cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    if scheme == "db":
        # Django's default of 300 entries is culled (a third at a time, in key order, login
        # throttle counters included) as soon as a few hundred reports are cached.
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest,
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest}
    if scheme == "dummy":
        # Stores nothing: every cache off, for debugging and the cold benchmark.
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL {url!r}: use redis://, rediss://, db://table, locmem:// or dummy://"
    )


def mailer_from_url(url):
    """Turn EMAIL_URL into a MAILERS entry: console://, smtp://user:pass@host:587, smtps://…"""
    parts = urlsplit(url)
    simple = {"console", "locmem", "dummy"}
    if parts.scheme in simple:
        return {"BACKEND": f"django.core.mail.backends.{parts.scheme}.EmailBackend"}
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(f"EMAIL_URL: use console://, smtp:// or smtps://, not {url!r}")
    query = parse_qs(parts.query)
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if parts.scheme == "smtps" else 587),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_ssl": parts.scheme == "smtps",
            # STARTTLS unless the URL opts out (?tls=0), e.g. for a local relay on port 25.
            "use_tls": parts.scheme == "smtp" and query.get("tls", ["1"])[0] != "0",
            # Seconds a silent mail server may hold the worker on one message (?timeout=N).
            "timeout": float(query.get("timeout", ["10"])[0]),
        },
    }


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "django_tasks_db",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "simple_history",
    "import_export",
    "careersite",
    "roles",
    "assessments",
    "counseling",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "careersite.middleware.reject_nul_bytes",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records who made each catalog change, including rows saved through admin inlines.
    "simple_history.middleware.HistoryRequestMiddleware",
    "careersite.middleware.no_store_when_signed_in",
    "careersite.middleware.CacheOutage",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "careersite.urls"
WSGI_APPLICATION = "careersite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "counseling.context_processors.user_roles",
                "careersite.context_processors.layout_urls",
            ],
        },
    },
    {
        # The large fragments that render thousands of values: see careersite/jinja2.py.
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "careersite.jinja2.environment",
            "context_processors": ["careersite.jinja2.csrf_input_once"],
        },
    },
]

# Databases: SQLite by default; DATABASE_URL (e.g. postgres://user@host/db) for anything else.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE makes a writer wait for the lock
    # (up to timeout) instead of failing with "database is locked" half-way through a transaction.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # A database that cannot be reached fails a request (and /healthz) within seconds instead
    # of holding a worker until gunicorn kills it; a runaway query is stopped by the server.
    # DB_STATEMENT_TIMEOUT=0 lifts the limit, e.g. for `migrate` on very large tables.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", int(env("DB_CONNECT_TIMEOUT", "3")))
    options.setdefault("options", f"-c statement_timeout={env('DB_STATEMENT_TIMEOUT', '30s')}")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches hold the login-throttle counters and rendered reports, so every worker must share them:
# the database cache by default, Redis via CACHE_URL=redis://127.0.0.1:6379/0.
# Two aliases on one store: "pages" (rendered or derived output) is prefixed with the release so
# a deploy never serves the last release's output; "default" (throttle counters) survives it.
RELEASE = release_id(BASE_DIR)
CACHE_URL = env("CACHE_URL", "db://careersite_cache")
CACHES = {
    "default": cache_from_url(CACHE_URL),
    "pages": {**cache_from_url(CACHE_URL), "KEY_PREFIX": RELEASE},
}
# With Redis, sessions are read through it (careersite/sessions.py): a page's first query
# becomes a Redis read. The database cache would only trade one query for another.
if CACHES["default"]["BACKEND"] == "careersite.redis_cache.RedisCache":
    SESSION_ENGINE = "careersite.sessions"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# Accounts (django-allauth): email is the login; signup logs the learner straight in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Mandatory in production: a new account signs in once its address is confirmed, and signing
# up with an address already in use answers exactly as a new one does (the owner gets a mail
# instead), so signup cannot tell who uses careersite. Optional in development (DEBUG on), where
# `make run` works offline and the console shows the mail anyway.
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "optional" if DEBUG else "mandatory")
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
# Five failed logins per account (the "key" is the email typed, known or not) within 15 minutes
# lock that account name out; the IP limit is a second, looser line. Counters live in CACHES.
# The account-deletion form asks for the password again: five wrong ones in 15 minutes, and
# it refuses (accounts/views.py), so a session left open cannot be used to guess it.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,5/15m/key", "delete_account_failed": "5/15m/user"}
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "assessments:list"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# Background tasks (Django's tasks framework): rows in this database, in the transaction of the
# change that enqueued them, run by `manage.py db_worker` (docs/deploy.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Email: the app's mailer only queues (careersite/mail.py); the worker sends each message
# through "outgoing": console in development, EMAIL_URL=smtp://user:pass@host:587 in production.
MAILERS = {
    "default": {"BACKEND": "careersite.mail.EmailQueue"},
    "outgoing": mailer_from_url(env("EMAIL_URL", "console://")),
}
# A failed delivery is tried again after MAIL_FIRST_RETRY seconds, then twice as long each
# time, never longer than MAIL_LONGEST_RETRY seconds apart (careersite/mail.py).
MAIL_FIRST_RETRY = float(env("MAIL_FIRST_RETRY", "60"))
MAIL_LONGEST_RETRY = float(env("MAIL_LONGEST_RETRY", "3600"))
# Where the site is reached, for links in mail sent outside a request (the plan reminders).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "careersite <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# A learner with no draft or result for this many days is listed under "Needs attention" on
# their counselors' caseloads. The caseload copy stores the day it starts: after changing it,
# run `manage.py rebuild_caseload`.
COUNSELOR_QUIET_DAYS = int(env("COUNSELOR_QUIET_DAYS", "60"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security. Secure defaults whenever DEBUG is off; SECURE_SSL_REDIRECT=False for plain-http trials.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "careersite.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

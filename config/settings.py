"""One settings module for every environment, read from the environment (django-environ).

With no environment at all it runs as a self-contained demo: SQLite under ``var/``, Celery over
kombu's filesystem transport under ``var/``, a secret key generated once under ``var/``, DEBUG off
(``DEBUG=1`` turns it on), e-mail to the console.
``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and Redis. ``DJANGO_ENV=production``
demands every secret (no defaults) and turns on the deployment hardening that
``manage.py check --deploy --fail-level WARNING`` asks for.
"""

import datetime as dt
import os
import secrets
import sys
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"
TESTING = "pytest" in sys.modules or env.bool("DJANGO_TESTING", default=False)

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def local_secret_key(path: Path) -> str:
    """The key of this checkout outside production: made once with ``secrets``, readable by its
    owner only, and reused, so that sessions and signed links survive a restart. The processes
    that ``make run`` starts at once may race here: the file appears whole or not at all."""
    if not path.exists():
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(50))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text().strip()


if PRODUCTION:
    # No defaults: a production process that lacks one of these must not start.
    SECRET_KEY = env.str("SECRET_KEY")
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY is empty: set 50+ random characters in production.")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
else:
    SECRET_KEY = env.str("SECRET_KEY", default="") or local_secret_key(VAR_DIR / "secret_key")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Off unless asked for (DEBUG=1): the demo shows what users get, Chinese error pages and no
# debug data.
DEBUG = env.bool("DEBUG", default=False)

# How many reverse proxies in front of the platform append to X-Forwarded-For. The client's
# address is the one the outermost of them saw; with 0 the socket's address is the client's and
# a forwarded header, which anyone can send, is never believed. Login lockouts, the registration
# throttles and the API throttles (REST_FRAMEWORK["NUM_PROXIES"]) all count clients by it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

INSTALLED_APPS = [
    "config.apps.CampaignAdminConfig",  # django.contrib.admin with the offices' dashboards
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "django_countries",  # country names in Chinese and English (ISO 3166), for the codes the library stores
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    # Our apps, bottom of the import chain first (docs/architecture.md).
    "core",
    "accounts",
    "standards",
    "benchmarking.apps.BenchmarkingConfig",
    "companies",
    "thirdparty",
    "plans",
    "results",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.StaffSessionIdleMiddleware",
    "config.replica.PublicReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.throttling.RateLimitHeadersMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "db.sqlite3"
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets the worker write while the web process reads; IMMEDIATE avoids the
            # "database is locked" upgrade deadlock between two writers.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    )
    # A file, not memory, so that a real worker process in the tests sees the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # No JIT: it compiles any plan whose estimated cost is high, and a page's LIMIT over a walk
    # the planner cannot estimate well pays ~100 ms compiling a 5 ms query; the statistics'
    # full rebuild, our heaviest query, is no faster with it (bench/README.md "search").
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# A read replica for the public pages and the open API (config.replica): anonymous reads go there,
# everything else to the primary. The tests keep the alias as a mirror of the test database and
# turn the routing on where they test it.
READ_REPLICA_PATHS = ["/results/", "/technical-plans/", "/standards/", "/comparisons/", "/institutions/",
                      "/regions/", "/activities/", "/api/v1/"]
READ_REPLICA_ENABLED = bool(env.str("DATABASE_REPLICA_URL", default=""))
if READ_REPLICA_ENABLED:
    DATABASES["replica"] = {**env.db_url("DATABASE_REPLICA_URL"), "CONN_MAX_AGE": DATABASES["default"].get(
        "CONN_MAX_AGE", 0), "CONN_HEALTH_CHECKS": True, "TEST": {"MIRROR": "default"}}
    DATABASES["replica"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
elif TESTING:
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["config.replica.ReplicaRouter"] if "replica" in DATABASES else []

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Redis: broker and cache -----------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if PRODUCTION and not REDIS_URL:
    REDIS_URL = env.str("REDIS_URL")  # raises ImproperlyConfigured: production needs Redis

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("REDIS_CACHE_URL", default=REDIS_URL),
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="dbdb"),
            "TIMEOUT": 300,
        }
    }
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # The embedded default (make run): web server and worker are separate processes, so the
    # cache they share is on disk under var/ — a publication by the worker renews the pages the
    # web server caches at once, as with Redis.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "TIMEOUT": 300,
        }
    }

# --- Celery -----------------------------------------------------------------------------------
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=60 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # With acks_late, Redis redelivers a task whose worker died only after the visibility
    # timeout; it must exceed the longest task, or a slow task would run twice at once.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * CELERY_TASK_TIME_LIMIT)
    }
else:
    # Tests get their own folder so that a demo's leftover messages never reach a test worker.
    CELERY_QUEUE_DIR = VAR_DIR / "celery" / ("queue-test" if TESTING else "queue")
    CELERY_QUEUE_DIR.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_CONTROL_DIR = CELERY_QUEUE_DIR.parent / "control"
    CELERY_CONTROL_DIR.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR),
        "data_folder_out": str(CELERY_QUEUE_DIR),
        # Broadcast (control) exchanges default to ./control: keep them under var/ too.
        "control_folder": str(CELERY_CONTROL_DIR),
        "store_processed": False,
    }
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "core.tasks.record_heartbeat",
        "schedule": 300.0,
        "kwargs": {"source": "beat"},
    },
    # Imports whose worker died (kill -9, OOM, lost message): queued again, run once (core/imports).
    "imports-requeue-stalled": {
        "task": "core.tasks.requeue_stalled_imports",
        "schedule": 60.0,
    },
    # Files held for forms that came back with errors and were left (core.forms.HeldFilesMixin).
    "core-sweep-held-uploads": {"task": "core.tasks.sweep_held_uploads", "schedule": 900.0},
    # Export files kept EXPORT_KEEP_HOURS, then removed with their jobs (core.export_jobs).
    "core-sweep-exports": {"task": "core.tasks.sweep_exports", "schedule": 3600.0},
    # Expire accreditations whose certificates all ran out; warn 30 days ahead (CELERY_TIMEZONE).
    "thirdparty-watch-certificates": {
        "task": "thirdparty.tasks.watch_certificates",
        "schedule": crontab(hour=2, minute=30),
    },
    # Statistics: pending publications folded in (a safety net: each is also queued on commit),
    # headline counts refreshed, and a full recount every night.
    "results-apply-stat-deltas": {"task": "results.tasks.apply_stat_deltas", "schedule": 60.0},
    "results-refresh-summary": {"task": "results.tasks.refresh_summary", "schedule": 600.0},
    "results-rebuild-stats": {"task": "results.tasks.rebuild_stats", "schedule": crontab(hour=3, minute=10)},
    # Standards whose replacement comes into force or whose withdrawal date arrives change status
    # just after midnight, and what compares with them is flagged (results.services.standard_changes).
    "results-standards-daily": {"task": "results.tasks.standards_daily", "schedule": crontab(hour=0, minute=5)},
    # 领跑者 ranks are rewritten on each publication or withdrawal; once a night all of them.
    "results-rank-all-plans": {"task": "results.tasks.rank_all_plans", "schedule": crontab(hour=3, minute=40)},
}

# --- Auth ---------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# django-axes: failed logins are counted per account and per client address, each on its own,
# so that one address cannot try a few passwords on each of many accounts (password spraying).
# A lock lasts AXES_COOLOFF_TIME from the failure that set it: attempts refused during the lock
# are not counted, so nobody can keep an account locked by hammering it. A successful login or
# a password reset clears the account's failures (accounts.signals).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=60))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "accounts.addresses.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"

# Pages that tell whether a USCC or a username is registered answer each client only so often,
# counted per session and per address ("N/minute", "N/hour", "N/day"). The suite makes many
# registrations from one address; its throttle tests set their own rates.
REGISTRATION_THROTTLE_RATES = {
    "uscc_check": {
        "session": env.str("USCC_CHECK_SESSION_RATE", default="100000/minute" if TESTING else "60/hour"),
        "address": env.str("USCC_CHECK_ADDRESS_RATE", default="100000/minute" if TESTING else "300/hour"),
    },
    "registration": {
        "session": env.str("REGISTRATION_SESSION_RATE", default="100000/minute" if TESTING else "10/hour"),
        "address": env.str("REGISTRATION_ADDRESS_RATE", default="100000/minute" if TESTING else "50/hour"),
    },
}

# Sessions: in the database, read through Redis when there is one. The offices' staff are signed
# out after STAFF_SESSION_IDLE_MINUTES without a request (accounts.middleware); everyone else's
# session lasts SESSION_COOKIE_AGE. Django gives a session a new key at every login.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
)
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_MINUTES", default=120) * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
# No script of ours reads the CSRF cookie: every form posts the token from the page.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = PRODUCTION

# --- Internationalisation: Chinese first, English complete -------------------------------------
LANGUAGE_CODE = "zh-hans"
# Chinese figures with thousands separators, as English ones have (config/formats/zh_Hans).
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media: everything served from our own static/, nothing from a CDN ---------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production there is no collectstatic step: serve straight from the finders.
WHITENOISE_USE_FINDERS = not PRODUCTION
# Stored uploads are never served from MEDIA_URL: core.downloads authorises and serves each one.
# A PDF upload (test report, certificate scan) with more pages than this is refused.
PDF_MAX_PAGES = env.int("PDF_MAX_PAGES", default=500)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# A body that is not multipart is refused by its declared length before it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Multipart bodies and each file in them are capped while they stream in (core.upload_limits);
# views that take larger files (imports) or smaller ones (certificate scans) declare their own.
# The front server (deploy/nginx.conf) refuses the same sizes before they reach gunicorn.
FILE_UPLOAD_HANDLERS = [
    "core.upload_limits.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
UPLOAD_MAX_FILE_BYTES = env.int("UPLOAD_MAX_FILE_BYTES", default=10 * 1024 * 1024)
UPLOAD_MAX_REQUEST_BYTES = env.int("UPLOAD_MAX_REQUEST_BYTES", default=25 * 1024 * 1024)

# --- E-mail -------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="对标达标工作平台 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address the site is reached at, for the links e-mails carry: a notice is rendered by a
# worker, with no request to take the host from. Production defaults to HTTPS on the first allowed host.
SITE_URL = env.str(
    "SITE_URL", default=f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION else "http://localhost:8000"
).rstrip("/")

# --- REST API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "core.api_schema.PublicApiSchema",
    # Read-only and public: a signed-in browser's session only earns it the higher throttle;
    # no password is ever taken by the API itself (no Basic authentication).
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "EXCEPTION_HANDLER": "core.api_errors.api_exception_handler",
    # Every endpoint is read-only by construction (GET and HEAD only): a write method is a 405,
    # said before anyone's credentials are looked at.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.api_negotiation.StrictFormatNegotiation",
    "DEFAULT_FILTER_BACKENDS": ["core.api_filters.CodeFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.KeysetPagination",
    # Counted by the client address the rest of the site uses (config/throttling.py); NUM_PROXIES
    # says the same for anything of DRF's that reads it.
    "DEFAULT_THROTTLE_CLASSES": ["config.throttling.AnonymousThrottle", "config.throttling.SignedInThrottle"],
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # The suite makes hundreds of requests from one address and account; its throttle tests set
    # their own rates. "docs" is the schema and its page, apart from the data (config/urls.py).
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="100000/minute" if TESTING else "120/minute"),
        "user": env.str("API_USER_RATE", default="100000/minute" if TESTING else "600/minute"),
        "docs": env.str("API_DOCS_RATE", default="100000/minute" if TESTING else "60/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "对标达标工作平台 API",
    "DESCRIPTION": "Open, read-only data of the standards-benchmarking campaign.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Nothing to authorise on a read-only public API: no Authorize button, no lock icons.
    "AUTHENTICATION_WHITELIST": [],
    "SECURITY": [],
    "COMPONENT_SPLIT_REQUEST": False,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "core.api_schema.describe_query_parameters"],
}

# --- Content security policy: only our own origin ------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # ECharts and Bootstrap set style attributes from script.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# --- Security hardening (production) -------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # /healthz is probed over plain HTTP by the orchestrator inside the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One record, one line: control characters a user sent are escaped (config.log_format).
    "formatters": {"plain": {"()": "config.log_format.SingleLineFormatter",
                             "format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Campaign platform ---------------------------------------------------------------------------
# The demo logins' password; production has no default (seed_demo refuses to run there unless
# forced, and then demands a password of its own).
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="" if PRODUCTION else "demo-2026")

# --- Exports (core/exports.py): a CSV up to this many rows is streamed in the answer; a longer
# one, and every XLSX, is written by a worker (an export job) and kept EXPORT_KEEP_HOURS.
EXPORT_INLINE_MAX_ROWS = env.int("EXPORT_INLINE_MAX_ROWS", default=100_000)
EXPORT_KEEP_HOURS = env.int("EXPORT_KEEP_HOURS", default=24)
# Exports waiting or running at once, all clients together; beyond, a 429 with Retry-After.
EXPORT_MAX_PENDING = env.int("EXPORT_MAX_PENDING", default=20)

# --- Imports (core/imports): limits checked before a file is parsed ------------------------
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
IMPORT_MAX_REQUEST_BYTES = IMPORT_MAX_BYTES + 1024 * 1024  # the file and a little form around it
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=200)
IMPORT_MAX_ZIP_ENTRIES = env.int("IMPORT_MAX_ZIP_ENTRIES", default=1000)
# What an xlsx may expand to in total, and how much one large entry may expand (a zip bomb's tell).
IMPORT_MAX_UNCOMPRESSED_BYTES = env.int("IMPORT_MAX_UNCOMPRESSED_BYTES", default=400 * 1024 * 1024)
IMPORT_MAX_ZIP_RATIO = env.int("IMPORT_MAX_ZIP_RATIO", default=200)
# A running job sends a heartbeat every IMPORT_PULSE_SECONDS; one silent for IMPORT_STALE_SECONDS
# is taken over (by its redelivered task or the sweeper), at most IMPORT_MAX_ATTEMPTS runs in all.
IMPORT_PULSE_SECONDS = env.float("IMPORT_PULSE_SECONDS", default=1.0)
IMPORT_STALE_SECONDS = env.int("IMPORT_STALE_SECONDS", default=120)
IMPORT_MAX_ATTEMPTS = env.int("IMPORT_MAX_ATTEMPTS", default=3)
IMPORT_WRITE_CHUNK = env.int("IMPORT_WRITE_CHUNK", default=20_000)  # rows per upsert statement

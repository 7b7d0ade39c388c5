"""One settings module, driven by environment variables.

Zero configuration gives a working installation on SQLite under ``var/``.
``APP_PROFILE=production`` turns on every secure default and refuses to start
when something essential is missing. Every variable is documented in
``.env.example`` and ``docs/configuration.md``.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


APP_PROFILE = os.environ.get("APP_PROFILE", "development")
if APP_PROFILE not in {"development", "production"}:
    raise ImproperlyConfigured("APP_PROFILE must be 'development' or 'production'.")
PRODUCTION = APP_PROFILE == "production"


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in the production profile.")
    # A generated key survives restarts so sessions stay valid on a developer machine.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in the production profile.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the production profile.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin at /beheer/, behind allauth's login and a second factor (accounts/admin_site.py).
    "samenwerkwijzer.accounts.admin_site.StrongAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's list of passkeys uses it
    "django.forms",
    "django_htmx",
    "csp",
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "samenwerkwijzer.core",
    "samenwerkwijzer.reference",
    "samenwerkwijzer.accounts",
    "samenwerkwijzer.organisations",
    "samenwerkwijzer.collaborations",
    "samenwerkwijzer.instruments",
    "samenwerkwijzer.agreements",
    "samenwerkwijzer.legalforms",
    "samenwerkwijzer.directory",
    "samenwerkwijzer.registry",
    "samenwerkwijzer.workspace",
    "samenwerkwijzer.verification",
    "samenwerkwijzer.onboarding",
    "samenwerkwijzer.integrations",
    "samenwerkwijzer.webhooks",
    "samenwerkwijzer.privacy",
    "samenwerkwijzer.businessmodel",
    "samenwerkwijzer.networks",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First, so every log line of the request carries its id (core/request_logging.py).
    "samenwerkwijzer.core.request_logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "samenwerkwijzer.core.headers.PermissionsPolicyMiddleware",
    # /health/live answers here: no session, no user, no database (core/health.py).
    "samenwerkwijzer.core.health.LivenessMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "samenwerkwijzer.core.middleware.ChosenLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # An id in the address larger than any database integer is a 404, not a 500 (core/path_ids.py).
    "samenwerkwijzer.core.path_ids.PathIdMiddleware",
]

ROOT_URLCONF = "samenwerkwijzer.urls"
WSGI_APPLICATION = "samenwerkwijzer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "samenwerkwijzer" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "samenwerkwijzer.organisations.context_processors.current_organisation",
            ],
            # Dates and numbers in Dutch notation in every template (lib/formatting.py).
            "builtins": ["samenwerkwijzer.core.templatetags.formatting"],
        },
    },
]

FORM_RENDERER = "samenwerkwijzer.lib.forms.DivFormRenderer"

# --- Database -------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "samenwerkwijzer.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_PREPARED_STATEMENTS", True):
    # Parameters sent apart from the query, and a statement prepared on its connection from its fifth
    # run on (psycopg): PostgreSQL then plans a page's queries once per connection instead of on every
    # request; measured 10-20 % off the dashboard, home, rounds and work-plan pages (docs/benchmarks.md).
    # "off" for a connection pooler in transaction mode that cannot keep prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at the
    # start of a transaction so concurrent writers queue (busy timeout) instead of
    # failing halfway with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Authentication (django-allauth) --------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up also asks for the full name (required) and function (optional).
ACCOUNT_SIGNUP_FORM_CLASS = "samenwerkwijzer.accounts.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Samenwerkwijzer] "
ACCOUNT_ADAPTER = "samenwerkwijzer.accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Samenwerkwijzer"
# Passkeys (WebAuthn): a second factor, and signing in without a password. E-mail, password and
# the code of an authenticator app keep working without JavaScript.
MFA_PASSKEY_LOGIN_ENABLED = True
# New accounts start with e-mail and password (mail verification, invitations); a passkey is
# added afterwards on the two-step page.
MFA_PASSKEY_SIGNUP_ENABLED = False
MFA_FORMS = {
    "add_webauthn": "samenwerkwijzer.accounts.mfa_forms.AddPasskeyForm",
    "edit_webauthn": "samenwerkwijzer.accounts.mfa_forms.EditPasskeyForm",
}
# WebAuthn over plain http for development and tests only; production checks the https origin.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION

# --- E-mail ---------------------------------------------------------------
# EMAIL_URL in one of the forms docs/configuration.md lists; parsed here (stdlib only) so
# every documented form works: smtp:// (port 25), smtp+tls:// (STARTTLS, port 587),
# smtp+ssl:// or smtps:// (implicit TLS, port 465), console://, dummy://, memory://,
# file:///path. User and password are URL-decoded. The SMTP backend checks the server's
# certificate against the system's (or SSL_CERT_FILE's) trusted roots.
_EMAIL_SCHEMES = {
    "smtp": ("smtp", False, False, 25),
    "smtp+tls": ("smtp", True, False, 587),
    "smtp+ssl": ("smtp", False, True, 465),
    "smtps": ("smtp", False, True, 465),
    "console": ("console", False, False, None),
    "dummy": ("dummy", False, False, None),
    "memory": ("locmem", False, False, None),
    "file": ("filebased", False, False, None),
}


def _email_settings(url: str) -> dict:
    """The EMAIL_* settings an EMAIL_URL stands for; ImproperlyConfigured for anything else."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _EMAIL_SCHEMES:
        raise ImproperlyConfigured(
            f"EMAIL_URL: unknown scheme {scheme + '://' if scheme else '(none)'}; use one of "
            + ", ".join(f"{name}://" for name in _EMAIL_SCHEMES)
            + " (see docs/configuration.md)."
        )
    backend, use_tls, use_ssl, default_port = _EMAIL_SCHEMES[scheme]
    result = {"EMAIL_BACKEND": f"django.core.mail.backends.{backend}.EmailBackend"}
    if backend == "filebased":
        if not parts.path or parts.path == "/":
            raise ImproperlyConfigured("EMAIL_URL: file:// needs a folder, e.g. file:///var/mail/samenwerkwijzer.")
        result["EMAIL_FILE_PATH"] = unquote(parts.path)
    if backend != "smtp":
        return result
    try:
        port = parts.port
    except ValueError as error:
        raise ImproperlyConfigured(f"EMAIL_URL: the port is not a number ({error}).") from error
    if not parts.hostname:
        raise ImproperlyConfigured(f"EMAIL_URL: {scheme}:// needs a host, e.g. {scheme}://user:pass@smtp.example.nl.")
    result.update(
        EMAIL_HOST=parts.hostname,
        EMAIL_PORT=port or default_port,
        EMAIL_HOST_USER=unquote(parts.username or ""),
        EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
        EMAIL_USE_TLS=use_tls,
        EMAIL_USE_SSL=use_ssl,
    )
    return result


_email = _email_settings(os.environ.get("EMAIL_URL") or "console://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH")
# Seconds an SMTP connection may take before sending gives up (Django's default waits forever).
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Samenwerkwijzer <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Cache (rate limits) and sessions --------------------------------------
# allauth's rate limits count in the cache; the database cache is shared by all gunicorn workers
# and every node without adding a cache server. CACHE_URL (redis://, rediss://, or valkey:// and
# valkeys://, the same protocol) puts the cache on a Redis or Valkey server shared by all nodes
# instead. Sessions stay in the database (shared by all nodes, survive a cache restart); with a
# cache server they are read through it ("cached_db": one query less per request).
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # redis-py knows the redis:// schemes only; Valkey speaks the same protocol.
            "LOCATION": "redis" + CACHE_URL.removeprefix("valkey") if CACHE_URL.startswith("valkey") else CACHE_URL,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "samenwerkwijzer_cache",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Fragment cache (lib/fragment_cache.py) ---------------------------------
# Seconds a rendered shared fragment (the results of a revealed round) is kept in the cache above;
# a write to the data behind it makes it out of date at once, whatever this says. 0: no caching.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "3600"))

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
# The project's own catalogue first (makemessages writes there), then django-allauth's Dutch
# texts rewritten from "je" to "u", the form of address of every other page.
# Last, hand-kept too: Dutch month abbreviations with a full stop ("6 dec. 2026").
LOCALE_PATHS = [
    BASE_DIR / "samenwerkwijzer" / "locale",
    BASE_DIR / "samenwerkwijzer" / "accounts" / "allauth_locale",
    BASE_DIR / "samenwerkwijzer" / "core" / "formats_locale",
]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "samenwerkwijzer" / "static"]
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
MEDIA_ROOT = VAR_DIR / "media"
# --- Files (uploads, personal-data downloads): shared by every app node -------
# Local folder MEDIA_ROOT by default; S3-compatible object storage when S3_BUCKET is set (private
# objects, streamed by the app after its access check; samenwerkwijzer/lib/storage.py).
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    from samenwerkwijzer.lib.storage import s3_storage

    STORAGES["default"] = s3_storage(
        bucket=S3_BUCKET,
        endpoint_url=os.environ.get("S3_ENDPOINT_URL", ""),
        access_key_id=os.environ.get("S3_ACCESS_KEY_ID", ""),
        secret_access_key=os.environ.get("S3_SECRET_ACCESS_KEY", ""),
        region=os.environ.get("S3_REGION", ""),
        addressing_style=os.environ.get("S3_ADDRESSING_STYLE", ""),
        location=os.environ.get("S3_PREFIX", ""),
    )
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise expects it even before collectstatic
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- Security -------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Permissions-Policy: features no page of the app uses are off (core/headers.py).
PERMISSIONS_POLICY_DENY = [
    "accelerometer",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
]
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# The public address of the site: the only source of absolute links in mails (invitations,
# account mails, reminders, digests), never the request's Host header. Required in production.
SITE_URL = os.environ.get("SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").strip().rstrip("/")
if PRODUCTION and not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL must be set in the production profile: the public https address, e.g. https://samenwerkwijzer.example.nl."
    )
_site = urlsplit(SITE_URL)
if _site.scheme not in ({"https"} if PRODUCTION else {"http", "https"}) or not _site.netloc:
    raise ImproperlyConfigured(
        f"SITE_URL must be an absolute {'https' if PRODUCTION else 'http(s)'} address such as "
        f"https://samenwerkwijzer.example.nl (got {SITE_URL!r})."
    )

# How many reverse proxies stand before the app. The client address they report in
# X-Forwarded-For is what the API's and allauth's rate limits count and what a signature
# records; otherwise every visitor would share the proxy's address. 0 without a proxy (a
# client could fake X-Forwarded-For).
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "1" if PRODUCTION else "0"))
NINJA_NUM_PROXIES = NUM_PROXIES
ALLAUTH_TRUSTED_PROXY_COUNT = NUM_PROXIES

INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "14"))

# --- Privacy statement ----------------------------------------------------
# Who runs this installation (the controller under the AVG, or the processor for one), shown on
# the privacy and cookie statements (core/templates/core/privacy.html). Development defaults
# only say that the operator has not filled them in.
PRIVACY_OPERATOR_NAME = os.environ.get("PRIVACY_OPERATOR_NAME", "Samenwerkwijzer (development)").strip()
PRIVACY_OPERATOR_ADDRESS = os.environ.get("PRIVACY_OPERATOR_ADDRESS", "").strip()
PRIVACY_OPERATOR_KVK_NUMBER = os.environ.get("PRIVACY_OPERATOR_KVK_NUMBER", "").strip()
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "privacy@localhost").strip()

# --- Background tasks (django-tasks with its database backend) -------------
# Webhook deliveries, the personal-data download and the retention clean-up run as tasks; the
# queue is a table in our own database, worked off by `manage.py db_worker` (`make run` starts one
# next to the web server; docs/deployment.md has its systemd unit). TASKS_IMMEDIATE runs every
# task at once inside the request instead (tests; never in production).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("TASKS_IMMEDIATE")
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

# Retries and leases (lib/tasks.py): a task whose outside service does not answer is tried again
# up to TASK_MAX_ATTEMPTS times, waiting TASK_RETRY_BACKOFF_SECONDS doubled per attempt; a task
# still "running" TASK_LEASE_SECONDS after it started (its worker was killed) is queued again.
TASK_MAX_ATTEMPTS = int(os.environ.get("TASK_MAX_ATTEMPTS", "5"))
TASK_RETRY_BACKOFF_SECONDS = int(os.environ.get("TASK_RETRY_BACKOFF_SECONDS", "30"))
TASK_LEASE_SECONDS = int(os.environ.get("TASK_LEASE_SECONDS", "600"))

# The outbox (core.models.OutgoingMail, lib/mail.py): every mail is a row sent by a background task,
# once per idempotency key. A sent or failed row (addresses, text: personal data) is removed
# RETENTION_OUTGOING_MAIL_DAYS after it was made.
RETENTION_OUTGOING_MAIL_DAYS = int(os.environ.get("RETENTION_OUTGOING_MAIL_DAYS", "30"))

# Exports made in the background (integrations/background_exports.py: export ZIPs, round PDFs): a
# file is kept in the storage EXPORT_RETENTION_HOURS after it was made (then the retention clean-up
# removes it); asking again for the same file within EXPORT_REUSE_SECONDS serves the one just made.
EXPORT_RETENTION_HOURS = int(os.environ.get("EXPORT_RETENTION_HOURS", "24"))
EXPORT_REUSE_SECONDS = int(os.environ.get("EXPORT_REUSE_SECONDS", "120"))

# --- JSON API (integrations/) ---------------------------------------------
# Rate limits of /api/v1/ per token (or logged-in person) and per client address, as
# "number/period" with period s, m, h or d.
API_RATE_PER_TOKEN = os.environ.get("API_RATE_PER_TOKEN", "600/m")
API_RATE_PER_ADDRESS = os.environ.get("API_RATE_PER_ADDRESS", "1200/m")
# How long a new personal API token works unless its owner chooses a shorter time.
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "365"))

# --- Webhooks (webhooks/) -------------------------------------------------
# Outgoing calls go only to https URLs on public addresses. Comma-separated networks (CIDR) an
# operator allows besides, e.g. an intranet chat server; the tests allow 127.0.0.1/32.
WEBHOOK_ALLOWED_NETWORKS = env_list("WEBHOOK_ALLOWED_NETWORKS")
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", "10"))

# --- Networks (gelegenheidscoalitie) -----------------------------------------
# Seconds the solver may take to prove a team optimal; past it the page shows a greedy team and says so.
NETWORK_SOLVER_TIME_LIMIT = float(os.environ.get("NETWORK_SOLVER_TIME_LIMIT", "2"))

# --- Retention (privacy/retention.py, run by run_scheduled_jobs) ------------
# Days after which personal data that is no longer needed is removed (docs/privacy.md).
RETENTION_INVITATION_DAYS = int(os.environ.get("RETENTION_INVITATION_DAYS", "90"))
RETENTION_DIGEST_DAYS = int(os.environ.get("RETENTION_DIGEST_DAYS", "90"))
RETENTION_REGISTRY_ANSWER_DAYS = int(os.environ.get("RETENTION_REGISTRY_ANSWER_DAYS", "365"))
RETENTION_EXTRACT_DAYS = int(os.environ.get("RETENTION_EXTRACT_DAYS", "365"))
RETENTION_AUDIT_ADDRESS_DAYS = int(os.environ.get("RETENTION_AUDIT_ADDRESS_DAYS", "180"))
RETENTION_ARCHIVED_COLLABORATION_DAYS = int(os.environ.get("RETENTION_ARCHIVED_COLLABORATION_DAYS", "2555"))
RETENTION_WEBHOOK_DELIVERY_DAYS = int(os.environ.get("RETENTION_WEBHOOK_DELIVERY_DAYS", "30"))
RETENTION_PERSONAL_DATA_DOWNLOAD_DAYS = int(os.environ.get("RETENTION_PERSONAL_DATA_DOWNLOAD_DAYS", "7"))
RETENTION_NETWORK_REASON_DAYS = int(os.environ.get("RETENTION_NETWORK_REASON_DAYS", "365"))
RETENTION_NETWORK_DRAFT_EVALUATION_DAYS = int(os.environ.get("RETENTION_NETWORK_DRAFT_EVALUATION_DAYS", "365"))
RETENTION_NETWORK_LEFT_MEMBER_DAYS = int(os.environ.get("RETENTION_NETWORK_LEFT_MEMBER_DAYS", "90"))

# --- The seal on signed agreements (agreements/sealing.py, docs/deployment.md) ---
# A PKCS#12 file, or PEM key + certificate + chain, and the root(s) the seal must chain to
# (comma-separated PEM files). Passwords are read from the environment only
# (AGREEMENT_SEAL_PKCS12_PASSWORD, AGREEMENT_SEAL_KEY_PASSWORD). Unset: a self-generated
# development certificate, refused in the production profile (agreements/seal_checks.py).
AGREEMENT_SEAL_PKCS12 = os.environ.get("AGREEMENT_SEAL_PKCS12", "")
AGREEMENT_SEAL_PKCS12_PASSWORD = os.environ.get("AGREEMENT_SEAL_PKCS12_PASSWORD", "")
AGREEMENT_SEAL_KEY = os.environ.get("AGREEMENT_SEAL_KEY", "")
AGREEMENT_SEAL_KEY_PASSWORD = os.environ.get("AGREEMENT_SEAL_KEY_PASSWORD", "")
AGREEMENT_SEAL_CERT = os.environ.get("AGREEMENT_SEAL_CERT", "")
AGREEMENT_SEAL_CHAIN = os.environ.get("AGREEMENT_SEAL_CHAIN", "")
AGREEMENT_SEAL_TRUST_ROOTS = os.environ.get("AGREEMENT_SEAL_TRUST_ROOTS", "")
# Or the key inside a hardware security module (PKCS#11): the module's library, the token and
# the key (and certificate) labels; the PIN is read from the environment only
# (AGREEMENT_SEAL_PKCS11_PIN). The chain still comes from AGREEMENT_SEAL_CHAIN.
AGREEMENT_SEAL_PKCS11_MODULE = os.environ.get("AGREEMENT_SEAL_PKCS11_MODULE", "")
AGREEMENT_SEAL_PKCS11_TOKEN_LABEL = os.environ.get("AGREEMENT_SEAL_PKCS11_TOKEN_LABEL", "")
AGREEMENT_SEAL_PKCS11_KEY_LABEL = os.environ.get("AGREEMENT_SEAL_PKCS11_KEY_LABEL", "")
AGREEMENT_SEAL_PKCS11_CERT_LABEL = os.environ.get("AGREEMENT_SEAL_PKCS11_CERT_LABEL", "")
AGREEMENT_SEAL_PKCS11_PIN = os.environ.get("AGREEMENT_SEAL_PKCS11_PIN", "")
# The RFC 3161 time-stamping authority: with it every seal is PAdES B-LTA (timestamp, chain and
# revocation information, archive timestamp); required in production. Unset: PAdES B-B.
AGREEMENT_SEAL_TSA_URL = os.environ.get("AGREEMENT_SEAL_TSA_URL", "")
AGREEMENT_SEAL_TSA_TIMEOUT = os.environ.get("AGREEMENT_SEAL_TSA_TIMEOUT", "10")
# The archive timestamp is renewed this many days before its certificate expires (agreements/archive.py).
AGREEMENT_SEAL_RENEW_DAYS = os.environ.get("AGREEMENT_SEAL_RENEW_DAYS", "90")
# Without a configured seal: the self-signed development certificate and key (PEM paths; empty:
# generated into VAR_DIR/agreements/) and the passphrase of that key (agreements/seal_material.py).
AGREEMENT_SIGNING_CERT = os.environ.get("AGREEMENT_SIGNING_CERT", "")
AGREEMENT_SIGNING_KEY = os.environ.get("AGREEMENT_SIGNING_KEY", "")
AGREEMENT_SIGNING_KEY_PASSPHRASE = os.environ.get("AGREEMENT_SIGNING_KEY_PASSPHRASE", "")

# --- The Handelsregister (registry/client.py), the insolvency register (registry/insolvency.py)
# and the guided start's prefill (onboarding/prefill.py). Empty: the defaults in those modules
# (api.kvk.nl, 10 s, 3 retries, the CIR web service, a 3 s budget). No KVK_API_KEY: the offline
# register; no CIR_USERNAME/CIR_PASSWORD: no insolvency data.
KVK_API_KEY = os.environ.get("KVK_API_KEY", "")
KVK_API_BASE_URL = os.environ.get("KVK_API_BASE_URL", "")
KVK_API_TIMEOUT = os.environ.get("KVK_API_TIMEOUT", "")
KVK_API_RETRIES = os.environ.get("KVK_API_RETRIES", "")
CIR_URL = os.environ.get("CIR_URL", "")
CIR_USERNAME = os.environ.get("CIR_USERNAME", "")
CIR_PASSWORD = os.environ.get("CIR_PASSWORD", "")
ONBOARDING_REGISTRY_BUDGET = os.environ.get("ONBOARDING_REGISTRY_BUDGET", "")
# The reliability check runs as a background task (registry/tasks.py): the KVK and CIR calls of
# one attempt stop after REGISTRY_CHECK_BUDGET_SECONDS in all; a company's answer is reused for
# REGISTRY_CACHE_SECONDS by every check of that KvK number (0: always fetch); a person may ask
# REGISTRY_RATE_PER_USER checks and one company is fetched at most REGISTRY_RATE_PER_COMPANY
# times ("number/period", period s, m, h or d).
REGISTRY_CHECK_BUDGET_SECONDS = float(os.environ.get("REGISTRY_CHECK_BUDGET_SECONDS", "25"))
REGISTRY_CACHE_SECONDS = int(os.environ.get("REGISTRY_CACHE_SECONDS", "86400"))
REGISTRY_RATE_PER_USER = os.environ.get("REGISTRY_RATE_PER_USER", "20/h")
REGISTRY_RATE_PER_COMPANY = os.environ.get("REGISTRY_RATE_PER_COMPANY", "10/h")

# --- eHerkenning (verification of organisations through an OpenID Connect broker) ---
# Off until issuer, client id and secret are set. See docs/configuration.md and
# samenwerkwijzer/verification/eherkenning.py.
EHERKENNING_ISSUER = os.environ.get("EHERKENNING_ISSUER", "").strip().rstrip("/")
EHERKENNING_CLIENT_ID = os.environ.get("EHERKENNING_CLIENT_ID", "")
EHERKENNING_CLIENT_SECRET = os.environ.get("EHERKENNING_CLIENT_SECRET", "")
EHERKENNING_SCOPES = os.environ.get("EHERKENNING_SCOPES", "openid")
EHERKENNING_KVK_CLAIM = os.environ.get("EHERKENNING_KVK_CLAIM", "urn:etoegang:1.9:EntityConcernedID:KvKnr")
EHERKENNING_LOA_CLAIM = os.environ.get("EHERKENNING_LOA_CLAIM", "acr")
# Broker value → level, as JSON or "value=level,value=level"; empty: the eToegang classes and EH2+/EH3/EH4.
EHERKENNING_LOA_MAP = os.environ.get("EHERKENNING_LOA_MAP", "")
EHERKENNING_MIN_LEVEL = os.environ.get("EHERKENNING_MIN_LEVEL", "EH3")
EHERKENNING_TIMEOUT = float(os.environ.get("EHERKENNING_TIMEOUT", "10"))

# --- Single sign-on for people (allauth social accounts, OpenID Connect) ---
# Off by default: no app, no button. Apps come from the environment, never from database rows.
# An SSO login never takes over an existing account by its e-mail address alone
# (SOCIALACCOUNT_EMAIL_AUTHENTICATION off): the person logs in with the password first and
# connects the provider; an address the provider does not mark verified is verified by mail.


def _sso_apps() -> list[dict]:
    apps = []
    tenant = os.environ.get("OIDC_MICROSOFT_TENANT", "")
    if tenant and os.environ.get("OIDC_MICROSOFT_CLIENT_ID") and os.environ.get("OIDC_MICROSOFT_CLIENT_SECRET"):
        apps.append(
            {
                "provider_id": "microsoft",
                "name": "Microsoft",
                "client_id": os.environ["OIDC_MICROSOFT_CLIENT_ID"],
                "secret": os.environ["OIDC_MICROSOFT_CLIENT_SECRET"],
                "settings": {
                    "server_url": os.environ.get("OIDC_MICROSOFT_SERVER_URL")
                    or f"https://login.microsoftonline.com/{tenant}/v2.0",
                    "oauth_pkce_enabled": True,
                },
            }
        )
    if os.environ.get("OIDC_SERVER_URL") and os.environ.get("OIDC_CLIENT_ID") and os.environ.get("OIDC_CLIENT_SECRET"):
        apps.append(
            {
                "provider_id": "oidc",
                "name": os.environ.get("OIDC_NAME") or "OpenID Connect",
                "client_id": os.environ["OIDC_CLIENT_ID"],
                "secret": os.environ["OIDC_CLIENT_SECRET"],
                "settings": {"server_url": os.environ["OIDC_SERVER_URL"], "oauth_pkce_enabled": True},
            }
        )
    return apps


SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": _sso_apps(), "OAUTH_PKCE_ENABLED": True}}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "mandatory"
SOCIALACCOUNT_STORE_TOKENS = False

# --- Content-Security-Policy (django-csp) -----------------------------------
# No inline script or style anywhere: scripts and styles come from our own static files
# (htmx's indicator styles are off through the htmx-config meta tag in base.html). A form may
# send the browser on to an identity provider (single sign-on, eHerkenning): form-action allows
# the origins of the configured providers and nothing else.


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in {"http", "https"} and parts.netloc else ""


IDENTITY_PROVIDER_ORIGINS = sorted(
    {
        origin
        for origin in [_origin(EHERKENNING_ISSUER)]
        + [_origin(app["settings"]["server_url"]) for app in SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]]
        if origin
    }
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", *IDENTITY_PROVIDER_ORIGINS],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Logging and error reports ------------------------------------------------
# Every line: time, level, logger and the request id (core/request_logging.py); one JSON object
# per line with LOG_FORMAT=json. Errors go to Sentry (or a self-hosted GlitchTip) when SENTRY_DSN
# is set, otherwise by mail to ADMINS.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured("LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL.")
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower() or "text"
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("LOG_FORMAT must be 'text' or 'json'.")


def _admins(value: str) -> list[tuple[str, str]]:
    """ADMINS="Name <a@example.nl>,b@example.nl" → [("Name", "a@example.nl"), ("", "b@example.nl")]."""
    from email.utils import getaddresses

    admins = []
    # Not getaddresses([""]): since Python 3.13 that is [("", "")], not [].
    for name, address in getaddresses([value] if value.strip() else []):
        if not address or "@" not in address:
            raise ImproperlyConfigured(f"ADMINS has an entry without an e-mail address: {name or address!r}.")
        admins.append((name, address))
    return admins


ADMINS = _admins(os.environ.get("ADMINS", ""))
SENTRY_DSN = os.environ.get("SENTRY_DSN", "").strip()
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=APP_PROFILE,
        send_default_pii=False,
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "samenwerkwijzer.core.request_logging.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "samenwerkwijzer.core.request_logging.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Without Sentry, unhandled errors (django.request) and errors the app logs itself
        # (samenwerkwijzer.*, e.g. a failed scheduled job) reach ADMINS by mail. Naming "django"
        # here replaces Django's default handlers for it (which would mail a second time).
        "django": {"handlers": [] if SENTRY_DSN else ["mail_admins"], "level": "INFO"},
        "samenwerkwijzer": {"handlers": [] if SENTRY_DSN else ["mail_admins"]},
        # WeasyPrint reports every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

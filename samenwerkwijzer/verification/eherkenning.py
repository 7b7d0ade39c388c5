"""eHerkenning through an OpenID Connect broker (the way Dutch government form platforms connect it).

The broker is an OpenID Connect provider: discovery at ``<issuer>/.well-known/openid-configuration``,
the authorization-code flow with PKCE (S256), ``state`` and ``nonce`` kept in the session and bound
to the organisation and the user, the token request with the verifier, and an ID token checked for
its signature (the broker's JWKS), issuer, audience, expiry and nonce. Authlib (with joserfc) does
every OAuth and JOSE step; nothing here builds or checks a token by hand.

The KvK number comes from a configurable claim (the ID token's, else the userinfo's), the assurance
level from another claim (default ``acr``) through a configurable map of broker values to levels.
What the login changes in the database is ``services_eherkenning.eherkenning_login_record``.
"""

import hmac
import json
import threading
import time
from dataclasses import dataclass

import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from joserfc import jwt
from joserfc.errors import ClaimError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

# Levels from low to high; a login counts when its level is at least the configured minimum.
LEVELS = ("EH2+", "EH3", "EH4")

DEFAULT_LEVEL_MAP = {
    "urn:etoegang:core:assurance-class:loa2plus": "EH2+",
    "urn:etoegang:core:assurance-class:loa3": "EH3",
    "urn:etoegang:core:assurance-class:loa4": "EH4",
    "EH2+": "EH2+",
    "EH3": "EH3",
    "EH4": "EH4",
}

SESSION_KEY = "verification_eherkenning_pending"
# A login not finished within this many seconds is refused (the person starts again).
PENDING_MAX_AGE = 15 * 60
DISCOVERY_CACHE_SECONDS = 300
# Clock difference accepted between us and the broker when checking exp and iat.
LEEWAY_SECONDS = 60


# --- Pure rules -------------------------------------------------------------------------------


def parse_level_map(value: str) -> dict[str, str]:
    """The map of broker values to levels: JSON (``{"value": "EH3"}``) or ``value=EH3,value=EH4``.

    Empty gives the default map. Every level must be one of ``LEVELS``.
    """
    value = (value or "").strip()
    if not value:
        return dict(DEFAULT_LEVEL_MAP)
    if value.startswith("{"):
        try:
            mapping = json.loads(value)
        except json.JSONDecodeError as error:
            raise ValueError(f"not valid JSON: {error}") from error
        if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
            raise ValueError("the JSON must be an object of strings")
    else:
        mapping = {}
        for item in value.split(","):
            if not item.strip():
                continue
            broker_value, separator, level = item.rpartition("=")
            if not separator or not broker_value.strip():
                raise ValueError(f"{item.strip()!r} is not value=level")
            mapping[broker_value.strip()] = level.strip()
    unknown = sorted({level for level in mapping.values() if level not in LEVELS})
    if unknown:
        raise ValueError(f"unknown level(s) {', '.join(unknown)}; use {', '.join(LEVELS)}")
    return {str(k): v for k, v in mapping.items()}


def level_for(value, level_map: dict[str, str]) -> str:
    """The level a broker value stands for, or "" when the value is missing or not in the map."""
    if not isinstance(value, str):
        return ""
    return level_map.get(value.strip(), "")


def level_reaches(level: str, minimum: str) -> bool:
    """Whether ``level`` is at least ``minimum``; an unknown level never is."""
    if level not in LEVELS or minimum not in LEVELS:
        return False
    return LEVELS.index(level) >= LEVELS.index(minimum)


# --- Configuration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    kvk_claim: str
    loa_claim: str
    level_map: dict
    min_level: str
    timeout: float


def is_enabled() -> bool:
    """eHerkenning is on when the issuer, client id and client secret are configured."""
    return bool(settings.EHERKENNING_ISSUER and settings.EHERKENNING_CLIENT_ID and settings.EHERKENNING_CLIENT_SECRET)


def get_config() -> Config:
    if not is_enabled():
        raise ImproperlyConfigured("eHerkenning is not configured (EHERKENNING_ISSUER, _CLIENT_ID, _CLIENT_SECRET).")
    try:
        level_map = parse_level_map(settings.EHERKENNING_LOA_MAP)
    except ValueError as error:
        raise ImproperlyConfigured(f"EHERKENNING_LOA_MAP: {error}") from error
    if settings.EHERKENNING_MIN_LEVEL not in LEVELS:
        raise ImproperlyConfigured(f"EHERKENNING_MIN_LEVEL must be one of {', '.join(LEVELS)}.")
    scopes = settings.EHERKENNING_SCOPES.split()
    if "openid" not in scopes:
        scopes.insert(0, "openid")
    return Config(
        issuer=settings.EHERKENNING_ISSUER.rstrip("/"),
        client_id=settings.EHERKENNING_CLIENT_ID,
        client_secret=settings.EHERKENNING_CLIENT_SECRET,
        scopes=" ".join(scopes),
        kvk_claim=settings.EHERKENNING_KVK_CLAIM,
        loa_claim=settings.EHERKENNING_LOA_CLAIM,
        level_map=level_map,
        min_level=settings.EHERKENNING_MIN_LEVEL,
        timeout=float(settings.EHERKENNING_TIMEOUT),
    )


# --- Errors -----------------------------------------------------------------------------------


class EherkenningError(Exception):
    """A login that cannot count; ``message`` is what the person reads (translated)."""

    def __init__(self, message, *, detail: str = ""):
        super().__init__(detail or str(message))
        self.message = message


def _unavailable(detail: str) -> EherkenningError:
    return EherkenningError(
        _("The eHerkenning service cannot be reached right now. Nothing has changed; please try again later."),
        detail=detail,
    )


# --- Discovery --------------------------------------------------------------------------------

_discovery_cache: dict[str, tuple[float, dict]] = {}
_discovery_lock = threading.Lock()


def clear_discovery_cache() -> None:
    with _discovery_lock:
        _discovery_cache.clear()


def _get_json(url: str, *, timeout: float, **kwargs) -> dict:
    try:
        response = requests.get(url, timeout=timeout, **kwargs)
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        raise _unavailable(f"GET {url}: {error}") from error
    if not isinstance(data, dict):
        raise _unavailable(f"GET {url}: not a JSON object")
    return data


def discover(config: Config) -> dict:
    """The broker's metadata, kept for a few minutes. Its issuer must be the configured one."""
    now = time.monotonic()
    with _discovery_lock:
        cached = _discovery_cache.get(config.issuer)
    if cached and now - cached[0] < DISCOVERY_CACHE_SECONDS:
        return cached[1]
    metadata = _get_json(f"{config.issuer}/.well-known/openid-configuration", timeout=config.timeout)
    missing = [key for key in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not metadata.get(key)]
    if missing or str(metadata.get("issuer", "")).rstrip("/") != config.issuer:
        raise _unavailable(f"discovery document unusable: missing {missing}, issuer {metadata.get('issuer')!r}")
    with _discovery_lock:
        _discovery_cache[config.issuer] = (now, metadata)
    return metadata


# --- The flow ---------------------------------------------------------------------------------


def _oauth_session(config: Config, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        client_id=config.client_id,
        client_secret=config.client_secret,
        scope=config.scopes,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic",  # noqa: S106 (a method name, not a secret)
        default_timeout=config.timeout,
    )


def authorization_url(session, *, organisation_id: int, user_id: int, redirect_uri: str) -> str:
    """Start a login: keep state, nonce and PKCE verifier in the (Django) session, bound to the
    organisation and the user, and return the broker's authorization URL to redirect to."""
    config = get_config()
    metadata = discover(config)
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    url, _state = _oauth_session(config, redirect_uri).create_authorization_url(
        metadata["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier
    )
    session[SESSION_KEY] = {
        "state": state,
        "nonce": nonce,
        "verifier": verifier,
        "organisation": organisation_id,
        "user": user_id,
        "redirect_uri": redirect_uri,
        "started": time.time(),
    }
    return url


def take_pending(session) -> dict | None:
    """The started login, removed from the session: a callback is answered once."""
    pending = session.pop(SESSION_KEY, None)
    return pending if isinstance(pending, dict) else None


def pending_matches(pending: dict | None, *, state: str, user_id: int) -> bool:
    """Whether the callback belongs to the login this user started here, recently."""
    if not pending or not state or pending.get("user") != user_id:
        return False
    if time.time() - float(pending.get("started", 0)) > PENDING_MAX_AGE:
        return False
    return hmac.compare_digest(str(pending.get("state", "")), state)


@dataclass(frozen=True)
class LoginResult:
    kvk_number: str
    level: str  # "" when the broker's value is missing or not in the map
    level_value: str  # what the broker sent, for the message
    subject: str
    issuer: str


def _validated_claims(config: Config, metadata: dict, token: dict, nonce: str) -> dict:
    id_token = token.get("id_token")
    if not id_token:
        raise EherkenningError(_("The eHerkenning service did not confirm the login."), detail="no id_token")
    keys = _get_json(metadata["jwks_uri"], timeout=config.timeout)
    algorithms = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    try:
        decoded = jwt.decode(
            id_token,
            KeySet.import_key_set(keys),
            registry=JWSRegistry(algorithms=[a for a in algorithms if a != "none"]),
        )
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {"iss": {"essential": True, "value": config.issuer}, "sub": {"essential": True}},
            {"nonce": nonce, "client_id": config.client_id, "access_token": token.get("access_token")},
        )
        claims.validate(leeway=LEEWAY_SECONDS)
    except ClaimError as error:
        messages = {
            "iss": _("The login came from another eHerkenning service than the one configured. Nothing has changed."),
            "nonce": _(
                "The login does not belong to the request you started. Nothing has changed; please start again."
            ),
            "exp": _("The eHerkenning login has expired. Nothing has changed; please start again."),
        }
        message = messages.get(
            error.claim, _("The eHerkenning service's confirmation could not be checked. Nothing has changed.")
        )
        raise EherkenningError(message, detail=f"ID token: {error}") from error
    except (JoseError, ValueError) as error:
        raise EherkenningError(
            _("The eHerkenning service's confirmation could not be checked. Nothing has changed."),
            detail=f"ID token: {error}",
        ) from error
    return dict(claims)


def complete(pending: dict, *, code: str) -> LoginResult:
    """Finish a login: exchange the code (with the PKCE verifier), check the ID token and read the
    KvK number and level. Raises EherkenningError with a message for the person."""
    config = get_config()
    metadata = discover(config)
    oauth = _oauth_session(config, pending["redirect_uri"])
    try:
        token = oauth.fetch_token(
            metadata["token_endpoint"],
            grant_type="authorization_code",
            code=code,
            code_verifier=pending["verifier"],
        )
    except OAuthError as error:
        raise EherkenningError(
            _("The eHerkenning login could not be completed (the code is invalid or has expired). Please start again."),
            detail=f"token endpoint: {error}",
        ) from error
    except (requests.RequestException, ValueError) as error:
        raise _unavailable(f"token endpoint: {error}") from error

    claims = _validated_claims(config, metadata, token, pending["nonce"])
    if config.kvk_claim not in claims and metadata.get("userinfo_endpoint"):
        userinfo = _get_json(
            metadata["userinfo_endpoint"],
            timeout=config.timeout,
            headers={"Authorization": f"Bearer {token.get('access_token', '')}"},
        )
        # Userinfo belongs to the same person only when its subject is the ID token's.
        if userinfo.get("sub") == claims.get("sub"):
            claims = {**userinfo, **claims}
    kvk_number = claims.get(config.kvk_claim)
    level_value = claims.get(config.loa_claim)
    return LoginResult(
        kvk_number=str(kvk_number).strip() if isinstance(kvk_number, str | int) else "",
        level=level_for(level_value, config.level_map),
        level_value=level_value if isinstance(level_value, str) else "",
        subject=str(claims.get("sub", "")),
        issuer=config.issuer,
    )

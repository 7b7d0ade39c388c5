"""Looking up a company in the Handelsregister.

``RegistryClient`` is the interface; two implementations:

- ``KvkApiClient`` talks to the KVK API (Zoeken v2 and Basisprofiel v1) over HTTPS with
  the standard library: a timeout per request, retries with exponential backoff on
  429, 5xx and network errors, and one clear error per failure.
- ``OfflineRegistry`` answers from the directory import, for installations without an
  API key (and for demos). It knows less and says so.

``get_client()`` picks the API client when ``KVK_API_KEY`` is set. Django settings (settings.py
reads them from the environment variables of the same name): ``KVK_API_KEY``, ``KVK_API_BASE_URL``
(default ``https://api.kvk.nl/api``; the test environment is ``https://api.kvk.nl/test/api``),
``KVK_API_TIMEOUT`` (seconds, default 10) and ``KVK_API_RETRIES`` (default 3).

``RetryingHttpClient`` is the HTTP loop (timeout, retries, backoff) that the KVK client and the
insolvency register client (``insolvency.py``) share. The shapes of a check's outcome
(``RegistryProfile`` with its ``InsolvencyCheck``) live here too, so a stored result is read back
without importing either client.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext_lazy as _

DEFAULT_BASE_URL = "https://api.kvk.nl/api"


class RegistryError(Exception):
    """The registry could not answer; ``message`` is for the user."""

    message = _("The Handelsregister could not be consulted.")

    def __init__(self, detail: str = ""):
        super().__init__(detail or str(self.message))
        self.detail = detail


class RegistryNotConfigured(RegistryError):
    message = _("The connection to the KVK API is not set up (no API key).")


class RegistryAuthError(RegistryError):
    message = _("The KVK API refused our API key (401). Ask the administrator to check KVK_API_KEY.")


class RegistryRateLimited(RegistryError):
    message = _("The KVK API is busy and asks us to wait (429). Try again in a minute.")


class RegistryUnavailable(RegistryError):
    message = _("The KVK API did not answer in time or had a fault. Try again later.")


class RegistryBadRequest(RegistryError):
    message = _("The KVK API did not accept the question (400). Check the KvK number.")


@dataclass
class Activity:
    code: str
    description: str
    main: bool


@dataclass
class RegistryProfile:
    """What a check found, the same for every source. ``None`` means: the source does not say."""

    kvk_number: str
    found: bool
    source: str
    name: str = ""
    active: bool | None = None
    ended_on: str | None = None  # ISO date
    registered_on: str | None = None
    legal_form: str = ""
    activities: list[Activity] = field(default_factory=list)
    address: str = ""
    pc4: str = ""
    annual_accounts: str | None = None
    notes: list[str] = field(default_factory=list)
    # What the Centraal Insolventieregister said; None when it was not asked (not configured, or
    # a result stored before the CIR was connected: those lack the key).
    insolvency_check: InsolvencyCheck | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> RegistryProfile:
        data = dict(data)
        data.pop("insolvency", None)  # results stored before the CIR was connected carry this empty field
        data["activities"] = [Activity(**item) for item in data.get("activities", [])]
        if data.get("insolvency_check") is not None:
            data["insolvency_check"] = InsolvencyCheck.from_dict(data["insolvency_check"])
        return cls(**data)


KIND_LABELS = {
    "F": _("bankruptcy"),
    "S": _("suspension of payments"),
    "R": _("debt restructuring"),
}


@dataclass
class InsolvencyCase:
    """One insolvency case in the CIR, summed up by its latest publication."""

    kind: str  # F faillissement, S surseance van betaling, R schuldsanering (WSNP)
    number: str  # insolventienummer, e.g. "F.16/21/150"
    court: str
    court_location: str = ""
    name: str = ""  # the name the court published
    publication: str = ""  # description of the latest publication
    published_on: str | None = None  # its ISO date
    publication_code: str = ""  # its publicatiesoortCode
    ended: bool | None = None  # None: the publications do not say (see insolvency.case_ended)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def published_date(self) -> date | None:
        return _iso_date(self.published_on)


@dataclass
class InsolvencyCheck:
    """The answer of the CIR on ``checked_on``: no cases, some cases, or ``failed`` (not consulted)."""

    checked_on: str  # ISO date: the register's extraction date (``extractiedatum``), else the day we asked
    cases: list[InsolvencyCase] = field(default_factory=list)
    failed: bool = False
    omitted: int = 0  # cases found but not fetched (more than insolvency.MAX_CASES)

    @property
    def checked_date(self) -> date | None:
        return _iso_date(self.checked_on)

    @classmethod
    def from_dict(cls, data: dict) -> InsolvencyCheck:
        data = dict(data)
        data["cases"] = [InsolvencyCase(**item) for item in data.get("cases", [])]
        return cls(**data)


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


class RegistryClient(Protocol):
    source: str

    def lookup(self, kvk_number: str) -> RegistryProfile:
        """Find the company; ``found=False`` when the registry does not know the number."""
        ...


def _setting(name: str, default=None):
    """The Django setting ``name`` (settings.py reads it from the environment); ``default`` when empty."""
    value = getattr(settings, name, None)
    return default if value is None or value == "" else value


def _date(value: str | None) -> str | None:
    """KVK dates are ``yyyymmdd`` strings (sometimes with 00 for an unknown day or month)."""
    if not value or not re.fullmatch(r"\d{8}", value):
        return None
    year, month, day = int(value[:4]), int(value[4:6]) or 1, int(value[6:]) or 1
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _yes(value) -> bool:
    return str(value).strip().lower() == "ja"


class TryAgain(Exception):
    """Raised by ``_on_http_error``: this failure may pass, try again after a pause."""

    def __init__(self, error: RegistryError, *, retry_after: str | None = None):
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


class RetryingHttpClient:
    """A timeout per request and retries with backoff, for the KVK API and the CIR alike.

    Timeout and retries come from ``KVK_API_TIMEOUT`` and ``KVK_API_RETRIES`` unless given.
    A subclass says in ``_on_http_error`` what an HTTP error status means for it.
    """

    unavailable: type[RegistryError] = RegistryError  # what a timeout or lost connection is reported as

    def __init__(
        self,
        *,
        timeout: float | None = None,
        retries: int | None = None,
        backoff: float = 0.5,
        opener=None,
        deadline: float | None = None,
    ):
        self.timeout = float(timeout if timeout is not None else _setting("KVK_API_TIMEOUT", 10))
        self.retries = int(retries if retries is not None else _setting("KVK_API_RETRIES", 3))
        self.backoff = backoff
        self.opener = opener or urllib.request.build_opener()
        self.deadline = deadline  # time.monotonic() after which no request starts or waits (a check's budget)

    def _time_left(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()

    def _on_http_error(self, error: urllib.error.HTTPError) -> bytes | None:
        """The answer to use instead (e.g. ``None`` for a 404); or raise the ``RegistryError`` to
        report, or ``TryAgain(error)`` when a later attempt may succeed (429, 5xx)."""
        raise NotImplementedError

    def _send(self, request: urllib.request.Request) -> bytes | None:
        """Send ``request`` and return the response body.

        At most ``retries`` attempts (at least one). A timeout or lost connection is retried as
        ``unavailable``. Between attempts we wait ``backoff`` seconds, doubling each time, or what a
        ``Retry-After`` header asks (at most 10 s). When no attempt succeeds, the last error is raised.
        With a ``deadline`` each request's timeout shrinks to the time left, and no request starts
        (nor pause is waited) past it: the budget used up is reported as ``unavailable``.
        """
        last: TryAgain | None = None
        for attempt in range(max(1, self.retries)):
            if attempt:
                delay = _retry_delay(attempt, self.backoff, last.retry_after if last else None)
                left = self._time_left()
                if left is not None and left <= delay:
                    break
                time.sleep(delay)
            timeout = self.timeout
            left = self._time_left()
            if left is not None:
                if left <= 0:
                    break
                timeout = min(timeout, left)
            try:
                with self.opener.open(request, timeout=timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as error:
                try:
                    return self._on_http_error(error)
                except TryAgain as again:
                    last = again
            except (TimeoutError, urllib.error.URLError, ConnectionError, OSError) as error:
                last = TryAgain(self.unavailable(str(getattr(error, "reason", error))))
        if last is None:
            raise self.unavailable("the time budget of the check was used up")
        raise last.error


def _retry_delay(attempt: int, backoff: float, retry_after: str | None) -> float:
    if retry_after and str(retry_after).isdigit():
        return min(float(retry_after), 10.0)
    return backoff * (2 ** (attempt - 1))


class KvkApiClient(RetryingHttpClient):
    source = "kvk_api"
    unavailable = RegistryUnavailable

    def __init__(self, *, base_url: str | None = None, api_key: str | None = None, **http):
        super().__init__(**http)
        self.base_url = (base_url or _setting("KVK_API_BASE_URL", DEFAULT_BASE_URL)).rstrip("/")
        self.api_key = api_key if api_key is not None else _setting("KVK_API_KEY", "")

    def _get(self, path: str, params: dict | None = None) -> dict | None:
        """GET a JSON document; ``None`` for 404 (not found)."""
        if not self.api_key:
            raise RegistryNotConfigured
        url = f"{self.base_url}{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        request = urllib.request.Request(url, headers={"apikey": self.api_key, "Accept": "application/json"})  # noqa: S310
        body = self._send(request)
        if body is None:
            return None
        try:
            return json.loads(body.decode("utf-8"))
        except ValueError as error:  # not JSON
            raise RegistryUnavailable(_("The KVK API sent an answer we cannot read.")) from error

    def _on_http_error(self, error: urllib.error.HTTPError) -> None:
        body = _error_text(error)
        if error.code == 404:
            return None
        if error.code in (401, 403):
            raise RegistryAuthError(body) from error
        if error.code == 400:
            raise RegistryBadRequest(body) from error
        if error.code == 429:
            raise TryAgain(RegistryRateLimited(body), retry_after=error.headers.get("Retry-After"))
        if error.code >= 500:
            raise TryAgain(RegistryUnavailable(f"HTTP {error.code} {body}".strip()))
        raise RegistryError(f"HTTP {error.code} {body}".strip()) from error

    def lookup(self, kvk_number: str) -> RegistryProfile:
        search = self._get("/v2/zoeken", {"kvkNummer": kvk_number, "inclusiefInactieveRegistraties": "true"})
        profile = self._get(f"/v1/basisprofielen/{kvk_number}")
        if profile is None:
            return RegistryProfile(kvk_number=kvk_number, found=False, source=self.source)
        return parse_basisprofiel(profile, search, source=self.source)


def _error_text(error: urllib.error.HTTPError) -> str:
    try:
        data = json.loads(error.read().decode("utf-8"))
        return "; ".join(f"{item.get('code')}: {item.get('omschrijving')}" for item in data.get("fout", []))
    except (ValueError, AttributeError, OSError):
        return ""


def _address(candidates: list[dict]) -> tuple[str, str]:
    """The visiting address (else the first), as one line, and its PC4."""
    if not candidates:
        return "", ""
    chosen = next((a for a in candidates if a.get("type") == "bezoekadres"), candidates[0])
    if chosen.get("indAfgeschermd") == "Ja":
        return str(_("address shielded in the Handelsregister")), ""
    line = " ".join((chosen.get("volledigAdres") or "").split())
    if not line:
        parts = [chosen.get("straatnaam"), str(chosen.get("huisnummer") or ""), chosen.get("huisletter"),
                 chosen.get("postcode"), chosen.get("plaats")]  # fmt: skip
        line = " ".join(part for part in parts if part)
    postcode = (chosen.get("postcode") or "").replace(" ", "")
    return line, postcode[:4] if re.fullmatch(r"\d{4}[A-Za-z]{2}", postcode) else ""


def annual_accounts_for(legal_form: str) -> tuple[str | None, list[str]]:
    """The annual-accounts duty of a legal form, from the legal-form knowledge the comparison uses.

    Returns the text for the "annual accounts" line (None when the form files nothing or is not
    known) and notes. One source: ``legalforms/data/legal_forms.toml``.
    """
    from django.utils.translation import get_language

    from samenwerkwijzer.legalforms.knowledge import get_knowledge

    knowledge = get_knowledge()
    rule = knowledge.annual_accounts_rule(legal_form)
    if rule is None:
        return None, []
    text = knowledge.annual_accounts[rule].get(get_language())
    if rule == "none":
        return None, [text]
    if rule == "file":
        return f"{text} {_('Order them at the KvK (not in this API).')}", []
    return None, [text]


def parse_basisprofiel(profile: dict, search: dict | None, *, source: str) -> RegistryProfile:
    embedded = profile.get("_embedded") or {}
    owner = embedded.get("eigenaar") or {}
    main = embedded.get("hoofdvestiging") or {}
    ended = _date((profile.get("materieleRegistratie") or {}).get("datumEinde")) or _date(
        owner.get("datumUitschrijving")
    )
    active = ended is None
    if search:
        flags = [item.get("actief") for item in search.get("resultaten", []) if item.get("actief")]
        if flags and not ended:
            active = any(_yes(flag) for flag in flags)
    address, pc4 = _address(main.get("adressen") or owner.get("adressen") or [])
    legal_form = owner.get("uitgebreideRechtsvorm") or owner.get("rechtsvorm") or ""
    annual, notes = annual_accounts_for(legal_form)
    return RegistryProfile(
        kvk_number=profile.get("kvkNummer", ""),
        found=True,
        source=source,
        name=profile.get("naam") or profile.get("statutaireNaam") or "",
        active=active,
        ended_on=ended,
        registered_on=_date(profile.get("formeleRegistratiedatum")),
        legal_form=legal_form,
        activities=[
            Activity(
                code=item.get("sbiCode", ""),
                description=item.get("sbiOmschrijving", ""),
                main=_yes(item.get("indHoofdactiviteit")),
            )
            for item in profile.get("sbiActiviteiten", [])
        ],
        address=address,
        pc4=pc4,
        annual_accounts=annual,
        notes=notes,
    )


class OfflineRegistry:
    """Answers from the imported directory records: name, SBI codes and postcode area only."""

    source = "offline"

    def lookup(self, kvk_number: str) -> RegistryProfile:
        from samenwerkwijzer.directory.models import DirectoryEntry
        from samenwerkwijzer.reference import catalog

        entry = DirectoryEntry.objects.filter(kvk_number=kvk_number).first()
        if entry is None:
            return RegistryProfile(kvk_number=kvk_number, found=False, source=self.source)
        codes = catalog.sbi_codes()
        area = catalog.pc4_areas().get(entry.pc4)
        return RegistryProfile(
            kvk_number=kvk_number,
            found=True,
            source=self.source,
            name=entry.name,
            active=None,
            activities=[
                Activity(code=code, description=codes[code].title_nl if code in codes else "", main=index == 0)
                for index, code in enumerate(entry.sbi_list)
            ],
            address=f"{entry.pc4} {area.place_name}" if area else entry.pc4,
            pc4=entry.pc4,
            notes=[
                str(
                    _(
                        "Offline register: taken from the directory import of %(date)s. It does not say whether the "
                        "company is still active, nor its legal form."
                    )
                    % {"date": entry.updated_at.date().isoformat()}
                )
            ],
        )


def get_client(**http) -> RegistryClient:
    """The KVK API client when ``KVK_API_KEY`` is set (``http``: e.g. its ``deadline``), else the offline register."""
    if _setting("KVK_API_KEY", ""):
        return KvkApiClient(**http)
    return OfflineRegistry()

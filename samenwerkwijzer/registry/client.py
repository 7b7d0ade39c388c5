"""Looking up a company in the Handelsregister.

``RegistryClient`` is the interface; two implementations:

- ``KvkApiClient`` talks to the KVK API (Zoeken v2 and Basisprofiel v1) over HTTPS with
  the standard library: a timeout per request, retries with exponential backoff on
  429, 5xx and network errors, and one clear error per failure.
- ``OfflineRegistry`` answers from the directory import, for installations without an
  API key (and for demos). It knows less and says so.

``get_client()`` picks the API client when ``KVK_API_KEY`` is set. Settings, read from the
environment (or Django settings of the same name): ``KVK_API_KEY``, ``KVK_API_BASE_URL``
(default ``https://api.kvk.nl/api``; the test environment is ``https://api.kvk.nl/test/api``),
``KVK_API_TIMEOUT`` (seconds, default 10) and ``KVK_API_RETRIES`` (default 3).
"""

from __future__ import annotations

import json
import os
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
    insolvency: str | None = None  # None: the source has no insolvency data
    annual_accounts: str | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> RegistryProfile:
        data = dict(data)
        data["activities"] = [Activity(**item) for item in data.get("activities", [])]
        return cls(**data)


class RegistryClient(Protocol):
    source: str

    def lookup(self, kvk_number: str) -> RegistryProfile:
        """Find the company; ``found=False`` when the registry does not know the number."""
        ...


def _setting(name: str, default=None):
    value = os.environ.get(name)
    if value:
        return value
    return getattr(settings, name, default)


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


class KvkApiClient:
    source = "kvk_api"

    def __init__(self, *, base_url: str | None = None, api_key: str | None = None, timeout: float | None = None,
                 retries: int | None = None, backoff: float = 0.5, opener=None):  # fmt: skip
        self.base_url = (base_url or _setting("KVK_API_BASE_URL", DEFAULT_BASE_URL)).rstrip("/")
        self.api_key = api_key if api_key is not None else _setting("KVK_API_KEY", "")
        self.timeout = float(timeout if timeout is not None else _setting("KVK_API_TIMEOUT", 10))
        self.retries = int(retries if retries is not None else _setting("KVK_API_RETRIES", 3))
        self.backoff = backoff
        self.opener = opener or urllib.request.build_opener()

    def _get(self, path: str, params: dict | None = None) -> dict | None:
        """GET a JSON document; ``None`` for 404 (not found)."""
        if not self.api_key:
            raise RegistryNotConfigured
        url = f"{self.base_url}{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        request = urllib.request.Request(url, headers={"apikey": self.api_key, "Accept": "application/json"})  # noqa: S310
        last_error: RegistryError | None = None
        for attempt in range(max(1, self.retries)):
            if attempt:
                time.sleep(self._delay(attempt, last_error))
            try:
                with self.opener.open(request, timeout=self.timeout) as response:
                    return json.loads(response.read().decode("utf-8"))
            except urllib.error.HTTPError as error:
                body = _error_text(error)
                if error.code == 404:
                    return None
                if error.code == 401 or error.code == 403:
                    raise RegistryAuthError(body) from error
                if error.code == 400:
                    raise RegistryBadRequest(body) from error
                if error.code == 429:
                    last_error = RegistryRateLimited(body)
                    last_error.retry_after = error.headers.get("Retry-After")
                elif error.code >= 500:
                    last_error = RegistryUnavailable(f"HTTP {error.code} {body}".strip())
                else:
                    raise RegistryError(f"HTTP {error.code} {body}".strip()) from error
            except (TimeoutError, urllib.error.URLError, ConnectionError, OSError) as error:
                last_error = RegistryUnavailable(str(getattr(error, "reason", error)))
            except ValueError as error:  # not JSON
                raise RegistryUnavailable(_("The KVK API sent an answer we cannot read.")) from error
        raise last_error

    def _delay(self, attempt: int, error) -> float:
        retry_after = getattr(error, "retry_after", None)
        if retry_after and str(retry_after).isdigit():
            return min(float(retry_after), 10.0)
        return self.backoff * (2 ** (attempt - 1))

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
    notes = []
    if any(word in legal_form.lower() for word in ("besloten", "naamloze", "coöperatie", "cooperatie")):
        annual = str(_("deposited with KvK; order the annual accounts at KvK (not in this API)"))
    else:
        annual = None
        notes.append(str(_("This legal form does not have to publish annual accounts.")))
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
        insolvency=None,
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


def get_client() -> RegistryClient:
    if _setting("KVK_API_KEY", ""):
        return KvkApiClient()
    return OfflineRegistry()

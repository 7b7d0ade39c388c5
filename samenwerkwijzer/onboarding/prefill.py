"""Prefilling the organisation from the Handelsregister, within a short time budget.

The guided start asks once, with a timeout of a few seconds in all (``ONBOARDING_REGISTRY_BUDGET``,
default 3 s, a setting read from the environment) and no retries: a new user never waits long. When
the registry does not answer, the form stays empty and says so.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.conf import settings

from samenwerkwijzer.reference import catalog
from samenwerkwijzer.registry.client import KvkApiClient, RegistryError, get_client

from . import legal_forms

DEFAULT_BUDGET = 3.0


@dataclass
class Prefill:
    kvk_number: str
    found: bool = False
    answered: bool = True  # False: the registry did not answer within the budget
    name: str = ""
    legal_form_kind: str = ""
    legal_form_other: str = ""
    sbi_codes: list[str] = field(default_factory=list)
    pc4: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def budget() -> float:
    value = getattr(settings, "ONBOARDING_REGISTRY_BUDGET", None)
    return float(value or DEFAULT_BUDGET)


def _known_code(code: str) -> str:
    """The code itself, or its longest prefix the SBI catalogue knows ("" when none)."""
    codes = catalog.sbi_codes()
    code = code.strip().upper()
    while code and code not in codes:
        code = code[:-1]
    return code


def lookup(kvk_number: str) -> Prefill:
    client = get_client()
    if isinstance(client, KvkApiClient):
        # One attempt; the lookup asks two things, so each gets half of the budget.
        client = KvkApiClient(timeout=budget() / 2, retries=1)
    try:
        profile = client.lookup(kvk_number)
    except RegistryError:
        return Prefill(kvk_number=kvk_number, answered=False)
    if not profile.found:
        return Prefill(kvk_number=kvk_number)
    kind, other = legal_forms.from_registry(profile.legal_form)
    codes = [_known_code(activity.code) for activity in profile.activities]
    return Prefill(
        kvk_number=kvk_number,
        found=True,
        name=profile.name,
        legal_form_kind=kind,
        legal_form_other=other,
        sbi_codes=list(dict.fromkeys(code for code in codes if code)),
        pc4=profile.pc4 if profile.pc4 in catalog.pc4_areas() else "",
    )

"""The knowledge of guide chapter 5, loaded from ``data/legal_forms.toml`` and validated.

Plain Python (no Django): ``load()`` reads and checks the file and raises
``KnowledgeError`` listing every problem; ``get_knowledge()`` is the cached copy
the app uses. The system check in ``checks.py`` calls ``load()`` so that a damaged
file fails ``manage.py check`` and start-up.
"""

import datetime
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from samenwerkwijzer.lib.bilingual import Text

from . import advice

DATA_FILE = Path(__file__).resolve().parent / "data" / "legal_forms.toml"
LANGUAGES = ("nl", "en")
ROWS = ("purpose", "founding", "registration", "liability", "taxes", "administration")
# Only dates on or after this one can be a real check of the guide against this file.
FIRST_POSSIBLE_CHECK = datetime.date(2026, 1, 1)


class KnowledgeError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Fact:
    text: Text
    section: str
    last_checked: datetime.date

    def get(self, language: str) -> str:
        return self.text.get(language)


@dataclass(frozen=True)
class LegalForm:
    key: str
    name: Text
    short_name: Text
    facts: Mapping[str, Fact]  # by row, in ROWS order
    notes: tuple[Fact, ...]
    profile: advice.FormProfile


@dataclass(frozen=True)
class Knowledge:
    guide_title: str
    guide_publisher: str
    rows: Mapping[str, Text]
    purposes: Mapping[str, Text]
    forms: Mapping[str, LegalForm]  # in the order of the file
    notes: Mapping[str, Fact]  # reason and warning texts, by advice note code
    closing_advice: Fact
    general: Mapping[str, Fact]
    # The annual-accounts duty by rule (advice.ANNUAL_ACCOUNTS), as the reliability check states it.
    annual_accounts: Mapping[str, Fact]
    # (part of a Handelsregister legal-form name in lower case, form key or annual-accounts rule), in file order.
    registry_forms: tuple[tuple[str, str], ...] = ()

    @property
    def profiles(self) -> list[advice.FormProfile]:
        return [form.profile for form in self.forms.values()]

    def note_text(self, note: advice.Note, language: str) -> str:
        fact = self.notes[note.code]
        params = dict(note.params)
        if "purpose" in params:
            params["purpose"] = self.purposes[params["purpose"]].get(language)
        return fact.get(language).format(**params)

    def annual_accounts_rule(self, registry_legal_form: str) -> str | None:
        """The annual-accounts rule for a legal form as the Handelsregister names it; None when unknown.

        A name that is one of the compared forms takes that form's rule, so the comparison and
        the reliability check cannot disagree.
        """
        name = " ".join((registry_legal_form or "").lower().split())
        for phrase, target in self.registry_forms:
            if phrase in name:
                return self.forms[target].profile.annual_accounts if target in self.forms else target
        return None

    def annual_accounts_fact(self, registry_legal_form: str) -> Fact | None:
        rule = self.annual_accounts_rule(registry_legal_form)
        return None if rule is None else self.annual_accounts[rule]


class _Reader:
    """Collects problems instead of stopping at the first, so one run shows them all."""

    def __init__(self, today: datetime.date):
        self.today = today
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def table(self, data: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(data, Mapping):
            self.problem(where, "missing or not a table")
            return {}
        return data

    def text(self, data: Any, where: str, *, params: frozenset[str] = frozenset()) -> Text:
        data = self.table(data, where)
        values = {}
        for language in LANGUAGES:
            value = data.get(language)
            if not isinstance(value, str) or not value.strip():
                self.problem(where, f"the {language} text is missing or empty")
                value = ""
            values[language] = " ".join(value.split())
        used = {language: self._placeholders(values[language], where) for language in LANGUAGES}
        if used["nl"] != used["en"]:
            self.problem(where, "the nl and en texts use different placeholders")
        if unknown := (used["nl"] | used["en"]) - params:
            self.problem(where, f"unknown placeholder(s) {sorted(unknown)}")
        return Text(**values)

    def _placeholders(self, value: str, where: str) -> set[str]:
        try:
            return {name for _text, name, _spec, _conv in string.Formatter().parse(value) if name is not None}
        except ValueError as error:
            self.problem(where, f"bad placeholder syntax ({error})")
            return set()

    def fact(self, data: Any, where: str, *, params: frozenset[str] = frozenset()) -> Fact:
        data = self.table(data, where)
        text = self.text(data, where, params=params)
        section = data.get("section")
        if not isinstance(section, str) or not section.strip():
            self.problem(where, "the guide section is missing")
            section = ""
        last_checked = data.get("last_checked")
        if not isinstance(last_checked, datetime.date) or isinstance(last_checked, datetime.datetime):
            self.problem(where, "last_checked must be a date (YYYY-MM-DD)")
            last_checked = FIRST_POSSIBLE_CHECK
        elif not FIRST_POSSIBLE_CHECK <= last_checked <= self.today:
            self.problem(where, f"last_checked {last_checked} is not a plausible date of checking")
        return Fact(text=text, section=section.strip(), last_checked=last_checked)

    def choice(self, data: Mapping[str, Any], name: str, allowed: tuple[str, ...], where: str) -> str:
        value = data.get(name)
        if value not in allowed:
            self.problem(where, f"{name} must be one of {', '.join(allowed)} (found {value!r})")
            return allowed[0]
        return value

    def form(self, key: str, data: Any) -> LegalForm:
        where = f"forms.{key}"
        data = self.table(data, where)
        kind = self.choice(data, "kind", advice.KINDS, where)
        founding = self.choice(data, "founding", advice.FOUNDINGS, where)
        registration = self.choice(data, "registration", advice.REGISTRATIONS, where)
        liability = self.choice(data, "private_liability", advice.PRIVATE_LIABILITIES, where)
        accounts = self.choice(data, "annual_accounts", advice.ANNUAL_ACCOUNTS, where)
        tax_regime = self.choice(data, "tax_regime", advice.TAX_REGIMES, where)
        min_founders = data.get("min_founders")
        if isinstance(min_founders, bool) or not isinstance(min_founders, int) or min_founders < 1:
            self.problem(where, "min_founders must be a whole number of at least 1")
            min_founders = 1
        purposes = data.get("purposes")
        if not isinstance(purposes, list) or any(p not in advice.PURPOSES for p in purposes):
            self.problem(where, f"purposes must be a list of {', '.join(advice.PURPOSES)}")
            purposes = []
        if (kind == "agreement") == bool(purposes):
            self.problem(where, "every legal form has a purpose from the comparison table; the agreement has none")
        facts_data = self.table(data.get("facts"), f"{where}.facts")
        if extra := set(facts_data) - set(ROWS):
            self.problem(f"{where}.facts", f"unknown row(s) {sorted(extra)}")
        facts = {row: self.fact(facts_data.get(row), f"{where}.facts.{row}") for row in ROWS}
        notes_data = data.get("notes", [])
        if not isinstance(notes_data, list):
            self.problem(f"{where}.notes", "must be a list of tables")
            notes_data = []
        notes = tuple(self.fact(note, f"{where}.notes[{i}]") for i, note in enumerate(notes_data))
        profile = advice.FormProfile(
            key=key,
            kind=kind,
            founding=founding,
            min_founders=min_founders,
            registration=registration,
            private_liability=liability,
            annual_accounts=accounts,
            purposes=tuple(purposes),
            tax_regime=tax_regime,
        )
        return LegalForm(
            key=key,
            name=self.text(data.get("name"), f"{where}.name"),
            short_name=self.text(data.get("short_name"), f"{where}.short_name"),
            facts=facts,
            notes=notes,
            profile=profile,
        )


def parse(data: Mapping[str, Any], *, today: datetime.date | None = None) -> Knowledge:
    reader = _Reader(today or datetime.date.today())
    guide = reader.table(data.get("guide"), "guide")
    rows_data = reader.table(data.get("rows"), "rows")
    rows = {row: reader.text(rows_data.get(row), f"rows.{row}") for row in ROWS}
    purposes_data = reader.table(data.get("purposes"), "purposes")
    purposes = {key: reader.text(purposes_data.get(key), f"purposes.{key}") for key in advice.PURPOSES}
    forms_data = reader.table(data.get("forms"), "forms")
    if missing := [key for key in advice.FORMS if key not in forms_data]:
        reader.problem("forms", f"missing form(s) {missing}")
    if extra := [key for key in forms_data if key not in advice.FORMS]:
        reader.problem("forms", f"unknown form(s) {extra}")
    forms = {key: reader.form(key, forms_data[key]) for key in forms_data if key in advice.FORMS}
    notes_data = reader.table(data.get("notes"), "notes")
    if missing := sorted(advice.NOTE_CODES - set(notes_data)):
        reader.problem("notes", f"no text for note code(s) {missing}")
    if extra := sorted(set(notes_data) - advice.NOTE_CODES):
        reader.problem("notes", f"text(s) for unknown note code(s) {extra}")
    notes = {
        code: reader.fact(notes_data[code], f"notes.{code}", params=advice.NOTE_PARAMS)
        for code in notes_data
        if code in advice.NOTE_CODES
    }
    general_data = reader.table(data.get("general"), "general")
    general = {key: reader.fact(value, f"general.{key}") for key, value in general_data.items()}
    closing_advice = reader.fact(data.get("closing_advice"), "closing_advice")
    accounts_data = reader.table(data.get("annual_accounts"), "annual_accounts")
    annual_accounts = {
        rule: reader.fact(accounts_data.get(rule), f"annual_accounts.{rule}") for rule in advice.ANNUAL_ACCOUNTS
    }
    registry_data = reader.table(accounts_data.get("registry_forms"), "annual_accounts.registry_forms")
    registry_forms = []
    for phrase, target in registry_data.items():
        if target not in advice.FORMS and target not in advice.ANNUAL_ACCOUNTS:
            reader.problem(f"annual_accounts.registry_forms.{phrase}", f"{target!r} is neither a form nor a rule")
        else:
            registry_forms.append((" ".join(phrase.lower().split()), target))
    for key in ("title", "publisher"):
        if not isinstance(guide.get(key), str) or not guide.get(key):
            reader.problem("guide", f"{key} is missing")
    if reader.problems:
        raise KnowledgeError(reader.problems)
    return Knowledge(
        guide_title=guide["title"],
        guide_publisher=guide["publisher"],
        rows=rows,
        purposes=purposes,
        forms=forms,
        notes=notes,
        closing_advice=closing_advice,
        general=general,
        annual_accounts=annual_accounts,
        registry_forms=tuple(registry_forms),
    )


def load(path: Path | None = None, *, today: datetime.date | None = None) -> Knowledge:
    path = path or DATA_FILE
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise KnowledgeError([f"{path}: cannot be read ({error.strerror or error})"]) from error
    except tomllib.TOMLDecodeError as error:
        raise KnowledgeError([f"{path}: not valid TOML ({error})"]) from error
    return parse(data, today=today)


@cache
def get_knowledge() -> Knowledge:
    return load()

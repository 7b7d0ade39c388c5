"""The guide's own help (tips, practice cases, short advice), loaded from ``data/guide_help.toml``.

Plain Python (no Django): ``load()`` reads and checks the file and raises ``GuideHelpError``
listing every problem; ``get_help()`` is the cached copy the pages use, and ``for_page()`` gives
one page's help in one language. The system check in ``checks.py`` calls ``load()`` so that a
damaged file fails ``manage.py check`` and start-up.
"""

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from samenwerkwijzer.lib.bilingual import Text, language_of

DATA_FILE = Path(__file__).resolve().parent / "data" / "guide_help.toml"
LANGUAGES = ("nl", "en")
PAGES = (
    "start",
    "partner_profile",
    "partner_search",
    "legal_form",
    "meeting",
    "evaluation",
    "pitfalls",
    "reliability",
)
TEXTS = (
    "definition",
    "three_steps",
    "tips_intro",
    "right_people",
    "evaluation",
    "change_course",
    "dare_to_stop",
    "evaluation_adviser",
    "legal_form_adviser",
    "financial_situation",
)
TIP_COUNT = 10
CASE_COUNT = 5
# Links go only to these stable public sites (and their subdomains), over https.
ALLOWED_HOSTS = ("kvk.nl", "ondernemersplein.nl", "rvo.nl", "een.ec.europa.eu")


class GuideHelpError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def host_is_allowed(href: str) -> bool:
    parts = urlsplit(href)
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(host == allowed or host.endswith("." + allowed) for allowed in ALLOWED_HOSTS)


@dataclass(frozen=True)
class Link:
    href: str
    label: Text


@dataclass(frozen=True)
class Tip:
    text: Text
    link: Link | None
    adviser: bool


@dataclass(frozen=True)
class Case:
    key: str
    number: int
    name: str
    section: str
    pages: tuple[str, ...]
    kind: Text
    summary: Text
    lesson: Text


@dataclass(frozen=True)
class GuideHelp:
    title: str
    publisher: str
    edition: Text
    phone: str
    adviser_link: Link
    texts: Mapping[str, Text]
    sections: Mapping[str, str]
    tips: tuple[Tip, ...]
    cases: Mapping[str, Case]  # in the order of the guide

    def links(self) -> list[Link]:
        return [self.adviser_link, *(tip.link for tip in self.tips if tip.link)]


class _Reader:
    def __init__(self):
        self.problems: list[str] = []

    def text(self, value: Any, where: str) -> Text:
        if not isinstance(value, Mapping):
            self.problems.append(f"{where}: needs nl and en texts")
            return Text("", "")
        for language in LANGUAGES:
            if not isinstance(value.get(language), str) or not value[language].strip():
                self.problems.append(f"{where}: the {language} text is missing")
        return Text(str(value.get("nl", "")), str(value.get("en", "")))

    def string(self, table: Mapping, key: str, where: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            self.problems.append(f"{where}: {key} is missing")
            return ""
        return value

    def link(self, value: Any, where: str) -> Link:
        if not isinstance(value, Mapping):
            self.problems.append(f"{where}: needs a href with nl and en labels")
            return Link("", Text("", ""))
        href = self.string(value, "href", where)
        if href and not host_is_allowed(href):
            self.problems.append(f"{where}: {href} is not on an allowed host ({', '.join(ALLOWED_HOSTS)}) over https")
        return Link(href, self.text(value, where))


def parse(data: Mapping[str, Any]) -> GuideHelp:
    """Check the parsed file and build the help; raise ``GuideHelpError`` listing every problem."""
    reader = _Reader()
    guide = data.get("guide", {})
    line = data.get("kvk_advice_line", {})
    if not isinstance(guide, Mapping) or not isinstance(line, Mapping):
        raise GuideHelpError(["guide and kvk_advice_line must be tables"])
    title = reader.string(guide, "title", "guide")
    publisher = reader.string(guide, "publisher", "guide")
    edition = reader.text(guide.get("edition"), "guide.edition")
    phone = reader.string(line, "phone", "kvk_advice_line")
    reader.string(line, "section", "kvk_advice_line")
    adviser_link = reader.link(line.get("link"), "kvk_advice_line.link")

    raw_texts = data.get("texts", {})
    texts: dict[str, Text] = {}
    sections: dict[str, str] = {}
    for key in TEXTS:
        table = raw_texts.get(key)
        if not isinstance(table, Mapping):
            reader.problems.append(f"texts.{key} is missing")
            continue
        texts[key] = reader.text(table, f"texts.{key}")
        sections[key] = reader.string(table, "section", f"texts.{key}")
    for key in raw_texts:
        if key not in TEXTS:
            reader.problems.append(f"texts.{key} is not used by any page")

    raw_tips = [tip if isinstance(tip, Mapping) else {} for tip in data.get("tips", [])]
    if len(raw_tips) != TIP_COUNT:
        reader.problems.append(f"tips: the guide gives {TIP_COUNT} tips, the file has {len(raw_tips)}")
    tips = tuple(
        Tip(
            text=reader.text(tip, f"tips[{index}]"),
            link=reader.link(tip["link"], f"tips[{index}].link") if "link" in tip else None,
            adviser=bool(tip.get("adviser", False)),
        )
        for index, tip in enumerate(raw_tips, start=1)
    )

    raw_cases = data.get("cases", {})
    cases: dict[str, Case] = {}
    for key, table in raw_cases.items():
        where = f"cases.{key}"
        table = table if isinstance(table, Mapping) else {}
        pages = tuple(table.get("pages", ()))
        if not pages:
            reader.problems.append(f"{where}: pages is missing")
        for page in pages:
            if page not in PAGES:
                reader.problems.append(f"{where}: unknown page {page!r}")
        number = table.get("number")
        if not isinstance(number, int):
            reader.problems.append(f"{where}: number is missing")
            number = 0
        cases[key] = Case(
            key=key,
            number=number,
            name=reader.string(table, "name", where),
            section=reader.string(table, "section", where),
            pages=pages,
            kind=reader.text(table.get("kind"), f"{where}.kind"),
            summary=reader.text(table.get("summary"), f"{where}.summary"),
            lesson=reader.text(table.get("lesson"), f"{where}.lesson"),
        )
    if sorted(case.number for case in cases.values()) != list(range(1, CASE_COUNT + 1)):
        reader.problems.append(f"cases: the guide has {CASE_COUNT} practice cases, numbered 1 to {CASE_COUNT}")

    if reader.problems:
        raise GuideHelpError(reader.problems)
    return GuideHelp(
        title=title,
        publisher=publisher,
        edition=edition,
        phone=phone,
        adviser_link=adviser_link,
        texts=texts,
        sections=sections,
        tips=tips,
        cases=dict(sorted(cases.items(), key=lambda item: item[1].number)),
    )


def load(path: Path | None = None) -> GuideHelp:
    path = path or DATA_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise GuideHelpError([f"cannot read {path.name}: {error}"]) from error
    return parse(data)


@cache
def get_help() -> GuideHelp:
    return load()


def for_page(page: str, language: str | None) -> dict[str, Any]:
    """One page's help in one language, as plain values for a template."""
    if page not in PAGES:
        raise ValueError(f"unknown guide help page {page!r}")
    help_ = get_help()
    language = language_of(language)

    def link(value: Link | None) -> dict[str, str] | None:
        return {"href": value.href, "label": value.label.get(language)} if value else None

    return {
        "title": help_.title,
        "publisher": help_.publisher,
        "edition": help_.edition.get(language),
        "phone": help_.phone,
        "adviser_link": link(help_.adviser_link),
        "texts": {key: text.get(language) for key, text in help_.texts.items()},
        "sections": help_.sections,
        "tips": [
            {"text": tip.text.get(language), "link": link(tip.link), "adviser": tip.adviser} for tip in help_.tips
        ],
        "cases": [
            {
                "key": case.key,
                "number": case.number,
                "name": case.name,
                "section": case.section,
                "kind": case.kind.get(language),
                "summary": case.summary.get(language),
                "lesson": case.lesson.get(language),
            }
            for case in help_.cases.values()
            if page in case.pages
        ],
    }

"""One word per concept, the same on every page (issue #13, "Dutch"; docs/glossary.md).

Reads every Dutch text that reaches a user without a template: all nl catalogues (the apps' own,
the project's and the hand-kept allauth one), the Dutch texts of the instrument definitions, of
the legal-form knowledge and of the guide's own help (core/data). Each text is checked on its own (forbidden variants) and, where its
English source is at hand, against that source (the English names the concept, the Dutch must
use the glossary's word for it).
"""

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR) / "samenwerkwijzer"
GLOSSARY = Path(settings.BASE_DIR) / "docs" / "glossary.md"


@dataclass(frozen=True)
class Text:
    dutch: str
    english: str
    where: str


def catalogue_paths() -> list[Path]:
    paths = set(ROOT.glob("**/locale/nl/LC_MESSAGES/django.po"))
    paths |= set(ROOT.glob("accounts/allauth_locale/nl/LC_MESSAGES/django.po"))
    return sorted(paths)


def _catalogue_texts(path: Path) -> list[Text]:
    texts = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        where = f"{path.relative_to(ROOT)}: {entry.msgid[:70]!r}"
        if entry.msgid_plural:
            for index, dutch in entry.msgstr_plural.items():
                english = entry.msgid if int(index) == 0 else entry.msgid_plural
                texts.append(Text(dutch, english, where))
        else:
            texts.append(Text(entry.msgstr, entry.msgid, where))
    return texts


def _bilingual_texts(node, where: str) -> list[Text]:
    """Every {"nl": ..., "en": ...} pair in a JSON or TOML document, however deep."""
    texts = []
    if isinstance(node, dict):
        if isinstance(node.get("nl"), str):
            texts.append(Text(node["nl"], str(node.get("en", "")), where))
        for key, value in node.items():
            texts += _bilingual_texts(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            texts += _bilingual_texts(value, f"{where}[{index}]")
    return texts


def data_paths() -> list[Path]:
    """The newest version of each instrument definition (a published version is never edited, see
    instruments/definitions/README.md: rounds opened with it keep showing the words they were
    asked in), the legal-form knowledge, the guide's own help (core/data) and the model clauses
    (agreements/data)."""
    newest: dict[str, tuple[int, Path]] = {}
    for path in ROOT.glob("instruments/definitions/*.v*.json"):
        key, version = re.fullmatch(r"(.+)\.v(\d+)\.json", path.name).groups()
        if int(version) > newest.get(key, (0, path))[0]:
            newest[key] = (int(version), path)
    tomls = sorted(ROOT.glob("legalforms/data/*.toml")) + sorted(ROOT.glob("core/data/*.toml"))
    tomls += sorted(ROOT.glob("agreements/data/*.toml"))  # the model clauses (issue #15)
    return sorted(path for _, path in newest.values()) + tomls


def all_dutch_texts() -> list[Text]:
    texts = []
    for path in catalogue_paths():
        texts += _catalogue_texts(path)
    for path in data_paths():
        raw = path.read_text(encoding="utf-8")
        document = json.loads(raw) if path.suffix == ".json" else tomllib.loads(raw)
        texts += _bilingual_texts(document, str(path.relative_to(ROOT)))
    return texts


# --- forbidden variants: (the glossary's word, pattern of the words not to use) ---------------
# Word boundaries throughout, case-insensitive. What the patterns deliberately let through:
# - "bedrijvengids" (the directory's one name) and "KvK-gids"/"mini-gids" (the guide) are not
#   caught by the compound rule; "richtlijnen", "begidsen" and the like contain no separate "gids".
# - "waarnemen" (the verb: to perceive) is Dutch for something else than the role; only the
#   person nouns "waarnemer(s)" are caught.
# - "tweede stap" names what a user has besides a password (authenticator app, passkey,
#   recovery code); it is the glossary's own explanation of "tweestapsverificatie" and allowed.
# - "voortrekkersrol" / "het voortouw nemen" describe the act of leading (the guide's own words
#   in basic question 5 and checker statement 16); only the person nouns are caught.
FORBIDDEN = [
    ("meelezer", re.compile(r"\bwaarnemers?\b", re.IGNORECASE)),
    (
        "tweestapsverificatie",
        re.compile(
            r"\btwee[- ]?factor\w*|\b2fa\b|\bmfa\b|\bmulti[- ]?factor\w*|\btweede factor\w*"
            r"|\b(?!tweestapsverificatie\b)twee[- ]?stap(?:s|pen)?[- ]?verificatie\b"
            r"|\bverificatie in twee stappen\b",
            re.IGNORECASE,
        ),
    ),
    ("u", re.compile(r"\b(?:jullie|je|jij|jou|jouw|jouwe|jezelf|jijzelf)\b", re.IGNORECASE)),
    ("penvoerder", re.compile(r"\b(?:voor|kar)?trekkers?\b", re.IGNORECASE)),
    ("bedrijvengids", re.compile(r"\b(?!bedrijvengids\b)\w+gids\b", re.IGNORECASE)),
    # issue #14: one word for the due date ("uiterlijk 6 dec." in a sentence is fine).
    ("deadline", re.compile(r"\buiterlijk (?:klaar )?op\b|\bstreefdatum\b|\bvervaldatum\b", re.IGNORECASE)),
    # issue #19: the joint plan is a "businessplan", as the guide says (ch. 4.1, ch. 6).
    ("businessplan", re.compile(r"\bondernemingsplan\w*", re.IGNORECASE)),
]

# --- context: the English source names the concept, the Dutch must use its one word ------------
# (name, English pattern, Dutch pattern that must be present, Dutch pattern that must be absent)
STANDALONE_GIDS = re.compile(r"(?<![\w-])gids\b", re.IGNORECASE)
CONCEPTS = [
    # "gids" alone is the KvK guide only; wherever the English speaks of the directory (and not of
    # the guide) the Dutch says "bedrijvengids".
    (
        "bedrijvengids",
        re.compile(r"\bdirector(?:y|ies)\b", re.IGNORECASE),
        re.compile(r"bedrijvengids", re.IGNORECASE),
        STANDALONE_GIDS,
    ),
    ("meelezer", re.compile(r"\bobservers?\b", re.IGNORECASE), re.compile(r"meelezer", re.IGNORECASE), None),
    # issue #15: an organisation invited to explore is a "verkenner" (its exploring: "verkennen").
    ("verkenner", re.compile(r"\bexplorers?\b", re.IGNORECASE), re.compile(r"verkenn", re.IGNORECASE), None),
    # "lead" as the role; "lead to" (leiden tot) is another word, and "take the lead" is the act of
    # leading, which the guide itself words as "het voortouw nemen" (checker statement 16).
    (
        "penvoerder",
        re.compile(r"(?<!takes the )(?<!take the )\bleads?\b(?! to\b)", re.IGNORECASE),
        re.compile(r"penvoerder", re.IGNORECASE),
        None,
    ),
    (
        "tweestapsverificatie",
        re.compile(r"two[- ]factor|second factor|\b2fa\b", re.IGNORECASE),
        re.compile(r"tweestapsverificatie|tweede stap", re.IGNORECASE),
        None,
    ),
    # A question about willingness asks whether "we zijn bereid", not whether "we willen".
    ("bereid", re.compile(r"\bwilling(?:ness)?\b", re.IGNORECASE), re.compile(r"\bbereid", re.IGNORECASE), None),
]


def forbidden_words(text: str) -> list[tuple[str, str]]:
    return [(word, match.group(0)) for word, pattern in FORBIDDEN for match in pattern.finditer(text)]


# Known exceptions to the concept rules: (where the text is, glossary word) → reason.
EXCEPTIONS = {
    ("instruments/definitions/matchcheck.v1.json", "bereid"): (
        "'Willen de partners elkaar toegang geven…' in a published version, which is never edited; "
        "the next matchcheck version says 'Zijn de partners bereid…'"
    ),
}


def _excepted(where: str, word: str) -> bool:
    return any(where.startswith(place) and word == excepted for place, excepted in EXCEPTIONS)


def concept_mismatches(dutch: str, english: str) -> list[str]:
    problems = []
    for word, source, required, absent in CONCEPTS:
        if not dutch or not source.search(english):
            continue
        if word == "bedrijvengids" and re.search(r"\bguide\b", english, re.IGNORECASE):
            continue
        if not required.search(dutch) or (absent is not None and absent.search(dutch)):
            problems.append(word)
    return problems


TEXTS = all_dutch_texts()


def test_there_are_dutch_texts_from_every_source():
    sources = {text.where.split(":")[0].split(".")[0] for text in TEXTS}
    assert len(catalogue_paths()) >= 9
    assert any(path.suffix == ".toml" for path in data_paths())
    assert len(sources) >= len(catalogue_paths()) + 2
    assert len(TEXTS) > 1000


def test_no_dutch_text_uses_a_forbidden_variant():
    found = [f"{text.where}: {variant!r} → {word}" for text in TEXTS for word, variant in forbidden_words(text.dutch)]
    assert found == [], "\n".join(found)


def test_every_dutch_text_names_the_concept_of_its_english_source_with_the_glossary_word():
    found = [
        f"{text.where}: {word}"
        for text in TEXTS
        for word in concept_mismatches(text.dutch, text.english)
        if not _excepted(text.where, word)
    ]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(
    ("dutch", "expected"),
    [
        ("Vindbaar in de partnergids", ["bedrijvengids"]),
        ("Vindbaar in de bedrijvengids", []),
        ("Uit de KvK-gids, en de mini-gids, volgens de richtlijnen", []),
        ("Als waarnemer leest u mee.", ["meelezer"]),
        ("Wat u waarneemt, en wat we waarnemen", []),
        ("Zet twee-factor-authenticatie aan", ["tweestapsverificatie"]),
        ("Zet Tweefactorauthenticatie of 2FA aan", ["tweestapsverificatie", "tweestapsverificatie"]),
        ("Uw tweede factor", ["tweestapsverificatie"]),
        ("Twee-stapsverificatie", ["tweestapsverificatie"]),
        ("Tweestapsverificatie: uw tweede stap", []),
        ("Wat willen jullie bereiken? Heb je je code?", ["u", "u", "u"]),
        ("De voortrekker start de ronde; een nieuwe trekker", ["penvoerder", "penvoerder"]),
        ("De penvoerder neemt de voortrekkersrol op zich", []),
    ],
)
def test_the_forbidden_variants_are_caught_and_their_exceptions_let_through(dutch, expected):
    assert [word for word, _ in forbidden_words(dutch)] == expected


@pytest.mark.parametrize(
    ("dutch", "english", "expected"),
    [
        ("Vindbaar in de gids", "Findable in the directory", ["bedrijvengids"]),
        ("Vindbaar in de bedrijvengids", "Findable in the directory", []),
        ("Uit de gids", "From the guide", []),
        ("De gids en de bedrijvengids", "The guide and the directory", []),
        (
            "We willen een notaris een akte laten opstellen.",
            "We are willing to have a notary draw up a deed.",
            ["bereid"],
        ),
        ("We zijn bereid een notaris een akte te laten opstellen.", "We are willing to have a notary …", []),
        ("Als voortrekker start u", "As lead you start the rounds.", ["penvoerder"]),
        ("Dat leidt tot ruzie", "That can lead to a quarrel", []),
        ("Eén van de partners neemt het voortouw.", "One of the partners takes the lead.", []),
        ("Als meelezer leest u mee", "As an observer you read along", []),
        ("Tweestapsverificatie", "Two-factor authentication", []),
    ],
)
def test_the_english_source_decides_which_word_the_dutch_needs(dutch, english, expected):
    assert concept_mismatches(dutch, english) == expected


def test_each_exception_still_has_something_to_excuse():
    for place, word in EXCEPTIONS:
        texts = [text for text in TEXTS if text.where.startswith(place)]
        assert any(word in concept_mismatches(text.dutch, text.english) for text in texts), (place, word)


def test_only_the_newest_version_of_an_instrument_is_read():
    names = [path.name for path in data_paths() if path.suffix == ".json"]
    keys = [name.split(".v")[0] for name in names]
    assert len(keys) == len(set(keys)) >= 5


def test_the_glossary_names_every_word_this_test_enforces_and_is_linked():
    glossary = GLOSSARY.read_text(encoding="utf-8")
    for word in {word for word, _ in FORBIDDEN} | {word for word, *_ in CONCEPTS}:
        assert f"**{word}**" in glossary, word
    for document in ("README.md", "CONTRIBUTING.md"):
        assert "docs/glossary.md" in (Path(settings.BASE_DIR) / document).read_text(encoding="utf-8"), document

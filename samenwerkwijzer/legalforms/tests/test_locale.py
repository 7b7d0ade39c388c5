"""The app's catalogues: every Dutch text translated, English = msgid, nothing fuzzy, .mo compiled."""

import ast
import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def entries(language: str) -> list[dict]:
    """(flags, msgid, msgid_plural, msgstrs) of every entry but the header."""
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    result = []
    for block in text.strip().split("\n\n"):
        fields: dict[str, str] = {}
        flags = ""
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += line
            elif match := re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$', line):
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            strs = [value for key, value in fields.items() if key.startswith("msgstr")]
            result.append(
                {"flags": flags, "msgid": fields["msgid"], "plural": fields.get("msgid_plural"), "strs": strs}
            )
    return result


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_entry_is_empty_or_fuzzy(language):
    found = entries(language)
    assert found
    for entry in found:
        assert "fuzzy" not in entry["flags"], entry["msgid"]
        assert all(s.strip() for s in entry["strs"]), f"untranslated: {entry['msgid']!r}"


def test_the_english_catalogue_repeats_the_msgids():
    for entry in entries("en"):
        expected = [entry["msgid"], entry["plural"]] if entry["plural"] else [entry["msgid"]]
        assert entry["strs"] == expected


def test_dutch_translations_keep_the_placeholders():
    for entry in entries("nl"):
        wanted = set(re.findall(r"%\(\w+\)s", entry["msgid"] + (entry["plural"] or "")))
        for text in entry["strs"]:
            assert set(re.findall(r"%\(\w+\)s", text)) <= wanted, entry["msgid"]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_compiled_catalogue_matches_the_source(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in entries(language):
        if entry["plural"]:
            assert compiled.ngettext(entry["msgid"], entry["plural"], 1) == entry["strs"][0]
        else:
            assert compiled.gettext(entry["msgid"]) == entry["strs"][0], "run compilemessages"

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[1] / "locale"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_message_of_the_instruments_is_translated(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert len(catalogue) > 100
    untranslated = [e.msgid for e in catalogue if not e.translated() or "fuzzy" in e.flags]
    assert not untranslated
    assert (LOCALE / language / "LC_MESSAGES" / "django.mo").stat().st_mtime >= (
        LOCALE / language / "LC_MESSAGES" / "django.po"
    ).stat().st_mtime - 1


def test_the_english_catalogue_repeats_the_source_text():
    catalogue = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    assert all(e.msgstr == e.msgid for e in catalogue if not e.msgid_plural)

from pathlib import Path

import polib
import pytest

APPS = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("app", ["directory", "registry"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_message_is_translated_and_none_is_fuzzy(app, language):
    catalogue = polib.pofile(str(APPS / app / "locale" / language / "LC_MESSAGES" / "django.po"))
    assert not catalogue.fuzzy_entries()
    assert not [entry.msgid for entry in catalogue.untranslated_entries()]
    if language == "en":
        assert all(entry.msgstr == entry.msgid for entry in catalogue if not entry.msgid_plural)

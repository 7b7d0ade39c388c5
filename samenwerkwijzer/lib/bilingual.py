"""Texts kept in Dutch and English side by side in data files (the legal-form knowledge, the guide's help)."""

from dataclasses import dataclass


def language_of(code: str | None) -> str:
    """'en' for any English variant, otherwise Dutch (the default)."""
    return "en" if (code or "").lower().startswith("en") else "nl"


@dataclass(frozen=True)
class Text:
    nl: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language_of(language) == "en" else self.nl

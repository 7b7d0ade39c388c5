"""Company names as the name search sees them: one normal form and one score (pure rules).

Both sides go through the same steps, so what a person types and what the register holds meet in
the middle (docs/directory-search.md, "Search by name"):

1. ``normalise``: lower case, accents and other marks removed ("Café" → "cafe", "Coöperatie" →
   "cooperatie"), a few letters spelled out ("ß" → "ss", "ø" → "o"), everything that is not a
   letter or a digit becomes a space.
2. ``words``: the normal form split into words, common abbreviations spelled out ("vd" → "van der",
   "gebr" → "gebroeders", "zn" → "zonen"), then the words that say nothing about a name left out:
   tussenvoegsels ("van", "der", "'t"), "en", legal forms ("bv", "vof") and single letters.

A stored entry keeps ``search_text``: the words of its statutory name and of each trade name,
every name between spaces and the names separated by " | ", e.g. ``" bakkerij molen | molen
brood "``. In that form "the name has the word *w*" is the substring ``" w "`` and "a word of the
name starts with *w*" is ``" w"``: plain ``LIKE`` patterns that the databases' trigram indexes
answer (``name_search``).

``score`` is the one definition of how well a name matches; the text index only pre-selects.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
EXACT, PREFIX, TYPO = 1.0, 0.8, 0.6  # points per query word, by how it matches
TYPO_MIN_LENGTH = 4  # shorter words are not matched with a typo (too many near words)
NAME_SEPARATOR = " | "

_SPELLED_OUT = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
ABBREVIATIONS = {
    "vd": "van der",
    "vdr": "van der",
    "vden": "van den",
    "gebr": "gebroeders",
    "gebrs": "gebroeders",
    "zn": "zonen",
    "st": "sint",
    "mij": "maatschappij",
}
TUSSENVOEGSELS = {"van", "der", "den", "de", "het", "t", "te", "ter", "ten", "in", "op", "aan", "bij", "uit", "voor"}
FOREIGN_PARTICLES = {"la", "le", "les", "du", "da", "di", "del", "von", "vom", "zu", "the", "of", "and"}
# Legal forms as written without dots ("B.V." becomes two single letters, which are left out anyway).
LEGAL_FORMS = {"bv", "nv", "vof", "cv", "ua", "wa", "ba"}
STOP_WORDS = frozenset(TUSSENVOEGSELS | FOREIGN_PARTICLES | LEGAL_FORMS | {"en"})
ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def normalise(text: str) -> str:
    """Lower case, no accents, only ASCII letters, digits and single spaces."""
    plain = text.casefold().translate(_SPELLED_OUT)
    if not plain.isascii():  # (ASCII has no accents to take off: most names, at import speed)
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_ALPHANUMERIC.sub(" ", plain).strip()


def words(text: str) -> list[str]:
    """The words that identify a name, in order, each once."""
    found: list[str] = []
    for word in normalise(text).split():
        for part in ABBREVIATIONS.get(word, word).split():
            if len(part) >= 2 and part not in STOP_WORDS and part not in found:
                found.append(part)
    return found


def search_text(name: str, trade_names=()) -> str:
    """What an entry stores for the name search: every name's words, the names apart."""
    forms = []
    for each in [name, *trade_names]:
        form = " ".join(words(each))
        if form and form not in forms:
            forms.append(form)
    return f" {NAME_SEPARATOR.join(forms)} " if forms else ""


def vocabulary(text: str) -> set[str]:
    """The distinct words of a stored ``search_text``."""
    return {word for word in text.split() if word != NAME_SEPARATOR.strip()}


@dataclass(frozen=True)
class NameQuery:
    text: str  # as typed (trimmed)
    words: tuple[str, ...]


def parse_query(text: str) -> tuple[NameQuery | None, str | None]:
    """The query's words, or why there is nothing to search for (a message for next to the field)."""
    text = " ".join((text or "").split())
    if len(text) > MAX_QUERY_LENGTH:
        return None, _("Type at most %(count)d characters.") % {"count": MAX_QUERY_LENGTH}
    if len(text) < 2:
        return None, _("Type at least 2 characters of the name.")
    if not normalise(text):
        return None, _("Type a name with letters or digits.")
    found = words(text)
    if not found:
        return None, _("Only common words such as “de”, “van” or “B.V.”: add a word of the name.")
    return NameQuery(text=text, words=tuple(found[:MAX_WORDS])), None


def one_edit_apart(first: str, second: str) -> bool:
    """One substitution, insertion, deletion or swap of two neighbouring letters (not equal)."""
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    if len(first) == len(second):
        differ = [index for index, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
        if len(differ) == 1:
            return True
        return (
            len(differ) == 2
            and differ[1] == differ[0] + 1
            and first[differ[0]] == second[differ[1]]
            and first[differ[1]] == second[differ[0]]
        )
    shorter, longer = sorted((first, second), key=len)
    for index, char in enumerate(shorter):
        if char != longer[index]:
            return shorter[index:] == longer[index + 1 :]
    return True


def typo_variants(word: str) -> set[str]:
    """Every string one edit away from ``word`` (over the normal form's alphabet): the words a
    name may hold where ``word`` was typed with one typo. Empty for words too short for typos."""
    if len(word) < TYPO_MIN_LENGTH:
        return set()
    splits = [(word[:index], word[index:]) for index in range(len(word) + 1)]
    found = {left + right[1:] for left, right in splits if right}
    found |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    found |= {left + char + right[1:] for left, right in splits if right for char in ALPHABET}
    found |= {left + char + right for left, right in splits for char in ALPHABET}
    found.discard(word)
    return found


def word_points(query_word: str, name_words) -> tuple[float, str | None]:
    """How well the best word of one name answers one query word, and that word."""
    best, best_word = 0.0, None
    for word in name_words:
        if word == query_word:
            return EXACT, word
        if best < PREFIX and word.startswith(query_word):
            best, best_word = PREFIX, word
        elif best < TYPO and len(query_word) >= TYPO_MIN_LENGTH and one_edit_apart(query_word, word):
            best, best_word = TYPO, word
    return best, best_word


@dataclass(frozen=True)
class NameMatch:
    score: float  # 0-100
    name_index: int  # 0 = the statutory name, 1.. = the trade names in stored order
    exact: int  # query words found as they were typed
    prefix: int  # ... as the start of a word
    typo: int  # ... with one typo
    total: int  # query words


def score(query_words, stored: str) -> NameMatch:
    """The name score: for the best of the entry's names, the mean over the query's words of
    1 (the name has the word), 0.8 (a word of the name starts with it) or 0.6 (a word of the name
    is one typo away, for words of 4 letters or more), times 100; 0 when no word matches."""
    best = NameMatch(0.0, 0, 0, 0, 0, len(query_words))
    for index, form in enumerate(stored.split(NAME_SEPARATOR.strip())):
        name_words = form.split()
        points = [word_points(query_word, name_words)[0] for query_word in query_words]
        value = round(100 * sum(points) / len(query_words), 1) if query_words else 0.0
        if value > best.score:
            best = NameMatch(
                value, index, points.count(EXACT), points.count(PREFIX), points.count(TYPO), len(query_words)
            )
    return best


def best_name(query_words, display_names) -> tuple[str, NameMatch]:
    """Which of an entry's names (the statutory name first, then its trade names) matches best."""
    best_display, best = display_names[0], NameMatch(0.0, 0, 0, 0, 0, len(query_words))
    for display in display_names:
        match = score(query_words, search_text(display))
        if match.score > best.score:
            best_display, best = display, match
    return best_display, best


def words_found(query_words, stored: str) -> int:
    """How many query words score in any of the entry's names (the level of ``name_search``)."""
    every_word = [word for word in stored.split() if word != NAME_SEPARATOR.strip()]
    return sum(1 for query_word in query_words if word_points(query_word, every_word)[0] > 0)

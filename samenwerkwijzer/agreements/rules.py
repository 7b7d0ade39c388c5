"""Pure rules of the agreements: SMART check, splits, fingerprints and diffs.

No Django here; the views turn the problem codes into translated, concrete hints.
"""

import difflib
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

# --- SMART goals (guide 4.1 and 4.3: "Zorg dat de afspraken SMART geformuleerd zijn") ---

MISSING_DESCRIPTION = "missing_description"
VAGUE_DESCRIPTION = "vague_description"
MISSING_INDICATOR = "missing_indicator"
MISSING_TARGET = "missing_target"
TARGET_NOT_MEASURABLE = "target_not_measurable"
MISSING_DEADLINE = "missing_deadline"
DEADLINE_PASSED = "deadline_passed"

# A goal described in fewer words than this cannot say what, for whom and how.
MIN_DESCRIPTION_WORDS = 3
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Goal:
    description: str = ""
    indicator: str = ""
    target: str = ""
    deadline: date | None = None


def smart_problems(goal: Goal, *, today: date) -> list[str]:
    """What keeps a goal from being SMART, in the order a reader fixes it.

    Specific: a description of a few words. Measurable: an indicator and a target value
    with a number in it. Time-bound: a deadline that has not passed. Acceptable and realistic
    are not computed: every party confirms them (``unconfirmed_parties``).
    """
    problems = []
    words = goal.description.split()
    if not words:
        problems.append(MISSING_DESCRIPTION)
    elif len(words) < MIN_DESCRIPTION_WORDS:
        problems.append(VAGUE_DESCRIPTION)
    if not goal.indicator.strip():
        problems.append(MISSING_INDICATOR)
    if not goal.target.strip():
        problems.append(MISSING_TARGET)
    elif not _DIGIT.search(goal.target):
        problems.append(TARGET_NOT_MEASURABLE)
    if goal.deadline is None:
        problems.append(MISSING_DEADLINE)
    elif goal.deadline < today:
        problems.append(DEADLINE_PASSED)
    return problems


# Acceptable and realistic cannot be computed: each party confirms them for itself, per goal
# ("confirmed_by": the ids of the organisations that did). A confirmation holds for the goal as
# it was worded then; changing the goal asks the others again.
GOAL_WORDING = ("description", "indicator", "target", "deadline")


def goal_wording(row: Mapping) -> tuple:
    return tuple(str(row.get(name) or "").strip() for name in GOAL_WORDING)


def confirmed_by(row: Mapping) -> list:
    value = row.get("confirmed_by")
    return list(value) if isinstance(value, list | tuple) else []


def unconfirmed_parties(row: Mapping, party_ids) -> list:
    """The parties that have not yet confirmed that this goal is acceptable and realistic for them."""
    confirmed = set(confirmed_by(row))
    return [party for party in party_ids if party not in confirmed]


def carry_confirmations(old_rows, new_rows, *, organisation_id, own: list[bool]) -> list[dict]:
    """The goals as saved by ``organisation_id``: its own confirmation as ticked (``own``, one per
    new row), the other parties' confirmations kept only for a goal whose wording did not change."""
    others: dict[tuple, set] = {}
    for row in old_rows or []:
        if isinstance(row, Mapping):
            confirmed = set(confirmed_by(row)) - {organisation_id}
            others.setdefault(goal_wording(row), set()).update(confirmed)
    result = []
    for row, mine in zip(new_rows, own, strict=True):
        confirmed = set(others.get(goal_wording(row), set()))
        if mine:
            confirmed.add(organisation_id)
        result.append({**row, "confirmed_by": sorted(confirmed)})
    return result


def parse_date(value) -> date | None:
    if isinstance(value, date):
        return value
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


# --- Splits (guide 4.2: costs, and revenue and profit, each divided over the partners) ---

SPLIT_MISSING = "missing"
SPLIT_INVALID = "invalid"
SPLIT_NOT_100 = "not_100"

HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class SplitResult:
    total: Decimal
    problem: str | None  # None when the split is valid
    bad_keys: tuple = ()

    @property
    def ok(self) -> bool:
        return self.problem is None


def parse_percentage(value) -> Decimal | None:
    """A percentage between 0 and 100 with at most two decimals ("33,33" or "33.33"), else None."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        number = value
    else:
        text = str(value).strip().replace(",", ".").removesuffix("%").strip()
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    if not number.is_finite() or number < 0 or number > HUNDRED or number != number.quantize(_CENT):
        return None
    return number


def check_split(shares: Mapping) -> SplitResult:
    """Each share must be a valid percentage and together they add up to exactly 100."""
    missing = tuple(key for key, value in shares.items() if value is None or str(value).strip() == "")
    invalid = tuple(key for key, value in shares.items() if key not in missing and parse_percentage(value) is None)
    total = sum((parse_percentage(v) or Decimal(0) for v in shares.values()), Decimal(0))
    if not shares or missing:
        return SplitResult(total, SPLIT_MISSING, missing)
    if invalid:
        return SplitResult(total, SPLIT_INVALID, invalid)
    if total != HUNDRED:
        return SplitResult(total, SPLIT_NOT_100)
    return SplitResult(total, None)


def format_percentage(value) -> str:
    number = parse_percentage(value)
    if number is None:
        return ""
    return format(number.normalize(), "f")


# --- Fingerprint and diff ---


def canonical_json(data) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_fingerprint(data) -> str:
    """SHA-256 of the canonical JSON of a version's data (what the PDF footer prints)."""
    return hashlib.sha256(canonical_json(data).encode()).hexdigest()


EQUAL, ADDED, REMOVED = "equal", "added", "removed"


@dataclass(frozen=True)
class DiffLine:
    op: str  # EQUAL, ADDED or REMOVED
    text: str


def diff_hunks(old: str, new: str, *, context: int = 2) -> list[list[DiffLine]]:
    """Changed lines with a little unchanged context around them, grouped in hunks."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    hunks = []
    for group in matcher.get_grouped_opcodes(context):
        hunk = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                hunk.extend(DiffLine(EQUAL, line) for line in old_lines[i1:i2])
                continue
            if tag in ("replace", "delete"):
                hunk.extend(DiffLine(REMOVED, line) for line in old_lines[i1:i2])
            if tag in ("replace", "insert"):
                hunk.extend(DiffLine(ADDED, line) for line in new_lines[j1:j2])
        if any(line.op != EQUAL for line in hunk):
            hunks.append(hunk)
    return hunks


# --- Complete documents (guide 3.3 and 4.3: what a letter of intent and an agreement record) ---

# Required: what the guide names as the content of the document. A letter of intent confirms who
# intends to work together and what about (3.3: "bevestig de wederzijdse intentie", project or
# structural). An agreement records the elements of the list in 4.3: the goals, the conditions,
# the term, the contributions to costs and the division of revenue and profit, the mutual
# obligations of effort and result, property rights, and how to evaluate. Everything else
# (planning, contributions per party, next steps, confidentiality, costs made so far) is optional:
# left out of the document when empty.
REQUIRED_SECTIONS = {
    "letter_of_intent": ("parties", "intention"),
    "agreement": ("parties", "goals", "benefits", "obligations", "term", "evaluation", "conditions"),
}

# Keys that the draft fills in by itself (who a row belongs to, registry facts, confirmations):
# they do not make a section "filled in".
_IDENTITY_KEYS = frozenset({"organisation_id", "name", "kvk_number", "legal_form", "place", "confirmed_by"})


def is_required(kind: str, key: str) -> bool:
    return key in REQUIRED_SECTIONS.get(str(kind), ())


def is_empty(value) -> bool:
    """True when nothing was written in a section (or part of one): only blanks and identity facts."""
    if value is None:
        return True
    if isinstance(value, Mapping):
        return all(is_empty(v) for k, v in value.items() if k not in _IDENTITY_KEYS)
    if isinstance(value, list | tuple):
        return all(is_empty(v) for v in value)
    if isinstance(value, bool):
        return not value
    return str(value).strip() == ""


def missing_required_sections(kind: str, data: Mapping) -> list[str]:
    """The required sections of ``kind`` that are still empty in ``data``, in document order."""
    return [key for key in REQUIRED_SECTIONS.get(str(kind), ()) if is_empty(data.get(key))]

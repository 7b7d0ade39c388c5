"""What still keeps a version from being frozen, as concrete, translated hints."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from . import content, rules
from .models import DocumentKind
from .sections import section_for

SMART_HINTS = {
    rules.MISSING_DESCRIPTION: lambda: _("describe the goal: what do you want to achieve, and for whom?"),
    rules.VAGUE_DESCRIPTION: lambda: _(
        "the description is too short to be specific; say what changes, for whom, for example "
        "“Deliver fresh bread to 15 care homes every morning”"
    ),
    rules.MISSING_INDICATOR: lambda: _(
        "add an indicator: how will you measure it? For example “number of new customers”"
    ),
    rules.MISSING_TARGET: lambda: _("add a target value: the number you want to reach, for example 25"),
    rules.TARGET_NOT_MEASURABLE: lambda: _(
        "make the target value measurable with a number or amount, for example “40 deliveries a week” or “15 %”"
    ),
    rules.MISSING_DEADLINE: lambda: _("add a deadline: by when do you want to have reached it?"),
    rules.DEADLINE_PASSED: lambda: _("the deadline has passed; choose a date in the future"),
}


def confirmation_hint(names: list[str]) -> str:
    return _(
        "acceptable and realistic: still to be confirmed by %(names)s (each party confirms for itself, in the goal "
        "form, that it supports the goal and can reach it with the means and time available)"
    ) % {"names": ", ".join(names)}


@dataclass(frozen=True)
class GoalCheck:
    number: int
    description: str
    hints: list[str]  # empty only when all five SMART elements hold
    confirmed_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    section: str  # section key, for the link to fix it
    message: str


def goal_from_row(row: dict) -> rules.Goal:
    return rules.Goal(
        description=str(row.get("description") or ""),
        indicator=str(row.get("indicator") or ""),
        target=str(row.get("target") or ""),
        deadline=rules.parse_date(row.get("deadline")),
    )


def goal_checks(data: dict, *, today=None) -> list[GoalCheck]:
    """The SMART check of every goal, with a concrete hint per missing element.

    Specific, measurable and time-bound are computed; acceptable and realistic hold when every
    party of the document has confirmed them for this goal.
    """
    today = today or timezone.localdate()
    names = {p.get("organisation_id"): p.get("name", "") for p in data.get("parties", []) if isinstance(p, dict)}
    checks = []
    for number, row in enumerate(data.get("goals", {}).get("items", []), start=1):
        hints = [SMART_HINTS[p]() for p in rules.smart_problems(goal_from_row(row), today=today)]
        unconfirmed = rules.unconfirmed_parties(row, list(names))
        if unconfirmed:
            hints.append(confirmation_hint([names[pid] for pid in unconfirmed]))
        confirmed = tuple(names[pid] for pid in names if pid not in unconfirmed)
        checks.append(GoalCheck(number, str(row.get("description") or ""), hints, confirmed))
    return checks


def split_problems(data: dict, party_ids: list[int]) -> list[Problem]:
    rows = {row.get("organisation_id"): row for row in data.get("benefits", {}).get("parties", [])}
    problems = []
    for field, label in (("cost_share", _("costs")), ("revenue_share", _("revenue and profit"))):
        shares = {pid: rows.get(pid, {}).get(field) for pid in party_ids}
        result = rules.check_split(shares)
        if result.problem == rules.SPLIT_MISSING:
            message = _("Divide the %(what)s over all parties in percentages.") % {"what": label}
        elif result.problem:
            message = _("The shares of the %(what)s add up to %(total)s %%; together they must be exactly 100 %%.") % {
                "what": label,
                "total": rules.format_percentage(result.total) or result.total,
            }
        else:
            continue
        problems.append(Problem("benefits", message))
    return problems


def freeze_problems(kind, data: dict, participants, *, today=None) -> list[Problem]:
    """Everything that must be fixed before the lead can freeze this version; empty when ready.

    First every required section that is still empty (``rules.REQUIRED_SECTIONS``), then the
    concrete checks within the sections."""
    # Empty: nothing written in it, or nothing the document would print (``content.build`` leaves it out).
    missing = set(rules.missing_required_sections(str(kind), data))
    missing |= {e.key for e in content.build(kind, data, collaboration_name="").empty_sections if e.required}
    empty = [key for key in rules.REQUIRED_SECTIONS.get(str(kind), ()) if key in missing]
    problems = [
        Problem(key, _("“%(title)s” is required and still empty.") % {"title": section_title(kind, key)})
        for key in empty
    ]
    problems.extend(p for p in _content_problems(kind, data, participants, today=today) if p.section not in empty)
    return problems


def _content_problems(kind, data: dict, participants, *, today=None) -> list[Problem]:
    problems = []
    parties = data.get("parties", [])
    party_ids = [p.get("organisation_id") for p in parties]
    if sorted(party_ids) != sorted(p.organisation_id for p in participants):
        problems.append(
            Problem(
                "parties", _("The parties differ from the participants of the collaboration. Save the parties again.")
            )
        )
    for party in parties:
        name = party.get("name", "")
        if not rules_kvk(party.get("kvk_number")):
            problems.append(
                Problem(
                    "parties",
                    _("%(name)s has no valid KvK number. Add it to the organisation's profile.") % {"name": name},
                )
            )
        if not str(party.get("address") or "").strip():
            problems.append(Problem("parties", _("Fill in the address of %(name)s.") % {"name": name}))
        if not str(party.get("signatory_name") or "").strip():
            problems.append(Problem("parties", _("Say who signs on behalf of %(name)s.") % {"name": name}))
    if DocumentKind(kind) == DocumentKind.LETTER_OF_INTENT:
        if not str(data.get("intention", {}).get("intention") or "").strip():
            problems.append(Problem("intention", _("Describe the intention to work together.")))
        return problems

    checks = goal_checks(data, today=today)
    if not checks:
        problems.append(Problem("goals", _("Add at least one goal.")))
    for check in checks:
        for hint in check.hints:
            problems.append(
                Problem("goals", _("Goal %(number)s: %(hint)s.") % {"number": check.number, "hint": hint.rstrip(".")})
            )
    problems.extend(split_problems(data, party_ids))
    if not str(data.get("term", {}).get("leave_how") or "").strip():
        problems.append(Problem("term", _("Describe in the exit scenario how a partner can end the collaboration.")))
    return problems


def rules_kvk(value) -> bool:
    value = str(value or "")
    return len(value) == 8 and value.isdigit()


def section_title(kind, key) -> str:
    if not key:  # a version that is not a save of one section: a new version of a signed document
        return _("new version of the signed text")
    section = section_for(kind, key)
    return str(section.title) if section else key

"""The statements of the evaluation after an assignment, in our own words in the spirit of the guide's
Samenwerkingschecker (ch. 6-8): each team member says on its own how far each statement holds (1-5)
and gives the assignment a grade (1-10). Blind first; side by side once everyone has submitted or the
bringer reveals, with the largest differences first: where the team differs most, the talk starts.
"""

from dataclasses import dataclass

from django.utils.translation import get_language

SCALE_MIN = 1
SCALE_MAX = 5
GRADE_MIN = 1
GRADE_MAX = 10


@dataclass(frozen=True)
class Statement:
    key: str
    nl: str
    en: str

    @property
    def text(self) -> str:
        return self.nl if (get_language() or "nl").startswith("nl") else self.en


STATEMENTS: tuple[Statement, ...] = (
    Statement(
        "division_clear",
        "Het was voor iedereen duidelijk wie wat deed.",
        "It was clear to everyone who did what.",
    ),
    Statement(
        "delivered",
        "Iedereen heeft geleverd wat hij of zij had toegezegd.",
        "Everyone delivered what they had promised.",
    ),
    Statement(
        "informed",
        "We hielden elkaar op tijd op de hoogte.",
        "We kept each other informed in good time.",
    ),
    Statement(
        "optimal_team",
        "De opdrachtgever kreeg het team dat de opdracht nodig had.",
        "The client got the team the assignment needed.",
    ),
    Statement(
        "income_as_agreed",
        "De inkomsten zijn verdeeld zoals we hadden afgesproken.",
        "The income was divided as we had agreed.",
    ),
    Statement(
        "again",
        "Ik zou opnieuw met dit team werken.",
        "I would work with this team again.",
    ),
)

SCALE_LABELS = {
    "nl": {1: "Helemaal oneens", 2: "Oneens", 3: "Neutraal", 4: "Eens", 5: "Helemaal eens"},
    "en": {1: "Strongly disagree", 2: "Disagree", 3: "Neutral", 4: "Agree", 5: "Strongly agree"},
}


def scale_labels() -> dict[int, str]:
    return SCALE_LABELS["nl" if (get_language() or "nl").startswith("nl") else "en"]


@dataclass(frozen=True)
class ComparedRow:
    """One statement (or the grade) with every member's answer, for the side-by-side view."""

    label: str
    values: list  # one per member, in the order of the columns; None where not answered
    spread: int
    is_grade: bool = False


def compare(evaluations: list, grade_label: str) -> list[ComparedRow]:
    """Rows of the revealed evaluations, the largest difference between members first (the
    statements' own order among equal differences); the grade last."""
    rows = []
    for statement in STATEMENTS:
        values = [e.answers.get(statement.key) for e in evaluations]
        given = [v for v in values if v is not None]
        spread = max(given) - min(given) if given else 0
        rows.append(ComparedRow(statement.text, values, spread))
    rows.sort(key=lambda row: -row.spread)
    grades = [e.grade for e in evaluations]
    given = [g for g in grades if g is not None]
    rows.append(ComparedRow(grade_label, grades, max(given) - min(given) if given else 0, is_grade=True))
    return rows

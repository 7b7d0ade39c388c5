"""Which legal form fits: pure scoring rules, no Django.

Guide ch. 4.3 and 5: work together incidentally by agreement; for a structural
collaboration one *can consider* a legal form; never a heavier form than needed.
The choice is determined by duration, liability and taxes (5.2). The rules run in
two steps:

1. Hard requirements. A form that cannot meet what the intake demands (private
   liability excluded, too few founders by law, no notary) is *blocked*: its score
   is 0 and it ranks below every form that can. When every form is blocked,
   ``ways_out`` says which answer would open one (``hard_wishes_met``).
2. Fit. Every other form collects points for what the guide says it is for
   (purpose, free professions, a silent investor, profit for the members, ...)
   and a bonus for being light; its score is those points, kept within 1 to 100.

The results carry note *codes* (``Note``), not sentences: the texts, in Dutch and
English and with the guide section they come from, live in the knowledge file
(``data/legal_forms.toml``) so that the API and the pages can show them in any
language.
"""

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# The forms of guide ch. 4.3 and 5, lightest first within the order.
COLLABORATION_AGREEMENT = "samenwerkingsovereenkomst"  # equal partners, no separate entity (4.3)
AGREEMENT = "overeenkomst_van_opdracht"  # one party does a job for another (5.1; art. 7:400 BW)
VOF = "vof"
MAATSCHAP = "maatschap"
CV = "cv"
BV = "bv"
COOPERATIE = "cooperatie"
VERENIGING = "vereniging"
STICHTING = "stichting"
FORMS = (COLLABORATION_AGREEMENT, AGREEMENT, VOF, MAATSCHAP, CV, BV, COOPERATIE, VERENIGING, STICHTING)

# Intake vocabularies (the API's enumerations).
DURATIONS = ("incidental", "structural")
FOUNDER_KINDS = ("natural", "legal", "mixed")
PURPOSES = ("share_risk", "financial_benefit", "collective_benefit", "social_goal", "common_goal")
# The third determinant of 5.2, optional: income tax for the partners (with ondernemersaftrek and
# mkb-winstvrijstelling) or corporate income tax in the entity. None: not answered.
TAX_PREFERENCES = ("income_tax", "corporate_tax")

# Attribute vocabularies of the knowledge file.
KINDS = ("agreement", "partnership", "legal_entity")
FOUNDINGS = ("none", "form_free", "notarial", "notarial_or_limited")
PRIVATE_LIABILITIES = (
    "own_obligations",
    "all_partners_full",
    "equal_share",
    "managing_partners",
    "none",
    "member_form",
)
ANNUAL_ACCOUNTS = ("none", "turnover_threshold", "file")
TAX_REGIMES = ("partners", "entity", "entity_if_enterprise")
REGISTRATIONS = ("none", "partners", "board_or_notary", "notary_usually")

# Forms whose partners (or some of them) answer with their private assets. Without a separate
# entity every party answers for its own obligations with its own assets: no shield either.
PRIVATELY_LIABLE = ("own_obligations", "all_partners_full", "equal_share", "managing_partners")
NEEDS_NOTARY = ("notarial",)
# A vereniging without a notarial deed has limited legal capacity: its board members are jointly
# and severally liable next to it (art. 2:30 BW), so only the notarial version excludes liability.
NOTARIAL_OR_LIMITED = "notarial_or_limited"

MAX_SCORE = 100

# Points. Incidental collaboration by agreement outweighs any fit of a legal form;
# for a structural one the purpose the guide names decides, lightness breaks ties.
POINTS = {
    "incidental_agreement": 50,
    "heavier_than_needed_incidental": -40,
    "structural_agreement": -30,
    "structural_one_name": 10,
    "lightness_step": 3,
    "purpose_match": 30,
    "free_profession": 35,
    "silent_partner_cv": 30,
    "silent_partner_bv": 10,
    "silent_partner_liable": -5,
    "cv_without_silent_partner": -10,
    "liability_entity": 15,
    "single_founder_ok": 5,
    "notary_vereniging_limited": -10,
    "profit_cooperatie": 15,
    "profit_bv": 10,
    "profit_partnership": 10,
    "profit_stichting": -15,
    "profit_vereniging": -10,
    "tax_natural": 5,
    "legal_persons_vof": 10,
    "tax_match": 10,
    "tax_mismatch": -10,
}

# Every note code the rules can produce; the knowledge file must have a text for each.
NOTE_CODES = frozenset(
    {
        # reasons for
        "incidental_agreement",
        "incidental_collaboration_agreement",
        "structural_collaboration_agreement",
        "light_agreement",
        "light_partnership",
        "structural_one_name",
        "purpose_match",
        "free_profession",
        "silent_partner_cv",
        "silent_partner_bv",
        "liability_entity",
        "liability_cooperatie_ua",
        "single_founder_ok",
        "profit_cooperatie",
        "profit_bv",
        "profit_partnership",
        "tax_natural",
        "legal_persons_vof",
        "tax_partners_match",
        "tax_entity_match",
        # reasons against and points to watch
        "blocked_private_liability",
        "blocked_private_liability_agreement",
        "blocked_informal_vereniging",
        "blocked_founders",
        "blocked_notary",
        "heavier_than_needed_incidental",
        "structural_agreement",
        "purpose_other",
        "private_liability_vof",
        "private_liability_maatschap",
        "private_liability_cv",
        "cooperatie_member_liability",
        "silent_partner_liable_vof",
        "silent_partner_liable_maatschap",
        "cv_without_silent_partner",
        "notary_vereniging_limited",
        "informal_vereniging_liability",
        "agreement_liability",
        "tax_partners_mismatch",
        "tax_entity_mismatch",
        "notarial_deed",
        "annual_threshold",
        "annual_accounts_file",
        "profit_stichting",
        "profit_vereniging",
        "dba_check",
        # when no form meets every hard wish, and the ways out
        "no_form_meets",
        "way_out_notary",
        "way_out_liability",
    }
)
# Placeholders a note text may use, and what fills them.
NOTE_PARAMS = frozenset({"purpose", "founders", "min_founders"})


@dataclass(frozen=True)
class Intake:
    duration: str
    founders: int
    founder_kind: str
    purpose: str
    exclude_private_liability: bool
    notary_ok: bool
    silent_investors: bool
    free_profession: bool
    profit_to_members: bool
    tax_preference: str | None = None  # optional: without it the advice is as before the question

    def __post_init__(self):
        problems = intake_problems(self)
        if problems:
            raise ValueError("; ".join(f"{name}: {problem}" for name, problem in problems.items()))

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in INTAKE_FIELDS}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Intake":
        # Intakes saved before an optional field existed lack it.
        return cls(**{name: data[name] for name in INTAKE_FIELDS if name in data or name not in OPTIONAL_FIELDS})


INTAKE_FIELDS = (
    "duration",
    "founders",
    "founder_kind",
    "purpose",
    "exclude_private_liability",
    "notary_ok",
    "silent_investors",
    "free_profession",
    "profit_to_members",
    "tax_preference",
)
BOOLEAN_FIELDS = (
    "exclude_private_liability",
    "notary_ok",
    "silent_investors",
    "free_profession",
    "profit_to_members",
)
OPTIONAL_FIELDS = ("tax_preference",)
# The hard wishes: answers that rule forms out, each with the note naming the way out.
# By field: the answer that is the wish, and the note naming the way out.
HARD_WISHES = {"notary_ok": (False, "way_out_notary"), "exclude_private_liability": (True, "way_out_liability")}


def intake_problems(intake: Intake) -> dict[str, str]:
    """What is wrong with an intake, by field (empty when nothing is)."""
    problems = {}
    choices = {"duration": DURATIONS, "founder_kind": FOUNDER_KINDS, "purpose": PURPOSES}
    for name, allowed in choices.items():
        if getattr(intake, name) not in allowed:
            problems[name] = f"must be one of {', '.join(allowed)}"
    founders = intake.founders
    if isinstance(founders, bool) or not isinstance(founders, int) or founders < 1:
        problems["founders"] = "must be a whole number of at least 1"
    for name in BOOLEAN_FIELDS:
        if not isinstance(getattr(intake, name), bool):
            problems[name] = "must be true or false"
    if intake.tax_preference is not None and intake.tax_preference not in TAX_PREFERENCES:
        problems["tax_preference"] = f"must be empty or one of {', '.join(TAX_PREFERENCES)}"
    return problems


@dataclass(frozen=True)
class FormProfile:
    """What the rules need to know of a form; built from the knowledge file."""

    key: str
    kind: str
    founding: str
    min_founders: int
    registration: str
    private_liability: str
    annual_accounts: str
    purposes: tuple[str, ...]
    tax_regime: str = "partners"

    @property
    def heaviness(self) -> int:
        """0 for an agreement; more for each formality: deed, registration, annual accounts."""
        deed = {"none": 0, "form_free": 1, "notarial": 2, "notarial_or_limited": 2}[self.founding]
        registration = 0 if self.registration == "none" else 1
        accounts = {"none": 0, "turnover_threshold": 1, "file": 2}[self.annual_accounts]
        return deed + registration + accounts


@dataclass(frozen=True)
class Note:
    code: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, code: str, **params) -> "Note":
        return cls(code, tuple(sorted(params.items())))

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Note":
        return cls.of(data["code"], **data.get("params", {}))


@dataclass(frozen=True)
class RankedForm:
    form: str
    score: int
    blocked: bool
    reasons: tuple[Note, ...]
    warnings: tuple[Note, ...]
    points: int = 0  # the raw points, before clamping; ties on score are broken by these

    def to_dict(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "score": self.score,
            "blocked": self.blocked,
            "points": self.points,
            "reasons": [note.to_dict() for note in self.reasons],
            "warnings": [note.to_dict() for note in self.warnings],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "RankedForm":
        return cls(
            form=data["form"],
            score=data["score"],
            blocked=data["blocked"],
            points=data.get("points", 0),
            reasons=tuple(Note.from_dict(n) for n in data["reasons"]),
            warnings=tuple(Note.from_dict(n) for n in data["warnings"]),
        )


@dataclass
class _Tally:
    points: int = 0
    blocked: bool = False
    blockers: list[Note] = field(default_factory=list)
    reasons: list[Note] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)

    def plus(self, code: str, points: int | None = None, **params) -> None:
        self.points += POINTS.get(code, 0) if points is None else points
        self.reasons.append(Note.of(code, **params))

    def minus(self, code: str, points: int | None = None, **params) -> None:
        self.points += POINTS.get(code, 0) if points is None else points
        self.warnings.append(Note.of(code, **params))

    def block(self, code: str, **params) -> None:
        self.blocked = True
        self.blockers.append(Note.of(code, **params))

    def blocked_for(self, code: str) -> bool:
        return any(note.code == code for note in self.blockers)


def excludes_private_liability(intake: Intake, form: FormProfile) -> bool:
    """Whether the version of the form the intake allows shields every partner's private assets."""
    if form.private_liability in PRIVATELY_LIABLE:
        return False
    # Without a notary only the vereniging with limited legal capacity is possible (art. 2:30 BW).
    return intake.notary_ok or form.founding != NOTARIAL_OR_LIMITED


def _hard_requirements(intake: Intake, form: FormProfile, tally: _Tally) -> None:
    if intake.exclude_private_liability and not excludes_private_liability(intake, form):
        if form.kind == "agreement":
            tally.block("blocked_private_liability_agreement")
        elif form.founding == NOTARIAL_OR_LIMITED:
            tally.block("blocked_informal_vereniging")
        else:
            tally.block("blocked_private_liability")
    if intake.founders < form.min_founders:
        tally.block("blocked_founders", founders=intake.founders, min_founders=form.min_founders)
    if not intake.notary_ok and form.founding in NEEDS_NOTARY:
        tally.block("blocked_notary")


def _duration(intake: Intake, form: FormProfile, tally: _Tally) -> None:
    if form.key == COLLABORATION_AGREEMENT:
        # 5.2 says one *can consider* a legal form for a structural collaboration, not that one
        # should: staying light costs nothing.
        if intake.duration == "incidental":
            tally.plus("incidental_collaboration_agreement", POINTS["incidental_agreement"])
        else:
            tally.reasons.append(Note.of("structural_collaboration_agreement"))
    elif form.kind == "agreement":
        if intake.duration == "incidental":
            tally.plus("incidental_agreement")
        else:
            tally.minus("structural_agreement")
    elif intake.duration == "incidental":
        tally.minus("heavier_than_needed_incidental")
    else:
        tally.plus("structural_one_name")


def _lightness(intake: Intake, form: FormProfile, tally: _Tally, heaviest: int) -> None:
    """Never heavier than needed: each formality less is worth a few points."""
    tally.points += POINTS["lightness_step"] * (heaviest - form.heaviness)
    if form.kind == "agreement":
        tally.reasons.append(Note.of("light_agreement"))
    elif form.founding == "form_free" and form.annual_accounts == "none":
        tally.reasons.append(Note.of("light_partnership"))
    # The deed is worth a mention only where the intake accepts a notary (else a blocker says it).
    if intake.notary_ok and form.founding in ("notarial", "notarial_or_limited"):
        tally.warnings.append(Note.of("notarial_deed"))
    if form.annual_accounts == "file":
        tally.warnings.append(Note.of("annual_accounts_file"))
    elif form.annual_accounts == "turnover_threshold":
        tally.warnings.append(Note.of("annual_threshold"))


def _purpose(intake: Intake, form: FormProfile, tally: _Tally) -> None:
    if not form.purposes:
        return
    if intake.purpose in form.purposes:
        tally.plus("purpose_match", purpose=intake.purpose)
    else:
        tally.warnings.append(Note.of("purpose_other", purpose=form.purposes[0]))


def _liability(intake: Intake, form: FormProfile, tally: _Tally) -> None:
    # The private liability of partnerships is always a point to watch.
    watch = {VOF: "private_liability_vof", MAATSCHAP: "private_liability_maatschap", CV: "private_liability_cv"}
    if form.key in watch and not tally.blocked_for("blocked_private_liability"):
        tally.warnings.append(Note.of(watch[form.key]))
    if form.private_liability == "member_form":
        if intake.exclude_private_liability:
            tally.plus("liability_cooperatie_ua", POINTS["liability_entity"])
        else:
            tally.warnings.append(Note.of("cooperatie_member_liability"))
    elif (
        form.private_liability == "none"
        and intake.exclude_private_liability
        and excludes_private_liability(intake, form)
    ):
        tally.plus("liability_entity")
    if form.private_liability == "own_obligations" and not tally.blocked_for("blocked_private_liability_agreement"):
        tally.warnings.append(Note.of("agreement_liability"))


def _founders(intake: Intake, form: FormProfile, tally: _Tally) -> None:
    if intake.founders == 1 and form.kind == "legal_entity" and form.min_founders == 1:
        tally.plus("single_founder_ok")
    if intake.founder_kind == "natural" and form.kind == "partnership":
        tally.plus("tax_natural")
    if intake.founder_kind == "legal" and form.key == VOF:
        tally.plus("legal_persons_vof")


def _notary(intake: Intake, form: FormProfile, tally: _Tally) -> None:
    if not intake.notary_ok and form.founding == NOTARIAL_OR_LIMITED:
        tally.minus("notary_vereniging_limited")
        if not tally.blocked_for("blocked_informal_vereniging"):
            tally.warnings.append(Note.of("informal_vereniging_liability"))


def _taxes(intake: Intake, form: FormProfile, tally: _Tally) -> None:
    """The third determinant of 5.2. Without an answer this rule adds nothing."""
    if intake.tax_preference is None:
        return
    partners = form.tax_regime == "partners"
    if intake.tax_preference == "income_tax":
        if partners:
            tally.plus("tax_partners_match", POINTS["tax_match"])
        else:
            tally.minus("tax_entity_mismatch", POINTS["tax_mismatch"])
    elif partners:
        tally.minus("tax_partners_mismatch", POINTS["tax_mismatch"])
    else:
        tally.plus("tax_entity_match", POINTS["tax_match"])


def _specific(intake: Intake, form: FormProfile, tally: _Tally) -> None:
    """What the guide says of one form in particular."""
    if intake.free_profession and form.key == MAATSCHAP:
        tally.plus("free_profession")
    if intake.silent_investors:
        if form.key == CV:
            tally.plus("silent_partner_cv")
        elif form.key == BV:
            tally.plus("silent_partner_bv")
        elif form.key in (VOF, MAATSCHAP):
            tally.minus(f"silent_partner_liable_{form.key}", POINTS["silent_partner_liable"])
    elif form.key == CV:
        tally.minus("cv_without_silent_partner")
    if intake.profit_to_members:
        if form.key == COOPERATIE:
            tally.plus("profit_cooperatie")
        elif form.key == BV:
            tally.plus("profit_bv")
        elif form.kind == "partnership":
            tally.plus("profit_partnership")
        elif form.key == STICHTING:
            tally.minus("profit_stichting")
        elif form.key == VERENIGING:
            tally.minus("profit_vereniging")
    if form.key == AGREEMENT:
        tally.warnings.append(Note.of("dba_check"))


def score_form(intake: Intake, form: FormProfile, *, heaviest: int) -> RankedForm:
    tally = _Tally()
    _hard_requirements(intake, form, tally)
    _purpose(intake, form, tally)
    _specific(intake, form, tally)
    _liability(intake, form, tally)
    _founders(intake, form, tally)
    _notary(intake, form, tally)
    _duration(intake, form, tally)
    _taxes(intake, form, tally)
    _lightness(intake, form, tally, heaviest)
    score = 0 if tally.blocked else max(1, min(MAX_SCORE, tally.points))
    return RankedForm(
        form=form.key,
        score=score,
        blocked=tally.blocked,
        points=tally.points,
        reasons=tuple(tally.reasons),
        warnings=tuple(tally.blockers + tally.warnings),
    )


def rank(intake: Intake, profiles: Iterable[FormProfile]) -> list[RankedForm]:
    """Every form once, best first: eligible forms by score, then by lightness; blocked forms last."""
    profiles = list(profiles)
    heaviest = max(profile.heaviness for profile in profiles)
    order = {profile.key: index for index, profile in enumerate(profiles)}
    heaviness = {profile.key: profile.heaviness for profile in profiles}
    ranked = [score_form(intake, profile, heaviest=heaviest) for profile in profiles]
    return sorted(ranked, key=lambda r: (-r.score, -r.points, heaviness[r.form], order[r.form]))


def hard_wishes_met(ranking: Sequence[RankedForm]) -> bool:
    """Whether at least one form meets every hard requirement of the intake."""
    return any(not item.blocked for item in ranking)


def ways_out(intake: Intake, profiles: Iterable[FormProfile]) -> list[Note]:
    """When no form meets every hard wish: which change of answer would open a form, as notes.

    The guide's two ways out are accepting a notary and accepting liability. (The number of founders
    alone never rules every form out: a contract for services needs one.)
    """
    profiles = list(profiles)
    if hard_wishes_met(rank(intake, profiles)):
        return []
    notes = []
    for name, (wish, code) in HARD_WISHES.items():
        if getattr(intake, name) == wish and hard_wishes_met(
            rank(dataclasses.replace(intake, **{name: not wish}), profiles)
        ):
            notes.append(Note.of(code))
    return notes


def ranking_to_json(ranking: Sequence[RankedForm]) -> list[dict[str, Any]]:
    return [item.to_dict() for item in ranking]


def ranking_from_json(data: Sequence[Mapping[str, Any]]) -> list[RankedForm]:
    return [RankedForm.from_dict(item) for item in data]

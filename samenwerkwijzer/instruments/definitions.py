"""Instrument definitions: versioned data files, loaded and validated at start-up.

The files live in ``definitions/<key>.v<version>.json`` (see its README). A broken
file fails ``manage.py check`` (``check_definitions``, registered in ``apps.py``);
the app then refuses to serve the instruments rather than show half a question list.
"""

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.core import checks
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import rules

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"
FILE_NAME = re.compile(r"^(?P<key>[a-z][a-z0-9_]*)\.v(?P<version>[1-9][0-9]*)\.json$")
SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
LANGUAGES = ("nl", "en")

SCALE, GRADE = "scale", "grade"
SINGLE_CHOICE, MULTIPLE_CHOICE = "single_choice", "multiple_choice"
SHORT_TEXT, LONG_TEXT, NUMBER, MATRIX = "short_text", "long_text", "number", "matrix"
ITEM_TYPES = (SCALE, GRADE, SINGLE_CHOICE, MULTIPLE_CHOICE, SHORT_TEXT, LONG_TEXT, NUMBER, MATRIX)
SCORE_RANGES = {SCALE: (1, 5), GRADE: (1, 10)}
TEXT_LIMITS = {SHORT_TEXT: 200, LONG_TEXT: 4000}
MATRIX_TEXT_LIMIT = 1000
OTHER = "other"

KINDS = ("round", "organisation")
COMPARISONS = ("scores", "texts", "governance", "none")

# The instruments the code relies on, in the order of the guide.
ZELFCHECK = "zelfcheck"
MATCHCHECK = "matchcheck"
TIEN_BASISVRAGEN = "tien_basisvragen"
CHECKER = "samenwerkingschecker"
BESTURINGSVORM = "besturingsvorm"
BUSINESSMODEL = "businessmodel"  # each organisation's own canvas first (merged in businessmodel/merge.py)
ROUND_INSTRUMENTS = (MATCHCHECK, TIEN_BASISVRAGEN, BUSINESSMODEL, CHECKER, BESTURINGSVORM)
REQUIRED_KEYS = (ZELFCHECK, *ROUND_INSTRUMENTS)


class DefinitionError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Text:
    """A text in Dutch and English; renders in the active language."""

    nl: str
    en: str

    def __str__(self) -> str:
        return self.en if (get_language() or "nl").startswith("en") else self.nl


@dataclass(frozen=True)
class Option:
    id: str
    label: Text


@dataclass(frozen=True)
class Item:
    id: str
    type: str
    label: Text
    guide_section: str
    help: Text | None = None
    required: bool = True
    options: tuple[Option, ...] = ()
    other: bool = False
    min: int | None = None
    max: int | None = None
    rows: tuple[Option, ...] = ()
    columns: tuple[Option, ...] = ()
    dimension: str | None = None

    @property
    def is_score(self) -> bool:
        return self.type in SCORE_RANGES

    @property
    def score_range(self) -> tuple[int, int]:
        return SCORE_RANGES[self.type]

    @property
    def score_values(self) -> list[int]:
        low, high = self.score_range
        return list(range(low, high + 1))

    def option_label(self, option_id) -> str:
        if option_id == OTHER and self.other:
            return _("Other")
        for option in (*self.options, *self.rows, *self.columns):
            if option.id == option_id:
                return str(option.label)
        return str(option_id)

    def display(self, value) -> str:
        """The answer as plain text, for tables, CSV and PDF."""
        if value in (None, "", [], {}):
            return ""
        if self.type == SINGLE_CHOICE:
            return self.option_label(value)
        if self.type == MULTIPLE_CHOICE:
            labels = [self.option_label(choice) for choice in value.get("choices", []) if choice != OTHER]
            if value.get(OTHER):
                labels.append(f"{_('Other')}: {value[OTHER]}")
            return "; ".join(labels)
        if self.type == MATRIX:
            parts = []
            for row in self.rows:
                for column in self.columns:
                    if column.id in value.get(row.id, {}):
                        description = value[row.id][column.id]
                        parts.append(f"{column.label}, {row.label}: {description}".rstrip(": "))
            return "\n".join(parts)
        return str(value)


@dataclass(frozen=True)
class Gate:
    id: str
    items: tuple[str, ...]
    pass_values: tuple[str, ...]
    advice: Text
    alternatives: tuple[Option, ...]
    guide_section: str


@dataclass(frozen=True)
class GovernanceType:
    id: str
    market: bool
    hierarchy: bool
    trust: bool
    label: Text
    description: Text


@dataclass(frozen=True)
class Figure:
    id: str
    trust: bool
    caption: Text


@dataclass(frozen=True)
class Instrument:
    key: str
    version: int
    kind: str
    comparison: str
    repeatable: bool
    conclusions: bool
    guide_section: str
    title: Text
    intro: Text
    items: tuple[Item, ...]
    scale_min: Text | None = None
    scale_max: Text | None = None
    gates: tuple[Gate, ...] = ()
    dimensions: tuple[Option, ...] = ()
    governance_types: tuple[GovernanceType, ...] = ()
    figures: tuple[Figure, ...] = ()
    action_examples: tuple[Text, ...] = ()
    _index: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        self._index.update({item.id: item for item in self.items})

    def item(self, item_id: str) -> Item | None:
        return self._index.get(item_id)

    @property
    def statements(self) -> list[Item]:
        """The 1-5 scale items, in the order of the guide."""
        return [item for item in self.items if item.type == SCALE]

    @property
    def grade_item(self) -> Item | None:
        return next((item for item in self.items if item.type == GRADE), None)

    @property
    def score_items(self) -> list[Item]:
        return [item for item in self.items if item.is_score]

    def governance_type(self, type_id: str) -> GovernanceType | None:
        return next((t for t in self.governance_types if t.id == type_id), None)

    def dimension_of(self) -> dict[str, str]:
        return {item.id: item.dimension for item in self.items if item.dimension}

    def validate_answers(self, answers: dict, *, complete: bool) -> dict[str, str]:
        """Problems with the answers keyed by item id; empty when they may be stored.

        ``complete`` also demands every required answer (submitting); drafts may be partial.
        """
        errors = {key: _("This question is not part of the instrument.") for key in answers if self.item(key) is None}
        for item in self.items:
            value = answers.get(item.id)
            if is_empty(value):
                if complete and item.required:
                    errors[item.id] = _("This question needs an answer.")
                continue
            if problem := _value_problem(item, value, complete=complete):
                errors[item.id] = problem
        return errors


def is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _value_problem(item: Item, value, *, complete: bool) -> str | None:
    if item.is_score:
        low, high = item.score_range
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return _("Choose a score from %(low)s to %(high)s.") % {"low": low, "high": high}
    elif item.type == SINGLE_CHOICE:
        if value not in {option.id for option in item.options}:
            return _("Choose one of the options.")
    elif item.type == MULTIPLE_CHOICE:
        allowed = {option.id for option in item.options} | ({OTHER} if item.other else set())
        choices = value.get("choices") if isinstance(value, dict) else None
        other = value.get(OTHER, "") if isinstance(value, dict) else None
        if not isinstance(choices, list) or not set(choices) <= allowed or not isinstance(other, str):
            return _("Choose from the options.")
        if len(other) > TEXT_LIMITS[SHORT_TEXT]:
            return _("Keep it to at most %(limit)s characters.") % {"limit": TEXT_LIMITS[SHORT_TEXT]}
        if complete and OTHER in choices and not other.strip():
            return _("Describe the other reason.")
    elif item.type in TEXT_LIMITS:
        if not isinstance(value, str):
            return _("Enter a text.")
        if len(value) > TEXT_LIMITS[item.type]:
            return _("Keep it to at most %(limit)s characters.") % {"limit": TEXT_LIMITS[item.type]}
    elif item.type == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int) or not item.min <= value <= item.max:
            return _("Enter a whole number from %(low)s to %(high)s.") % {"low": item.min, "high": item.max}
    elif item.type == MATRIX:
        return _matrix_problem(item, value, complete=complete)
    return None


def _matrix_problem(item: Item, value, *, complete: bool) -> str | None:
    rows = {row.id for row in item.rows}
    columns = {column.id for column in item.columns}
    if not isinstance(value, dict) or not set(value) <= rows:
        return _("Choose from the categories.")
    for cells in value.values():
        if not isinstance(cells, dict) or not set(cells) <= columns:
            return _("Choose from the categories.")
        for description in cells.values():
            if not isinstance(description, str) or len(description) > MATRIX_TEXT_LIMIT:
                return _("Keep each description to at most %(limit)s characters.") % {"limit": MATRIX_TEXT_LIMIT}
            if complete and not description.strip():
                return _("Describe every category you ticked, as concretely as you can.")
    return None


# --- Parsing and validation of the files -----------------------------------


class _Problems(list):
    def text(self, data, where: str, *, required: bool = True) -> Text | None:
        if data is None and not required:
            return None
        if not isinstance(data, dict) or any(
            not isinstance(data.get(lang), str) or not data[lang].strip() for lang in LANGUAGES
        ):
            self.append(f"{where}: needs a non-empty text in {' and '.join(LANGUAGES)}")
            return Text("", "")
        extra = set(data) - set(LANGUAGES)
        if extra:
            self.append(f"{where}: unknown languages {sorted(extra)}")
        return Text(data["nl"].strip(), data["en"].strip())

    def options(self, data, where: str) -> tuple[Option, ...]:
        if not isinstance(data, list) or not data:
            self.append(f"{where}: needs a non-empty list")
            return ()
        options = []
        for index, entry in enumerate(data):
            if not isinstance(entry, dict) or not SLUG.match(str(entry.get("id", ""))):
                self.append(f"{where}[{index}]: needs an id that is a lowercase slug")
                continue
            options.append(Option(entry["id"], self.text(entry.get("label"), f"{where}[{index}].label")))
        ids = [option.id for option in options]
        if len(set(ids)) != len(ids):
            self.append(f"{where}: ids are not unique")
        return tuple(options)


def _parse_item(data, where: str, problems: _Problems) -> Item | None:
    if not isinstance(data, dict):
        problems.append(f"{where}: is not an object")
        return None
    item_id = data.get("id", "")
    if not isinstance(item_id, str) or not SLUG.match(item_id):
        problems.append(f"{where}: needs an id that is a lowercase slug")
        return None
    where = f"{where} ({item_id})"
    item_type = data.get("type")
    if item_type not in ITEM_TYPES:
        problems.append(f"{where}: type must be one of {', '.join(ITEM_TYPES)}")
        return None
    guide_section = data.get("guide_section")
    if not isinstance(guide_section, str) or not guide_section.strip():
        problems.append(f"{where}: needs the guide section it comes from")
    required = data.get("required", True)
    if not isinstance(required, bool):
        problems.append(f"{where}: required must be true or false")
    known = {"id", "type", "label", "help", "guide_section", "required", "dimension"}
    kwargs = {}
    if item_type in (SINGLE_CHOICE, MULTIPLE_CHOICE):
        known |= {"options", "other"}
        kwargs["options"] = problems.options(data.get("options"), f"{where}.options")
        kwargs["other"] = data.get("other", False) is True
        if item_type == SINGLE_CHOICE and "other" in data:
            problems.append(f"{where}: 'other' is only for multiple choice")
    elif item_type == NUMBER:
        known |= {"min", "max"}
        low, high = data.get("min"), data.get("max")
        if not isinstance(low, int) or not isinstance(high, int) or low > high:
            problems.append(f"{where}: a number needs whole min and max with min <= max")
        kwargs.update(min=low, max=high)
    elif item_type == MATRIX:
        known |= {"rows", "columns"}
        kwargs["rows"] = problems.options(data.get("rows"), f"{where}.rows")
        kwargs["columns"] = problems.options(data.get("columns"), f"{where}.columns")
    unknown = set(data) - known
    if unknown:
        problems.append(f"{where}: unknown keys {sorted(unknown)}")
    dimension = data.get("dimension")
    if dimension is not None and (dimension not in rules.DIMENSIONS or item_type != SCALE):
        problems.append(f"{where}: a dimension must be one of {', '.join(rules.DIMENSIONS)} on a scale item")
    return Item(
        id=item_id,
        type=item_type,
        label=problems.text(data.get("label"), f"{where}.label"),
        help=problems.text(data.get("help"), f"{where}.help", required=False),
        guide_section=str(guide_section or "").strip(),
        required=required is True,
        dimension=dimension,
        **kwargs,
    )


def _parse_gates(data, items: dict[str, Item], problems: _Problems) -> tuple[Gate, ...]:
    gates = []
    for index, gate in enumerate(data or []):
        where = f"gates[{index}]"
        if not isinstance(gate, dict) or not SLUG.match(str(gate.get("id", ""))):
            problems.append(f"{where}: needs an id")
            continue
        gate_items = gate.get("items")
        if not isinstance(gate_items, list) or not gate_items:
            problems.append(f"{where}: needs the ids of its questions")
            gate_items = []
        for item_id in gate_items:
            if item_id not in items or items[item_id].type != SINGLE_CHOICE:
                problems.append(f"{where}: {item_id} is not a single-choice question of this instrument")
        pass_values = gate.get("pass_values")
        if not isinstance(pass_values, list) or not pass_values:
            problems.append(f"{where}: needs pass_values")
            pass_values = []
        for item_id in gate_items:
            if item_id in items and not set(pass_values) <= {o.id for o in items[item_id].options}:
                problems.append(f"{where}: pass_values are not options of {item_id}")
        gates.append(
            Gate(
                id=gate["id"],
                items=tuple(gate_items),
                pass_values=tuple(pass_values),
                advice=problems.text(gate.get("advice"), f"{where}.advice"),
                alternatives=problems.options(gate.get("alternatives"), f"{where}.alternatives"),
                guide_section=str(gate.get("guide_section", "")),
            )
        )
    return tuple(gates)


def _parse_governance(data: dict, items: tuple[Item, ...], problems: _Problems) -> dict:
    if data.get("comparison") != "governance":
        for key in ("dimensions", "governance_types", "figures"):
            if key in data:
                problems.append(f"{key}: only for a governance instrument")
        return {}
    dimensions = problems.options(data.get("dimensions"), "dimensions")
    if {d.id for d in dimensions} != set(rules.DIMENSIONS):
        problems.append(f"dimensions: must be exactly {', '.join(rules.DIMENSIONS)}")
    for dimension in rules.DIMENSIONS:
        if not any(item.dimension == dimension for item in items):
            problems.append(f"items: no scale item measures {dimension}")
    types = []
    for index, entry in enumerate(data.get("governance_types") or []):
        where = f"governance_types[{index}]"
        if not isinstance(entry, dict) or any(not isinstance(entry.get(d), bool) for d in rules.DIMENSIONS):
            problems.append(f"{where}: needs an id and true/false for {', '.join(rules.DIMENSIONS)}")
            continue
        corner = tuple(entry[d] for d in rules.DIMENSIONS)
        if rules.GOVERNANCE_TYPES.get(corner) != entry.get("id"):
            problems.append(f"{where}: {entry.get('id')} does not match Adler's type for {corner}")
        types.append(
            GovernanceType(
                id=entry.get("id"),
                market=entry["market"],
                hierarchy=entry["hierarchy"],
                trust=entry["trust"],
                label=problems.text(entry.get("label"), f"{where}.label"),
                description=problems.text(entry.get("description"), f"{where}.description"),
            )
        )
    if {t.id for t in types} != set(rules.GOVERNANCE_TYPES.values()) or len(types) != len(rules.GOVERNANCE_TYPES):
        problems.append("governance_types: must describe each of Adler's eight types exactly once")
    figures = []
    for index, entry in enumerate(data.get("figures") or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("trust"), bool):
            problems.append(f"figures[{index}]: needs an id and trust true/false")
            continue
        figures.append(
            Figure(str(entry.get("id")), entry["trust"], problems.text(entry.get("caption"), f"figures[{index}]"))
        )
    if sorted(f.trust for f in figures) != [False, True]:
        problems.append("figures: needs one figure without and one with trust")
    return {"dimensions": dimensions, "governance_types": tuple(types), "figures": tuple(figures)}


def parse_definition(data, *, source: str = "definition") -> Instrument:
    """Build an ``Instrument`` from the decoded file, or raise ``DefinitionError`` listing every problem."""
    problems = _Problems()
    if not isinstance(data, dict):
        raise DefinitionError([f"{source}: is not a JSON object"])
    key, version = data.get("key"), data.get("version")
    if not isinstance(key, str) or not SLUG.match(key):
        problems.append("key: needs a lowercase slug")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        problems.append("version: needs a whole number from 1")
    if data.get("kind") not in KINDS:
        problems.append(f"kind: must be one of {', '.join(KINDS)}")
    if data.get("comparison") not in COMPARISONS:
        problems.append(f"comparison: must be one of {', '.join(COMPARISONS)}")
    if not isinstance(data.get("guide_section"), str) or not data["guide_section"].strip():
        problems.append("guide_section: needs the guide section the instrument comes from")
    for flag in ("repeatable", "conclusions"):
        if not isinstance(data.get(flag, False), bool):
            problems.append(f"{flag}: must be true or false")
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        problems.append("items: needs a non-empty list")
        raw_items = []
    items = tuple(i for i in (_parse_item(entry, f"items[{n}]", problems) for n, entry in enumerate(raw_items)) if i)
    ids = [item.id for item in items]
    if len(set(ids)) != len(ids):
        problems.append("items: ids are not unique")
    scale = data.get("scale")
    if any(item.type == SCALE for item in items) and not isinstance(scale, dict):
        problems.append("scale: an instrument with scale items needs min and max labels")
        scale = {}
    scale = scale or {}
    if data.get("comparison") == "scores" and not any(item.is_score for item in items):
        problems.append("comparison: 'scores' needs at least one scale or grade item")
    instrument = Instrument(
        key=key,
        version=version,
        kind=data.get("kind"),
        comparison=data.get("comparison"),
        repeatable=data.get("repeatable", False) is True,
        conclusions=data.get("conclusions", False) is True,
        guide_section=str(data.get("guide_section", "")),
        title=problems.text(data.get("title"), "title"),
        intro=problems.text(data.get("intro"), "intro"),
        items=items,
        scale_min=problems.text(scale.get("min"), "scale.min") if scale else None,
        scale_max=problems.text(scale.get("max"), "scale.max") if scale else None,
        gates=_parse_gates(data.get("gates"), {item.id: item for item in items}, problems),
        action_examples=tuple(
            problems.text(example, f"action_examples[{n}]")
            for n, example in enumerate(data.get("action_examples") or [])
        ),
        **_parse_governance(data, items, problems),
    )
    if problems:
        raise DefinitionError([f"{source}: {problem}" for problem in problems])
    return instrument


def load_directory(directory: Path = DEFINITIONS_DIR) -> dict[tuple[str, int], Instrument]:
    """Every definition in the directory; raises ``DefinitionError`` with all problems found."""
    instruments, problems = {}, []
    for path in sorted(directory.glob("*.json")):
        match = FILE_NAME.match(path.name)
        if not match:
            problems.append(f"{path.name}: the name must be <key>.v<version>.json")
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            instrument = parse_definition(data, source=path.name)
        except json.JSONDecodeError as error:
            problems.append(f"{path.name}: is not valid JSON ({error})")
            continue
        except DefinitionError as error:
            problems.extend(error.problems)
            continue
        if (instrument.key, instrument.version) != (match["key"], int(match["version"])):
            problems.append(f"{path.name}: key and version inside differ from the file name")
            continue
        instruments[(instrument.key, instrument.version)] = instrument
    for key in REQUIRED_KEYS:
        found = [i for (k, _v), i in instruments.items() if k == key]
        if not found:
            problems.append(f"{key}: no definition found")
        elif key == ZELFCHECK and any(i.kind != "organisation" for i in found):
            problems.append(f"{key}: must be of kind 'organisation'")
        elif key != ZELFCHECK and any(i.kind != "round" for i in found):
            problems.append(f"{key}: must be of kind 'round'")
    if problems:
        raise DefinitionError(problems)
    return instruments


@cache
def registry() -> dict[tuple[str, int], Instrument]:
    return load_directory()


def get_instrument(key: str, version: int | None = None) -> Instrument:
    """The given version of an instrument, or its latest; ``LookupError`` when there is none."""
    versions = {v: i for (k, v), i in registry().items() if k == key}
    if not versions:
        raise LookupError(key)
    if version is None:
        return versions[max(versions)]
    if version not in versions:
        raise LookupError(f"{key} v{version}")
    return versions[version]


def round_instruments() -> list[Instrument]:
    """The latest version of each multi-party instrument, in the order of the guide."""
    return [get_instrument(key) for key in ROUND_INSTRUMENTS]


def check_definitions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    try:
        load_directory()
    except DefinitionError as error:
        return [
            checks.Error(problem, hint="See samenwerkwijzer/instruments/definitions/README.md.", id="instruments.E001")
            for problem in error.problems
        ]
    return []

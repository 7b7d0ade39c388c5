"""Pure rules for comparing revealed answers on closed questions (single and multiple choice).

Scores have their own rules (``rules.spread``, ``rules.needs_discussion``); these are for the
questions where organisations pick from options, e.g. "operational, tactical or strategic"
in basic question 1b. No Django imports: unit-tested on plain values.
"""

from collections.abc import Iterable

SINGLE_CHOICE, MULTIPLE_CHOICE = "single_choice", "multiple_choice"
CLOSED_TYPES = (SINGLE_CHOICE, MULTIPLE_CHOICE)


def chosen(item_type: str, value) -> frozenset[str] | None:
    """The options an organisation chose, as a set; ``None`` when it gave no answer.

    A multiple-choice answer is stored as ``{"choices": [...], "other": "..."}``; the free text of
    "other" is not an option, so two organisations that both ticked "other" chose the same.
    """
    if value in (None, "", [], {}):
        return None
    if item_type == MULTIPLE_CHOICE:
        choices = frozenset(value.get("choices", [])) if isinstance(value, dict) else frozenset()
        return choices or None
    return frozenset([str(value)])


def choices_differ(item_type: str, values: Iterable) -> bool:
    """Whether the organisations that answered a closed question chose differently.

    Organisations without an answer are left out, as ``rules.spread`` leaves out missing scores:
    with fewer than two answers there is nothing to compare. Other question types never differ here.
    """
    if item_type not in CLOSED_TYPES:
        return False
    answered = {choice for choice in (chosen(item_type, value) for value in values) if choice is not None}
    return len(answered) > 1

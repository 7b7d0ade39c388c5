from django import forms
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.collaborations.forms import DateInput
from samenwerkwijzer.lib import dates
from samenwerkwijzer.lib.formatting import format_datetime

from . import definitions as d
from . import draft_merge
from .models import ActionItem


def _cell(item_id: str, row: str, column: str) -> str:
    return f"{item_id}__{row}__{column}"


class AnswerForm(forms.Form):
    """The questions of an instrument as one form; fields are built from the definition.

    Fields are all optional here: drafts may be incomplete. The service checks
    completeness on submit and the form shows its messages next to each question.
    """

    # The fingerprints of the answers the page was loaded with (draft_merge.py); after an autosave
    # the server sends the page's new base into this field (its id).
    answers_base = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"id": "answer-base"}))

    def __init__(self, *args, instrument: d.Instrument, answers: dict | None = None, **kwargs):
        answers = answers or {}
        kwargs.setdefault("initial", _initial(instrument, answers))
        kwargs["initial"].setdefault("answers_base", draft_merge.page_base(answers, instrument.items))
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.item_errors: dict[str, list[str]] = {}
        for item in instrument.items:
            self.fields.update(_fields_for(item))

    def posted_base(self) -> dict | None:
        """The base the page sent (only call after ``is_valid``); None when it sent none."""
        return draft_merge.decode(self.cleaned_data.get("answers_base") or "")

    def answers(self) -> dict:
        """The cleaned data as stored answers (only call after ``is_valid``)."""
        data, answers = self.cleaned_data, {}
        for item in self.instrument.items:
            if item.type == d.MULTIPLE_CHOICE:
                choices = list(data.get(item.id) or [])
                other = (data.get(f"{item.id}__{d.OTHER}") or "").strip() if item.other else ""
                if other and d.OTHER not in choices:
                    choices.append(d.OTHER)
                value = {"choices": choices, d.OTHER: other} if choices else None
                if value and not other:
                    value.pop(d.OTHER)
            elif item.type == d.MATRIX:
                value = {}
                for row in item.rows:
                    cells = {
                        column.id: (data.get(_cell(item.id, row.id, column.id) + "__text") or "").strip()
                        for column in item.columns
                        if data.get(_cell(item.id, row.id, column.id))
                    }
                    if cells:
                        value[row.id] = cells
            elif item.type in d.TEXT_LIMITS:
                value = (data.get(item.id) or "").strip()
            else:
                value = data.get(item.id)
            if not d.is_empty(value):
                answers[item.id] = value
        return answers

    def add_conflicts(self, conflicts) -> None:
        """Next to each question: the colleague's answer that was kept instead of the one typed here."""
        self.add_item_errors({conflict.item.id: [conflict_message(conflict)] for conflict in conflicts})

    def add_item_errors(self, errors: dict) -> None:
        for key, messages in errors.items():
            target = key if self.instrument.item(key) else "__all__"
            self.item_errors.setdefault(target, []).extend(messages if isinstance(messages, list) else [messages])

    @property
    def general_errors(self) -> list[str]:
        return list(self.non_field_errors()) + self.item_errors.get("__all__", [])

    @property
    def has_any_error(self) -> bool:
        return bool(self.errors or self.item_errors)

    def bound_items(self) -> list[dict]:
        """Everything a template needs per question: texts, inputs with their state, errors."""
        return [self._bound_item(item) for item in self.instrument.items]

    def _value(self, name):
        return self[name].value()

    def _bound_item(self, item: d.Item) -> dict:
        errors = list(self.item_errors.get(item.id, []))
        names = [name for name in self.fields if name == item.id or name.startswith(f"{item.id}__")]
        for name in names:
            errors.extend(self.errors.get(name, []))
        bound = {"item": item, "errors": errors, "id": f"q-{item.id}", "name": item.id}
        if item.is_score or item.type in (d.SINGLE_CHOICE, d.MULTIPLE_CHOICE):
            current = self._value(item.id)
            selected = {str(v) for v in current} if isinstance(current, list | tuple) else {str(current)}
            options = (
                [(str(v), str(v)) for v in item.score_values]
                if item.is_score
                else [(o.id, str(o.label)) for o in item.options]
            )
            bound["options"] = [
                {"value": value, "label": label, "checked": value in selected, "id": f"id_{item.id}_{n}"}
                for n, (value, label) in enumerate(options)
            ]
            if item.type == d.MULTIPLE_CHOICE and item.other:
                bound["other"] = {"name": f"{item.id}__{d.OTHER}", "id": f"id_{item.id}__{d.OTHER}"}
                bound["other"]["value"] = self._value(bound["other"]["name"]) or ""
        elif item.type == d.MATRIX:
            bound["rows"] = [
                {
                    "row": row,
                    "cells": [
                        {
                            "column": column,
                            "name": _cell(item.id, row.id, column.id),
                            "id": "id_" + _cell(item.id, row.id, column.id),
                            "checked": bool(self._value(_cell(item.id, row.id, column.id))),
                            "text_name": _cell(item.id, row.id, column.id) + "__text",
                            "text_id": "id_" + _cell(item.id, row.id, column.id) + "__text",
                            "text_value": self._value(_cell(item.id, row.id, column.id) + "__text") or "",
                        }
                        for column in item.columns
                    ],
                }
                for row in item.rows
            ]
        else:
            bound["field_id"] = f"id_{item.id}"
            bound["value"] = self._value(item.id)
            if bound["value"] is None:
                bound["value"] = ""
            bound["maxlength"] = d.TEXT_LIMITS.get(item.type)
        return bound


def conflict_message(conflict) -> str:
    """Says who changed a question meanwhile and to what, and that the answer typed here is not saved."""
    when = _("at %(time)s") % {"time": format_datetime(conflict.changed_at)} if conflict.changed_at else ""
    answer = conflict.item.display(conflict.answer)
    if answer:
        text = _("%(name)s changed this answer %(when)s to: “%(answer)s”.")
    else:
        text = _("%(name)s emptied this answer %(when)s.")
    if not when:  # no time known: the sentence without it
        text = str(text).replace(" %(when)s", "")
    changed = text % {"name": conflict.changed_by, "when": when, "answer": answer}
    not_saved = _("Your answer here has not been saved; save again to replace theirs with yours.")
    return f"{changed} {not_saved}"


def _fields_for(item: d.Item) -> dict[str, forms.Field]:
    if item.is_score:
        choices = [(v, str(v)) for v in item.score_values]
        return {item.id: forms.TypedChoiceField(choices=choices, coerce=int, required=False, empty_value=None)}
    if item.type == d.SINGLE_CHOICE:
        return {item.id: forms.ChoiceField(choices=[(o.id, o.id) for o in item.options], required=False)}
    if item.type == d.MULTIPLE_CHOICE:
        fields = {item.id: forms.MultipleChoiceField(choices=[(o.id, o.id) for o in item.options], required=False)}
        if item.other:
            fields[f"{item.id}__{d.OTHER}"] = forms.CharField(required=False, max_length=d.TEXT_LIMITS[d.SHORT_TEXT])
        return fields
    if item.type in d.TEXT_LIMITS:
        return {item.id: forms.CharField(required=False, max_length=d.TEXT_LIMITS[item.type])}
    if item.type == d.NUMBER:
        return {item.id: forms.IntegerField(required=False, min_value=item.min, max_value=item.max)}
    fields = {}
    for row in item.rows:
        for column in item.columns:
            name = _cell(item.id, row.id, column.id)
            fields[name] = forms.BooleanField(required=False)
            fields[name + "__text"] = forms.CharField(required=False, max_length=d.MATRIX_TEXT_LIMIT)
    return fields


def _initial(instrument: d.Instrument, answers: dict) -> dict:
    initial = {}
    for item in instrument.items:
        value = answers.get(item.id)
        if value is None:
            continue
        if item.type == d.MULTIPLE_CHOICE:
            initial[item.id] = [c for c in value.get("choices", []) if c != d.OTHER]
            initial[f"{item.id}__{d.OTHER}"] = value.get(d.OTHER, "")
        elif item.type == d.MATRIX:
            for row_id, cells in value.items():
                for column_id, description in cells.items():
                    initial[_cell(item.id, row_id, column_id)] = True
                    initial[_cell(item.id, row_id, column_id) + "__text"] = description
        else:
            initial[item.id] = value
    return initial


class CloseRoundForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you close the round now?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The submitted answers are revealed to all partners. Organisations that have not submitted are shown as "
            "such; their drafts stay private. The reason is recorded in the audit log."
        ),
    )


class ConclusionForm(forms.Form):
    text = forms.CharField(
        label=_("Joint conclusion"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    seen = forms.CharField(required=False, widget=forms.HiddenInput)
    # What the box held when the page was loaded: a box the writer did not change is left alone.
    original = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)

    def __init__(self, *args, form_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if form_id:  # the boxes sit between per-question forms; the form attribute ties them to one form
            for field in self.fields.values():
                field.widget.attrs["form"] = form_id

    def changed(self) -> bool:
        def normal(text):
            return (text or "").replace("\r\n", "\n").strip()

        return normal(self.cleaned_data["text"]) != normal(self.cleaned_data["original"])


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["description", "owner_organisation", "due_date"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "due_date": DateInput()}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = organisations
        self.fields["owner_organisation"].empty_label = None

    def clean_due_date(self):
        # The one date rule (lib/dates.py); an existing item keeps its unchanged due date.
        previous = self.instance.due_date if self.instance.pk else None
        return dates.validate_planned_date(self.cleaned_data.get("due_date"), previous=previous)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionItem.Status.choices)


class AgendaForm(forms.Form):
    item_id = forms.SlugField(max_length=60)


class SubmitCheckForm(forms.Form):
    """The confirmation sent by the check page: the fingerprint of the answers the user checked."""

    checked = forms.CharField(max_length=64, widget=forms.HiddenInput)

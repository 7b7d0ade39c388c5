"""Field helpers shared by the agreement forms, and turning cleaned values into stored section data."""

from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
KVK_NUMBER = RegexValidator(r"^\d{8}$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def text_field(label, *, help_text="", rows=3, max_length=4000):
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def line_field(label, *, help_text="", max_length=300, required=False):
    return forms.CharField(label=label, required=required, max_length=max_length, help_text=help_text)


def date_field(label, *, help_text=""):
    return forms.DateField(label=label, required=False, help_text=help_text, widget=DateInput())


def _clean_value(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    if isinstance(value, str):
        return value.strip()
    return value


def cleaned_dict(form, fields) -> dict:
    return {name: _clean_value(form.cleaned_data.get(name)) for name in fields}


class BaseVersionForm(forms.Form):
    base_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

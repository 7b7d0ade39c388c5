from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import TemplatesSetting

_ID_RANGE = range(-(2**63), 2**63)  # what a database id column holds


class DivFormRenderer(TemplatesSetting):
    """Forms render as <div>s: label, help text and error together per field, and a bound form with
    errors begins with an error summary (forms/_error_summary.html) linking to each field."""

    form_template_name = "forms/div.html"


def apply_validation_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the field it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            if field == "__all__" or field == NON_FIELD_ERRORS:
                target = None
            for item in errors:
                form.add_error(target, item)
    else:
        form.add_error(None, error)


class PlainModelChoiceIterator(forms.models.ModelChoiceIterator):
    """Reads a select's choices with one ordinary query. Django's own iterator uses
    ``QuerySet.iterator()``, which on PostgreSQL outside a transaction is a server-side cursor
    (DECLARE ... WITH HOLD, FETCH, CLOSE): three round trips and a materialised copy for the handful
    of rows a select holds, every time a form is shown."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    """Django's ModelChoiceField with its choices read in one query (PlainModelChoiceIterator)."""

    iterator = PlainModelChoiceIterator


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's ModelMultipleChoiceField with its choices read in one query (PlainModelChoiceIterator)."""

    iterator = PlainModelChoiceIterator


class IdMultipleChoiceField(ModelMultipleChoiceField):
    """Django's ModelMultipleChoiceField, but a number no database id column can hold is an invalid
    choice like any other, never an OverflowError (SQLite) that ends as a 500."""

    def _check_values(self, value):
        for choice in value:
            try:
                number = int(str(choice))
            except ValueError:
                continue  # not a number: Django's own check says it is not a valid choice
            if number not in _ID_RANGE:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": choice}
                )
        return super()._check_values(value)

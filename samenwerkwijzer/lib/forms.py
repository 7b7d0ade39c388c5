from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import TemplatesSetting


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

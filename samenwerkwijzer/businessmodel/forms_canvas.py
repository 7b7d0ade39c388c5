"""Forms of the canvas pages. The rules (empty, too long, conflicts) live in services_canvas.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Block
from .services_canvas import DOWN, UP


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        required=False,
        help_text=_("One short point, at most 500 characters."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class DeleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class MoveForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    direction = forms.ChoiceField(choices=[(UP, _("up")), (DOWN, _("down"))], required=False)
    to_block = forms.ChoiceField(label=_("Move to block"), choices=[("", ""), *Block.choices], required=False)


class PrefillForm(forms.Form):
    block = forms.ChoiceField(choices=Block.choices)

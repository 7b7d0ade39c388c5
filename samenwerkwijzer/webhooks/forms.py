from django import forms
from django.utils.translation import gettext_lazy as _

from .events import EVENTS
from .models import WebhookEndpoint


class EndpointForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("For yourself, e.g. “Teams channel project team”.")
    )
    url = forms.URLField(
        label=_("Webhook address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The https address your chat tool or software gives you for incoming webhooks."),
    )
    format = forms.ChoiceField(label=_("Format"), choices=WebhookEndpoint.Format.choices, widget=forms.RadioSelect)
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=list(EVENTS.items()), widget=forms.CheckboxSelectMultiple
    )
    active = forms.BooleanField(label=_("Active: send events to this address"), required=False, initial=True)

    def __init__(self, *args, with_active: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_active:
            del self.fields["active"]

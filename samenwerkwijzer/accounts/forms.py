from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Frequency, NotificationKind


class NotificationSettingsForm(forms.Form):
    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Frequency.choices,
                initial=current.get(kind.value, Frequency.IMMEDIATELY),
                widget=forms.RadioSelect,
            )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=())

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES

"""The grouped collaboration navigation and the error summary every form renders."""

import re

import pytest
from django import forms
from django.urls import reverse

pytestmark = pytest.mark.django_db

GROUPS = {
    "collaborations:dashboard": "overview",
    "collaborations:participants": "overview",
    "collaborations:audit_log": "overview",
    "instruments:overview": "together",
    "directory:collaboration_search": "together",
    "agreements:overview": "agreements",
    "legalforms:collaboration": "agreements",
    "workspace:plan": "work",
    "workspace:meetings": "work",
    "workspace:radar": "work",
    "collaborations:edit": "settings",
}


def current_groups(html: str) -> list[str]:
    return re.findall(r'aria-current="page" data-group="([a-z]+)"', html)


@pytest.mark.parametrize(("url_name", "group"), GROUPS.items())
def test_each_page_marks_exactly_its_group(client, personas, url_name, group):
    client.force_login(personas.alice)
    response = client.get(reverse(url_name, args=[personas.collaboration.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert current_groups(html) == [group]
    assert html.count('data-group="') == 5
    assert 'class="ams-breadcrumb__link"' in html and personas.collaboration.name in html
    assert html.count('class="collab-subnav"') == 1


@pytest.mark.parametrize("persona", ["bob", "olivia"])
def test_partners_and_observers_see_no_settings_group(client, personas, persona):
    client.force_login(getattr(personas, persona))
    html = client.get(reverse("collaborations:dashboard", args=[personas.collaboration.pk])).content.decode()
    assert current_groups(html) == ["overview"]
    assert 'data-group="settings"' not in html
    assert reverse("collaborations:edit", args=[personas.collaboration.pk]) not in html
    assert html.count('data-group="') == 4


def test_the_main_menu_marks_the_active_item(client, personas):
    client.force_login(personas.alice)
    html = client.get(reverse("organisations:list")).content.decode()
    assert re.search(r'href="/[^"]*"\s*aria-current="page">Organisaties<', html)
    assert html.count('aria-current="page"') == 1


def test_a_refused_form_shows_an_error_summary_linking_to_the_field(client, personas):
    client.force_login(personas.alice)
    url = reverse("collaborations:edit", args=[personas.collaboration.pk])
    response = client.post(url, {"name": "", "purpose": "Samen zonnedaken leggen"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary' in html and 'role="alert"' in html and 'tabindex="-1"' in html
    assert "Er is een probleem" in html
    assert re.search(r'<a href="#id_name">Naam[^<]*: [^<]+</a>', html), html


class _Form(forms.Form):
    name = forms.CharField(label="Naam")
    choice = forms.ChoiceField(label="Keuze", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Dit past niet bij elkaar.")


def test_the_summary_lists_field_and_non_field_errors_once():
    form = _Form(data={"name": "", "token": ""})
    assert not form.is_valid()
    html = str(form)
    assert html.count("data-error-summary") == 1
    assert "<li>Dit past niet bij elkaar.</li>" in html
    assert '<a href="#id_name">Naam: ' in html
    assert '<a href="#id_choice">Keuze: ' in html
    assert html.count("Dit past niet bij elkaar.") == 1  # not repeated above the fields


def test_a_form_without_errors_has_no_summary():
    assert "error-summary" not in str(_Form())
    assert "error-summary" not in str(_Form(data={"name": "x", "choice": "a", "token": "t"}).errors)

"""The comparison and advice pages, and saving an advice in a collaboration."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from samenwerkwijzer.collaborations.access import CollaborationAccess, get_collaboration_for_user
from samenwerkwijzer.legalforms import advice, selectors, services
from samenwerkwijzer.legalforms.knowledge import get_knowledge
from samenwerkwijzer.legalforms.models import LegalFormAdvice
from samenwerkwijzer.legalforms.views import intake_query

pytestmark = pytest.mark.usefixtures("empty_cache")

COMPARISON = reverse("legalforms:comparison")
ADVICE = reverse("legalforms:advice")

INTAKE = {
    "duration": "structural",
    "founders": "2",
    "founder_kind": "natural",
    "purpose": "share_risk",
    "notary_ok": "on",
    "silent_investors": "on",
}


def intake(**changes) -> advice.Intake:
    base = {
        "duration": "structural",
        "founders": 2,
        "founder_kind": "natural",
        "purpose": "share_risk",
        "exclude_private_liability": False,
        "notary_ok": True,
        "silent_investors": True,
        "free_profession": False,
        "profit_to_members": False,
    }
    return advice.Intake(**{**base, **changes})


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- Comparison ------------------------------------------------------------------------------


def test_the_comparison_shows_every_form_on_the_six_rows_by_default(client):
    response = client.get(COMPARISON)
    assert response.status_code == 200
    html = text_of(response)
    knowledge = get_knowledge()
    for form in knowledge.forms.values():
        assert f'<th scope="col">{form.name.nl}</th>' in html
    for row in knowledge.rows.values():
        assert f'<th scope="row">{row.nl}</th>' in html
    assert '<caption id="comparison-caption">' in html
    assert 'role="region" aria-labelledby="comparison-caption" tabindex="0"' in html
    assert "Gids 5.2, overzichtstabel · gecontroleerd 28 nov. 2026" in html
    assert "privé voor 100% aansprakelijk" in html
    assert html.count('type="checkbox" name="selected"') == len(knowledge.forms) == 9


def test_the_comparison_shows_only_the_chosen_forms(client):
    response = client.get(COMPARISON, {"selected": ["vof", "bv"], "compare": "1"})
    html = text_of(response)
    assert '<th scope="col">Vennootschap onder firma (vof)</th>' in html
    assert '<th scope="col">Besloten vennootschap (bv)</th>' in html
    assert "Maatschap</th>" not in html
    assert html.count('data-label="Vof"') == 6 and html.count('data-label="Bv"') == 6


@pytest.mark.parametrize(
    "query",
    [{"selected": ["vof"], "compare": "1"}, {"compare": "1"}, {"selected": ["vof", "nv"], "compare": "1"}],
)
def test_the_comparison_needs_two_known_forms(client, query):
    response = client.get(COMPARISON, query)
    assert response.status_code == 200
    html = text_of(response)
    assert 'class="errorlist"' in html
    assert "comparison-table" not in html


def test_the_comparison_is_in_english_when_chosen(client):
    html = text_of(english(client).get(COMPARISON))
    assert '<th scope="col">General partnership (vof)</th>' in html
    assert "Every partner is privately liable for 100%" in html
    assert "Guide 5.2, overzichtstabel · checked 28 Nov. 2026" in html


def test_the_comparison_is_printable_and_phone_friendly(client):
    html = text_of(client.get(COMPARISON))
    assert "legalforms/legalforms.css" in html
    assert 'class="responsive-table comparison-table"' in html
    css = (settings.BASE_DIR / "samenwerkwijzer/legalforms/static/legalforms/legalforms.css").read_text()
    assert "@media print" in css and "@media (max-width: 40rem)" in css


# --- Public advice ---------------------------------------------------------------------------


def test_the_advice_page_shows_the_intake_first(client):
    response = client.get(ADVICE)
    assert response.status_code == 200
    html = text_of(response)
    assert "<legend>" in html and 'name="founders"' in html
    assert "ranking-list" not in html


def test_the_advice_page_ranks_the_forms_with_reasons_and_closing_advice(client):
    html = text_of(client.get(ADVICE, INTAKE))
    assert html.index("<h3>Commanditaire vennootschap (cv)") < html.index("<h3>Vennootschap onder firma (vof)")
    assert "Redenen voor" in html and "Redenen tegen en aandachtspunten" in html
    assert "score 84 van 100" in html
    assert "accountant, een notaris of een adviseur van de Kamer van Koophandel" in html
    assert "?selected=cv&amp;selected=vof" in html


def test_the_advice_page_speaks_english_when_chosen(client):
    html = text_of(english(client).get(ADVICE, INTAKE))
    assert "Reasons for" in html and "score 84 of 100" in html
    assert "A silent partner only takes part financially" in html


def test_bad_intake_answers_are_shown_next_to_the_fields(client):
    response = client.get(ADVICE, {**INTAKE, "founders": "0", "purpose": "world_peace"})
    assert response.status_code == 200
    html = text_of(response)
    assert 'id="id_founders_error"' in html and 'id="id_purpose_error"' in html
    assert "ranking-list" not in html


def test_a_logged_in_partner_can_take_the_advice_into_a_collaboration(client, personas):
    client.force_login(personas.bob)
    html = text_of(client.get(ADVICE, INTAKE))
    link = reverse("legalforms:collaboration_advice", args=[personas.collaboration.pk])
    assert f'href="{link}?' in html
    assert personas.other_collaboration.name not in html


def test_an_observer_gets_no_link_to_save_in_the_collaboration_they_observe(client, personas):
    client.force_login(personas.olivia)
    html = text_of(client.get(ADVICE, INTAKE))
    assert reverse("legalforms:collaboration_advice", args=[personas.collaboration.pk]) not in html


def test_the_intake_query_leaves_unticked_boxes_out():
    assert intake_query(intake()) == (
        "duration=structural&founders=2&founder_kind=natural&purpose=share_risk&notary_ok=on&silent_investors=on"
    )


# --- In a collaboration ------------------------------------------------------------------------


def collaboration_urls(personas):
    pk = personas.collaboration.pk
    return reverse("legalforms:collaboration", args=[pk]), reverse("legalforms:collaboration_advice", args=[pk])


def test_without_a_saved_advice_the_page_says_so(client, personas):
    page, advice_url = collaboration_urls(personas)
    client.force_login(personas.alice)
    html = text_of(client.get(page))
    assert "Er is nog geen rechtsvorm gekozen" in html
    assert advice_url in html


def test_the_advice_form_starts_from_the_collaborations_duration(client, personas):
    _page, advice_url = collaboration_urls(personas)
    client.force_login(personas.alice)
    html = text_of(client.get(advice_url))
    # The personas' collaboration is a project without a planned end: a project is about duration, not
    # "one-off", so nothing is preselected; the partners answer themselves.
    assert not re.search(r'value="(incidental|structural)"[^>]*checked', html)
    assert "ranking-list" not in html


def test_a_partner_sees_the_ranking_and_saves_a_choice(client, personas):
    page, advice_url = collaboration_urls(personas)
    client.force_login(personas.bob)
    html = text_of(client.get(advice_url, INTAKE))
    assert "ranking-list" in html and 'name="chosen_form"' in html
    assert re.search(r'value="cv"[^>]*checked', html)  # the best fit is preselected
    response = client.post(advice_url, {**INTAKE, "chosen_form": "vof"})
    assert response.status_code == 302 and response.url == page
    saved = LegalFormAdvice.objects.get()
    assert saved.collaboration == personas.collaboration
    assert saved.chosen_form == "vof"
    assert saved.created_by == personas.bob and saved.organisation == personas.beta
    assert saved.get_intake() == intake()
    assert saved.get_ranking()[0].form == "cv"
    html = text_of(client.get(page))
    assert "Vennootschap onder firma (vof)</strong>" in html
    assert "Bob Partner (Beta Transport)" in html


def test_an_observer_reads_the_choice_but_cannot_make_one(client, personas):
    page, advice_url = collaboration_urls(personas)
    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk, write=True)
    services.legal_form_advice_save(access=access, intake=intake(), chosen_form="cv")
    client.force_login(personas.olivia)
    html = text_of(client.get(page))
    assert "Commanditaire vennootschap (cv)</strong>" in html
    assert advice_url not in html
    assert client.get(advice_url).status_code == 403
    assert client.post(advice_url, {**INTAKE, "chosen_form": "vof"}).status_code == 403
    assert LegalFormAdvice.objects.count() == 1


def test_outsiders_get_404(client, personas):
    page, advice_url = collaboration_urls(personas)
    client.force_login(personas.charlie)
    assert client.get(page).status_code == 404
    assert client.post(advice_url, {**INTAKE, "chosen_form": "vof"}).status_code == 404
    assert not LegalFormAdvice.objects.exists()


def test_a_form_the_answers_rule_out_cannot_be_chosen(client, personas):
    _page, advice_url = collaboration_urls(personas)
    client.force_login(personas.alice)
    response = client.post(advice_url, {**INTAKE, "exclude_private_liability": "on", "chosen_form": "vof"})
    assert response.status_code == 200
    assert 'id="id_chosen_form_error"' in text_of(response)
    assert not LegalFormAdvice.objects.exists()


def test_tampered_answers_are_refused_and_nothing_is_saved(client, personas):
    _page, advice_url = collaboration_urls(personas)
    client.force_login(personas.alice)
    response = client.post(advice_url, {**INTAKE, "founders": "-1", "chosen_form": "cv"})
    assert response.status_code == 200
    assert 'id="id_founders_error"' in text_of(response)
    response = client.post(advice_url, {**INTAKE})
    assert response.status_code == 200
    assert not LegalFormAdvice.objects.exists()


def test_the_collaboration_page_keeps_a_bounded_number_of_queries(client, personas, django_assert_max_num_queries):
    page, _advice_url = collaboration_urls(personas)
    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk, write=True)
    for form in ("vof", "cv", "bv", "maatschap"):
        services.legal_form_advice_save(access=access, intake=intake(), chosen_form=form)
    client.force_login(personas.alice)
    with django_assert_max_num_queries(12):
        assert client.get(page).status_code == 200


# --- Service and selector -------------------------------------------------------------------


def test_the_service_refuses_an_observer(personas):
    access = CollaborationAccess(personas.collaboration, personas.olivia, CollaborationAccess.OBSERVER, None)
    with pytest.raises(PermissionDenied):
        services.legal_form_advice_save(access=access, intake=intake(), chosen_form="cv")


def test_the_service_refuses_an_unknown_or_ruled_out_form(personas):
    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk, write=True)
    with pytest.raises(ValidationError) as error:
        services.legal_form_advice_save(access=access, intake=intake(), chosen_form="nv")
    assert "chosen_form" in error.value.error_dict
    with pytest.raises(ValidationError):
        services.legal_form_advice_save(access=access, intake=intake(founders=1), chosen_form="vof")
    assert not LegalFormAdvice.objects.exists()


def test_the_latest_choice_feeds_the_agreement(personas):
    assert selectors.latest_legal_form_choice(personas.collaboration) is None
    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk, write=True)
    services.legal_form_advice_save(access=access, intake=intake(), chosen_form="cv")
    latest = services.legal_form_advice_save(
        access=access, intake=intake(exclude_private_liability=True), chosen_form="bv"
    )
    choice = selectors.latest_legal_form_choice(personas.collaboration)
    assert choice.form == "bv" and choice.advice == latest
    assert choice.name == "Besloten vennootschap (bv)"
    assert choice.legal_form.facts["liability"].section
    assert choice.chosen_at == latest.created_at
    assert selectors.latest_legal_form_choice(personas.other_collaboration) is None


def test_a_saved_choice_of_a_form_no_longer_known_is_skipped(personas):
    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk, write=True)
    kept = services.legal_form_advice_save(access=access, intake=intake(), chosen_form="cv")
    LegalFormAdvice.objects.create(
        collaboration=personas.collaboration, intake=intake().to_dict(), ranking=[], chosen_form="nv"
    )
    assert selectors.latest_legal_form_choice(personas.collaboration).advice == kept

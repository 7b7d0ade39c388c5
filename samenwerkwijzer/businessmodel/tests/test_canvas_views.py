import pytest
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.businessmodel import services_canvas as services
from samenwerkwijzer.businessmodel.models import Block, Canvas, CanvasChange, CanvasNote
from samenwerkwijzer.collaborations.access import get_collaboration_for_user

pytestmark = pytest.mark.django_db

VP = Block.VALUE_PROPOSITIONS


def url(name, personas, *args):
    return reverse(f"businessmodel:{name}", args=[personas.collaboration.pk, *args])


def add(personas, text="Vers brood vóór 7 uur", user=None, block=VP):
    user = user or personas.alice
    access = get_collaboration_for_user(user, personas.collaboration.pk, write=True)
    return services.note_add(access=access, block=block, text=text, user=user)


def test_the_canvas_shows_the_nine_blocks_with_questions_notes_and_badges(client, personas):
    add(personas, "Samen <b>vers</b> brood")
    client.force_login(personas.bob)
    page = client.get(url("canvas", personas)).content.decode()
    for name in (
        "Belangrijkste partners",
        "Kernactiviteiten",
        "Kernmiddelen",
        "Waardepropositie",
        "Klantrelaties",
        "Kanalen",
        "Klantsegmenten",
        "Kostenstructuur",
        "Inkomstenstromen",
    ):
        assert name in page
    assert "Welke waarde levert uw samenwerking samen die u alleen niet kunt bieden?" in page
    assert "Samen &lt;b&gt;vers&lt;/b&gt; brood" in page
    assert 'class="badge bmc__org">Alpha Bakkerij' in page or personas.alpha.name in page
    assert reverse("businessmodel:note_add", args=[personas.collaboration.pk, VP]) in page
    assert url("canvas_pdf", personas) in page and url("canvas_svg", personas) in page


def test_an_observer_reads_the_canvas_without_ways_to_change_it(client, personas):
    add(personas)
    client.force_login(personas.olivia)
    page = client.get(url("canvas", personas)).content.decode()
    assert "Vers brood vóór 7 uur" in page
    assert "/edit/" not in page and "Notitie toevoegen" not in page


def test_the_canvas_page_uses_a_fixed_number_of_queries(client, personas, django_assert_max_num_queries):
    for number in range(12):
        add(personas, f"Notitie {number}")
    client.force_login(personas.alice)
    with django_assert_max_num_queries(20):
        assert client.get(url("canvas", personas)).status_code == 200


def test_adding_a_note_redirects_to_its_block(client, personas):
    client.force_login(personas.bob)
    response = client.post(url("note_add", personas, VP), {"text": "Eén factuur voor de klant"})
    assert response.status_code == 302 and response.url.endswith(f"#block-{VP}")
    note = CanvasNote.objects.get()
    assert note.organisation == personas.beta and note.created_by == personas.bob


def test_an_empty_or_too_long_note_keeps_the_text_and_changes_nothing(client, personas):
    client.force_login(personas.bob)
    response = client.post(url("note_add", personas, VP), {"text": "   "})
    assert response.status_code == 200 and "leeg" in response.content.decode()
    long_text = "woord " * 100
    response = client.post(url("note_add", personas, VP), {"text": long_text})
    page = response.content.decode()
    assert response.status_code == 200 and "500" in page and long_text.strip() in page
    assert not CanvasNote.objects.exists() and not Canvas.objects.exists()


def test_an_unknown_block_is_not_found(client, personas):
    client.force_login(personas.bob)
    assert client.get(url("note_add", personas, "nonsense")).status_code == 404


def test_an_edit_is_saved_from_the_version_in_the_form(client, personas):
    note = add(personas)
    client.force_login(personas.bob)
    page = client.get(url("note_edit", personas, note.pk)).content.decode()
    assert 'name="version" value="1"' in page
    response = client.post(url("note_edit", personas, note.pk), {"text": "Nieuw", "version": "1"})
    assert response.status_code == 302
    assert CanvasNote.objects.get().text == "Nieuw"


def test_a_bad_edit_keeps_the_text_and_changes_nothing(client, personas):
    note = add(personas)
    client.force_login(personas.bob)
    response = client.post(url("note_edit", personas, note.pk), {"text": "x" * 501, "version": "1"})
    assert response.status_code == 200 and "x" * 501 in response.content.decode()
    assert CanvasNote.objects.get().text == "Vers brood vóór 7 uur"


def test_an_edit_on_a_note_changed_meanwhile_shows_both_texts_and_keeps_yours(client, personas):
    note = add(personas)
    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk, write=True)
    services.note_edit(access=access, note_pk=note.pk, text="Tekst van Alice", version=1, user=personas.alice)
    client.force_login(personas.bob)
    response = client.post(url("note_edit", personas, note.pk), {"text": "Tekst van Bob", "version": "1"})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft deze notitie intussen gewijzigd" in page
    assert "Tekst van Alice" in page and "Tekst van Bob" in page
    assert 'name="version" value="2"' in page  # saving again is on top of their version
    assert CanvasNote.objects.get().text == "Tekst van Alice"
    # Choosing to save after all works from their version.
    client.post(url("note_edit", personas, note.pk), {"text": "Tekst van Bob", "version": "2"})
    assert CanvasNote.objects.get().text == "Tekst van Bob"


def test_an_edit_of_a_note_removed_since_the_page_opened_is_not_found(client, personas):
    note = add(personas)
    client.force_login(personas.bob)
    page = client.get(url("note_edit", personas, note.pk))
    assert page.status_code == 200
    CanvasNote.objects.filter(pk=note.pk).update(version=5)  # changed …
    access = get_collaboration_for_user(personas.alice, personas.collaboration.pk, write=True)
    services.note_delete(access=access, note_pk=note.pk, version=5, user=personas.alice)  # … and removed
    assert client.post(url("note_edit", personas, note.pk), {"text": "Mijn tekst", "version": "1"}).status_code == 404


def test_the_conflict_page_for_a_removed_note(rf, personas):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from samenwerkwijzer.businessmodel import views_canvas

    note = add(personas)
    request = rf.post("/", {"text": "Mijn tekst", "version": "1"})
    request.user = personas.bob
    request.session = {}
    request._messages = FallbackStorage(request)
    access = get_collaboration_for_user(personas.bob, personas.collaboration.pk, write=True)
    response = views_canvas._conflict(request, access, note, services.NoteConflict(current=None, mine="Mijn tekst"))
    page = response.content.decode()
    assert response.status_code == 409 and "verwijderd" in page and "Mijn tekst" in page
    assert reverse("businessmodel:note_add", args=[personas.collaboration.pk, VP]) in page


def test_removing_a_note_asks_first_then_removes_it(client, personas):
    note = add(personas)
    client.force_login(personas.bob)
    assert "Vers brood" in client.get(url("note_delete", personas, note.pk)).content.decode()
    response = client.post(url("note_delete", personas, note.pk), {"version": "1"})
    assert response.status_code == 302 and not CanvasNote.objects.exists()


def test_removing_a_note_changed_meanwhile_removes_nothing(client, personas):
    note = add(personas)
    CanvasNote.objects.filter(pk=note.pk).update(version=2)
    client.force_login(personas.bob)
    response = client.post(url("note_delete", personas, note.pk), {"version": "1"}, follow=True)
    assert "niet verwijderd" in response.content.decode() and CanvasNote.objects.exists()


def test_removing_a_note_removed_meanwhile_goes_back_to_the_canvas(client, personas, monkeypatch):
    note = add(personas)

    def removed(**kwargs):
        raise services.NoteConflict(current=None)

    monkeypatch.setattr(services, "note_delete", removed)
    client.force_login(personas.bob)
    response = client.post(url("note_delete", personas, note.pk), {"version": "1"})
    assert response.status_code == 302 and response.url.endswith(f"#block-{VP}")


def test_a_bad_removal_form_changes_nothing(client, personas):
    note = add(personas)
    client.force_login(personas.bob)
    assert client.post(url("note_delete", personas, note.pk), {"version": "x"}).status_code == 200
    assert CanvasNote.objects.exists()


def test_notes_are_reordered_and_a_stale_order_changes_nothing(client, personas):
    _first, second = add(personas, "Eerst"), add(personas, "Tweede")
    client.force_login(personas.bob)
    revision = Canvas.objects.get().revision
    response = client.post(url("note_move", personas, second.pk), {"revision": revision, "direction": "up"})
    assert response.status_code == 302 and response.url.endswith(f"-note-{second.pk}")
    assert list(CanvasNote.objects.values_list("text", flat=True)) == ["Tweede", "Eerst"]
    response = client.post(
        url("note_move", personas, second.pk), {"revision": revision, "direction": "down"}, follow=True
    )
    assert "intussen gewijzigd" in response.content.decode()
    assert list(CanvasNote.objects.values_list("text", flat=True)) == ["Tweede", "Eerst"]


def test_a_note_moves_to_another_block_from_its_edit_page(client, personas):
    note = add(personas)
    client.force_login(personas.bob)
    page = client.get(url("note_edit", personas, note.pk)).content.decode()
    assert 'name="to_block"' in page
    client.post(
        url("note_move", personas, note.pk), {"revision": Canvas.objects.get().revision, "to_block": "channels"}
    )
    assert CanvasNote.objects.get().block == "channels"


@pytest.mark.parametrize("data", [{"revision": "x"}, {"revision": "1", "direction": ""}])
def test_a_bad_move_changes_nothing(client, personas, data):
    note = add(personas)
    client.force_login(personas.bob)
    response = client.post(url("note_move", personas, note.pk), data, follow=True)
    assert "kan niet" in response.content.decode()
    assert CanvasChange.objects.count() == 1


def test_prefill_says_what_it_added_or_that_there_was_nothing(client, personas, monkeypatch):
    from samenwerkwijzer.businessmodel import prefill

    monkeypatch.setattr(
        prefill, "suggestions_for", lambda access, block: [prefill.Suggestion(VP, "Samen sneller", prefill.SELF_CHECK)]
    )
    client.force_login(personas.bob)
    page = client.post(url("prefill", personas), {"block": VP}, follow=True).content.decode()
    assert "1 notities toegevoegd" in page and "Samen sneller" in page and "uit de gedeelde Zelfcheck" in page
    page = client.post(url("prefill", personas), {"block": VP}, follow=True).content.decode()
    assert "niets nieuws" in page
    page = client.post(url("prefill", personas), {"block": "nope"}, follow=True).content.decode()
    assert "Kies een van de negen blokken" in page
    assert CanvasNote.objects.count() == 1


def test_the_history_lists_who_changed_what_newest_first_per_block(client, personas):
    note = add(personas, "Oud")
    access = get_collaboration_for_user(personas.bob, personas.collaboration.pk, write=True)
    services.note_edit(access=access, note_pk=note.pk, text="Nieuw", version=1, user=personas.bob)
    add(personas, "Elders", block="channels")
    client.force_login(personas.olivia)
    page = client.get(url("history", personas)).content.decode()
    assert page.index("Elders") < page.index("Nieuw") < page.index("Versie 1")
    assert "Bob Partner (Beta Transport)" in page or personas.bob.display_name in page
    assert timezone.localdate().year.__str__() in page
    page = client.get(url("history", personas) + "?block=channels").content.decode()
    assert "Elders" in page and "Nieuw" not in page
    assert client.get(url("history", personas) + "?block=x&page=abc").status_code == 200


def test_observers_may_not_change_and_outsiders_see_nothing(client, personas):
    note = add(personas)
    client.force_login(personas.olivia)
    assert client.post(url("note_add", personas, VP), {"text": "x"}).status_code == 403
    assert client.post(url("note_edit", personas, note.pk), {"text": "x", "version": "1"}).status_code == 403
    client.force_login(personas.charlie)
    assert client.get(url("canvas", personas)).status_code == 404
    assert client.get(url("canvas_svg", personas)).status_code == 404
    assert CanvasNote.objects.get().text == "Vers brood vóór 7 uur" and CanvasChange.objects.count() == 1


def test_a_note_of_another_collaboration_is_not_found(client, personas):
    from samenwerkwijzer.businessmodel.models import Canvas as CanvasModel

    other = CanvasModel.objects.create(collaboration=personas.other_collaboration)
    note = CanvasNote.objects.create(canvas=other, block=VP, text="Geheim", organisation_name="Delta")
    client.force_login(personas.bob)
    assert client.get(url("note_edit", personas, note.pk)).status_code == 404
    assert client.post(url("note_delete", personas, note.pk), {"version": "1"}).status_code == 404
    assert CanvasNote.objects.filter(pk=note.pk).exists()


def test_an_archived_collaboration_is_read_only(client, personas):
    add(personas)
    personas.collaboration.archived_at = timezone.now()
    personas.collaboration.save(update_fields=["archived_at"])
    client.force_login(personas.alice)
    assert client.get(url("canvas", personas)).status_code == 200
    assert client.post(url("note_add", personas, VP), {"text": "x"}).status_code == 403


def test_the_dashboard_links_to_the_canvas_and_the_navigation_shows_it(client, personas):
    client.force_login(personas.bob)
    page = client.get(reverse("collaborations:dashboard", args=[personas.collaboration.pk])).content.decode()
    assert url("canvas", personas) in page
    page = client.get(url("canvas", personas)).content.decode()
    assert f'href="{url("canvas", personas)}" aria-current="page"' in page

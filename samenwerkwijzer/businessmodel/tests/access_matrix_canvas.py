"""The canvas's URL patterns in the authorization matrix (lib/authz.py)."""

from samenwerkwijzer.lib.authz import READ, WRITE, Expect

collaboration = {"pk": lambda p: p.collaboration.pk}


def _note(p):
    """A note on the collaboration's canvas (made on first use), so the note pages answer 200."""
    from samenwerkwijzer.businessmodel.models import Canvas, CanvasNote

    canvas, _ = Canvas.objects.get_or_create(collaboration=p.collaboration)
    note = CanvasNote.objects.filter(canvas=canvas).first()
    if note is None:
        note = CanvasNote.objects.create(
            canvas=canvas,
            block="value_propositions",
            text="Samen vers brood vóór 7 uur",
            organisation=p.alpha,
            organisation_name=p.alpha.name,
        )
    return note.pk


note = {**collaboration, "note_pk": _note}
text = {"text": "Een notitie die niet mag landen", "version": "1"}

EXPECTATIONS = {
    "businessmodel:canvas": Expect(READ, kwargs=collaboration),
    "businessmodel:history": Expect(READ, kwargs=collaboration),
    "businessmodel:canvas_pdf": Expect(READ, kwargs=collaboration),
    "businessmodel:canvas_svg": Expect(READ, kwargs=collaboration),
    "businessmodel:note_add": Expect(
        WRITE,
        kwargs={**collaboration, "block": lambda p: "value_propositions"},
        methods=("GET", "POST"),
        data=lambda p: text,
    ),
    "businessmodel:note_edit": Expect(WRITE, kwargs=note, methods=("GET", "POST"), data=lambda p: text),
    "businessmodel:note_delete": Expect(WRITE, kwargs=note, methods=("GET", "POST"), data=lambda p: {"version": "1"}),
    "businessmodel:note_move": Expect(
        WRITE, kwargs=note, methods=("POST",), data=lambda p: {"revision": "0", "direction": "down"}
    ),
    "businessmodel:prefill": Expect(
        WRITE, kwargs=collaboration, methods=("POST",), data=lambda p: {"block": "value_propositions"}
    ),
    # The API (api_canvas.py); what a write token may do is in test_canvas_api.py.
    "api:business_model_canvas": Expect(READ, kwargs=collaboration),
    "api:business_model_canvas_notes": Expect(
        WRITE, kwargs=collaboration, methods=("POST",), data=lambda p: {"block": "channels", "text": "x"}
    ),
    "api:business_model_canvas_note": Expect(WRITE, kwargs=note, methods=("PATCH",)),
}

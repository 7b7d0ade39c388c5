"""Merging a blind canvas round into the joint canvas: its matrix row, and the rounds the merge tests use.

One URL answers GET (read: observers may look once the round is revealed) and POST (write: the
view asks ``write=True``, so observers get 403; test_merge_views.py checks that). The matrix kind
READ checks the GET for everyone and the POST for outsiders.
"""

from samenwerkwijzer.instruments import definitions, services
from samenwerkwijzer.instruments.models import Round
from samenwerkwijzer.instruments.tests.factories import access_for
from samenwerkwijzer.lib.authz import READ, Expect

ALPHA_CANVAS = {
    "value_propositions": "- Samen sneller leveren.\n- Eén loket voor de klant",
    "key_partners": "• De gemeente\n• Groothandel Noord",
    "cost_structure": "Gedeelde bus",
}
BETA_CANVAS = {
    "value_propositions": "samen sneller leveren\nVerse waar elke ochtend",
    "key_partners": "De Gemeente!",
    "revenue_streams": "Bezorgabonnement",
}


def blind_canvas_round(personas, *, alpha=None, beta=None, revealed=True) -> Round:
    """A blind canvas round in the personas' collaboration, revealed after alpha and beta submitted."""
    round_ = services.round_open(
        access=access_for(personas.alice, personas.collaboration), instrument_key=definitions.BUSINESSMODEL
    )
    services.round_submit(
        access=access_for(personas.alice, personas.collaboration), round=round_, answers=alpha or ALPHA_CANVAS
    )
    if revealed:
        services.round_submit(
            access=access_for(personas.bob, personas.collaboration), round=round_, answers=beta or BETA_CANVAS
        )
    round_.refresh_from_db()
    return round_


def existing_blind_canvas_round(personas) -> Round:
    """One revealed round per test database: the matrix calls its kwargs more than once."""
    found = Round.objects.filter(
        collaboration=personas.collaboration, instrument=definitions.BUSINESSMODEL, revealed_at__isnull=False
    ).first()
    return found or blind_canvas_round(personas)


EXPECTATIONS = {
    "businessmodel:merge": Expect(
        READ,
        kwargs={
            "pk": lambda p: p.collaboration.pk,
            "round_pk": lambda p: existing_blind_canvas_round(p).pk,
        },
        methods=("GET", "POST"),
        data=lambda p: {"value_propositions": ["Samen sneller leveren."], "revenue_streams": ["Bezorgabonnement"]},
    ),
}

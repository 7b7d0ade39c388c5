from samenwerkwijzer.instruments import definitions as d
from samenwerkwijzer.lib.authz import LEAD, ORGANISATION_MEMBER, PUBLIC, READ, WRITE, Expect

from .factories import action_item, agenda_proposal, checker_answers, existing_or

collaboration = {"pk": lambda p: p.collaboration.pk}
open_checker = {**collaboration, "round_pk": lambda p: existing_or(p, d.CHECKER, revealed=False).pk}
revealed_checker = {**collaboration, "round_pk": lambda p: existing_or(p, d.CHECKER, revealed=True).pk}
revealed_tien = {**collaboration, "round_pk": lambda p: existing_or(p, d.TIEN_BASISVRAGEN, revealed=True).pk}

EXPECTATIONS = {
    "instruments:overview": Expect(READ, kwargs=collaboration),
    "instruments:round_open": Expect(
        LEAD, kwargs={**collaboration, "instrument": lambda p: d.MATCHCHECK}, methods=("GET", "POST"), data=lambda p: {}
    ),
    # An explorer reaches its own match check only (test_explorer.py); another round is not found.
    "instruments:round_detail": Expect(READ, kwargs=open_checker, explorer=404),
    "instruments:round_answer": Expect(
        WRITE,
        kwargs=open_checker,
        methods=("POST",),
        data=lambda p: {**checker_answers(), "submit": "1"},
        explorer=404,
    ),
    "instruments:round_check": Expect(
        WRITE, kwargs=open_checker, methods=("GET", "POST"), data=lambda p: {"checked": "0" * 32}, explorer=404
    ),
    "instruments:round_history": Expect(WRITE, kwargs=open_checker, explorer=404),
    "instruments:round_close": Expect(
        LEAD, kwargs=open_checker, methods=("GET", "POST"), data=lambda p: {"reason": "Geen tijd meer."}
    ),
    "instruments:round_remind": Expect(WRITE, kwargs=open_checker, methods=("POST",), data=lambda p: {}),
    "instruments:conclusion_save": Expect(
        WRITE,
        kwargs=revealed_tien,
        methods=("POST",),
        data=lambda p: {"item_id": "q1_goal", "conclusion-q1_goal-text": "Overgenomen conclusie"},
    ),
    "instruments:action_create": Expect(
        WRITE,
        kwargs=revealed_tien,
        methods=("POST",),
        data=lambda p: {
            "item_id": "q7_risks",
            "action-q7_risks-description": "Inbreker",
            "action-q7_risks-owner_organisation": p.alpha.pk,
        },
    ),
    "instruments:agenda_add": Expect(
        WRITE, kwargs=revealed_checker, methods=("POST",), data=lambda p: {"item_id": "invest_money"}
    ),
    "instruments:round_pdf": Expect(READ, kwargs=revealed_checker, allowed_statuses=(303,)),  # made in the background
    "instruments:round_csv": Expect(READ, kwargs=revealed_checker),
    "instruments:action_list": Expect(READ, kwargs=collaboration),
    "instruments:action_status": Expect(
        WRITE,
        kwargs={**collaboration, "action_pk": lambda p: action_item(p).pk},
        methods=("POST",),
        data=lambda p: {"status": "done"},
    ),
    "instruments:agenda": Expect(READ, kwargs=collaboration),
    "instruments:agenda_remove": Expect(
        WRITE,
        kwargs={**collaboration, "proposal_pk": lambda p: agenda_proposal(p).pk},
        methods=("POST",),
        data=lambda p: {},
    ),
    "instruments:self_check_shares": Expect(READ, kwargs=collaboration),
    "instruments:self_check_share": Expect(
        WRITE, kwargs=collaboration, methods=("POST",), data=lambda p: {"action": "share"}
    ),
    "instruments:self_check_fill": Expect(
        WRITE,
        kwargs=collaboration,
        methods=("GET", "POST"),
        data=lambda p: {"only_together": "no", "motives": ["efficiency"], "action": "share"},
    ),
    "instruments:self_check": Expect(
        ORGANISATION_MEMBER,
        kwargs={"pk": lambda p: p.alpha.pk},
        methods=("GET", "POST"),
        data=lambda p: {"only_together": "no", "motives": ["efficiency"]},
    ),
    # The JSON API (anonymous: 401). The action items' POST and PATCH share the GET's pattern; their
    # refusals (read token, observer, outsider) are in test_api_action_items.py.
    "api:instruments_definitions": Expect(PUBLIC),
    "api:instruments_rounds": Expect(READ, kwargs=collaboration),
    "api:instruments_round": Expect(READ, kwargs=open_checker),
    "api:instruments_round_answers": Expect(READ, kwargs=open_checker),
    "api:instruments_round_conclusions": Expect(READ, kwargs=revealed_tien),
    "api:instruments_action_items": Expect(READ, kwargs=collaboration),
    "api:instruments_action_item": Expect(READ, kwargs={**collaboration, "action_pk": lambda p: action_item(p).pk}),
}

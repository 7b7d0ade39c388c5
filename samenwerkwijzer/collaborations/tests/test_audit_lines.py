"""What the audit log says per event (selectors.audit_lines): the action, then what or whom it
concerns, the role, round or version, and on lines of their own a reason and how it was signed."""

from django.utils import translation

from samenwerkwijzer.collaborations.models import AuditEvent
from samenwerkwijzer.collaborations.selectors import audit_lines


def _line(action, details):
    return audit_lines([AuditEvent(action=action, details=details, actor_name="Alice")])[0]


def test_each_detail_an_event_carries_is_said_in_the_readers_language():
    with translation.override("nl"):
        invited = _line(AuditEvent.Action.INVITED, {"email": "bob@example.org", "name": "Bob"})
        by_address = _line(AuditEvent.Action.INVITED, {"email": "bob@example.org"})
        role = _line(AuditEvent.Action.ROLE_CHANGED, {"organisation_name": "Bakkerij Jansen", "role": "lead"})
        partner = _line(AuditEvent.Action.ROLE_CHANGED, {"organisation_name": "Bakkerij Jansen", "role": "partner"})
        signed = _line(
            AuditEvent.Action.AGREEMENT_SIGNED,
            {"version": 4, "reason": "na overleg", "method_text": "signed with a passkey"},
        )
        in_round = _line(AuditEvent.Action.ROUND_OPENED, {"round": 2})
    assert invited.what.endswith(": Bob") and by_address.what.endswith(": bob@example.org")
    assert invited.what[0].isupper()  # the action's text starts with a capital, as a sentence
    assert role.what.endswith(": Bakkerij Jansen → penvoerder") and partner.what.endswith("→ partner")
    assert signed.what.endswith("(versie 4)") and signed.reason == "na overleg"
    assert signed.method == "ondertekend met een passkey"
    assert in_round.what.endswith("(ronde 2)") and in_round.reason == "" and in_round.method == ""
    with translation.override("en"):
        assert _line(AuditEvent.Action.ROUND_OPENED, {"round": 2}).what.endswith("(round 2)")


def test_an_event_without_details_or_with_a_retired_action_still_says_what_happened():
    bare = _line(AuditEvent.Action.INVITED, {})
    assert ":" not in bare.what and bare.what
    assert _line("something_retired", None).what == "Something_retired"

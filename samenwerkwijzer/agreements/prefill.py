"""What the signed letter of intent recorded prefills the agreement's first draft.

The partners signed their addresses, their representatives and their intention once; the agreement
does not ask for them again. Only a letter of intent signed by all parties counts (the latest one),
and only for a party that is still a participant. What the draft already knows from the registry
(name, KvK number, legal form) stays as it is; the partners can change every prefilled value.
"""

import copy

from .models import Document, DocumentKind, Freeze

# From a party of the signed letter of intent: what was typed and signed there.
PARTY_FIELDS = ("address", "signatory_name", "signatory_role")


def signed_letter_of_intent_data(collaboration) -> dict | None:
    """The data of the letter of intent version signed last by all parties, or None."""
    document = Document.objects.filter(collaboration=collaboration, kind=DocumentKind.LETTER_OF_INTENT).first()
    if document is None:
        return None
    freeze = (
        Freeze.objects.filter(document=document, voided_at__isnull=True, sealed__isnull=False)
        .select_related("version")
        .order_by("-frozen_at", "-id")
        .first()
    )
    return freeze.version.data if freeze else None


def prefill_from_letter_of_intent(draft: dict, letter: dict | None) -> dict:
    """The agreement draft with what the signed letter of intent recorded: per party its address and
    representative, and the intention and scope as purpose and activities where the draft has none."""
    if not letter:
        return draft
    result = copy.deepcopy(draft)
    signed = {p.get("organisation_id"): p for p in letter.get("parties", []) if isinstance(p, dict)}
    for party in result.get("parties", []):
        recorded = signed.get(party.get("organisation_id"))
        if not recorded:
            continue
        for name in PARTY_FIELDS:
            value = str(recorded.get(name) or "").strip()
            if value:
                party[name] = value
    intention = letter.get("intention", {}) if isinstance(letter.get("intention"), dict) else {}
    goals = result.get("goals")
    if isinstance(goals, dict):
        if str(intention.get("intention") or "").strip():
            goals["purpose"] = str(intention["intention"]).strip()
        if str(intention.get("scope") or "").strip() and not str(goals.get("activities") or "").strip():
            goals["activities"] = str(intention["scope"]).strip()
    return result


def from_signed_letter_of_intent(collaboration, draft: dict) -> dict:
    """``initial_data`` of the agreement calls this: the draft, prefilled from the signed letter of intent."""
    return prefill_from_letter_of_intent(draft, signed_letter_of_intent_data(collaboration))

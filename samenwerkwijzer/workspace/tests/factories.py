"""Instrument data for workspace tests, written as rows (the instruments app tests its own services)."""

from datetime import timedelta

from django.utils import timezone

from samenwerkwijzer.instruments.models import ActionItem, AgendaProposal, AnswerSet, Round


def revealed_checker_round(collaboration, scores_by_organisation: dict, *, number=1, revealed_at=None):
    """``scores_by_organisation``: organisation -> {statement id: score}."""
    revealed_at = revealed_at or timezone.now()
    round_ = Round.objects.create(
        collaboration=collaboration,
        instrument="samenwerkingschecker",
        definition_version=1,
        number=number,
        opened_at=revealed_at - timedelta(days=7),
        revealed_at=revealed_at,
    )
    for organisation, answers in scores_by_organisation.items():
        AnswerSet.objects.create(round=round_, organisation=organisation, answers=answers, submitted_at=revealed_at)
    return round_


def proposal(collaboration, round_, item_id="mutual_trust"):
    return AgendaProposal.objects.create(collaboration=collaboration, round=round_, item_id=item_id)


def action(collaboration, organisation, *, description="Offerte opvragen", due=None, status="open"):
    return ActionItem.objects.create(
        collaboration=collaboration,
        description=description,
        owner_organisation=organisation,
        due_date=due,
        status=status,
    )

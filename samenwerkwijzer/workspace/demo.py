"""Demo data for the running phase: a work plan, a past and an upcoming meeting, real radar flags."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.instruments.models import ActionItem

from . import plan, services
from .models import Meeting, WorkGoal


def _at(day, hour) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed_workspace_demo(*, collaboration, lead_user, partner_user, partner_organisation) -> None:
    """Idempotent: does nothing when the collaboration already has a work plan."""
    if WorkGoal.objects.filter(collaboration=collaboration).exists():
        return
    lead = get_collaboration_for_user(lead_user, collaboration.pk, lead=True)
    partner = get_collaboration_for_user(partner_user, collaboration.pk, write=True)
    today = timezone.localdate()
    deliveries = plan.work_goal_add(
        access=lead, year=today.year, title="Elke werkdag vóór 7:00 bezorgd bij 25 afnemers"
    )
    plan.work_goal_add(access=lead, year=today.year, title="Gezamenlijke bestelsite live")
    plan.plan_action_add(
        access=partner,
        description="Tweede koelbus inplannen voor de route Maarssen-Breukelen",
        owner_organisation_id=partner_organisation.pk,
        owner_person_id=partner_user.pk,
        due_date=today + timedelta(days=21),
        work_goal=deliveries,
    )
    past = services.meeting_create(
        access=lead,
        title="Startoverleg bezorgroute",
        starts_at=_at(today - timedelta(days=30), 9),
        duration_minutes=60,
        location="Bakkerij Van der Molen, Breukelen",
        online_link="",
        free_items=["Afspraken over bezorgtijden", "Rondvraag"],
        now=_at(today - timedelta(days=31), 9),
    )
    first_item = past.agenda_items.order_by("position").first()
    services.minutes_save(
        access=lead,
        meeting=past,
        minutes={first_item.pk: "Bezorging tussen 5:30 en 7:00; bij vertraging belt De Vries de klant."},
    )
    decision = services.decision_add(
        access=lead,
        item=first_item,
        description="Lijst met vaste afnemers en hun aflevertijden delen",
        owner_organisation=lead.organisation,
        due_date=today,
        today=today - timedelta(days=30),
    )
    # The decision was due two weeks ago and is still open: the radar flags it.
    ActionItem.objects.filter(pk=decision.pk).update(due_date=today - timedelta(days=14), owner_person=lead_user)
    services.meeting_create(
        access=lead,
        title="Kwartaaloverleg",
        starts_at=_at(today + timedelta(days=10), 10),
        duration_minutes=90,
        location="Transportbedrijf De Vries, Woerden",
        online_link="https://meet.example.nl/broodroute",
        free_items=["Uitkomsten Samenwerkingschecker", "Bestelsite"],
    )
    Meeting.objects.filter(collaboration=collaboration).update(reminder_sent_at=None)

"""The business plan's services: budget, texts, versions (conflict-safe), approvals, work-plan goals."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samenwerkwijzer.agreements.tests.factories import write_agreement
from samenwerkwijzer.businessmodel import selectors_plan, services_plan
from samenwerkwijzer.businessmodel.models import BudgetLine, BusinessPlan, PlanApproval, PlanVersion
from samenwerkwijzer.collaborations.models import Participant
from samenwerkwijzer.workspace.models import WorkGoal
from testsupport.factories import add_explorer

from .plan_factories import access_of, fill_budget, make_version

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def state():
    return (
        list(BudgetLine.objects.values_list("organisation_id", "year", "costs", "revenues")),
        list(PlanVersion.objects.values_list("number", flat=True)),
        list(PlanApproval.objects.values_list("organisation_id", flat=True)),
        list(BusinessPlan.objects.values_list("texts", flat=True)),
    )


def test_budget_save_keeps_the_years_up_to_the_last_amount(personas):
    fill_budget(personas, YEAR)
    lines = BudgetLine.objects.order_by("year", "organisation__name")
    assert [(ln.organisation_id, ln.year) for ln in lines] == [
        (o.pk, YEAR + i) for i in range(3) for o in (personas.alpha, personas.beta)
    ]
    view = selectors_plan.live_budget(access_of(personas), BusinessPlan.objects.get())
    assert view.years == [YEAR, YEAR + 1, YEAR + 2]
    assert view.result.break_even_year == YEAR + 2
    assert view.filled
    # Saved again from another start year with fewer years: the old lines go.
    fill_budget(personas, YEAR + 1, {personas.alpha: [("10", "20")]})
    assert list(BudgetLine.objects.values_list("year", "costs")) in (
        [(YEAR + 1, Decimal("10.00")), (YEAR + 1, Decimal("0.00"))],
        [(YEAR + 1, Decimal("0.00")), (YEAR + 1, Decimal("10.00"))],
    )


def test_budget_refusals_change_nothing(personas):
    fill_budget(personas, YEAR)
    before = state()
    alice = access_of(personas, "alice", write=True)
    refusals = [
        {"start_year": YEAR - 20, "amounts": {}},
        {"start_year": YEAR, "amounts": {(personas.gamma.pk, 0): (Decimal(1), Decimal(0))}},
        {"start_year": YEAR, "amounts": {(personas.alpha.pk, 6): (Decimal(1), Decimal(0))}},
        {"start_year": YEAR, "amounts": {(personas.alpha.pk, 0): (Decimal(-1), Decimal(0))}},
    ]
    for kwargs in refusals:
        with pytest.raises(ValidationError):
            services_plan.budget_save(access=alice, **kwargs)
    with pytest.raises(PermissionDenied):
        services_plan.budget_save(access=access_of(personas, "olivia"), start_year=YEAR, amounts={})
    assert state() == before


def test_texts_are_saved_conflict_safe(personas):
    alice = access_of(personas, "alice", write=True)
    bob = access_of(personas, "bob", write=True)
    empty = selectors_plan.texts_fingerprint({})
    services_plan.texts_save(access=alice, texts={"summary": " Wij leggen daken. ", "market": ""}, seen=empty)
    assert BusinessPlan.objects.get().texts == {"summary": "Wij leggen daken."}
    before = state()
    with pytest.raises(ValidationError) as error:  # Bob opened the form before Alice saved
        services_plan.texts_save(access=bob, texts={"summary": "Van Bob"}, seen=empty)
    assert error.value.code == "conflict"
    with pytest.raises(ValidationError):
        services_plan.texts_save(
            access=bob, texts={"summary": "x" * 4001}, seen=selectors_plan.texts_fingerprint(before[3][0])
        )
    assert state() == before


def test_a_version_freezes_content_budget_and_texts_and_a_stale_base_is_a_conflict(personas):
    write_agreement(personas)
    fill_budget(personas, YEAR)
    first = make_version(personas, note="Eerste opzet")
    assert first.number == 1 and first.author_organisation_name == "Alpha Bakkerij"
    assert first.data["collaboration_name"] == "Zonnedak Zwaluwstaart"
    assert first.data["budget"]["years"] == [YEAR, YEAR + 1, YEAR + 2]
    assert first.data["agreement"]["goals"]["items"]
    # Later budget changes do not touch the frozen version.
    fill_budget(personas, YEAR, {personas.alpha: [("1", "0")]})
    assert selectors_plan.frozen_budget(PlanVersion.objects.get().data).result.break_even_year == YEAR + 2
    before = state()
    with pytest.raises(ValidationError) as error:  # Bob's page still showed "no version yet"
        services_plan.version_create(access=access_of(personas, "bob", write=True), base_number=0)
    assert error.value.error_dict["base_number"][0].code == "conflict"
    with pytest.raises(ValidationError):
        services_plan.version_create(access=access_of(personas, "bob", write=True), base_number=1, note="x" * 301)
    assert state() == before
    second = services_plan.version_create(access=access_of(personas, "bob", write=True), base_number=1)
    assert second.number == 2 and BusinessPlan.objects.get().current_version == second


def test_every_partner_approves_the_current_version_and_a_new_version_needs_new_approvals(personas):
    first = make_version(personas)
    alice, bob = access_of(personas, "alice", write=True), access_of(personas, "bob", write=True)
    assert selectors_plan.plan_status(alice).state == selectors_plan.APPROVAL
    services_plan.approve(access=alice, version=first)
    with pytest.raises(ValidationError):  # twice
        services_plan.approve(access=alice, version=first)
    services_plan.approve(access=bob, version=first)
    status = selectors_plan.plan_status(alice)
    assert status.all_approved and [p.approval.user_name for p in status.parties] == ["Alice Lead", "Bob Partner"]
    assert status.party(personas.alpha).approval and status.party(None) is None
    second = make_version(personas)
    status = selectors_plan.plan_status(alice)
    assert status.version == second and not status.all_approved
    assert not any(p.approval for p in status.parties)
    with pytest.raises(ValidationError) as error:  # the old version can no longer be approved
        services_plan.approve(access=bob, version=first)
    assert error.value.error_dict["version"][0].code == "conflict"


def test_an_organisation_that_joined_after_the_version_cannot_approve_it(personas):
    version = make_version(personas)
    add_explorer(personas.collaboration, lead=personas.alice, email="erin@example.org", name="Epsilon")
    Participant.objects.filter(role=Participant.Role.EXPLORER).update(role=Participant.Role.PARTNER)
    erin = Participant.objects.get(organisation__name="Epsilon").organisation.memberships.get().user
    from samenwerkwijzer.collaborations.access import get_collaboration_for_user

    with pytest.raises(ValidationError):
        services_plan.approve(access=get_collaboration_for_user(erin, personas.collaboration.pk), version=version)


def test_goals_go_into_the_work_plan_once(personas):
    alice = access_of(personas, "alice", write=True)
    with pytest.raises(ValidationError):  # no version yet
        services_plan.goals_to_work_plan(access=alice, year=YEAR)
    write_agreement(personas)
    version = make_version(personas)
    goals = [g["description"] for g in version.data["agreement"]["goals"]["items"]]
    expected = [
        g["description"]
        for g in version.data["agreement"]["goals"]["items"]
        if not g.get("deadline") or int(g["deadline"][:4]) >= YEAR + 1
    ]
    added = services_plan.goals_to_work_plan(access=alice, year=YEAR + 1)
    assert [g.title for g in added] == expected and goals
    assert services_plan.goals_to_work_plan(access=alice, year=YEAR + 1) == []  # never twice
    assert WorkGoal.objects.filter(year=YEAR + 1).count() == len(expected)

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samenwerkwijzer.collaborations.models import AuditEvent, Participant
from samenwerkwijzer.collaborations.services import participant_remove
from samenwerkwijzer.instruments import definitions as d
from samenwerkwijzer.instruments import selectors, services
from samenwerkwijzer.instruments.access import visible_answer_sets
from samenwerkwijzer.instruments.models import (
    ActionItem,
    AgendaProposal,
    AnswerChange,
    AnswerSet,
    Conclusion,
    Round,
    SelfCheckShare,
)
from samenwerkwijzer.organisations.models import Membership

from .factories import SECRET, access_for, checker_answers, open_round, revealed_round, submit, tien_answers

pytestmark = pytest.mark.django_db


def _state():
    """Everything an instrument write could touch, to prove a refused write changed nothing."""
    return (
        list(Round.objects.order_by("pk").values()),
        list(AnswerSet.objects.order_by("pk").values()),
        AnswerChange.objects.count(),
        AuditEvent.objects.count(),
        list(Conclusion.objects.values()),
        list(ActionItem.objects.values()),
        list(AgendaProposal.objects.values()),
    )


class TestOpening:
    def test_the_lead_opens_a_round_with_an_answer_set_per_participating_organisation(self, personas):
        round_ = open_round(personas)
        assert round_.number == 1 and round_.definition_version == 1 and not round_.is_revealed()
        assert {a.organisation for a in round_.answer_sets.all()} == {personas.alpha, personas.beta}
        assert AuditEvent.objects.filter(action="round_opened", details__round=1).exists()

    def test_a_partner_cannot_open_a_round(self, personas):
        with pytest.raises(PermissionDenied):
            services.round_open(access=access_for(personas.bob, personas.collaboration), instrument_key=d.CHECKER)
        assert not Round.objects.exists()

    def test_only_one_round_of_an_instrument_is_open_at_a_time(self, personas):
        open_round(personas)
        before = _state()
        with pytest.raises(ValidationError):
            open_round(personas)
        assert _state() == before

    def test_rounds_are_numbered_per_instrument_and_the_checker_repeats(self, personas):
        revealed_round(personas)
        assert open_round(personas).number == 2
        assert open_round(personas, d.MATCHCHECK).number == 1

    def test_the_ten_basic_questions_are_done_once(self, personas):
        revealed_round(personas, d.TIEN_BASISVRAGEN)
        with pytest.raises(ValidationError):
            open_round(personas, d.TIEN_BASISVRAGEN)

    def test_an_unknown_instrument_cannot_be_opened(self, personas):
        with pytest.raises(ValidationError):
            open_round(personas, d.ZELFCHECK)


class TestAnswering:
    def test_members_of_an_organisation_share_one_draft_and_every_change_is_kept(self, personas):
        round_ = open_round(personas)
        alice_access = access_for(personas.alice, personas.collaboration)
        anna_access = access_for(personas.anna, personas.collaboration)
        services.answers_save(access=alice_access, round=round_, answers={"invest_money": 2})
        services.answers_save(access=anna_access, round=round_, answers={"invest_money": 4, "grade": 6})
        answer_set = AnswerSet.objects.get(round=round_, organisation=personas.alpha)
        assert answer_set.answers == {"invest_money": 4, "grade": 6}
        assert answer_set.updated_by == personas.anna and answer_set.submitted_at is None
        changes = list(
            AnswerChange.objects.filter(answer_set=answer_set)
            .order_by("id")
            .values_list("user__email", "item_id", "old_value", "new_value")
        )
        assert changes == [
            ("alice@example.org", "invest_money", None, 2),
            ("anna@example.org", "grade", None, 6),
            ("anna@example.org", "invest_money", 2, 4),
        ]

    def test_saving_the_same_answers_again_records_no_change(self, personas):
        round_ = open_round(personas)
        access = access_for(personas.alice, personas.collaboration)
        services.answers_save(access=access, round=round_, answers={"invest_money": 2})
        services.answers_save(access=access, round=round_, answers={"invest_money": 2})
        assert AnswerChange.objects.count() == 1

    @pytest.mark.parametrize("score", [0, 6, "5", 3.5])
    def test_a_score_out_of_range_is_refused_and_changes_nothing(self, personas, score):
        round_ = open_round(personas)
        before = _state()
        with pytest.raises(ValidationError) as error:
            services.answers_save(
                access=access_for(personas.alice, personas.collaboration), round=round_, answers={"invest_money": score}
            )
        assert "invest_money" in error.value.message_dict
        assert _state() == before

    def test_a_submission_with_a_missing_answer_is_refused_and_changes_nothing(self, personas):
        round_ = open_round(personas)
        answers = checker_answers()
        del answers["mutual_trust"]
        before = _state()
        with pytest.raises(ValidationError) as error:
            submit(personas.alice, personas.collaboration, round_, answers)
        assert list(error.value.message_dict) == ["mutual_trust"]
        assert _state() == before

    def test_submitting_twice_is_refused(self, personas):
        round_ = open_round(personas)
        submit(personas.alice, personas.collaboration, round_, checker_answers())
        before = _state()
        with pytest.raises(ValidationError):
            submit(personas.anna, personas.collaboration, round_, checker_answers(score=5))
        with pytest.raises(ValidationError):
            services.answers_save(
                access=access_for(personas.anna, personas.collaboration), round=round_, answers={"grade": 1}
            )
        assert _state() == before

    def test_an_observer_cannot_answer(self, personas):
        round_ = open_round(personas)
        with pytest.raises(PermissionDenied):
            services.answers_save(
                access=access_for(personas.olivia, personas.collaboration), round=round_, answers={"grade": 1}
            )

    def test_an_organisation_that_joined_after_the_round_opened_cannot_answer_in_it(self, personas):
        round_ = open_round(personas)
        Participant.objects.create(collaboration=personas.collaboration, organisation=personas.gamma)
        before = _state()
        with pytest.raises(ValidationError):
            submit(personas.charlie, personas.collaboration, round_, checker_answers())
        assert _state() == before


class TestRevealing:
    def test_the_round_is_revealed_when_the_last_organisation_submits(self, personas):
        round_ = open_round(personas)
        assert submit(personas.alice, personas.collaboration, round_, checker_answers()) is False
        round_.refresh_from_db()
        assert not round_.is_revealed()
        assert submit(personas.bob, personas.collaboration, round_, checker_answers(score=5)) is True
        round_.refresh_from_db()
        assert round_.is_revealed()
        assert AuditEvent.objects.filter(action="round_revealed").count() == 1

    def test_the_last_submission_and_the_reveal_are_one_atomic_step(self, personas, monkeypatch):
        round_ = open_round(personas)
        submit(personas.alice, personas.collaboration, round_, checker_answers())

        def failing_audit(**kwargs):
            if kwargs["action"] == "round_revealed":
                raise RuntimeError("disk full")
            return original(**kwargs)

        original = services.audit_record
        monkeypatch.setattr(services, "audit_record", failing_audit)
        before = _state()
        with pytest.raises(RuntimeError):
            submit(personas.bob, personas.collaboration, round_, checker_answers(score=5))
        assert _state() == before
        assert not AnswerSet.objects.get(round=round_, organisation=personas.beta).is_submitted()

    def test_after_the_reveal_nothing_can_change(self, personas):
        round_ = revealed_round(personas)
        Participant.objects.create(collaboration=personas.collaboration, organisation=personas.gamma)
        before = _state()
        for user in (personas.alice, personas.bob, personas.charlie):
            access = access_for(user, personas.collaboration)
            with pytest.raises(ValidationError):
                services.answers_save(access=access, round=round_, answers={"grade": 1})
            with pytest.raises(ValidationError):
                services.round_submit(access=access, round=round_, answers=checker_answers())
        assert _state() == before

    def test_an_organisation_that_left_is_not_waited_for(self, personas):
        Participant.objects.create(collaboration=personas.collaboration, organisation=personas.gamma)
        round_ = open_round(personas)
        assert round_.answer_sets.count() == 3
        submit(personas.alice, personas.collaboration, round_, checker_answers())
        gamma = Participant.objects.get(organisation=personas.gamma)
        participant_remove(access=access_for(personas.charlie, personas.collaboration), participant=gamma)
        assert submit(personas.bob, personas.collaboration, round_, checker_answers()) is True


class TestClosingEarly:
    def test_the_lead_closes_the_round_early_with_a_reason_in_the_audit_log(self, personas):
        round_ = open_round(personas)
        submit(personas.alice, personas.collaboration, round_, checker_answers())
        services.answers_save(
            access=access_for(personas.bob, personas.collaboration), round=round_, answers={"grade": 2}
        )
        services.round_close_early(
            access=access_for(personas.alice, personas.collaboration), round=round_, reason="Overleg is morgen."
        )
        round_.refresh_from_db()
        assert round_.is_revealed() and round_.closed_early_by == personas.alice
        event = AuditEvent.objects.get(action="round_closed_early")
        assert event.details["reason"] == "Overleg is morgen."
        assert event.details["not_submitted"] == ["Beta Transport"]
        # The draft of the organisation that did not submit stays private.
        seen = visible_answer_sets(access_for(personas.alice, personas.collaboration), round_)[round_.pk]
        assert [a.organisation for a in seen] == [personas.alpha]

    def test_a_partner_cannot_close_a_round(self, personas):
        round_ = open_round(personas)
        before = _state()
        with pytest.raises(PermissionDenied):
            services.round_close_early(
                access=access_for(personas.bob, personas.collaboration), round=round_, reason="x"
            )
        assert _state() == before

    @pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
    def test_closing_needs_a_reason(self, personas, reason):
        round_ = open_round(personas)
        before = _state()
        with pytest.raises(ValidationError) as error:
            services.round_close_early(
                access=access_for(personas.alice, personas.collaboration), round=round_, reason=reason
            )
        assert "reason" in error.value.message_dict
        assert _state() == before

    def test_a_revealed_round_cannot_be_closed_again(self, personas):
        round_ = revealed_round(personas)
        with pytest.raises(ValidationError):
            services.round_close_early(
                access=access_for(personas.alice, personas.collaboration), round=round_, reason="Nog een keer"
            )


class TestReminders:
    def test_a_reminder_goes_to_the_members_of_organisations_that_have_not_submitted(
        self, personas, django_capture_on_commit_callbacks
    ):
        round_ = open_round(personas)
        submit(personas.bob, personas.collaboration, round_, checker_answers(mutual_trust=1))
        services.answers_save(
            access=access_for(personas.alice, personas.collaboration), round=round_, answers={"grade": 9}
        )
        with django_capture_on_commit_callbacks(execute=True):
            count = services.round_remind(
                access=access_for(personas.bob, personas.collaboration), round=round_, base_url="http://testserver"
            )
        assert count == 2
        assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "anna@example.org"]
        body = mail.outbox[0].body
        assert "Samenwerkingschecker" in body and f"/rounds/{round_.pk}/" in body
        assert AuditEvent.objects.filter(
            action="round_reminder_sent", details__organisations=["Alpha Bakkerij"]
        ).exists()

    def test_reminders_are_not_sent_twice_within_twelve_hours(self, personas):
        round_ = open_round(personas)
        access = access_for(personas.alice, personas.collaboration)
        services.round_remind(access=access, round=round_, base_url="http://testserver")
        with pytest.raises(ValidationError):
            services.round_remind(access=access, round=round_, base_url="http://testserver")
        Round.objects.filter(pk=round_.pk).update(reminded_at=timezone.now() - timedelta(hours=13))
        round_.refresh_from_db()
        services.round_remind(access=access, round=round_, base_url="http://testserver")

    def test_observers_send_no_reminders(self, personas):
        round_ = open_round(personas)
        with pytest.raises(PermissionDenied):
            services.round_remind(
                access=access_for(personas.olivia, personas.collaboration), round=round_, base_url="http://x"
            )

    def test_a_revealed_round_needs_no_reminder(self, personas):
        round_ = revealed_round(personas)
        with pytest.raises(ValidationError):
            services.round_remind(
                access=access_for(personas.alice, personas.collaboration), round=round_, base_url="http://x"
            )


class TestConclusionsAndActions:
    def test_conclusions_and_actions_come_after_the_reveal(self, personas):
        round_ = open_round(personas, d.TIEN_BASISVRAGEN)
        access = access_for(personas.bob, personas.collaboration)
        before = _state()
        with pytest.raises(ValidationError):
            services.conclusion_save(access=access, round=round_, item_id="q1_goal", text="Eens", seen="")
        with pytest.raises(ValidationError):
            services.action_item_create(
                access=access,
                round=round_,
                item_id="q1_goal",
                description="Iets",
                owner_organisation_id=personas.beta.pk,
                due_date=None,
            )
        assert _state() == before

    def test_a_conclusion_is_saved_changed_and_removed(self, personas):
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        access = access_for(personas.bob, personas.collaboration)
        first = services.conclusion_save(
            access=access, round=round_, item_id="q7_risks", text="Risico: te weinig winst.", seen=""
        )
        changed = services.conclusion_save(
            access=access,
            round=round_,
            item_id="q7_risks",
            text="Risico: te hoge kosten.",
            seen=services.conclusion_seen(first),
        )
        assert Conclusion.objects.get().text == "Risico: te hoge kosten."
        services.conclusion_save(
            access=access, round=round_, item_id="q7_risks", text=" ", seen=services.conclusion_seen(changed)
        )
        assert not Conclusion.objects.exists()
        with pytest.raises(ValidationError):
            services.conclusion_save(access=access, round=round_, item_id="nope", text="x", seen="")

    def test_a_conclusion_longer_than_the_limit_is_refused_and_changes_nothing(self, personas):
        # The form refuses it first; the service keeps the limit for every other caller.
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        before = _state()
        with pytest.raises(ValidationError) as error:
            services.conclusion_save(
                access=access_for(personas.bob, personas.collaboration),
                round=round_,
                item_id="q7_risks",
                text="x" * 4001,
                seen="",
            )
        assert error.value.message_dict == {"text": ["Gebruik hooguit 4000 tekens."]}
        assert _state() == before

    def test_a_conclusion_saved_by_someone_else_meanwhile_is_never_overwritten(self, personas):
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        bob = access_for(personas.bob, personas.collaboration)
        alice = access_for(personas.alice, personas.collaboration)
        services.conclusion_save(access=bob, round=round_, item_id="q7_risks", text="Van Bob.", seen="")
        with pytest.raises(ValidationError) as error:  # Alice opened the page before Bob saved
            services.conclusion_save(access=alice, round=round_, item_id="q7_risks", text="Van Alice.", seen="")
        assert error.value.code == "conflict"
        assert Conclusion.objects.get().text == "Van Bob."
        seen_by_alice = services.conclusion_seen(Conclusion.objects.get())
        services.conclusion_save(access=bob, round=round_, item_id="q7_risks", text="", seen=seen_by_alice)
        services.conclusion_save(access=bob, round=round_, item_id="q7_risks", text="Opnieuw van Bob.", seen="")
        with pytest.raises(ValidationError):  # removed and written anew since Alice looked
            services.conclusion_save(
                access=alice, round=round_, item_id="q7_risks", text="Van Alice.", seen=seen_by_alice
            )
        assert Conclusion.objects.get().text == "Opnieuw van Bob."

    def test_a_follow_up_action_lands_on_the_action_list(self, personas):
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        action = services.action_item_create(
            access=access_for(personas.bob, personas.collaboration),
            round=round_,
            item_id="q9_legal_form",
            description="Uitzoeken of een kort contract volstaat",
            owner_organisation_id=personas.alpha.pk,
            due_date=timezone.localdate() + timedelta(days=14),
        )
        assert action.source == "tien_basisvragen:q9_legal_form" and action.created_by == personas.bob
        assert list(ActionItem.objects.filter(collaboration=personas.collaboration)) == [action]

    def test_an_action_must_belong_to_a_participating_organisation_and_not_be_due_in_the_past(self, personas):
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        before = _state()
        with pytest.raises(ValidationError) as error:
            services.action_item_create(
                access=access_for(personas.bob, personas.collaboration),
                round=round_,
                item_id="q1_goal",
                description="",
                owner_organisation_id=personas.gamma.pk,
                due_date=timezone.localdate() - timedelta(days=1),
            )
        assert set(error.value.message_dict) == {"description", "owner_organisation", "due_date"}
        assert _state() == before

    def test_the_status_of_an_action_changes(self, personas):
        action = ActionItem.objects.create(
            collaboration=personas.collaboration, description="x", owner_organisation=personas.beta
        )
        access = access_for(personas.bob, personas.collaboration)
        services.action_item_set_status(access=access, action=action, status="done")
        assert ActionItem.objects.get().status == "done"
        with pytest.raises(ValidationError):
            services.action_item_set_status(access=access, action=action, status="lost")


class TestAgenda:
    def test_a_statement_goes_on_the_agenda_once(self, personas):
        round_ = revealed_round(personas, alice=checker_answers(1), bob=checker_answers(5))
        access = access_for(personas.bob, personas.collaboration)
        services.agenda_proposal_add(access=access, round=round_, item_id="mutual_trust")
        services.agenda_proposal_add(access=access, round=round_, item_id="mutual_trust")
        proposal = AgendaProposal.objects.get()
        assert proposal.added_by_organisation == personas.beta
        services.agenda_proposal_remove(access=access, proposal=proposal)
        assert not AgendaProposal.objects.exists()

    def test_only_statements_of_revealed_rounds_go_on_the_agenda(self, personas):
        round_ = open_round(personas)
        access = access_for(personas.bob, personas.collaboration)
        with pytest.raises(ValidationError):
            services.agenda_proposal_add(access=access, round=round_, item_id="mutual_trust")
        round_ = revealed_round(personas, d.TIEN_BASISVRAGEN)
        with pytest.raises(ValidationError):
            services.agenda_proposal_add(access=access, round=round_, item_id="q1_goal")


class TestSelfCheck:
    def test_a_member_saves_the_self_check_and_the_profile_gets_offer_and_demand(self, personas):
        membership = Membership.objects.get(user=personas.anna, organisation=personas.alpha)
        services.self_check_save(
            membership=membership,
            actor=personas.anna,
            answers={
                "only_together": "yes",
                "offer_and_demand": {
                    "vakkennis": {"offer": "Broodrecepten"},
                    "logistiek": {"need": "Koelwagen in de ochtend"},
                    "financien": {"offer": "", "need": "Voorfinanciering"},
                },
            },
        )
        offers, needs = selectors.organisation_offers_and_needs(personas.alpha)
        assert offers == {"vakkennis", "financien"}
        assert needs == {"logistiek", "financien"}
        assert selectors.organisation_offers_and_needs(personas.beta) == (set(), set())

    def test_a_self_check_is_shared_as_a_snapshot_and_can_be_withdrawn(self, personas):
        membership = Membership.objects.get(user=personas.alice, organisation=personas.alpha)
        services.self_check_save(membership=membership, actor=personas.alice, answers={"added_value": SECRET})
        access = access_for(personas.alice, personas.collaboration)
        services.self_check_share(access=access)
        services.self_check_save(membership=membership, actor=personas.alice, answers={"added_value": "Nieuw"})
        assert SelfCheckShare.objects.get().answers == {"added_value": SECRET}
        services.self_check_unshare(access=access)
        assert not SelfCheckShare.objects.exists()
        assert AuditEvent.objects.filter(action__in=["self_check_shared", "self_check_unshared"]).count() == 2

    def test_an_empty_self_check_cannot_be_shared(self, personas):
        with pytest.raises(ValidationError):
            services.self_check_share(access=access_for(personas.bob, personas.collaboration))

    def test_a_self_check_cannot_be_saved_for_someone_else(self, personas):
        membership = Membership.objects.get(user=personas.alice, organisation=personas.alpha)
        with pytest.raises(PermissionDenied):
            services.self_check_save(membership=membership, actor=personas.anna, answers={})

    def test_bad_self_check_answers_are_refused(self, personas):
        membership = Membership.objects.get(user=personas.alice, organisation=personas.alpha)
        with pytest.raises(ValidationError):
            services.self_check_save(membership=membership, actor=personas.alice, answers={"term_months": 0})


def test_the_ten_basic_questions_answers_factory_is_complete():
    tien = d.get_instrument(d.TIEN_BASISVRAGEN)
    assert tien.validate_answers(tien_answers(), complete=True) == {}

"""The verification's to-do rule (docs/todos.md)."""

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.collaborations.todos import todos_for_access, todos_for_user
from testsupport.factories import mark_verified


def verify(personas, user):
    access = get_collaboration_for_user(user, personas.collaboration.pk)
    return [t for t in todos_for_access(access) if t.rule == "verification.verify_organisation"]


def test_an_administrator_of_an_unverified_organisation_is_asked_to_verify_it(personas):
    [todo] = verify(personas, personas.alice)
    assert todo.title == "Verifieer uw organisatie"
    assert str(personas.alpha.pk) in todo.url


def test_plain_members_and_observers_are_not_asked(personas):
    assert verify(personas, personas.anna) == []  # a plain member cannot verify
    assert verify(personas, personas.olivia) == []


def test_a_verified_organisation_asks_nothing(personas):
    mark_verified(personas.alpha)
    assert verify(personas, personas.alice) == []


def test_on_the_overview_it_is_listed_once_however_many_collaborations(personas):
    from testsupport.factories import make_collaboration

    make_collaboration(user=personas.alice, organisation=personas.alpha, name="Tweede project")
    rules = [t.rule for t in todos_for_user(personas.alice)]
    assert rules.count("verification.verify_organisation") == 1


def test_while_an_uploaded_extract_awaits_review_there_is_nothing_to_do(personas):
    import datetime

    from django.core.files.base import ContentFile

    from samenwerkwijzer.verification.models import ExtractSubmission

    submission = ExtractSubmission(
        organisation=personas.alpha,
        extract_name="uittreksel.pdf",
        sha256="0" * 64,
        extract_date=datetime.date.today(),
        uploaded_by=personas.alice,
    )
    submission.extract.save("uittreksel.pdf", ContentFile(b"%PDF-1.4"), save=True)
    assert verify(personas, personas.alice) == []
    submission.status = ExtractSubmission.Status.REJECTED
    submission.save()
    assert len(verify(personas, personas.alice)) == 1  # rejected: upload a new one

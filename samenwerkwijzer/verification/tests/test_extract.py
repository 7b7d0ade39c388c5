"""Verification by a reviewed Handelsregister extract: upload, review by staff, decision, and what people see."""

import datetime
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from samenwerkwijzer.organisations.models import Membership, Organisation
from samenwerkwijzer.organisations.services import organisation_verify
from samenwerkwijzer.registry.models import RegistryCheck
from samenwerkwijzer.registry.tests.conftest import fake_kvk  # noqa: F401  (the local KVK API)
from samenwerkwijzer.verification import services
from samenwerkwijzer.verification.models import ExtractSubmission
from testsupport.factories import MembershipFactory, OrganisationFactory, UserFactory, log_in_with_second_factor

from .factories import PDF, make_submission

pytestmark = pytest.mark.django_db

KVK = "69599084"  # a number the local KVK API knows: "Test EMZ Dagobert"


def today():
    return services.today_in_amsterdam()


def upload(content=PDF, name="uittreksel.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload_url(organisation):
    return reverse("verification:extract_upload", args=[organisation.pk])


def post_extract(client, organisation, *, content=PDF, extract_date=None, signatories="", name="uittreksel.pdf"):
    data = {"extract": upload(content, name), "extract_date": (extract_date or today()).isoformat()}
    if signatories:
        data["signatories"] = signatories
    return client.post(upload_url(organisation), data)


@pytest.fixture
def reviewer(db):
    return UserFactory(email="rita@example.org", full_name="Rita Reviewer", is_staff=True)


@pytest.fixture
def alpha(personas):
    personas.alpha.kvk_number = KVK
    personas.alpha.save(update_fields=["kvk_number"])
    return personas.alpha


def decide(client, submission, **data):
    return client.post(reverse("verification:review_detail", args=[submission.pk]), data)


def state(organisation):
    """What a refused request must leave as it was."""
    organisation.refresh_from_db()
    return (
        organisation.verification_status,
        organisation.verification_method,
        list(ExtractSubmission.objects.order_by("pk").values_list("pk", "status", "reviewed_by", "reason")),
        list(
            Membership.objects.filter(organisation=organisation)
            .order_by("pk")
            .values_list("is_authorised_signatory", "signatory_basis")
        ),
    )


# --- The overview page -------------------------------------------------------------------------------------------


def test_a_member_sees_that_the_organisation_is_not_verified_and_what_that_means(client, personas):
    client.force_login(personas.anna)
    page = client.get(reverse("verification:overview", args=[personas.alpha.pk])).content.decode()
    assert "niet geverifieerd" in page
    assert "een overeenkomst namens het bedrijf ondertekenen of verzegelen" in page
    assert "Een beheerder van uw organisatie kan het uittreksel uploaden." in page
    # A plain member may read but not upload.
    assert upload_url(personas.alpha) not in page
    detail = client.get(reverse("organisations:detail", args=[personas.alpha.pk])).content.decode()
    assert reverse("verification:overview", args=[personas.alpha.pk]) in detail and "Organisatie verifiëren" in detail


def test_an_outsider_gets_404_and_a_plain_member_may_not_upload(client, personas):
    client.force_login(personas.charlie)
    assert client.get(reverse("verification:overview", args=[personas.alpha.pk])).status_code == 404
    client.force_login(personas.anna)
    assert post_extract(client, personas.alpha).status_code == 403
    assert not ExtractSubmission.objects.exists()


def test_the_overview_offers_eherkenning_only_when_it_is_switched_on(client, personas, monkeypatch):
    from samenwerkwijzer.verification import views

    client.force_login(personas.alice)
    url = reverse("verification:overview", args=[personas.alpha.pk])
    monkeypatch.setattr(views, "eherkenning_enabled", lambda: False)
    page = client.get(url).content.decode()
    assert reverse("verification:eherkenning_start", args=[personas.alpha.pk]) not in page
    assert 'class="button" href="' + upload_url(personas.alpha) in page
    monkeypatch.setattr(views, "eherkenning_enabled", lambda: True)
    page = client.get(url).content.decode()
    assert reverse("verification:eherkenning_start", args=[personas.alpha.pk]) in page
    # One primary action: eHerkenning; the upload becomes a secondary button.
    assert 'class="button button--secondary" href="' + upload_url(personas.alpha) in page


# --- Upload ---------------------------------------------------------------------------------------------------------


def test_an_admin_uploads_an_extract_which_awaits_review(client, alpha, personas):
    client.force_login(personas.alice)
    response = post_extract(client, alpha, signatories="A. Lead, bestuurder", name="KvK uittreksel.pdf")
    assert response.status_code == 302
    submission = ExtractSubmission.objects.get()
    assert submission.status == "pending" and submission.organisation == alpha
    assert submission.extract_name == "KvK uittreksel.pdf" and submission.signatories == "A. Lead, bestuurder"
    assert submission.uploaded_by == personas.alice and len(submission.sha256) == 64
    with submission.extract.open("rb") as handle:
        assert handle.read() == PDF
    alpha.refresh_from_db()
    assert not alpha.is_verified
    page = client.get(response.url).content.decode()
    assert "wacht op beoordeling" in page


@pytest.mark.parametrize(
    ("content", "days_ago", "field", "message"),
    [
        (b"MZ this is no pdf", 1, "extract", "Dit is geen pdf-bestand."),
        (b"%PDF-" + b"0" * (5 * 1024 * 1024), 1, "extract", "Het bestand is groter dan 5 MB."),
        (PDF, 31, "extract_date", "Het uittreksel is meer dan 30 dagen oud."),
        (PDF, -1, "extract_date", "De datum van het uittreksel kan niet in de toekomst liggen."),
    ],
    ids=["not a pdf", "too large", "too old", "future date"],
)
def test_a_bad_extract_is_refused_next_to_its_field_and_nothing_changes(
    client, alpha, personas, content, days_ago, field, message
):
    client.force_login(personas.alice)
    extract_date = today() - datetime.timedelta(days=days_ago)
    response = post_extract(client, alpha, content=content, extract_date=extract_date, signatories="A. Lead")
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert response.context["form"].errors[field]
    # What was typed stays.
    assert 'value="A. Lead"' in page and extract_date.isoformat() in page
    assert not ExtractSubmission.objects.exists()


def test_an_extract_of_exactly_30_days_old_is_accepted(client, alpha, personas):
    client.force_login(personas.alice)
    assert post_extract(client, alpha, extract_date=today() - datetime.timedelta(days=30)).status_code == 302


def test_today_is_the_day_in_amsterdam_not_on_the_server_clock(client, alpha, personas, monkeypatch):
    # 23:30 UTC on 6 December is already 7 December in Amsterdam.
    late = datetime.datetime(2026, 12, 6, 23, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: late)
    client.force_login(personas.alice)
    assert post_extract(client, alpha, extract_date=datetime.date(2026, 12, 7)).status_code == 302
    response = post_extract(client, alpha, extract_date=datetime.date(2026, 12, 8))
    assert response.status_code == 200 and response.context["form"].errors["extract_date"]


def test_an_organisation_without_a_kvk_number_cannot_upload(client, personas):
    personas.alpha.kvk_number = ""
    personas.alpha.save(update_fields=["kvk_number"])
    client.force_login(personas.alice)
    response = post_extract(client, personas.alpha)
    assert response.status_code == 200 and "heeft geen KvK-nummer" in response.content.decode()
    assert not ExtractSubmission.objects.exists()


def test_a_second_upload_replaces_the_one_awaiting_review(client, alpha, personas):
    client.force_login(personas.alice)
    post_extract(client, alpha)
    page = client.get(upload_url(alpha)).content.decode()
    assert "wacht nog op beoordeling" in page and "vervangen door een nieuwere upload" in page
    post_extract(client, alpha, content=PDF + b"% second\n")
    first, second = ExtractSubmission.objects.order_by("pk")
    assert first.status == "withdrawn" and second.status == "pending"
    overview = client.get(reverse("verification:overview", args=[alpha.pk])).content.decode()
    assert "vervangen door een nieuwere upload" in overview


# --- Review ---------------------------------------------------------------------------------------------------------


def test_only_staff_reach_the_review_pages(client, alpha, personas):
    submission = make_submission(alpha, user=personas.alice)
    client.force_login(personas.charlie)
    for url in (
        reverse("verification:review_list"),
        reverse("verification:review_detail", args=[submission.pk]),
        reverse("verification:review_extract", args=[submission.pk]),
    ):
        assert client.get(url).status_code == 404
    before = state(alpha)
    assert decide(client, submission, decision="approve").status_code == 404
    assert state(alpha) == before


def test_the_review_list_shows_pending_extracts_oldest_first_and_not_the_reviewers_own(client, personas, reviewer):
    older = make_submission(personas.beta, user=personas.bob)
    newer = make_submission(personas.gamma, user=personas.charlie)
    make_submission(personas.delta, user=personas.dave, status=ExtractSubmission.Status.REJECTED)
    MembershipFactory(user=reviewer, organisation=personas.gamma)
    log_in_with_second_factor(client, reviewer)
    page = client.get(reverse("verification:review_list")).content.decode()
    assert reverse("verification:review_detail", args=[older.pk]) in page
    assert reverse("verification:review_detail", args=[newer.pk]) not in page
    assert "Delta Design" not in page
    Membership.objects.filter(user=reviewer).delete()
    page = client.get(reverse("verification:review_list")).content.decode()
    assert page.index("Beta Transport") < page.index("Gamma Bouw")


def test_a_reviewer_sees_the_extract_beside_the_registry_data(client, alpha, personas, reviewer, fake_kvk):  # noqa: F811
    submission = make_submission(alpha, user=personas.alice, signatories="A. Lead, bestuurder")
    log_in_with_second_factor(client, reviewer)
    page = client.get(reverse("verification:review_detail", args=[submission.pk])).content.decode()
    assert "Test EMZ Dagobert" in page and "Eenmanszaak" in page
    assert 'id="registry-card"' in page and 'id="extract-card"' in page
    assert "A. Lead, bestuurder" in page
    assert reverse("verification:review_extract", args=[submission.pk]) in page
    pdf = client.get(reverse("verification:review_extract", args=[submission.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content) == PDF
    # Nothing is written by looking.
    assert not RegistryCheck.objects.exists()


def test_when_the_registry_cannot_answer_the_reviewer_still_decides(client, personas, reviewer, fake_kvk):  # noqa: F811
    personas.alpha.kvk_number = "90004973"  # the local KVK API refuses this one (401)
    personas.alpha.save(update_fields=["kvk_number"])
    RegistryCheck.objects.create(
        kvk_number="90004973",
        source="kvk_api",
        found=True,
        result={"kvk_number": "90004973", "found": True, "source": "kvk_api", "name": "Eerder Gevonden B.V."},
        checked_by=personas.alice,
    )
    submission = make_submission(personas.alpha, user=personas.alice)
    log_in_with_second_factor(client, reviewer)
    page = client.get(reverse("verification:review_detail", args=[submission.pk])).content.decode()
    assert 'id="registry-error"' in page and "U kunt toch beslissen" in page
    assert "Eerder Gevonden B.V." in page
    response = decide(client, submission, decision="approve")
    assert response.status_code == 302
    personas.alpha.refresh_from_db()
    assert personas.alpha.is_verified


def test_an_organisation_without_a_number_shows_no_registry_data(client, personas, reviewer):
    submission = make_submission(personas.alpha, user=personas.alice)
    personas.alpha.kvk_number = ""
    personas.alpha.save(update_fields=["kvk_number"])
    log_in_with_second_factor(client, reviewer)
    page = client.get(reverse("verification:review_detail", args=[submission.pk])).content.decode()
    assert "heeft geen KvK-nummer om op te zoeken" in page
    before = state(personas.alpha)
    response = decide(client, submission, decision="approve")
    assert response.status_code == 200 and "heeft geen KvK-nummer meer" in response.content.decode()
    assert state(personas.alpha) == before


def test_approval_verifies_the_organisation_marks_the_signatories_and_tells_the_admins(
    client, alpha, personas, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    submission = make_submission(alpha, user=personas.anna)
    alice = Membership.objects.get(user=personas.alice, organisation=alpha)
    anna = Membership.objects.get(user=personas.anna, organisation=alpha)
    squatter = OrganisationFactory(kvk_number=KVK, name="Kraak B.V.")
    log_in_with_second_factor(client, reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, submission, decision="approve", signatory_members=[alice.pk])
    assert response.status_code == 302
    alpha.refresh_from_db()
    assert alpha.is_verified and alpha.verification_method == "extract"
    submission.refresh_from_db()
    assert submission.status == "approved" and submission.reviewed_by == reviewer and submission.reviewed_at
    assert list(submission.signatory_members.all()) == [alice]
    alice.refresh_from_db()
    anna.refresh_from_db()
    assert (alice.is_authorised_signatory, alice.signatory_basis) == (True, "extract")
    assert (anna.is_authorised_signatory, anna.signatory_basis) == (False, "")
    # The unverified claim of the same number lost it.
    squatter.refresh_from_db()
    assert squatter.kvk_number == ""
    # The uploader (anna) and the admin (alice) are told, each once.
    decided = [mail for mail in mailoutbox if "Alpha Bakkerij" in mail.subject]
    assert sorted(mail.to[0] for mail in decided) == ["alice@example.org", "anna@example.org"]
    assert "geverifieerd" in decided[0].subject and "Alice Lead" in decided[0].body
    client.force_login(personas.anna)
    page = client.get(reverse("verification:overview", args=[alpha.pk])).content.decode()
    assert "geverifieerd via beoordeeld uittreksel" in page and "goedgekeurd" in page


def test_a_rejection_needs_a_reason_which_the_organisation_then_reads(
    client, alpha, personas, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    submission = make_submission(alpha, user=personas.alice)
    log_in_with_second_factor(client, reviewer)
    before = state(alpha)
    response = decide(client, submission, decision="reject", reason="  ")
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Geef de reden van de afwijzing; de organisatie leest die."]
    assert state(alpha) == before
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, submission, decision="reject", reason="Het uittreksel is van een ander bedrijf.")
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "rejected"
    alpha.refresh_from_db()
    assert not alpha.is_verified
    (mail,) = mailoutbox
    assert mail.to == ["alice@example.org"] and "Het uittreksel is van een ander bedrijf." in mail.body
    client.force_login(personas.alice)
    page = client.get(reverse("verification:overview", args=[alpha.pk])).content.decode()
    assert "afgewezen" in page and "Het uittreksel is van een ander bedrijf." in page


def test_a_second_decision_changes_nothing_and_says_so(client, alpha, personas, reviewer):
    submission = make_submission(alpha, user=personas.alice)
    log_in_with_second_factor(client, reviewer)
    assert decide(client, submission, decision="reject", reason="Onleesbaar.").status_code == 302
    before = state(alpha)
    other = UserFactory(is_staff=True)
    log_in_with_second_factor(client, other)
    page = client.get(reverse("verification:review_detail", args=[submission.pk])).content.decode()
    assert 'id="decided"' in page and "Onleesbaar." in page
    response = decide(client, submission, decision="approve")
    assert response.status_code == 200
    assert "Dit uittreksel is al afgehandeld (afgewezen)" in response.content.decode()
    assert state(alpha) == before


def test_a_reviewer_never_reviews_their_own_organisation(client, alpha, personas, reviewer):
    submission = make_submission(alpha, user=personas.alice)
    MembershipFactory(user=reviewer, organisation=alpha, role=Membership.Role.MEMBER, is_authorised_signatory=False)
    log_in_with_second_factor(client, reviewer)
    response = client.get(reverse("verification:review_detail", args=[submission.pk]))
    assert response.status_code == 403 and "U mag dit uittreksel niet beoordelen" in response.content.decode()
    assert client.get(reverse("verification:review_extract", args=[submission.pk])).status_code == 403
    before = state(alpha)
    assert decide(client, submission, decision="approve").status_code == 403
    assert state(alpha) == before


def test_approval_is_refused_when_a_verified_organisation_holds_the_number(client, alpha, personas, reviewer):
    submission = make_submission(alpha, user=personas.alice)
    # A verified holder of the same number (as after a verification of which this claim did not yet hear).
    Organisation.objects.create(
        name="Echte Bakkerij B.V.",
        kvk_number=KVK,
        legal_form="41",
        size_class="2-4",
        pc4="3511",
        verification_status=Organisation.VerificationStatus.VERIFIED,
        verification_method="eherkenning",
        verified_at=timezone.now(),
    )
    log_in_with_second_factor(client, reviewer)
    before = state(alpha)
    response = decide(client, submission, decision="approve")
    assert response.status_code == 200
    assert "Echte Bakkerij B.V. is al geverifieerd voor KvK-nummer 69599084" in response.content.decode()
    assert state(alpha) == before


def test_a_verified_organisation_keeps_its_verification_and_gains_signatories_from_a_new_extract(
    client, alpha, personas, reviewer
):
    organisation_verify(organisation=alpha, method="eherkenning", assurance_level="EH3")
    alpha.refresh_from_db()
    verified_at = alpha.verified_at
    submission = make_submission(alpha, user=personas.alice)
    anna = Membership.objects.get(user=personas.anna, organisation=alpha)
    log_in_with_second_factor(client, reviewer)
    assert decide(client, submission, decision="approve", signatory_members=[anna.pk]).status_code == 302
    alpha.refresh_from_db()
    assert (alpha.verification_method, alpha.assurance_level, alpha.verified_at) == ("eherkenning", "EH3", verified_at)
    anna.refresh_from_db()
    assert (anna.is_authorised_signatory, anna.signatory_basis) == (True, "extract")


def test_a_member_of_another_organisation_cannot_be_ticked(client, alpha, personas, reviewer):
    submission = make_submission(alpha, user=personas.alice)
    bob = Membership.objects.get(user=personas.bob)
    basis_before = bob.signatory_basis
    log_in_with_second_factor(client, reviewer)
    response = decide(client, submission, decision="approve", signatory_members=[bob.pk])
    assert response.status_code == 200 and response.context["form"].errors["signatory_members"]
    bob.refresh_from_db()
    assert bob.signatory_basis == basis_before != Membership.SignatoryBasis.EXTRACT
    submission.refresh_from_db()
    assert submission.status == "pending"


def test_a_decided_extract_file_that_is_gone_answers_404(client, alpha, personas, reviewer):
    submission = make_submission(alpha, user=personas.alice)
    submission.extract.delete(save=False)
    log_in_with_second_factor(client, reviewer)
    assert client.get(reverse("verification:review_extract", args=[submission.pk])).status_code == 404


def test_a_submission_that_does_not_exist_is_not_found_for_staff_either(client, reviewer):
    log_in_with_second_factor(client, reviewer)
    assert client.get(reverse("verification:review_detail", args=[999999])).status_code == 404


def test_the_review_list_and_the_overview_take_a_fixed_number_of_queries(client, personas, reviewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(user, url):
        log_in_with_second_factor(client, user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    overview = reverse("verification:overview", args=[personas.beta.pk])
    make_submission(personas.beta, user=personas.bob, status=ExtractSubmission.Status.APPROVED)
    few = (count(reviewer, reverse("verification:review_list")), count(personas.bob, overview))
    for organisation in (personas.gamma, personas.delta, personas.beta):
        make_submission(organisation, user=personas.bob)
    make_submission(personas.beta, user=personas.bob, status=ExtractSubmission.Status.REJECTED, reason="Onscherp.")
    many = (count(reviewer, reverse("verification:review_list")), count(personas.bob, overview))
    assert few == many


def test_staff_without_a_second_factor_are_sent_through_the_administrations_gate_and_back(client, alpha, personas):
    submission = make_submission(alpha, user=personas.alice)
    staff = UserFactory(is_staff=True)
    client.force_login(staff)  # password only
    for url in (
        reverse("verification:review_list"),
        reverse("verification:review_detail", args=[submission.pk]),
        reverse("verification:review_extract", args=[submission.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == f"{reverse('admin:login')}?next={quote(url, safe='')}"
    response = client.post(reverse("verification:review_detail", args=[submission.pk]), {"decision": "approve"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "pending"
    # The gate sends someone without a second factor to set one up.
    assert client.get(reverse("admin:login")).url == reverse("mfa_index")

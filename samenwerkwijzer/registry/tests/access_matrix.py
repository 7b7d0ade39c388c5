from samenwerkwijzer.directory.tests.factories import entry_for_matrix
from samenwerkwijzer.lib.authz import LOGIN, READ, WRITE, Expect
from samenwerkwijzer.verification.tests.factories import approved_submission_of_beta

collaboration = {"pk": lambda p: p.collaboration.pk}
participant = {**collaboration, "participant_pk": lambda p: p.bob_participant.pk}


EXPECTATIONS = {
    "registry:participant_check": Expect(READ, kwargs=participant),
    "registry:participant_check_run": Expect(WRITE, kwargs=participant, methods=("POST",), data=lambda p: {}),
    "registry:extract_download": Expect(READ, kwargs={**collaboration, "submission_pk": approved_submission_of_beta}),
    "registry:entry_check": Expect(LOGIN, kwargs={"entry_pk": entry_for_matrix}, methods=("GET", "POST")),
}

from django.core.files.base import ContentFile

from samenwerkwijzer.directory.tests.factories import entry_for_matrix
from samenwerkwijzer.lib.authz import LOGIN, READ, WRITE, Expect
from samenwerkwijzer.registry.models import SignatoryStatement

collaboration = {"pk": lambda p: p.collaboration.pk}
participant = {**collaboration, "participant_pk": lambda p: p.bob_participant.pk}


def statement(p) -> int:
    found = SignatoryStatement.objects.filter(participant=p.bob_participant).first()
    if found is None:
        found = SignatoryStatement(participant=p.bob_participant, signatories="Bob", extract_name="x.pdf", sha256="0")
        found.extract.save("x.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return found.pk


EXPECTATIONS = {
    "registry:participant_check": Expect(READ, kwargs=participant),
    "registry:participant_check_run": Expect(WRITE, kwargs=participant, methods=("POST",), data=lambda p: {}),
    "registry:signatory_statement": Expect(
        WRITE, kwargs=collaboration, methods=("GET", "POST"), data=lambda p: {"signatories": "Intruder"}
    ),
    "registry:extract_download": Expect(READ, kwargs={**collaboration, "statement_pk": statement}),
    "registry:entry_check": Expect(LOGIN, kwargs={"entry_pk": entry_for_matrix}, methods=("GET", "POST")),
}

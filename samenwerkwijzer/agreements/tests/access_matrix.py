"""Authorization expectations of every agreements URL (see samenwerkwijzer/lib/authz.py).

Objects a URL needs are built in the kwargs lambdas, which run before the matrix takes its
"nothing changed" snapshot; ``cached`` makes each one once per test. Where the object is not
a URL parameter, the ``kind`` lambda builds it.
"""

from samenwerkwijzer.lib.authz import LEAD, PUBLIC, READ, WRITE, Expect
from testsupport.factories import PASSWORD

from .factories import approved_agreement, cached, frozen_agreement, write_agreement


def _written(p):
    return cached(p, "written", write_agreement)


def _frozen(p):
    return cached(p, "frozen", frozen_agreement)


def _approved(p):
    return cached(p, "approved", approved_agreement)


collaboration = {"pk": lambda p: p.collaboration.pk}
agreement = {**collaboration, "kind": lambda p: "agreement"}
written = {**collaboration, "kind": lambda p: _written(p) and "agreement"}
frozen = {**collaboration, "kind": lambda p: _frozen(p) and "agreement"}
approved = {**collaboration, "kind": lambda p: _approved(p) and "agreement"}
version = {**agreement, "number": lambda p: _written(p).current_version.number}

EXPECTATIONS = {
    # Public since #16: anyone may check a PDF (rate-limited per address; nothing uploaded is stored).
    "agreements:verify": Expect(PUBLIC, methods=("GET", "POST")),
    "agreements:overview": Expect(READ, kwargs=collaboration),
    "agreements:document": Expect(READ, kwargs=agreement),
    "agreements:edit": Expect(
        WRITE,
        kwargs={**written, "section": lambda p: "goals"},
        methods=("GET", "POST"),
        data=lambda p: {
            "base_version": _written(p).current_version.number,
            "purpose": "Overgenomen",
            "activities": "",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    ),
    "agreements:versions": Expect(READ, kwargs=written),
    "agreements:diff": Expect(READ, kwargs=written),
    "agreements:version": Expect(READ, kwargs=version),
    "agreements:version_pdf": Expect(READ, kwargs=version),
    "agreements:version_docx": Expect(READ, kwargs=version),
    "agreements:new_version": Expect(WRITE, kwargs=written, methods=("GET", "POST"), data=lambda p: {"section": ""}),
    "agreements:freeze": Expect(
        LEAD,
        kwargs=written,
        methods=("GET", "POST"),
        data=lambda p: {"version": _written(p).current_version.number},
    ),
    "agreements:approve": Expect(
        WRITE,
        kwargs=frozen,
        methods=("POST",),
        data=lambda p: {"freeze": _frozen(p).pk, "document_sha256": _frozen(p).pdf_sha256},
    ),
    "agreements:sign": Expect(
        WRITE,
        kwargs=approved,
        methods=("GET", "POST"),
        data=lambda p: {
            "freeze": _approved(p).pk,
            "document_sha256": _approved(p).pdf_sha256,
            "confirm": "on",
            "password": PASSWORD,
        },
    ),
    "agreements:freeze_detail": Expect(READ, kwargs={**agreement, "freeze_pk": lambda p: _frozen(p).pk}),
    "agreements:signed_pdf": Expect(READ, kwargs={**agreement, "freeze_pk": lambda p: _frozen(p).pk}),
    # The lead adds the seal to a version every party signed (signed, not yet sealed).
    "agreements:seal_now": Expect(
        LEAD, kwargs={**agreement, "freeze_pk": lambda p: _frozen(p).pk}, methods=("POST",), data=lambda p: {}
    ),
    # The JSON API (issue #18): the same readers as the pages.
    "api:agreement_list": Expect(READ, kwargs=collaboration),
    "api:agreement_detail": Expect(READ, kwargs=written),
    "api:agreement_version": Expect(READ, kwargs=version),
    "api:agreement_version_pdf": Expect(READ, kwargs=version),
}

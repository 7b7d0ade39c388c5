"""Authorization expectations of the business plan's URLs (merged by access_matrix.py).

Partners write and approve; observers read (403 on writes); outsiders 404; an explorer 403.
"""

from django.utils import timezone

from samenwerkwijzer.lib.authz import READ, WRITE, Expect


def _version(p):
    """Version 1 of the plan, made once per test."""
    if not hasattr(p, "_business_plan_version"):
        from .plan_factories import make_version

        p._business_plan_version = make_version(p)
    return p._business_plan_version


collaboration = {"pk": lambda p: p.collaboration.pk}
with_version = {"pk": lambda p: _version(p) and p.collaboration.pk}
version = {**collaboration, "number": lambda p: _version(p).number}


def _year():
    return timezone.localdate().year


EXPECTATIONS = {
    "businessmodel:plan": Expect(READ, kwargs=collaboration),
    "businessmodel:plan_budget": Expect(
        WRITE,
        kwargs=collaboration,
        methods=("GET", "POST"),
        data=lambda p: {"start_year": _year(), f"costs_{p.alpha.pk}_0": "1.250,50"},
    ),
    "businessmodel:plan_text": Expect(
        WRITE, kwargs=collaboration, methods=("GET", "POST"), data=lambda p: {"summary": "Overgenomen", "seen": ""}
    ),
    "businessmodel:plan_new_version": Expect(
        WRITE, kwargs=collaboration, methods=("POST",), data=lambda p: {"base_number": 0, "note": ""}
    ),
    "businessmodel:plan_approve": Expect(WRITE, kwargs=with_version, methods=("POST",), data=lambda p: {"version": 1}),
    "businessmodel:plan_versions": Expect(READ, kwargs=with_version),
    "businessmodel:plan_version": Expect(READ, kwargs=version),
    "businessmodel:plan_pdf": Expect(READ, kwargs=version),
    "businessmodel:plan_docx": Expect(READ, kwargs=version),
    "businessmodel:plan_goals_to_work_plan": Expect(
        WRITE, kwargs=with_version, methods=("POST",), data=lambda p: {"year": _year()}
    ),
    "api:business_plan": Expect(READ, kwargs=collaboration),
    "api:business_plan_versions": Expect(READ, kwargs=with_version),
    "api:business_plan_pdf": Expect(READ, kwargs=version),
}

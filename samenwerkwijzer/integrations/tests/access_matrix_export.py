"""Authorization expectation of the collaboration's export ZIP (see samenwerkwijzer/lib/authz.py).

WRITE is the matrix's word for "participants only": participants get it (also when archived, see
test_export_zip.py), observers and explorers 403, outsiders 404. It changes nothing.
"""

from samenwerkwijzer.lib.authz import WRITE, Expect

EXPECTATIONS = {
    "export:collaboration_zip": Expect(WRITE, kwargs={"pk": lambda p: p.collaboration.pk}),
}

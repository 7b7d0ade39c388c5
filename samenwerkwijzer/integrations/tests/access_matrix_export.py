"""Authorization expectations of the collaboration's export ZIP and of the pages of every export made in
the background (see samenwerkwijzer/lib/authz.py).

WRITE is the matrix's word for "participants only": participants get it (also when archived, see
test_export_zip.py), observers and explorers 403, outsiders 404. A participant's first request queues
the file and answers 303 (to its page), a denied one changes nothing.

A job's pages are the person's own (LOGIN): charlie sees his own job; anyone else's is a 404, as is his
own once he lost access (test_background_exports.py).
"""

from samenwerkwijzer.lib.authz import LOGIN, WRITE, Expect


def charlies_job(p) -> int:
    """A queued export of charlie's own collaboration (its download sends him back to its page)."""
    from datetime import timedelta

    from django.utils import timezone

    from samenwerkwijzer.integrations.background_exports import params_key
    from samenwerkwijzer.integrations.models import ExportJob
    from testsupport.factories import make_collaboration

    collaboration = make_collaboration(user=p.charlie, organisation=p.gamma, name="Gamma alleen")
    params = {"collaboration_id": collaboration.pk, "organisation_id": p.gamma.pk, "language": "nl"}
    return ExportJob.objects.create(
        kind="collaboration_zip",
        requested_by=p.charlie,
        params=params,
        key=params_key(params),
        expires_at=timezone.now() + timedelta(hours=1),
    ).pk


job = {"job_pk": charlies_job}

EXPECTATIONS = {
    "export:collaboration_zip": Expect(WRITE, kwargs={"pk": lambda p: p.collaboration.pk}, allowed_statuses=(303,)),
    "export:job": Expect(LOGIN, kwargs=job),
    "export:job_download": Expect(LOGIN, kwargs=job),
    "export:job_retry": Expect(LOGIN, kwargs=job, methods=("POST",), data=lambda p: {}),
}

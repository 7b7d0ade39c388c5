"""Access helpers of the integrations app: 404 for what is not yours, as for what does not exist."""

from django.http import Http404

from .background_exports import is_authorized
from .models import ApiToken, ExportJob


def get_token_for_user(user, token_pk) -> ApiToken:
    """One of the person's own API tokens."""
    token = ApiToken.objects.filter(user=user, pk=token_pk).first() if user.is_authenticated else None
    if token is None:
        raise Http404
    return token


def get_export_job_for_user(user, job_pk) -> ExportJob:
    """One of the person's own export jobs, while the export's own access rule still lets them see it
    (someone who left the collaboration gets 404 for a file made before, as for any job not theirs)."""
    job = ExportJob.objects.filter(requested_by=user, pk=job_pk).first()
    if job is None or not is_authorized(user, job):
        raise Http404
    return job

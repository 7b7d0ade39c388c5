"""A revealed round's PDF report ("…/rounds/<pk>/report.pdf") as a file made in the background
(integrations/background_exports.py): the same access and blind rule as the round's page."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.collaborations.access import get_collaboration_for_user
from samenwerkwijzer.integrations.background_exports import register_export_kind

from . import pdf, selectors
from .access import get_round_for_access


def round_access(user, job):
    """The access and the round as when the report was asked for: revealed, and read for the same
    organisation (an observer: none) as then."""
    organisation_id = job.params["organisation_id"]
    access = get_collaboration_for_user(user, job.params["collaboration_id"], preferred_organisation_id=organisation_id)
    if (access.organisation.pk if access.organisation else None) != organisation_id:
        raise PermissionDenied
    round_ = get_round_for_access(access, job.params["round_id"])
    if not round_.is_revealed():
        raise PermissionDenied
    return access, round_


def build(job, granted):
    from .views.exports import file_name

    access, round_ = granted
    context = {"access": access, "collaboration": access.collaboration, **selectors.round_results(access, round_)}
    content = pdf.render_round_pdf(context, base_url=settings.SITE_URL + "/")
    return content, file_name(access, round_, "pdf"), "application/pdf"


register_export_kind("round_pdf", label=_("the round's report (PDF)"), access=round_access, build=build)

"""The business plan's part of the collaboration's export ZIP (integrations/exports.py): the API's own
serialisation as ``business_plan.json`` and the PDF of the current version."""

from samenwerkwijzer.integrations.exports import register_files, register_section

from . import rendering_plan, selectors_plan
from .api_plan import plan_out, version_out


def serialise(access) -> dict:
    return {**plan_out(access), "versions": [version_out(v) for v in selectors_plan.versions_of(access)]}


def files(access):
    status = selectors_plan.plan_status(access)
    if status.version is not None:
        yield (
            f"businessplan/businessplan-versie-{status.version.number}.pdf",
            rendering_plan.render_pdf(version=status.version),
        )


register_section("business_plan", serialise)
register_files("business_plan", files)

"""The JSON API (django-ninja), served under /api/v1/ with its OpenAPI schema.

Each app contributes a router from its own ``api.py``. The plumbing every operation shares lives
in ``samenwerkwijzer/integrations``: who calls and pagination (``api_support.py``), errors as
problem details (``problems.py``) and rate limits (``throttling.py``). docs/api.md is the guide
for the people who build on it.
"""

import functools

from ninja import NinjaAPI

from samenwerkwijzer.agreements.api import router as agreements_router
from samenwerkwijzer.directory.api import router as directory_router
from samenwerkwijzer.instruments.api import router as instruments_router
from samenwerkwijzer.integrations import problems
from samenwerkwijzer.integrations.openapi import document_schema
from samenwerkwijzer.integrations.problems import API_VERSION
from samenwerkwijzer.integrations.throttling import api_throttles, refuse_over_address_limit
from samenwerkwijzer.legalforms.api import router as legalforms_router
from samenwerkwijzer.registry.api import router as registry_router


def _with_api_version(view):
    """Every answer of /api/v1/ (operations, errors, the schema, the docs page) says ``API-Version``;
    a 405 from ninja (an empty HTML answer) becomes a problem. Every call is first counted for its
    client address, before ninja authenticates it (so wrong tokens count too; throttling.py)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = refuse_over_address_limit(request)
        if response is None:
            response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/"):
            allow = response.get("Allow")
            response = problems.problem(405)
            if allow:
                response["Allow"] = allow
        response["API-Version"] = API_VERSION
        return response

    return wrapped


class SamenwerkwijzerAPI(NinjaAPI):
    """NinjaAPI with the API-Version header on every answer and a schema that documents the errors."""

    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            pattern.callback = _with_api_version(pattern.callback)
        return patterns

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_schema(schema)


api = SamenwerkwijzerAPI(
    title="Samenwerkwijzer API",
    version=API_VERSION,
    description="The collaborations of Samenwerkwijzer for your own tools. See docs/api.md in the repository.",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    throttle=api_throttles(),
)
problems.register(api)
api.add_router("/legal-forms", legalforms_router)
api.add_router("/directory", directory_router)
api.add_router("/instruments", instruments_router)
api.add_router("/agreements", agreements_router)
api.add_router("/registry", registry_router)
api.add_router("/workspace", "samenwerkwijzer.workspace.api.router")
api.add_router("/collaborations", "samenwerkwijzer.collaborations.api.router")
api.add_router("/business-model", "samenwerkwijzer.businessmodel.api.router")
api.add_router("/networks", "samenwerkwijzer.networks.api.router")

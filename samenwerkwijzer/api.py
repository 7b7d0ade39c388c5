"""The JSON API (django-ninja), served under /api/v1/ with its OpenAPI schema.

Each app contributes a router from its own ``api.py``.
"""

from ninja import NinjaAPI

from samenwerkwijzer.agreements.api import router as agreements_router
from samenwerkwijzer.directory.api import router as directory_router
from samenwerkwijzer.instruments.api import router as instruments_router
from samenwerkwijzer.legalforms.api import router as legalforms_router
from samenwerkwijzer.registry.api import router as registry_router

api = NinjaAPI(
    title="Samenwerkwijzer API",
    version="1",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/legal-forms", legalforms_router)
api.add_router("/directory", directory_router)
api.add_router("/instruments", instruments_router)
api.add_router("/agreements", agreements_router)
api.add_router("/registry", registry_router)

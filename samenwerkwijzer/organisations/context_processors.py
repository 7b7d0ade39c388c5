from . import access
from .access import CURRENT_ORGANISATION_SESSION_KEY

__all__ = ["CURRENT_ORGANISATION_SESSION_KEY", "current_organisation"]


def current_organisation(request):
    """The organisations of the user and the one they act for now (for the header's switch)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "my_organisations": access.request_organisations(request),
        "current_organisation": access.current_organisation(request),
    }

from .access import organisations_for_user

CURRENT_ORGANISATION_SESSION_KEY = "current_organisation_id"


def current_organisation(request):
    """The organisations of the user and the one they act for now (for the switcher)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    organisations = list(organisations_for_user(user))
    current_id = request.session.get(CURRENT_ORGANISATION_SESSION_KEY)
    current = next((o for o in organisations if o.pk == current_id), organisations[0] if organisations else None)
    return {"my_organisations": organisations, "current_organisation": current}

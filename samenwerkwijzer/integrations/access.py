"""Access helpers of the integrations app: 404 for what is not yours, as for what does not exist."""

from django.http import Http404

from .models import ApiToken


def get_token_for_user(user, token_pk) -> ApiToken:
    """One of the person's own API tokens."""
    token = ApiToken.objects.filter(user=user, pk=token_pk).first() if user.is_authenticated else None
    if token is None:
        raise Http404
    return token

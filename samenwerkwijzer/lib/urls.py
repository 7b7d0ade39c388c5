from django.conf import settings
from django.urls import reverse


def site_url(name: str, *args) -> str:
    """Absolute link to a page, for e-mails and calendar files made outside a request."""
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as globals_context
from django.conf import settings
from django.urls import reverse

from samenwerkwijzer.lib.mail import queue_message, safe_subject

PENDING_INVITATION_SESSION_KEY = "pending_invitation_url"
SITE_NAME = "Samenwerkwijzer"


def mail_site() -> SimpleNamespace:
    """The site as allauth's mails name it ("Hallo van ...!"): our name and SITE_URL's domain.

    Without django.contrib.sites allauth would use the request's host (e.g. 127.0.0.1:8100).
    """
    return SimpleNamespace(name=SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def _request_origin(request) -> str | None:
    return request.build_absolute_uri("/").rstrip("/") if request is not None else None


def _on_site_url(value, origin: str | None):
    """A link to this site built from the request (``http://other-host/...``) as a SITE_URL link."""
    if isinstance(value, str) and origin and (value == origin or value.startswith(origin + "/")):
        return settings.SITE_URL.rstrip("/") + value[len(origin) :]
    return value


def _guided_start(user) -> str | None:
    """The guided start, for someone who belongs to no organisation and observes no collaboration.

    Installation staff (reviewers, administrators) and observers (advisers) are not asked to start one.
    """
    if not getattr(user, "is_authenticated", False) or user.is_staff:
        return None
    if user.memberships.exists() or user.observations.exists():
        return None
    return reverse("onboarding:start")


class AccountAdapter(DefaultAccountAdapter):
    """Brings people who came in through an invitation link back to it after login or verification.

    The invitation page stores its own path in the session; it is removed once the
    invitation is accepted.
    """

    def send_mail(self, template_prefix, email, context):
        # allauth builds its links (confirmation, password reset, sign-up) from the request's
        # host; links in mail come from SITE_URL only, so they are moved there.
        origin = _request_origin(globals_context.request)
        context = {key: _on_site_url(value, origin) for key, value in context.items()}
        context = {"request": globals_context.request, "email": email, **context, "current_site": mail_site()}
        # Through the outbox like every mail (lib/mail.py); queued in the current transaction, so
        # the immediate task backend of the tests sends it at once, as allauth itself would.
        queue_message(self.render_mail(template_prefix, email, context), after_commit=False)

    def format_email_subject(self, subject: str) -> str:
        return safe_subject(super().format_email_subject(subject))

    def get_login_redirect_url(self, request):
        return (
            request.session.get(PENDING_INVITATION_SESSION_KEY)
            or _guided_start(request.user)
            or super().get_login_redirect_url(request)
        )

    def get_signup_redirect_url(self, request):
        return (
            request.session.get(PENDING_INVITATION_SESSION_KEY)
            or _guided_start(request.user)
            or super().get_signup_redirect_url(request)
        )

    def get_email_verification_redirect_url(self, email_address):
        pending = self.request.session.get(PENDING_INVITATION_SESSION_KEY)
        return pending or _guided_start(self.request.user) or super().get_email_verification_redirect_url(email_address)

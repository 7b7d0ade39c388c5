"""Browser policies Django has no setting for. The Content-Security-Policy comes from django-csp
(settings.CONTENT_SECURITY_POLICY); Referrer-Policy, X-Content-Type-Options and
Cross-Origin-Opener-Policy from Django's SecurityMiddleware (SECURE_* settings)."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Switches off browser features the app never uses (camera, microphone, location, …), for
    the app and for anything that might be framed into it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response

from allauth.account.adapter import DefaultAccountAdapter

PENDING_INVITATION_SESSION_KEY = "pending_invitation_url"


class AccountAdapter(DefaultAccountAdapter):
    """Brings people who came in through an invitation link back to it after login or verification.

    The invitation page stores its own path in the session; it is removed once the
    invitation is accepted.
    """

    def get_login_redirect_url(self, request):
        return request.session.get(PENDING_INVITATION_SESSION_KEY) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        return request.session.get(PENDING_INVITATION_SESSION_KEY) or super().get_signup_redirect_url(request)

    def get_email_verification_redirect_url(self, email_address):
        pending = self.request.session.get(PENDING_INVITATION_SESSION_KEY)
        return pending or super().get_email_verification_redirect_url(email_address)

from allauth.account.adapter import DefaultAccountAdapter

PENDING_INVITATION_SESSION_KEY = "pending_invitation_url"


class AccountAdapter(DefaultAccountAdapter):
    """Brings people who came in through an invitation link back to it after login."""

    def get_login_redirect_url(self, request):
        pending = request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
        return pending or super().get_login_redirect_url(request)

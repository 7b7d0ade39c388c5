"""The page of a person's own API tokens (mounted at /directory/tokens/, where it always was)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samenwerkwijzer.lib.forms import apply_validation_error

from . import services
from .access import get_token_for_user
from .forms import ApiTokenForm
from .models import ApiToken


@require_http_methods(["GET", "POST"])
@login_required
def tokens(request):
    form = ApiTokenForm(request.POST or None, user=request.user)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.api_token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            form = ApiTokenForm(user=request.user)
    response = render(
        request,
        "integrations/tokens.html",
        {
            "form": form,
            "tokens": ApiToken.objects.filter(user=request.user).select_related("organisation", "collaboration"),
            "new_token": new_token,
            "now": timezone.now(),
        },
    )
    if new_token:
        response["Cache-Control"] = "no-store"  # the token is shown once: keep it out of every cache
    return response


@require_POST
@login_required
def token_revoke(request, token_pk):
    token = get_token_for_user(request.user, token_pk)
    services.api_token_revoke(user=request.user, token=token)
    messages.success(request, _("The token %(name)s no longer works.") % {"name": token.name})
    return redirect("integrations:tokens")

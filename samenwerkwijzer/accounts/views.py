from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from samenwerkwijzer.lib.forms import apply_validation_error

from . import notifications, services
from .forms import NotificationSettingsForm, ProfileForm
from .models import NotificationSetting


@require_http_methods(["GET", "POST"])
@login_required
def notification_settings(request):
    current = dict(NotificationSetting.objects.filter(user=request.user).values_list("kind", "frequency"))
    form = NotificationSettingsForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for kind, frequency in form.cleaned_data.items():
                NotificationSetting.objects.update_or_create(
                    user=request.user, kind=kind, defaults={"frequency": frequency}
                )
        messages.success(request, _("Your e-mail settings have been saved."))
        return redirect("accounts:notifications")
    return render(request, "accounts/notifications.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, initial={"full_name": user.full_name, "job_title": user.job_title})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(user=user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your details have been saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


# The link in an e-mail must work without logging in and from a mail client's
# one-click unsubscribe (RFC 8058), which sends a POST without a CSRF token. The
# signed token is the authorisation; the only possible effect is fewer e-mails.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    found = notifications.read_unsubscribe_token(token)
    if found is None:
        return render(request, "accounts/unsubscribe.html", {"invalid": True}, status=404)
    user, kind = found
    if request.method == "POST":
        notifications.unsubscribe(user=user, kind=kind)
        return render(request, "accounts/unsubscribe.html", {"done": True, "kind": notifications.kind_label(kind)})
    return render(request, "accounts/unsubscribe.html", {"kind": notifications.kind_label(kind)})

from allauth.socialaccount.models import SocialAccount
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samenwerkwijzer.lib.forms import apply_validation_error
from samenwerkwijzer.lib.storage import StorageUnavailable, open_for_download, unavailable

from . import access, services
from .forms import DeleteAccountForm
from .models import PersonalDataDownload


@require_http_methods(["GET", "POST"])
@login_required
def download(request):
    if request.method == "POST":
        services.request_download(user=request.user)
        messages.success(request, _("Your data is being prepared. We will send you an e-mail when it is ready."))
        return redirect("privacy:download")
    latest = PersonalDataDownload.objects.filter(user=request.user).first()
    return render(request, "privacy/download.html", {"latest": latest, "now": timezone.now()})


@require_GET
@login_required
def download_file(request, pk):
    found = access.get_ready_download(request.user, pk)
    try:
        handle = open_for_download(found.file)
    except FileNotFoundError as error:
        raise Http404 from error
    except StorageUnavailable:
        return unavailable(request)
    response = FileResponse(
        handle, content_type="application/zip", as_attachment=True, filename="mijn-gegevens-samenwerkwijzer.zip"
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def delete_account(request):
    user = request.user
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    blockers = services.deletion_blockers(user=user)
    if request.method == "POST" and not blockers and form.is_valid():
        step = access.reauthentication_step(request)
        if step is not None:
            return access.reauthenticate(request, step)
        try:
            services.delete_account(user=user)
        except ValidationError as error:  # a hand-over that became necessary meanwhile
            apply_validation_error(form, error)
        else:
            logout(request)
            return redirect("privacy:deleted")
    context = {"form": form, "blockers": blockers, "kept": services.what_stays(user=user)}
    return render(request, "privacy/delete.html", context)


@require_GET
@login_required
def reauthenticate_sso(request):
    accounts = SocialAccount.objects.filter(user=request.user)
    return render(request, "privacy/reauthenticate_sso.html", {"accounts": accounts})


@require_GET
def deleted(request):
    return render(request, "privacy/deleted.html")

"""eHerkenning: a member starts the login for their organisation; the broker sends the person back
to the callback, which records the login (services_eherkenning) or says calmly why it cannot."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samenwerkwijzer.organisations.access import get_membership_for_user
from samenwerkwijzer.organisations.models import Membership

from . import eherkenning
from .services_eherkenning import eherkenning_login_record

logger = logging.getLogger(__name__)


def _overview_url(organisation_pk: int) -> str:
    return reverse("verification:overview", args=[organisation_pk])


def _callback_url() -> str:
    # The redirect URI registered at the broker: <SITE_URL>/verification/eherkenning/callback/.
    return settings.SITE_URL.rstrip("/") + reverse("verification:eherkenning_callback")


def _failed(request, message, *, organisation=None):
    back_url = _overview_url(organisation.pk) if organisation else reverse("organisations:list")
    return render(
        request,
        "verification/eherkenning_failed.html",
        {"message": message, "organisation": organisation, "back_url": back_url},
    )


@require_POST
@login_required
def eherkenning_start(request, pk):
    membership = get_membership_for_user(request.user, pk)
    organisation = membership.organisation
    if not eherkenning.is_enabled():
        messages.error(request, _("Verification through eHerkenning is not available here."))
        return redirect(_overview_url(organisation.pk))
    if not organisation.kvk_number:
        messages.error(request, _("Enter the organisation's KvK number first."))
        return redirect(_overview_url(organisation.pk))
    try:
        url = eherkenning.authorization_url(
            request.session, organisation_id=organisation.pk, user_id=request.user.pk, redirect_uri=_callback_url()
        )
    except eherkenning.EherkenningError as error:
        logger.warning("eHerkenning start failed: %s", error)
        return _failed(request, error.message, organisation=organisation)
    return redirect(url)


@require_GET
@login_required
def eherkenning_callback(request):
    pending = eherkenning.take_pending(request.session)
    membership = None
    if pending is not None:
        membership = (
            Membership.objects.select_related("organisation", "user")
            .filter(user=request.user, organisation_id=pending.get("organisation"))
            .first()
        )
    organisation = membership.organisation if membership else None
    if request.GET.get("error"):
        logger.info("eHerkenning login ended by the broker: %s", request.GET.get("error"))
        if request.GET.get("error") == "access_denied":
            message = _("The eHerkenning login was cancelled. Nothing has changed.")
        else:
            message = _("The eHerkenning service ended the login without result. Nothing has changed.")
        return _failed(request, message, organisation=organisation)
    if membership is None or not eherkenning.pending_matches(
        pending, state=request.GET.get("state", ""), user_id=request.user.pk
    ):
        return _failed(
            request,
            _(
                "This eHerkenning response does not belong to a login you started here, or it came too late. "
                "Nothing has changed; please start again from your organisation's page."
            ),
            organisation=organisation,
        )
    if not eherkenning.is_enabled():
        return _failed(request, _("Verification through eHerkenning is not available here."), organisation=organisation)
    code = request.GET.get("code", "")
    if not code:
        return _failed(request, _("The eHerkenning service did not confirm the login."), organisation=organisation)
    try:
        result = eherkenning.complete(pending, code=code)
    except eherkenning.EherkenningError as error:
        logger.warning("eHerkenning login refused: %s", error)
        return _failed(request, error.message, organisation=organisation)
    was_verified = organisation.is_verified
    try:
        eherkenning_login_record(
            membership=membership,
            kvk_number=result.kvk_number,
            assurance_level=result.level,
            level_value=result.level_value,
            issuer=result.issuer,
            subject=result.subject,
            min_level=eherkenning.get_config().min_level,
        )
    except ValidationError as error:
        return _failed(request, " ".join(error.messages), organisation=organisation)
    if not was_verified:
        messages.success(
            request,
            _("%(name)s is now verified through eHerkenning (%(level)s).")
            % {"name": organisation.name, "level": result.level},
        )
    messages.success(
        request,
        _(
            "You may now sign for %(name)s: through eHerkenning, the company authorised you for Samenwerkwijzer. "
            "That is an authorisation for this service, not statutory representation (such as a director "
            "listed in the Handelsregister)."
        )
        % {"name": organisation.name},
    )
    return redirect(_overview_url(organisation.pk))

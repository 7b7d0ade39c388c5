"""The network itself: my networks, starting one, its home page, members and profiles, the
expertise list, invitations and leaving. Thin views: access helper → form → service → redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samenwerkwijzer.accounts.adapter import PENDING_INVITATION_SESSION_KEY
from samenwerkwijzer.lib.forms import apply_validation_error
from samenwerkwijzer.organisations.access import organisations_for_user

from . import selectors_network as selectors
from . import services_network as services
from .access import (
    get_availability_for_access,
    get_member_for_access,
    get_network_for_request,
    get_network_invitation_for_access,
    networks_for_user,
)
from .forms_network import (
    AcceptForm,
    AvailabilityForm,
    ExpertiseForm,
    InviteForm,
    NetworkCreateForm,
    NetworkForm,
    ProfileForm,
)
from .models import Availability
from .track_record import track_record


@login_required
@require_http_methods(["GET"])
def index(request):
    networks = networks_for_user(request.user).order_by("name")
    return render(request, "networks/index.html", {"networks": networks})


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    organisations = organisations_for_user(request.user)
    form = NetworkCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            network = services.network_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your network has started. Now add the expertises members can choose from."))
            return redirect("networks:expertises", network.pk)
    return render(request, "networks/create.html", {"form": form, "has_organisations": organisations.exists()})


@login_required
@require_http_methods(["GET"])
def detail(request, pk):
    access = get_network_for_request(request, pk)
    overview = selectors.network_overview(access)
    has_expertises = access.member.expertises.exists()
    if access.is_coordinator and overview.member_count < 2:
        primary = "invite"
    elif not has_expertises and overview.expertises:
        primary = "profile"
    else:
        primary = "assignment"
    return render(
        request,
        "networks/detail.html",
        {"access": access, "network": access.network, "overview": overview, "primary": primary},
    )


@login_required
@require_http_methods(["GET"])
def members(request, pk):
    access = get_network_for_request(request, pk)
    expertises = list(access.network.expertises.all())
    chosen = next((e for e in expertises if str(e.pk) == request.GET.get("expertise", "")), None)
    rows = selectors.member_rows(access.network, expertise=chosen)
    return render(
        request,
        "networks/members.html",
        {"access": access, "network": access.network, "rows": rows, "expertises": expertises, "chosen": chosen},
    )


@login_required
@require_http_methods(["GET"])
def member(request, pk, member_pk):
    access = get_network_for_request(request, pk)
    shown = get_member_for_access(access, member_pk)
    rows = [row for row in selectors.member_rows(access.network) if row.pk == shown.pk]
    context = {
        "access": access,
        "network": access.network,
        "shown": rows[0] if rows else shown,
        "track_record": track_record(shown),
    }
    return render(request, "networks/member.html", context)


@login_required
@require_POST
def member_role(request, pk, member_pk):
    access = get_network_for_request(request, pk, coordinator=True)
    shown = get_member_for_access(access, member_pk, active_only=True)
    services.member_make_coordinator(access=access, member=shown)
    messages.success(
        request, _("%(organisation)s is now a coordinator of the network.") % {"organisation": shown.organisation.name}
    )
    return redirect("networks:member", pk, shown.pk)


def _profile_page(request, access, form, availability_form, status=200):
    periods = access.member.availability.order_by("starts_on")
    return render(
        request,
        "networks/profile.html",
        {
            "access": access,
            "network": access.network,
            "form": form,
            "availability_form": availability_form,
            "periods": periods,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request, pk):
    access = get_network_for_request(request, pk)
    member = access.member
    initial = {
        "expertises": list(member.expertises.all()),
        "sbi_codes": ", ".join(member.sbi_codes),
        "day_rate": member.day_rate,
        "rate_band": member.rate_band,
        "home_pc4": member.home_pc4,
    }
    form = ProfileForm(request.POST or None, initial=initial, network=access.network)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(access=access, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("networks:profile", pk)
    return _profile_page(request, access, form, AvailabilityForm(initial={"kind": Availability.Kind.AVAILABLE}))


@login_required
@require_POST
def availability_add(request, pk):
    access = get_network_for_request(request, pk)
    availability_form = AvailabilityForm(request.POST)
    if availability_form.is_valid():
        try:
            services.availability_add(access=access, **availability_form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(availability_form, error)
        else:
            messages.success(request, _("The period has been added."))
            return redirect("networks:profile", pk)
    member = access.member
    form = ProfileForm(
        initial={
            "expertises": list(member.expertises.all()),
            "sbi_codes": ", ".join(member.sbi_codes),
            "day_rate": member.day_rate,
            "rate_band": member.rate_band,
            "home_pc4": member.home_pc4,
        },
        network=access.network,
    )
    return _profile_page(request, access, form, availability_form)


@login_required
@require_POST
def availability_delete(request, pk, availability_pk):
    access = get_network_for_request(request, pk)
    availability = get_availability_for_access(access, availability_pk)
    services.availability_delete(access=access, availability=availability)
    messages.success(request, _("The period has been removed."))
    return redirect("networks:profile", pk)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    access = get_network_for_request(request, pk, coordinator=True)
    network = access.network
    form = NetworkForm(request.POST or None, initial={"name": network.name, "description": network.description})
    if request.method == "POST" and form.is_valid():
        try:
            services.network_update(access=access, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The network has been saved."))
            return redirect("networks:edit", pk)
    return render(request, "networks/edit.html", {"access": access, "network": network, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def expertises(request, pk):
    """The coordinator keeps the controlled list: add, rename and remove (not while needed)."""
    access = get_network_for_request(request, pk, coordinator=True)
    items = selectors.expertise_counts(access.network)
    add_form = ExpertiseForm(prefix="new")
    rename_forms = {
        e.pk: ExpertiseForm(prefix=f"e{e.pk}", initial={"name": e.name, "description": e.description}) for e in items
    }
    remove_error = None
    if request.method == "POST":
        action = request.POST.get("action")
        chosen = next((e for e in items if str(e.pk) == request.POST.get("expertise", "")), None)
        try:
            if action == "add":
                add_form = ExpertiseForm(request.POST, prefix="new")
                if add_form.is_valid():
                    expertise = services.expertise_add(access=access, **add_form.cleaned_data)
                    messages.success(request, _("%(name)s has been added.") % {"name": expertise.name})
                    return redirect("networks:expertises", pk)
            elif action == "rename" and chosen is not None:
                form = rename_forms[chosen.pk] = ExpertiseForm(request.POST, prefix=f"e{chosen.pk}")
                if form.is_valid():
                    services.expertise_rename(access=access, expertise=chosen, **form.cleaned_data)
                    messages.success(request, _("The expertise has been saved."))
                    return redirect("networks:expertises", pk)
            elif action == "remove" and chosen is not None:
                services.expertise_remove(access=access, expertise=chosen)
                messages.success(request, _("%(name)s has been removed.") % {"name": chosen.name})
                return redirect("networks:expertises", pk)
            else:
                raise Http404
        except ValidationError as error:
            if action == "remove":
                remove_error = error.messages[0]
            else:
                apply_validation_error(add_form if action == "add" else rename_forms[chosen.pk], error)
    for item in items:
        item.form = rename_forms[item.pk]
    return render(
        request,
        "networks/expertises.html",
        {
            "access": access,
            "network": access.network,
            "items": items,
            "add_form": add_form,
            "remove_error": remove_error,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, pk):
    access = get_network_for_request(request, pk, coordinator=True)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(access=access, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("The invitation has been sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("networks:invite", pk)
    invitations = access.network.invitations.select_related("member__organisation")[:50]
    return render(
        request,
        "networks/invite.html",
        {"access": access, "network": access.network, "form": form, "invitations": invitations, "now": timezone.now()},
    )


@login_required
@require_POST
def invitation_revoke(request, pk, invitation_pk):
    access = get_network_for_request(request, pk, coordinator=True)
    invitation = get_network_invitation_for_access(access, invitation_pk)
    try:
        services.invitation_revoke(access=access, invitation=invitation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email})
    return redirect("networks:invite", pk)


@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    invitation = services.invitation_find(token)
    problem = services.invitation_problem(invitation, request.user)
    if problem:
        message, status = problem
        return render(request, "networks/accept.html", {"problem": message}, status=status)
    if not request.user.is_authenticated:
        request.session[PENDING_INVITATION_SESSION_KEY] = request.path
        return render(request, "networks/accept.html", {"invitation": invitation, "welcome": True})
    organisations = organisations_for_user(request.user)
    form = AcceptForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and request.POST.get("action") == "decline":
        services.invitation_decline(token=token, user=request.user)
        request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
        messages.success(request, _("You have declined the invitation. The coordinator can see that."))
        return redirect("networks:index")
    if request.method == "POST" and form.is_valid():
        try:
            member = services.invitation_accept(token=token, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            request.session.pop(PENDING_INVITATION_SESSION_KEY, None)
            messages.success(
                request,
                _("Welcome to %(name)s. Fill in your profile so others know what to expect from you.")
                % {"name": invitation.network.name},
            )
            return redirect("networks:profile", member.network_id)
    return render(
        request,
        "networks/accept.html",
        {"invitation": invitation, "form": form, "has_organisations": organisations.exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def leave(request, pk):
    access = get_network_for_request(request, pk)
    error = None
    if request.method == "POST":
        try:
            services.member_leave(access=access)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(
                request,
                _("%(organisation)s has left %(name)s.")
                % {"organisation": access.organisation.name, "name": access.network.name},
            )
            return redirect("networks:index")
    open_places = access.member.team_invitations.filter(
        status__in=services.OPEN_TEAM_STATUSES, assignment__status__in=services.RUNNING_ASSIGNMENT_STATUSES
    ).select_related("assignment")
    return render(
        request,
        "networks/leave.html",
        {"access": access, "network": access.network, "error": error, "open_places": open_places},
        status=400 if error else 200,
    )

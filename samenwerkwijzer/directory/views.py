import dataclasses

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenwerkwijzer.collaborations.access import (
    collaborations_for_user,
    get_collaboration_for_request,
    lead_collaborations_for_user,
)
from samenwerkwijzer.collaborations.models import Participant
from samenwerkwijzer.lib.forms import apply_validation_error
from samenwerkwijzer.organisations.access import get_membership_for_user
from samenwerkwijzer.organisations.models import Membership, Organisation

from . import search, selectors, services, suggestions
from .access import get_connection_for_membership, get_entry
from .forms import (
    ConnectionForm,
    EntryChoiceForm,
    InviteForm,
    ListingForm,
    PartnerProfileForm,
    SearchFilterForm,
)
from .models import Connection, DirectoryEntry, DirectoryListing, PartnerProfile, ShortlistItem

PAGE_SIZE = 20


def _collaboration_access(request, pk, **kwargs):
    return get_collaboration_for_request(request, pk, **kwargs)


@require_GET
@login_required
def index(request):
    memberships = Membership.objects.filter(user=request.user).select_related("organisation")
    collaborations = collaborations_for_user(request.user).order_by("name")
    return render(request, "directory/index.html", {"memberships": memberships, "collaborations": collaborations})


# --- Wanted-partner profile ------------------------------------------------


def _profile_initial(profile: PartnerProfile | None, organisation: Organisation | None) -> dict:
    if profile is not None:
        initial = {name: getattr(profile, name) for name in services.PROFILE_FIELDS}
        initial["sbi_codes"] = ", ".join(profile.sbi_codes)
        return initial
    initial = {"pc4": organisation.pc4 if organisation else ""}
    if organisation is not None:
        prefill = selectors.zelfcheck_offers_and_needs(organisation)
        if prefill:
            initial["offers"], initial["needs"] = prefill
    return initial


def _profile_form_view(request, *, owner: dict, organisation, context: dict, done_url: str):
    profile = PartnerProfile.objects.filter(**owner).first()
    form = PartnerProfileForm(request.POST or None, initial=_profile_initial(profile, organisation))
    if request.method == "POST" and form.is_valid():
        services.profile_save(**owner, data=form.cleaned_data, user=request.user)
        messages.success(request, _("The wanted-partner profile has been saved."))
        return redirect(done_url)
    return render(request, "directory/profile_form.html", {"form": form, **context})


@require_http_methods(["GET", "POST"])
@login_required
def organisation_profile(request, pk):
    membership = get_membership_for_user(request.user, pk)
    organisation = membership.organisation
    return _profile_form_view(
        request,
        owner={"organisation": organisation},
        organisation=organisation,
        context={"organisation": organisation},
        done_url=reverse("directory:organisation_search", args=[pk]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def collaboration_profile(request, pk):
    access = _collaboration_access(request, pk, write=True)
    return _profile_form_view(
        request,
        owner={"collaboration": access.collaboration},
        organisation=access.organisation,
        context={"collaboration": access.collaboration, "access": access},
        done_url=reverse("directory:collaboration_search", args=[pk]),
    )


# --- Search results --------------------------------------------------------


def _wanted(profile: PartnerProfile, *, origin_pc4, ring: int | None):
    wanted = selectors.profile_to_search(profile, origin_pc4=origin_pc4)
    return dataclasses.replace(wanted, ring=ring) if ring else wanted


def _run_search(request, profile: PartnerProfile, *, origin_pc4, searcher_ids, suggestions_url):
    filters = SearchFilterForm(request.GET or None, suggestions_url=suggestions_url)
    ring, page_number, name = filters.values()
    wanted = _wanted(profile, origin_pc4=origin_pc4, ring=ring)
    offset = min((page_number - 1) * PAGE_SIZE, search.TOTAL_CAP - PAGE_SIZE)
    page = search.run(wanted, limit=PAGE_SIZE, offset=offset, rings=selectors.ring_entries(searcher_ids), name=name)
    cultures = selectors.listed_cultures([result.entry_id for result in page.results])
    contacts = selectors.introducers(searcher_ids) if any(result.via for result in page.results) else {}
    for result in page.results:
        # With a name, its reason comes first.
        result.reason_texts = [search.reason_text(reason) for reason in result.reasons]
        result.culture = cultures.get(result.entry_id, "")
        # Who can introduce you, each with their verification.
        result.introducers = [(via, contacts.get(via)) for via in result.via]
    shortlisted = set(ShortlistItem.objects.filter(profile=profile).values_list("entry_id", flat=True))
    return {
        "filters": filters,
        "page": page,
        "page_number": offset // PAGE_SIZE + 1,
        "ring": ring or "",
        "name": name,
        "q": filters.data.get("q", ""),  # as typed, kept by the pager
        "shortlisted": shortlisted,
        "taking_part": set(),
        "profile": profile,
        "wanted": wanted,
    }


def _suggestions(request, profile: PartnerProfile | None, *, origin_pc4, searcher_ids):
    """The name suggestions fragment (htmx): empty without a profile or for a short or refused name."""
    found, searched = [], False
    if profile is not None:
        ring, _page, name = SearchFilterForm(request.GET).values()
        searched = suggestions.long_enough(name)
        found = suggestions.suggest(name, _wanted(profile, origin_pc4=origin_pc4, ring=ring), searcher_ids=searcher_ids)
    return render(request, "directory/_name_suggestions.html", {"suggestions": found, "searched": searched})


@require_GET
@login_required
def organisation_search(request, pk):
    membership = get_membership_for_user(request.user, pk)
    organisation = membership.organisation
    profile = PartnerProfile.objects.filter(organisation=organisation).first()
    if profile is None:
        return render(request, "directory/no_profile.html", {"organisation": organisation})
    context = _run_search(
        request,
        profile,
        origin_pc4=organisation.pc4,
        searcher_ids=[organisation.pk],
        suggestions_url=reverse("directory:organisation_search_suggestions", args=[pk]),
    )
    context.update(
        {
            "organisation": organisation,
            "can_write": True,
            "shortlist_url": reverse("directory:organisation_shortlist_change", args=[pk]),
            "profile_url": reverse("directory:organisation_profile", args=[pk]),
        }
    )
    return render(request, "directory/search.html", context)


@require_GET
@login_required
def collaboration_search(request, pk):
    access = _collaboration_access(request, pk)
    profile = PartnerProfile.objects.filter(collaboration=access.collaboration).first()
    if profile is None:
        return render(request, "directory/no_profile.html", {"collaboration": access.collaboration, "access": access})
    own = access.organisation
    origin = own.pc4 if own else _lead_pc4(access.collaboration)
    context = _run_search(
        request,
        profile,
        origin_pc4=origin,
        searcher_ids=[own.pk] if own else [],
        suggestions_url=reverse("directory:collaboration_search_suggestions", args=[pk]),
    )
    participating = Participant.objects.filter(collaboration=access.collaboration).values("organisation_id")
    context.update(
        {
            # Organisations that already take part are shown as such, not offered as new partners.
            "taking_part": set(
                DirectoryEntry.objects.filter(
                    pk__in=[result.entry_id for result in context["page"].results],
                    organisation_id__in=participating,
                ).values_list("pk", flat=True)
            ),
            "collaboration": access.collaboration,
            "access": access,
            "can_write": access.can_write,
            "can_invite": access.is_lead,
            "shortlist_url": reverse("directory:collaboration_shortlist_change", args=[pk]),
            "profile_url": reverse("directory:collaboration_profile", args=[pk]),
        }
    )
    return render(request, "directory/search.html", context)


@require_GET
@login_required
def organisation_search_suggestions(request, pk):
    membership = get_membership_for_user(request.user, pk)
    organisation = membership.organisation
    profile = PartnerProfile.objects.filter(organisation=organisation).first()
    return _suggestions(request, profile, origin_pc4=organisation.pc4, searcher_ids=[organisation.pk])


@require_GET
@login_required
def collaboration_search_suggestions(request, pk):
    access = _collaboration_access(request, pk)
    profile = PartnerProfile.objects.filter(collaboration=access.collaboration).first()
    own = access.organisation
    origin = own.pc4 if own else _lead_pc4(access.collaboration)
    return _suggestions(request, profile, origin_pc4=origin, searcher_ids=[own.pk] if own else [])


def _lead_pc4(collaboration) -> str | None:
    lead = Participant.objects.filter(collaboration=collaboration, role=Participant.Role.LEAD).select_related(
        "organisation"
    )
    first = lead.first()
    return first.organisation.pc4 if first else None


# --- Shortlist -------------------------------------------------------------


def _shortlist_change(request, profile: PartnerProfile | None, back: str):
    form = EntryChoiceForm(request.POST)
    if profile is None or not form.is_valid():
        messages.error(request, _("That did not work. Try again from the search results."))
        return HttpResponseRedirect(back)  # not redirect(): it would try "back" as a URL name
    entry = get_entry(form.cleaned_data["entry"])
    if form.cleaned_data["action"] == "add":
        services.shortlist_add(profile=profile, entry=entry, user=request.user)
        messages.success(request, _("%(name)s is on the shortlist.") % {"name": entry.name})
    else:
        services.shortlist_remove(profile=profile, entry=entry)
        messages.success(request, _("%(name)s has been taken off the shortlist.") % {"name": entry.name})
    return HttpResponseRedirect(back)


def _safe_back(request, default: str) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return default


@require_POST
@login_required
def organisation_shortlist_change(request, pk):
    membership = get_membership_for_user(request.user, pk)
    profile = PartnerProfile.objects.filter(organisation=membership.organisation).first()
    return _shortlist_change(
        request, profile, _safe_back(request, reverse("directory:organisation_shortlist", args=[pk]))
    )


@require_POST
@login_required
def collaboration_shortlist_change(request, pk):
    access = _collaboration_access(request, pk, write=True)
    profile = PartnerProfile.objects.filter(collaboration=access.collaboration).first()
    return _shortlist_change(
        request, profile, _safe_back(request, reverse("directory:collaboration_shortlist", args=[pk]))
    )


def _shortlist_items(owner: dict):
    return ShortlistItem.objects.filter(**{f"profile__{key}": value for key, value in owner.items()}).select_related(
        "entry__organisation", "deregistration", "added_by"
    )


@require_GET
@login_required
def organisation_shortlist(request, pk):
    membership = get_membership_for_user(request.user, pk)
    items = _shortlist_items({"organisation": membership.organisation})
    return render(
        request,
        "directory/shortlist.html",
        {
            "organisation": membership.organisation,
            "items": items,
            "can_write": True,
            "shortlist_url": reverse("directory:organisation_shortlist_change", args=[pk]),
        },
    )


@require_GET
@login_required
def collaboration_shortlist(request, pk):
    access = _collaboration_access(request, pk)
    items = _shortlist_items({"collaboration": access.collaboration})
    return render(
        request,
        "directory/shortlist.html",
        {
            "collaboration": access.collaboration,
            "access": access,
            "items": items,
            "can_write": access.can_write,
            "can_invite": access.is_lead,
            "shortlist_url": reverse("directory:collaboration_shortlist_change", args=[pk]),
        },
    )


# --- Invite to explore -----------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def invite(request, entry_pk):
    entry = get_entry(entry_pk)
    collaborations = lead_collaborations_for_user(request.user).order_by("name")
    preselected = request.GET.get("collaboration")
    form = InviteForm(
        request.POST or None,
        collaborations=collaborations,
        initial={"collaboration": preselected if preselected and preselected.isdigit() else None},
    )
    if request.method == "POST" and form.is_valid():
        access = _collaboration_access(request, form.cleaned_data["collaboration"].pk, lead=True)
        try:
            invitation = services.invite_to_explore(
                access=access,
                entry=entry,
                email=form.cleaned_data["email"],
                base_url=settings.SITE_URL,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s has been invited to explore %(collaboration)s; the link went to %(email)s.")
                % {"name": entry.name, "collaboration": access.collaboration.name, "email": invitation.email},
            )
            return redirect("directory:collaboration_shortlist", access.collaboration.pk)
    return render(
        request,
        "directory/invite.html",
        {
            "form": form,
            "entry": entry,
            # Partners are told before they invite whether the company on the platform is verified.
            "platform_organisation": selectors.platform_organisation(entry),
            "has_collaborations": collaborations.exists(),
        },
    )


# --- Findable listing ------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def listing(request, pk):
    membership = get_membership_for_user(request.user, pk, manage=True)
    organisation = membership.organisation
    current = DirectoryListing.objects.filter(organisation=organisation).first()
    if current is not None:
        initial = {
            "findable": current.findable,
            "chain_position": current.chain_position,
            "offers": current.offers,
            "needs": current.needs,
            "specialisms": current.specialisms,
            "culture": current.culture,
        }
    else:
        initial = {"findable": False}
        prefill = selectors.zelfcheck_offers_and_needs(organisation)
        if prefill:
            initial["offers"], initial["needs"] = prefill
    form = ListingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_save(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if form.cleaned_data["findable"]:
                messages.success(request, _("Your organisation is findable in the partner directory."))
            else:
                messages.success(request, _("Your organisation is not findable in the partner directory."))
            return redirect("directory:listing", pk)
    return render(request, "directory/listing.html", {"form": form, "organisation": organisation, "listing": current})


# --- Connections (the second ring) -----------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def connections(request, pk):
    membership = get_membership_for_user(request.user, pk)
    organisation = membership.organisation
    form = ConnectionForm(request.POST or None)
    if request.method == "POST":
        if not membership.is_admin:
            raise PermissionDenied
        if form.is_valid():
            other = Organisation.objects.filter(
                kvk_number=form.cleaned_data["kvk_number"],
                directory_listing__findable=True,
                verification_status=Organisation.VerificationStatus.VERIFIED,
            ).first()
            if other is None:
                form.add_error("kvk_number", _("No findable organisation on Samenwerkwijzer has this KvK number."))
            else:
                try:
                    connection = services.connection_request(
                        membership=membership, other=other, kind=form.cleaned_data["kind"]
                    )
                except ValidationError as error:
                    apply_validation_error(form, error)
                else:
                    if connection.confirmed_at:
                        messages.success(
                            request, _("The connection with %(name)s is confirmed.") % {"name": other.name}
                        )
                    else:
                        messages.success(
                            request, _("%(name)s is asked to confirm the connection.") % {"name": other.name}
                        )
                    return redirect("directory:connections", pk)
    rows = Connection.objects.filter(
        Q(from_organisation=organisation) | Q(to_organisation=organisation)
    ).select_related("from_organisation", "to_organisation")
    confirmed, incoming, outgoing = [], [], []
    for connection in rows:
        connection.other_organisation = connection.other(organisation.pk)
        if connection.confirmed_at:
            confirmed.append(connection)
        elif connection.to_organisation_id == organisation.pk:
            incoming.append(connection)
        else:
            outgoing.append(connection)
    return render(
        request,
        "directory/connections.html",
        {
            "organisation": organisation,
            "membership": membership,
            "form": form,
            "confirmed": confirmed,
            "incoming": incoming,
            "outgoing": outgoing,
        },
    )


@require_POST
@login_required
def connection_confirm(request, pk, connection_pk):
    membership = get_membership_for_user(request.user, pk, manage=True)
    connection = get_connection_for_membership(membership, connection_pk)
    services.connection_confirm(membership=membership, connection=connection)
    messages.success(request, _("The connection is confirmed."))
    return redirect("directory:connections", pk)


@require_POST
@login_required
def connection_remove(request, pk, connection_pk):
    membership = get_membership_for_user(request.user, pk, manage=True)
    connection = get_connection_for_membership(membership, connection_pk)
    services.connection_remove(membership=membership, connection=connection)
    messages.success(request, _("The connection has been removed."))
    return redirect("directory:connections", pk)

"""Authorization expectations of the network API (/api/v1/networks) and the network's export ZIP
(see samenwerkwijzer/lib/authz.py). The API answers 401 anonymously (the matrix knows); outsiders
and members of other networks 404; every active member reads."""

from samenwerkwijzer.lib.authz import LOGIN, NETWORK_MEMBER, Expect

from .factories import network_personas

network = {"pk": lambda p: network_personas(p).network.pk}
assignment = {**network, "assignment_pk": lambda p: network_personas(p).assignment.pk}

EXPECTATIONS = {
    "api:networks": Expect(LOGIN),
    "api:network": Expect(NETWORK_MEMBER, kwargs=network),
    "api:network_members": Expect(NETWORK_MEMBER, kwargs=network),
    "api:network_assignments": Expect(NETWORK_MEMBER, kwargs=network),
    "api:network_assignment": Expect(NETWORK_MEMBER, kwargs=assignment),
    "api:network_assignment_evaluations": Expect(NETWORK_MEMBER, kwargs=assignment),
}

# The network's export ZIP (networks/urls_export.py): every active member downloads it. Its row counts
# once the lead has added the pattern to networks/urls.py (until then the URL does not exist).
# Made in the background: a member's first request answers 303 (to the job's page).
EXPORT_EXPECTATIONS = {"networks:export": Expect(NETWORK_MEMBER, kwargs=network, allowed_statuses=(303,))}


def _export_is_mounted() -> bool:
    from samenwerkwijzer.networks import urls

    return any(getattr(pattern, "name", None) == "export" for pattern in urls.urlpatterns)


if _export_is_mounted():
    EXPECTATIONS |= EXPORT_EXPECTATIONS

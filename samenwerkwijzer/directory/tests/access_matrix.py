from samenwerkwijzer.directory.models import Connection
from samenwerkwijzer.lib.authz import LOGIN, ORGANISATION_ADMIN, ORGANISATION_MEMBER, PUBLIC, READ, WRITE, Expect

from .factories import entry_for_matrix

organisation = {"pk": lambda p: p.alpha.pk}
collaboration = {"pk": lambda p: p.collaboration.pk}


def incoming_connection(p) -> int:
    connection, _created = Connection.objects.get_or_create(
        from_organisation=p.beta, to_organisation=p.alpha, defaults={"kind": Connection.Kind.KNOW_EACH_OTHER}
    )
    return connection.pk


def profile_data(p) -> dict:
    return {"pc4": "3511", "max_km": "25", "needs": ["logistiek"], "offers": ["vakkennis"]}


EXPECTATIONS = {
    "directory:index": Expect(LOGIN),
    "directory:organisation_profile": Expect(
        ORGANISATION_MEMBER, kwargs=organisation, methods=("GET", "POST"), data=profile_data
    ),
    # Without a profile the search page sends the member to the profile form (302).
    "directory:organisation_search": Expect(ORGANISATION_MEMBER, kwargs=organisation),
    # Name suggestions while typing (htmx): the search page's access rule.
    "directory:organisation_search_suggestions": Expect(ORGANISATION_MEMBER, kwargs=organisation),
    "directory:organisation_shortlist": Expect(ORGANISATION_MEMBER, kwargs=organisation),
    "directory:organisation_shortlist_change": Expect(
        ORGANISATION_MEMBER,
        kwargs=organisation,
        methods=("POST",),
        data=lambda p: {"entry": 999_999, "action": "add"},
    ),
    "directory:listing": Expect(
        ORGANISATION_ADMIN,
        kwargs=organisation,
        methods=("GET", "POST"),
        data=lambda p: {"findable": "on", "chain_position": "producent", "offers": ["vakkennis"]},
    ),
    "directory:connections": Expect(
        ORGANISATION_MEMBER,
        kwargs=organisation,
        methods=("GET", "POST"),
        data=lambda p: {"kvk_number": p.beta.kvk_number, "kind": "know_each_other"},
    ),
    "directory:connection_confirm": Expect(
        ORGANISATION_ADMIN,
        kwargs={**organisation, "connection_pk": incoming_connection},
        methods=("POST",),
        data=lambda p: {},
    ),
    "directory:connection_remove": Expect(
        ORGANISATION_ADMIN,
        kwargs={**organisation, "connection_pk": incoming_connection},
        methods=("POST",),
        data=lambda p: {},
    ),
    "directory:collaboration_profile": Expect(WRITE, kwargs=collaboration, methods=("GET", "POST"), data=profile_data),
    "directory:collaboration_search": Expect(READ, kwargs=collaboration),
    "directory:collaboration_search_suggestions": Expect(READ, kwargs=collaboration),
    "directory:collaboration_shortlist": Expect(READ, kwargs=collaboration),
    "directory:collaboration_shortlist_change": Expect(
        WRITE,
        kwargs=collaboration,
        methods=("POST",),
        data=lambda p: {"entry": 999_999, "action": "add"},
    ),
    "directory:invite": Expect(
        LOGIN,
        kwargs={"entry_pk": entry_for_matrix},
        methods=("GET", "POST"),
        data=lambda p: {"collaboration": p.collaboration.pk, "email": "x@example.org"},
    ),
    # The API answers 401 (not a redirect) to anonymous requests; see test_api.py.
    "api:directory_search": Expect(PUBLIC, allowed_statuses=(401,)),
}

"""Vocabulary of the authorization matrix.

Every URL pattern of the project needs an ``Expect`` in some app's
``tests/access_matrix.py`` (a dict ``EXPECTATIONS`` keyed by the URL name, or for
patterns without a name by ``module:function``). The matrix test in
``core/tests/test_authorization_matrix.py`` collects them all, fails for a pattern
without one, and checks each persona against it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Who may do what:
PUBLIC = "public"  # anyone, logged in or not; never a 5xx
LOGIN = "login"  # any logged-in user; anonymous is sent to the login page
READ = "read"  # members and observers of the collaboration; outsiders 404
WRITE = "write"  # members; observers 403; outsiders 404
LEAD = "lead"  # the lead organisation; partners and observers 403; outsiders 404
ORGANISATION_MEMBER = "organisation_member"  # members of the organisation; others 404
ORGANISATION_ADMIN = "organisation_admin"  # administrators of the organisation; members 403; others 404
STAFF = "staff"  # the Django admin: installation administrators only
NETWORK_MEMBER = "network_member"  # active members of the network; outsiders (and other networks') 404
NETWORK_COORDINATOR = "network_coordinator"  # the network's coordinator; members 403; outsiders 404
THIRD_PARTY = "third_party"  # allauth and similar: only "never a 5xx" is checked here


@dataclass(frozen=True)
class Expect:
    kind: str
    # URL kwargs computed from the personas (see testsupport.factories.Personas).
    kwargs: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    # Methods the view answers; any other method must get 405.
    methods: tuple[str, ...] = ("GET",)
    # Form data for the POST that a denied user tries (it must change nothing).
    data: Callable[[Any], dict] | None = None
    # For PUBLIC endpoints with their own answers (e.g. an invalid token → 404); for the others, what
    # an allowed person may get besides 200 (a download made in the background answers 303).
    allowed_statuses: tuple[int, ...] = ()
    # What erin, an explorer (verkenner) of the collaboration, gets on a collaboration-scoped
    # pattern: 403 (nothing changes) unless the page is shared with explorers; 200 where it is,
    # 404 where it is shared but the object in the URL is not hers (another round).
    explorer: int = 403

"""No 5xx, whatever a user types: every URL of the resolver, generated query strings and form data.

Issue #17: any parameter a user can touch (query strings, form fields, path ids) with wrong types,
non-ASCII digits ("²", "١٢"), huge numbers, NUL bytes, overlong strings, emoji or right-to-left
text gets an answer below 500. The URLs, their methods and the ids in them come from the
authorization matrix (each app's ``tests/access_matrix.py``); the person is one who may use the
page (alice, who leads the collaboration and administers her organisation), and for public pages
also nobody. Form field names come from the page itself (``<input>``, ``<select>``, ``<textarea>``)
or, for a POST-only URL, from the matrix's example data; each generated form keeps some valid
values, so the view gets past its first check.

The Django admin (``STAFF``) is Django's own and left out. Bounded by ``MAX_EXAMPLES`` per URL and
marked ``fuzz``: CI runs it once, in the SQLite run with the browser tests.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samenwerkwijzer.core.tests.test_authorization_matrix import ALL_PATTERNS, _build_url, expectation_for
from samenwerkwijzer.lib import authz

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db(transaction=False)]

MAX_EXAMPLES = 10  # 25 per URL would take the module past 3 minutes with -n 2; 10 keeps it near 1.5

FUZZED = [p for p in ALL_PATTERNS if expectation_for(p).kind != authz.STAFF]

# What people type, and what tools and attackers send.
AWKWARD = [
    "²",
    "١٢",
    "٣",
    "\uff12\uff10\uff12\uff16",
    "9" * 400,
    "9" * 5000,
    str(2**64),
    str(-(2**63) - 1),
    "-1",
    "0",
    "1.5",
    "1e309",
    "NaN",
    "-inf",
    "\x00",
    "a\x00b",
    "x" * 5000,
    "😀" * 40,
    "\u202etxt.exe",
    "שלום עולם",
    "مرحبا ١٢٣",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "2026-02-30",
    "99999-12-31",
    "0000-00-00",
    " ",
    "\r\nX-Header: 1",
    "%00",
    "on",
    "true",
    "",
]
VALUES = st.one_of(
    st.sampled_from(AWKWARD),
    st.text(max_size=40),
    st.integers().map(str),
    st.dates().map(lambda d: d.isoformat()),
)


def _parameter_names() -> list[str]:
    """Names the views read from request.GET / request.POST, and names common in web apps."""
    found = set()
    pattern = re.compile(r"request\.(?:GET|POST)(?:\.get|\.getlist)?\(?\[?\"([\w-]+)\"")
    for path in Path(__file__).resolve().parents[2].rglob("*.py"):
        if "tests" not in path.parts and "migrations" not in path.parts:
            found.update(pattern.findall(path.read_text(encoding="utf-8")))
    common = "year organisation q page next sort kind round status limit offset filter collaboration id pk a b"
    return sorted(found | set(common.split()))


KEYS = st.one_of(st.sampled_from(_parameter_names()), st.text(min_size=1, max_size=12))


class _FieldNames(HTMLParser):
    """The names and values of the form fields on a page: {name: [values seen]}."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag in {"input", "textarea", "select", "button"} and name:
            values = self.fields.setdefault(name, [])
            if tag != "select" and attrs.get("value") is not None:
                values.append(attrs["value"])
            self._select = name if tag == "select" else None
        elif tag == "option" and self._select and attrs.get("value") is not None:
            self.fields[self._select].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def _fields_on(html: str) -> dict[str, list[str]]:
    parser = _FieldNames()
    parser.feed(html)
    return parser.fields


def _form_data(baseline: dict[str, list[str]]):
    """Form data that keeps some valid values and spoils others, plus a few unexpected keys."""
    fields = {name: st.one_of(st.sampled_from(values or [""]), VALUES) for name, values in baseline.items()}
    return st.tuples(st.fixed_dictionaries({}, optional=fields), st.dictionaries(KEYS, VALUES, max_size=2)).map(
        lambda parts: {**parts[1], **parts[0]}
    )


def _as_lists(data: dict) -> dict[str, list[str]]:
    return {
        name: [str(value)] if not isinstance(value, list | tuple) else [str(v) for v in value]
        for name, value in data.items()
    }


def _clients(personas, kind) -> list[Client]:
    alice = Client()
    alice.force_login(personas.alice)
    return [alice, Client()] if kind in (authz.PUBLIC, authz.THIRD_PARTY) else [alice]


_BASELINES: dict[tuple[str, int], dict[str, list[str]]] = {}


def _baseline(pattern, expect, personas, url) -> dict[str, list[str]]:
    """The form fields of a URL with valid values: from its own page, or from the matrix's example
    data. Read once per test (the personas of one test are one object)."""
    key = (pattern.key, id(personas))
    if key not in _BASELINES:
        baseline = _as_lists(expect.data(personas)) if expect.data else {}
        if "GET" in expect.methods:
            client = Client()
            client.force_login(personas.alice)
            page = client.get(url)
            if page.status_code == 200 and "html" in page.get("Content-Type", ""):
                baseline.update(_fields_on(page.content.decode()))
        _BASELINES.clear()
        _BASELINES[key] = baseline
    return _BASELINES[key]


def _check(response, method, url, data):
    assert response.status_code < 500, f"{method} {url} {data!r}: {response.status_code}"


@pytest.mark.parametrize("pattern", FUZZED, ids=[p.key for p in FUZZED])
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_no_server_error_for_any_parameter(pattern, personas, data):
    expect = expectation_for(pattern)
    url = _build_url(pattern, expect, personas)
    if url is None:
        return  # a regular-expression route of a third-party app
    clients = _clients(personas, expect.kind)
    client = clients[data.draw(st.integers(0, len(clients) - 1), label="client")]
    headers = {"HTTP_HX_REQUEST": "true"} if data.draw(st.booleans(), label="htmx") else {}
    if "GET" in expect.methods:
        query = data.draw(st.dictionaries(KEYS, VALUES, max_size=4), label="query")
        _check(client.get(url, query, **headers), "GET", url, query)
    if "POST" in expect.methods:
        form = data.draw(_form_data(_baseline(pattern, expect, personas, url)), label="form")
        _check(client.post(url, form, **headers), "POST", url, form)


AWKWARD_IN_PATHS = ["0", "9" * 30, "²", "%C2%B2", "%F0%9F%98%80", "..", "%00"]


@pytest.mark.parametrize("pattern", FUZZED, ids=[p.key for p in FUZZED])
def test_no_server_error_for_any_id_in_the_path(pattern, personas):
    """Ids and names in the address that do not exist, are too large or are not ASCII: 404, never 500."""
    expect = expectation_for(pattern)
    route = pattern.route
    if route.startswith("^") or "(?P" in route or "<" not in route:
        return
    good = _build_url(pattern, expect, personas)
    client = _clients(personas, expect.kind)[0]
    for match in re.finditer(r"<(?:(\w+):)?(\w+)>", route):
        converter = match.group(1) or "str"
        for value in AWKWARD_IN_PATHS if converter != "int" else ["0", "9" * 30]:
            url = "/" + route
            for other in re.finditer(r"<(?:(\w+):)?(\w+)>", route):
                replacement = value if other.group(0) == match.group(0) else None
                if replacement is None:
                    kwarg = other.group(2)
                    replacement = str(expect.kwargs[kwarg](personas)) if kwarg in expect.kwargs else "1"
                url = url.replace(other.group(0), replacement, 1)
            for method in expect.methods:
                response = getattr(client, method.lower())(url)
                assert response.status_code < 500, f"{method} {url} (from {good}): {response.status_code}"

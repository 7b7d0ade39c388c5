"""A memo for read-only data that several parts of one request need (issue #20).

The dashboard's to-dos, phase facts and panels each ask for the same rows (the participants, the
rounds and who has submitted, the shared self-checks). Inside a ``with request_memo():`` block the
first ask reads them and later asks get the same objects; outside a block every ask reads afresh, so
a write (a POST, a service, a job) is never answered with data read before it.

    with request_memo():
        todos = todos_for_access(access)  # reads the participants once ...
        overview = dashboard_overview(access)  # ... and uses them again here

Keys are tuples that start with their owner's name (``("instruments.rounds", pk)``): each app keeps
to its own. The values are shared, so callers treat them as read-only. The block lives in a context
variable: another thread or request never sees it, and it ends with the block.
"""

from collections.abc import Callable, Hashable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_store: ContextVar[dict | None] = ContextVar("request_memo", default=None)


@contextmanager
def request_memo():
    """Remember read-only data until the block ends. Inside a block that is already open this
    block shares its memo (a read-only helper may open one for its own parts)."""
    if _store.get() is not None:
        yield
        return
    token = _store.set({})
    try:
        yield
    finally:
        _store.reset(token)


def is_active() -> bool:
    return _store.get() is not None


def memo(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, once per block for ``key``; outside a block every time."""
    store = _store.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


def memo_per_id(
    name: str, ids: Iterable[int], compute: Callable[[list[int]], dict[int, T]], default: Callable[[], T]
) -> dict[int, T]:
    """A value per id, e.g. per collaboration: ``compute(missing_ids)`` reads those not remembered yet
    in one go (a fixed number of queries however many ids), ``default()`` is the value of an id it
    returns nothing for. Outside a block every id is read."""
    ids = list(dict.fromkeys(ids))
    store = _store.get()
    if store is None:
        found = compute(ids) if ids else {}
        return {pk: found[pk] if pk in found else default() for pk in ids}
    missing = [pk for pk in ids if (name, pk) not in store]
    if missing:
        found = compute(missing)
        for pk in missing:
            store[name, pk] = found[pk] if pk in found else default()
    return {pk: store[name, pk] for pk in ids}

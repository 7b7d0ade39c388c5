"""Bounded reads for the partner search: counting up to a cap and reading the lowest ids in growing
windows, so that no query reads (or a planner sorts) the whole directory."""

from .models import DirectoryEntry


def count_upto(rows, id_field: str, cap: int, *, distinct: bool) -> int:
    """How many distinct entries, up to ``cap``.

    Without repeats a ``COUNT(*)`` over ``LIMIT cap``. With them, ``SELECT DISTINCT ... LIMIT``
    would read every match before the limit applies; reading growing prefixes stops as soon as
    the cap is reached (few entries have two codes in one range).
    """
    if not distinct:
        return rows.values(id_field)[:cap].count()
    limit = cap * 2
    while True:
        ids = list(rows.values_list(id_field, flat=True)[:limit])
        found = len(set(ids))
        if len(ids) < limit or found >= cap:
            return min(found, cap)
        limit *= 4


def entry_id_bounds() -> tuple[int | None, int | None]:
    """The lowest and highest entry id. Two one-row reads: SQLite answers MIN() and MAX() in one
    query with a full scan."""
    ids = DirectoryEntry.objects.values_list("pk", flat=True)
    return ids.order_by("pk").first(), ids.order_by("-pk").first()


def first_by_id(rows, *, id_field: str, bounds: tuple[int | None, int | None], want: int, density: float):
    """The ``want`` rows with the lowest entry ids, read in id windows that grow until enough are found.

    Same answer as ``ORDER BY id LIMIT want``, but every query covers a bounded id range, so no
    planner (PostgreSQL misjudges bit-mask filters) is tempted to sort the whole table. The
    windows start at the lowest id: after re-imports the ids no longer start near zero.
    """
    lowest, highest = bounds
    if lowest is None:
        return []
    found: list[tuple] = []
    low = lowest - 1
    step = max(int(want * 4 / density), 2000)
    while low < highest and len(found) < want:
        window = rows.filter(**{f"{id_field}__gt": low, f"{id_field}__lte": low + step})
        found += window.order_by(id_field)[: want - len(found)]
        low += step
        step *= 2
    return found

"""The sections of a collaboration's export, contributed by the apps' API modules.

Each app's ``api.py`` registers, next to its operations, what the export ZIP holds of it, in the
API's own serialisation and through the same access (so an export shows exactly what the caller
may read in the API)::

    register_section("meetings", lambda access: [meeting_out(m) for m in selectors.meetings(access)])

and, for files (PDFs), ``register_files("agreements", lambda access: [("agreements/v3.pdf", pdf_bytes), ...])``.
"""

from collections.abc import Callable, Iterable

SECTIONS: dict[str, Callable] = {}
FILES: dict[str, Callable] = {}


def register_section(name: str, serialise: Callable) -> None:
    """``serialise(access)`` returns a JSON-serialisable list or dict for ``<name>.json``."""
    SECTIONS[name] = serialise


def register_files(name: str, files: Callable[..., Iterable[tuple[str, bytes]]]) -> None:
    """``files(access)`` yields (path inside the ZIP, content) pairs, e.g. the sealed PDFs."""
    FILES[name] = files

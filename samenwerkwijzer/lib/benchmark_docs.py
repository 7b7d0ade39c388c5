"""The one writer of docs/benchmarks.md: each benchmark owns a section between
``<!-- <name>:start -->`` and ``<!-- <name>:end -->`` and rewrites only that.

Plain Python (no Django), so the scripts in ``scripts/`` use it as well as the management commands.
"""

from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent.parent / "docs" / "benchmarks.md"


def markers(name: str) -> tuple[str, str]:
    """The start and end markers of the section ``name``."""
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def write_section(name: str, body: str, path: Path = BENCHMARKS) -> None:
    """Put ``body`` (the section's text, without its markers) between the markers of ``name``: in
    place of what was there, or as a new section at the end; the rest of the file stays as it is."""
    start, end = markers(name)
    block = start + "\n" + body.rstrip("\n") + "\n" + end
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if start in text and end in text.split(start, 1)[1]:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")

"""Public reference data (SBI 2025, PC4 areas, KvK legal-form codes).

The data files under ``data/`` are copies of the sets in the shared reference
folder (see ``data/PROVENANCE.md``). They are read once per process and checked
at start-up by the system check in ``checks.py``.
"""

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class SbiCode:
    code: str
    level: int
    parent_code: str
    section: str
    title_nl: str
    title_en: str

    def title(self, language: str) -> str:
        return self.title_en if language.startswith("en") else self.title_nl


@dataclass(frozen=True)
class Pc4Area:
    pc4: str
    latitude: float
    longitude: float
    place_name: str
    municipality: str
    province: str


@dataclass(frozen=True)
class LegalForm:
    code: str
    description: str
    short_name: str


def _read(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def sbi_codes() -> dict[str, SbiCode]:
    return {
        row["code"]: SbiCode(
            code=row["code"],
            level=int(row["level"]),
            parent_code=row["parent_code"],
            section=row["section"],
            title_nl=row["title_nl"],
            title_en=row["title_en"],
        )
        for row in _read("sbi2025_nl_en.csv")
    }


@cache
def pc4_areas() -> dict[str, Pc4Area]:
    return {
        row["pc4"]: Pc4Area(
            pc4=row["pc4"],
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            place_name=row["place_name"],
            municipality=row["municipality"],
            province=row["province"],
        )
        for row in _read("pc4_centroids.csv")
    }


@cache
def legal_forms() -> dict[str, LegalForm]:
    return {
        row["rechtsvormcode"]: LegalForm(
            code=row["rechtsvormcode"],
            description=row["omschrijving"],
            short_name=row["rechtsvorm_kort"],
        )
        for row in _read("kvk_rechtsvormcodes_2cijferig.csv")
    }


def sbi_lineage(code: str) -> list[SbiCode]:
    """The code and all its ancestors, most general (the section) first."""
    codes = sbi_codes()
    chain = []
    current = codes.get(code)
    while current is not None:
        chain.append(current)
        current = codes.get(current.parent_code) if current.parent_code else None
    return list(reversed(chain))


def sbi_covers(general: str, specific: str) -> bool:
    """True when ``specific`` is ``general`` or one of its sub-codes."""
    return any(item.code == general for item in sbi_lineage(specific))


def sbi_search(query: str, *, language: str = "nl", limit: int = 20) -> list[SbiCode]:
    """Codes whose number starts with, or whose title contains, every word of the query."""
    words = query.lower().split()
    if not words:
        return []
    found = []
    for item in sbi_codes().values():
        haystack = f"{item.code} {item.title_nl} {item.title_en}".lower()
        if all(word in haystack for word in words) or item.code.lower().startswith(words[0]):
            found.append(item)
    # Numbers the user typed first, then shorter (more general) codes.
    found.sort(key=lambda item: (not item.code.lower().startswith(words[0]), item.level, item.code))
    return found[:limit]


def distance_km(a: Pc4Area, b: Pc4Area) -> float:
    """Great-circle distance between two PC4 centroids (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))

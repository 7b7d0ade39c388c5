"""Synthetic directory data and search profiles for ``manage.py directory_benchmark``.

Everything is drawn from a seeded random generator, so a run is repeatable. The codes are
real (SBI 2025 leaf codes, PC4 areas from the reference data); the frequencies are
approximations, documented in docs/directory-search.md:

- sector: a hand-set share per SBI 2025 section (``SECTION_WEIGHTS``, rounded from the
  shape of CBS business counts by sector: many business services, construction and trade,
  few in mining or utilities), and within a section a Zipf distribution over its leaf codes;
- place: every postcode area, weighted ``1 + n/20`` where n is the number of postcode areas of
  its municipality, so the large cities hold more businesses per area than villages;
- size: most Dutch businesses are one-person businesses (``SIZE_WEIGHTS``);
- name: a Dutch trade name from ``trade_names`` (trade word of its SBI code, surnames with
  tussenvoegsels, the place of its PC4 area, legal suffixes), about a quarter with extra trade
  names. The names come from a random stream of their own, so the other columns are the same as
  before names were added.
"""

from __future__ import annotations

import csv
import itertools
import random
from collections import Counter
from pathlib import Path

from samenwerkwijzer.reference import catalog

from . import matching, trade_names

SECTION_WEIGHTS = {
    "A": 30, "B": 0.2, "C": 35, "D": 5, "E": 1, "F": 100, "G": 125, "H": 35, "I": 32, "J": 25, "K": 35,
    "L": 25, "M": 22, "N": 170, "O": 70, "P": 0.5, "Q": 45, "R": 105, "S": 60, "T": 75, "U": 0.1, "V": 0.1,
}  # fmt: skip
SIZE_WEIGHTS = [78, 11, 4.5, 2.8, 1.9, 0.8, 0.5, 0.3, 0.2]
CHAIN_WEIGHTS = [15, 20, 10, 15, 40]
CATEGORY_WEIGHTS = [30, 15, 12, 20, 10, 8, 12, 8]
SPECIALISM_WORDS = (
    "duurzaam bouwen", "koeltransport", "zonnepanelen", "webshops", "biologisch", "horeca-inrichting",
    "maatwerk", "3d-printen", "data-analyse", "subsidieadvies", "export duitsland", "circulair",
    "zorgtechnologie", "e-commerce", "verpakking", "installatietechniek", "warmtepompen", "fotografie",
    "vertaling", "juridisch advies", "interieurbouw", "metaalbewerking", "houtbewerking", "schoonmaak",
    "beveiliging", "evenementen", "catering", "kinderopvang", "coaching", "marketing", "grafisch ontwerp",
    "softwareontwikkeling", "cybersecurity", "boekhouding", "recruitment", "laadpalen", "isolatie",
    "dakbedekking", "tuinontwerp", "bezorging", "opslag", "keurmerken", "inkoop", "textiel", "voeding",
    "bakkerij", "zuivel", "bloemen", "kunststof", "elektronica",
)  # fmt: skip


def _zipf(count: int) -> list[float]:
    return [1.0 / (rank + 1) for rank in range(count)]


class Generator:
    def __init__(self, seed: int = 20260101):
        self.random = random.Random(seed)  # noqa: S311 (synthetic data, not secrets)
        codes = catalog.sbi_codes()
        self.leaves_by_section: dict[str, list[str]] = {}
        leaf_codes = {c.code for c in codes.values() if c.code.isdigit()} - {
            c.parent_code for c in codes.values() if c.parent_code
        }
        for code in sorted(leaf_codes):
            self.leaves_by_section.setdefault(codes[code].section, []).append(code)
        for leaves in self.leaves_by_section.values():
            self.random.shuffle(leaves)  # which code of a section is most common: arbitrary but fixed
        self.sections = [s for s in SECTION_WEIGHTS if s in self.leaves_by_section]
        self.section_weights = [SECTION_WEIGHTS[s] for s in self.sections]
        self.leaf_weights = {
            s: list(itertools.accumulate(_zipf(len(leaves)))) for s, leaves in self.leaves_by_section.items()
        }
        self.leaves_by_division: dict[str, list[str]] = {}
        for code in sorted(leaf_codes):
            self.leaves_by_division.setdefault(code[:2], []).append(code)
        areas = catalog.pc4_areas()
        per_municipality = Counter(area.municipality for area in areas.values())
        self.pc4s = sorted(areas)
        self.pc4_weights = list(
            itertools.accumulate(1 + per_municipality[areas[pc4].municipality] / 20 for pc4 in self.pc4s)
        )
        self.specialism_weights = _zipf(len(SPECIALISM_WORDS))
        self.names = trade_names.NameGenerator(random.Random(f"trade-names-{seed}"))  # noqa: S311

    def sbi_code(self) -> str:
        section = self.random.choices(self.sections, self.section_weights)[0]
        return self.random.choices(self.leaves_by_section[section], cum_weights=self.leaf_weights[section])[0]

    def pc4(self) -> str:
        return self.random.choices(self.pc4s, cum_weights=self.pc4_weights)[0]

    def categories(self, low: int, high: int) -> list[str]:
        count = self.random.randint(low, high)
        chosen = set()
        while len(chosen) < count:
            chosen.add(self.random.choices(matching.CATEGORIES, CATEGORY_WEIGHTS)[0])
        return sorted(chosen)

    def row(self, index: int) -> list[str]:
        """One company in the import format with the tenth column, its extra trade names."""
        first = self.sbi_code()
        codes = [first]
        for _extra in range(self.random.choice((0, 0, 1, 2))):
            codes.append(self.random.choice(self.leaves_by_division[first[:2]]))
        specialisms = set()
        for _tag in range(self.random.choice((0, 0, 1, 1, 2, 3))):
            specialisms.add(self.random.choices(SPECIALISM_WORDS, self.specialism_weights)[0])
        row = [
            f"{10000000 + index:08d}",
            "",  # the name, drawn below from its own stream
            ";".join(dict.fromkeys(codes)),
            self.random.choices(matching.SIZE_CLASSES, SIZE_WEIGHTS)[0],
            self.pc4(),
            self.random.choices(matching.CHAIN_POSITIONS, CHAIN_WEIGHTS)[0],
            ";".join(self.categories(1, 3)),
            ";".join(self.categories(1, 3)),
            ";".join(sorted(specialisms)),
        ]
        row[1], extra = self.names.company(first, row[4], one_person=row[3] == matching.SIZE_CLASSES[0])
        return [*row, ";".join(extra)]

    def write_csv(self, path: Path, count: int) -> None:
        from .importer import HEADER_WITH_TRADE_NAMES

        order = list(range(count))
        self.random.shuffle(order)  # rows arrive in no particular order, as in a real export
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER_WITH_TRADE_NAMES)
            for index in order:
                writer.writerow(self.row(index))

    def profiles(self, count: int) -> list[tuple[matching.Profile, int]]:
        """Varied wanted-partner profiles with the offset of the page asked for."""
        from .planning import expand_sbi

        codes = catalog.sbi_codes()
        profiles = []
        for _index in range(count):
            draw = self.random.random()
            pc4 = None if draw < 0.1 else self.pc4()
            max_km = None
            if pc4 and self.random.random() < 0.75:
                max_km = float(self.random.choice((5, 10, 15, 25, 40, 60)))
            sbi: tuple[str, ...] = ()
            kind = self.random.random()
            if kind < 0.3:
                sbi = (self.sbi_code()[: self.random.choice((2, 3))],)
            elif kind < 0.4:
                sbi = (self.sbi_code(),)
            elif kind < 0.5:
                sbi = (codes[self.sbi_code()].section,)
            sizes = frozenset()
            if self.random.random() < 0.2:
                start = self.random.randint(0, 6)
                sizes = frozenset(range(start, start + self.random.randint(1, 3)))
            chains = frozenset()
            if self.random.random() < 0.2:
                chains = frozenset(self.random.sample(range(len(matching.CHAIN_POSITIONS)), self.random.randint(1, 2)))
            specialisms = frozenset()
            if self.random.random() < 0.15:
                specialisms = frozenset({self.random.choices(SPECIALISM_WORDS, self.specialism_weights)[0]})
            needs = matching.mask_of(self.categories(1, 2)) if self.random.random() < 0.9 else 0
            offers = matching.mask_of(self.categories(1, 2)) if self.random.random() < 0.8 else 0
            profile = matching.Profile(
                sbi=expand_sbi(sbi),
                pc4=pc4,
                max_km=max_km,
                sizes=sizes,
                chains=chains,
                needs=needs,
                offers=offers,
                specialisms=specialisms,
            )
            profiles.append((profile, 20 if self.random.random() < 0.1 else 0))
        return profiles


def load_directory(size: int, data_dir: Path, say=print):
    """Empty the directory and import ``size`` benchmark organisations (the CSV is generated into
    ``data_dir`` once and reused); the import's report. Both benchmark commands start here."""
    from django.db import connection

    from . import name_index, search
    from .importer import import_csv
    from .models import (
        DirectoryEntry,
        DirectoryNameWord,
        DirectorySbi,
        DirectorySpecialism,
        DirectoryStat,
        ShortlistItem,
    )

    data_dir.mkdir(parents=True, exist_ok=True)
    csv_path = data_dir / f"directory-{size}.csv"
    if not csv_path.exists():
        say(f"Generating {size:,} organisations into {csv_path} ...")
        Generator().write_csv(csv_path, size)
    say(f"[{connection.vendor}] emptying the directory and importing {size:,} rows ...")
    if not connection.in_atomic_block:
        name_index.uninstall()  # deleting through the text index is slow; the import builds it again at the end
    with connection.cursor() as cursor:
        for model in (
            ShortlistItem,
            DirectorySbi,
            DirectorySpecialism,
            DirectoryStat,
            DirectoryNameWord,
            DirectoryEntry,
        ):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
    search._stats_cache.clear()
    return import_csv(str(csv_path))

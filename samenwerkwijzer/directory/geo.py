"""Distances between postcode areas (PC4 centroids), fast enough for every search."""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from functools import lru_cache

from samenwerkwijzer.reference import catalog

EARTH_DIAMETER_KM = 2 * 6371.0


@dataclass(frozen=True)
class _Areas:
    """Every postcode area's centroid as a point on the unit sphere, and the areas by latitude."""

    codes: tuple[str, ...]
    index: dict[str, int]
    vectors: list[tuple[float, float, float]]
    latitudes: list[float]  # radians, ascending
    by_latitude: list[int]  # positions in ``codes``, in the same order


@lru_cache(maxsize=1)
def _areas() -> _Areas:
    codes, vectors, latitudes = [], [], []
    for code, area in catalog.pc4_areas().items():
        lat, lon = math.radians(area.latitude), math.radians(area.longitude)
        codes.append(code)
        vectors.append((math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)))
        latitudes.append(lat)
    by_latitude = sorted(range(len(codes)), key=latitudes.__getitem__)
    return _Areas(
        codes=tuple(codes),
        index={code: position for position, code in enumerate(codes)},
        vectors=vectors,
        latitudes=[latitudes[position] for position in by_latitude],
        by_latitude=by_latitude,
    )


def _km(half_chord: float) -> float:
    """The great-circle distance for half the chord between two points on the unit sphere."""
    return EARTH_DIAMETER_KM * math.asin(half_chord)


class _Kilometres(dict):
    """Postcode area -> km, worked out as areas are asked for."""

    def __init__(self, origin: tuple[float, float, float], areas: _Areas):
        super().__init__()
        self._origin, self._areas = origin, areas

    def __missing__(self, code: str) -> float:
        value = self[code] = _km(math.dist(self._origin, self._areas.vectors[self._areas.index[code]]) * 0.5)
        return value


class Distances:
    """Great-circle distances (as ``catalog.distance_km``) from one postcode area to all others.

    Worked out from the straight-line chord between points on the unit sphere: one C call per
    area (``math.dist``), and the chord grows with the great-circle distance, so it gives the
    order too. Only what a search asks for is worked out: with a radius, only the areas in the
    band of latitudes it spans (no area further north or south can be within it).
    """

    def __init__(self, pc4: str):
        self._areas = areas = _areas()
        position = areas.index[pc4]
        self._origin = areas.vectors[position]
        self._latitude = math.asin(self._origin[2])
        self.km = _Kilometres(self._origin, areas)
        self._nearest: dict[float | None, tuple[str, ...]] = {}

    def nearest(self, max_km: float | None = None) -> tuple[str, ...]:
        """The areas within ``max_km`` (all areas without it), nearest first."""
        if max_km not in self._nearest:
            areas = self._areas
            if max_km is None:
                positions = range(len(areas.codes))
            else:
                # A little over the radius, then the exact distances decide.
                angle = max_km / (EARTH_DIAMETER_KM / 2) * 1.001 + 1e-9
                low = bisect.bisect_left(areas.latitudes, self._latitude - angle)
                high = bisect.bisect_right(areas.latitudes, self._latitude + angle)
                positions = areas.by_latitude[low:high]
            origin, vectors, dist = self._origin, areas.vectors, math.dist
            half_chords = [dist(origin, vectors[position]) * 0.5 for position in positions]
            ranked = sorted(range(len(half_chords)), key=half_chords.__getitem__)
            codes = [areas.codes[position] for position in positions]
            if max_km is not None:
                # The exact distances decide the cut; without a radius they are worked out
                # only for the areas a search reaches.
                order_km = [_km(half_chords[position]) for position in ranked]
                cut = bisect.bisect_right(order_km, max_km)
                ranked = ranked[:cut]
                self.km.update(zip(map(codes.__getitem__, ranked), order_km[:cut], strict=True))
            self._nearest[max_km] = tuple(map(codes.__getitem__, ranked))
        return self._nearest[max_km]


@lru_cache(maxsize=512)
def distances_from(pc4: str) -> Distances:
    return Distances(pc4)

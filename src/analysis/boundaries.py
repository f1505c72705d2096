"""Village boundaries: which villages are neighbours, read from a GeoJSON file.

Two villages are neighbours when their boundaries share at least one vertex (queen contiguity).
Written by hand because the maintained GIS stack (geopandas, shapely, libpysal) is far heavier than
the project; GeoPackage files must be exported to GeoJSON first (any GIS does this).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from analysis.data import UNDOTTED_VILLAGE_CODE
from analysis.errors import InputError
from analysis.userfiles import check_regular_file

BOUNDARY_CODE_FIELDS = ("village_code", "kode_desa", "kode", "code", "kode_kemendagri")


# A regency's village GeoJSON is a few megabytes; the limit keeps a wrong file out of memory.
MAX_BOUNDARY_BYTES = 200_000_000


def _rings(geometry) -> list:
    """The rings of a Polygon or MultiPolygon geometry (not yet checked point by point)."""
    if not isinstance(geometry, dict):
        raise ValueError("geometry is not a Polygon or MultiPolygon")
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"geometry type {str(kind)[:40]!r} is not a Polygon or MultiPolygon")
    polygons = [coordinates] if kind == "Polygon" else coordinates
    if not isinstance(polygons, list) or not all(isinstance(p, list) for p in polygons):
        raise ValueError(f"the coordinates are not a list of rings as a {kind} has")
    rings = [ring for polygon in polygons for ring in polygon]
    if not rings or not all(isinstance(ring, list) for ring in rings):
        raise ValueError(f"the coordinates are not a list of rings as a {kind} has")
    return rings


def _point(point) -> tuple[float, float]:
    """A vertex as (longitude, latitude) rounded to 1e-7 degrees; ValueError when it is not one."""
    if (
        not isinstance(point, list)
        or len(point) < 2
        or not all(
            isinstance(value, (int, float)) and not isinstance(value, bool) for value in point[:2]
        )
    ):
        raise ValueError(f"a vertex {str(point)[:40]} is not a pair of numbers [x, y]")
    x, y = float(point[0]), float(point[1])
    # Finite only, not within -180..180: neighbours need shared vertices, not a datum, so a file
    # in projected metres (UTM) still gives the right neighbours.
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError(f"a vertex [{x:g}, {y:g}] is not a pair of finite numbers")
    return round(x, 7), round(y, 7)


def _read_document(path: Path) -> list:
    """The features of a GeoJSON FeatureCollection; InputError for anything else."""
    check_regular_file(path, "expected a GeoJSON file", MAX_BOUNDARY_BYTES)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise InputError(f"{path}: not a readable GeoJSON file ({reason}).") from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise InputError(f"{path}: expected a GeoJSON FeatureCollection with 'features'.")
    return features


def read_boundaries(path: Path, official: pd.DataFrame) -> dict[str, list[str]]:
    """Read village boundaries (GeoJSON) and return each village's neighbours (queen contiguity).

    Two villages are neighbours when their boundaries share at least one vertex (coordinates
    rounded to 1e-7: about 1 cm in degrees). Written by hand because the maintained GIS stack
    (geopandas, shapely, libpysal) is far heavier than the project; GeoPackage files must be
    exported to GeoJSON first (any GIS does this). A village without a shared vertex is an island.

    Parameters
    ----------
    path : Path
        A GeoJSON FeatureCollection whose features carry a Kemendagri village code in one of
        `BOUNDARY_CODE_FIELDS` and a Polygon or MultiPolygon geometry.
    official : DataFrame
        The regency's official villages (``kode_desa``): other codes are refused by name.

    Raises
    ------
    InputError
        For a path that is not a regular file (a pipe or device is never opened), a file that is
        not GeoJSON, a feature that is not an object, a feature without a code or polygon, a
        vertex that is not a pair of finite numbers, an unknown or duplicated
        village code.
    """
    path = Path(path)
    features = _read_document(path)
    known = set(official["kode_desa"])
    owners: dict[tuple[float, float], set[str]] = {}
    codes: list[str] = []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            raise InputError(
                f"{path}, feature {number}: a {type(feature).__name__}, not a GeoJSON Feature; "
                "expected an object with 'properties' and 'geometry'."
            )
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            raise InputError(
                f"{path}, feature {number}: 'properties' is a {type(properties).__name__}; "
                f"expected an object with one of {', '.join(BOUNDARY_CODE_FIELDS)}."
            )
        code, field = _feature_code(path, number, properties, known, codes)
        try:
            points = [_point(point) for ring in _rings(feature.get("geometry")) for point in ring]
        except ValueError as error:
            raise InputError(
                f"{path}, feature {number} ({code}), 'geometry': {error}; expected a Polygon or "
                "MultiPolygon with [longitude, latitude] vertices."
            ) from None
        codes.append(code)
        for key in points:
            owners.setdefault(key, set()).add(code)
    neighbours: dict[str, set[str]] = {code: set() for code in codes}
    for sharing in owners.values():
        if len(sharing) > 1:
            for code in sharing:
                neighbours[code] |= sharing - {code}
    return {code: sorted(found) for code, found in neighbours.items()}


def _feature_code(path, number: int, properties: dict, known: set, codes: list) -> tuple[str, str]:
    """The feature's official village code and the property holding it; InputError otherwise."""
    field = next((f for f in BOUNDARY_CODE_FIELDS if properties.get(f)), None)
    if field is None:
        raise InputError(
            f"{path}, feature {number}: no village code in properties; expected "
            f"one of {', '.join(BOUNDARY_CODE_FIELDS)}."
        )
    code = str(properties[field]).strip()[:40]
    if UNDOTTED_VILLAGE_CODE.fullmatch(code):
        code = f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}"
    if code not in known:
        raise InputError(
            f"{path}, feature {number}, property '{field}': value {code!r} is "
            "not an official village code of this regency."
        )
    if code in codes:
        raise InputError(
            f"{path}, feature {number}, property '{field}': village {code} "
            "appears twice; expected one feature per village."
        )
    return code, field

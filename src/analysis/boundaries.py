"""Village boundaries: which villages are neighbours, read from a GeoJSON file.

Two villages are neighbours when their boundaries share at least one vertex (queen contiguity).
Written by hand because the maintained GIS stack (geopandas, shapely, libpysal) is far heavier than
the project; GeoPackage files must be exported to GeoJSON first (any GIS does this).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analysis.data import UNDOTTED_VILLAGE_CODE
from analysis.errors import InputError

BOUNDARY_CODE_FIELDS = ("village_code", "kode_desa", "kode", "code", "kode_kemendagri")


def _rings(geometry: dict):
    kind = geometry.get("type")
    if kind == "Polygon":
        return list(geometry["coordinates"])
    if kind == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    raise ValueError(kind)


def read_boundaries(path: Path, official: pd.DataFrame) -> dict[str, list[str]]:
    """Read village boundaries (GeoJSON) and return each village's neighbours (queen contiguity).

    Two villages are neighbours when their boundaries share at least one vertex (coordinates
    rounded to 1e-7 degrees, about 1 cm). Written by hand because the maintained GIS stack
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
        For a file that is not GeoJSON, a feature without a code or polygon, an unknown or
        duplicated village code.
    """
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{path}: not a readable GeoJSON file ({error}).") from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise InputError(f"{path}: expected a GeoJSON FeatureCollection with 'features'.")
    known = set(official["kode_desa"])
    owners: dict[tuple[float, float], set[str]] = {}
    codes: list[str] = []
    for number, feature in enumerate(features, start=1):
        properties = (feature or {}).get("properties") or {}
        field = next((f for f in BOUNDARY_CODE_FIELDS if properties.get(f)), None)
        if field is None:
            raise InputError(
                f"{path}, feature {number}: no village code in properties; expected "
                f"one of {', '.join(BOUNDARY_CODE_FIELDS)}."
            )
        code = str(properties[field]).strip()
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
        try:
            rings = _rings((feature or {}).get("geometry") or {})
        except (KeyError, TypeError, ValueError):
            raise InputError(
                f"{path}, feature {number} ({code}): geometry is not a Polygon or MultiPolygon."
            ) from None
        codes.append(code)
        for ring in rings:
            for point in ring:
                key = (round(float(point[0]), 7), round(float(point[1]), 7))
                owners.setdefault(key, set()).add(code)
    neighbours: dict[str, set[str]] = {code: set() for code in codes}
    for sharing in owners.values():
        if len(sharing) > 1:
            for code in sharing:
                neighbours[code] |= sharing - {code}
    return {code: sorted(found) for code, found in neighbours.items()}

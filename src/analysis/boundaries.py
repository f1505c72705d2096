"""Village boundaries: which villages are neighbours, read from a GeoJSON file.

Two villages are neighbours when their boundaries share at least one vertex (queen contiguity).
Written by hand because the maintained GIS stack (geopandas, shapely, libpysal) is far heavier than
the project; GeoPackage files must be exported to GeoJSON first (any GIS does this). Messages
are bilingual (catalogue keys ``errf_geo_*``) and name the file by its label, never its name.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from analysis.data import UNDOTTED_VILLAGE_CODE
from analysis.errors import InputError
from analysis.labels import os_reason
from analysis.userfiles import Local, bounded_read, cell_shown, check_regular_file, message

BOUNDARY_CODE_FIELDS = ("village_code", "kode_desa", "kode", "code", "kode_kemendagri")


# A regency's village GeoJSON is a few megabytes; the limit keeps a wrong file out of memory.
MAX_BOUNDARY_BYTES = 200_000_000
# How messages name the file: by its label, in the message's language.
LABEL = Local("errf_boundaries_file")


def _rings(geometry) -> list:
    """The rings of a Polygon or MultiPolygon geometry (not yet checked point by point)."""
    if not isinstance(geometry, dict):
        raise ValueError(Local("errf_geo_no_polygon"))
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind not in ("Polygon", "MultiPolygon"):
        raise ValueError(Local("errf_geo_type", kind=cell_shown(str(kind)[:40], False)))
    polygons = [coordinates] if kind == "Polygon" else coordinates
    if not isinstance(polygons, list) or not all(isinstance(p, list) for p in polygons):
        raise ValueError(Local("errf_geo_rings", kind=kind))
    rings = [ring for polygon in polygons for ring in polygon]
    if not rings or not all(isinstance(ring, list) for ring in rings):
        raise ValueError(Local("errf_geo_rings", kind=kind))
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
        shown = str(point)[:40]  # a vertex with letters may hold any text: not shown
        vertex = cell_shown(shown) if any(char.isalpha() for char in shown) else shown
        raise ValueError(Local("errf_geo_vertex", vertex=vertex))
    x, y = float(point[0]), float(point[1])
    # Finite only, not within -180..180: neighbours need shared vertices, not a datum, so a file
    # in projected metres (UTM) still gives the right neighbours.
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError(Local("errf_geo_infinite", vertex=f"[{x:g}, {y:g}]"))
    return round(x, 7), round(y, 7)


def _read_document(path: Path) -> list:
    """The features of a GeoJSON FeatureCollection; InputError for anything else."""
    check_regular_file(path, "errf_expect_geojson", MAX_BOUNDARY_BYTES, LABEL)
    try:
        with bounded_read(LABEL):
            document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        if isinstance(error, RecursionError):
            reason: Local | str = Local("errf_geo_deep")
        elif isinstance(error, json.JSONDecodeError):  # its message holds no content of the file
            reason = f"{error.msg}: line {error.lineno} column {error.colno}"
        elif isinstance(error, OSError):
            reason = os_reason(error)
        else:
            reason = type(error).__name__
        raise InputError(message("errf_geo_unreadable", file=LABEL, reason=reason)) from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise InputError(message("errf_geo_no_features", file=LABEL))
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
                message("errf_geo_not_feature", file=LABEL, number=number, kind=_kind(feature))
            )
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            raise InputError(
                message(
                    "errf_geo_properties",
                    file=LABEL,
                    number=number,
                    kind=_kind(properties),
                    fields=", ".join(BOUNDARY_CODE_FIELDS),
                )
            )
        code, field = _feature_code(path, number, properties, known, codes)
        try:
            points = [_point(point) for ring in _rings(feature.get("geometry")) for point in ring]
        except ValueError as error:
            raise InputError(
                message(
                    "errf_geo_geometry", file=LABEL, number=number, code=code, problem=error.args[0]
                )
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
            message(
                "errf_geo_no_code",
                file=LABEL,
                number=number,
                fields=", ".join(BOUNDARY_CODE_FIELDS),
            )
        )
    code = str(properties[field]).strip()[:40]
    if UNDOTTED_VILLAGE_CODE.fullmatch(code):
        code = f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}"
    if code not in known:
        raise InputError(
            message(
                "errf_geo_unknown_code",
                file=LABEL,
                number=number,
                field=field,
                value=cell_shown(code),
            )
        )
    if code in codes:
        raise InputError(
            message("errf_geo_twice", file=LABEL, number=number, field=field, code=code)
        )
    return code, field


def _kind(value) -> Local | str:
    """What a JSON value is, for "a list, not a GeoJSON Feature"."""
    names = {"list": "errf_geo_list", "str": "errf_geo_str", "NoneType": "errf_geo_null"}
    key = names.get(type(value).__name__)
    return Local(key) if key else Local("errf_geo_value", kind=type(value).__name__)

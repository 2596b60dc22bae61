"""Plain geometry on latitude/longitude (WGS84), without PostGIS: distances, bounding boxes, point-in-polygon."""

import math

EARTH_RADIUS_M = 6_371_008.8


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bbox(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) of a square that contains the circle around the point."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = math.degrees(radius_m / (EARTH_RADIUS_M * max(math.cos(math.radians(lat)), 1e-6)))
    return lon - dlon, lat - dlat, lon + dlon, lat + dlat


def _in_ring(lon: float, lat: float, ring) -> bool:
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / ((yj - yi) or 1e-300) + xi:
            inside = not inside
        j = i
    return inside


def _in_polygon(lon: float, lat: float, rings) -> bool:
    if not rings or not _in_ring(lon, lat, rings[0]):
        return False
    return not any(_in_ring(lon, lat, hole) for hole in rings[1:])


def contains(geometry: dict | None, lat: float, lon: float) -> bool:
    """Whether a GeoJSON Polygon / MultiPolygon (or a Feature holding one) contains the point. None: everywhere."""
    if not geometry:
        return True
    if geometry.get("type") == "Feature":
        geometry = geometry.get("geometry") or {}
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return _in_polygon(lon, lat, coordinates)
    if kind == "MultiPolygon":
        return any(_in_polygon(lon, lat, polygon) for polygon in coordinates)
    raise ValueError(f"Unsupported geometry type {kind!r}")


def valid_polygon(geometry) -> bool:
    try:
        contains(geometry, 0.0, 0.0)
    except (ValueError, TypeError, IndexError, AttributeError, KeyError):
        return False
    return isinstance(geometry, dict)

"""Address search and reverse geocoding through an adapter (``LOKET_GEOCODER``, a dotted path to a class).

The default, :class:`OfflineGeocoder`, works without network over an address sample: the demo municipality's
streets (loket.demo.organisation.STREETS) laid out on a fixed grid around its centre, numbers every ~6 m along each
street, so the same address always gives the same point. PDOK / Vlaams Adressenregister adapters implement the same
two methods.
"""

import functools
import math
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from . import geo


@dataclass(frozen=True)
class Address:
    street: str
    number: str
    postal_code: str
    city: str
    latitude: float
    longitude: float

    @property
    def label(self) -> str:
        number = f" {self.number}" if self.number else ""
        return f"{self.street}{number}, {self.postal_code} {self.city}"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9 ]+", " ", text).strip()


class OfflineGeocoder:
    NUMBERS = 180
    STEP_DEG = 0.00006  # about 4-7 m between numbers

    def __init__(self):
        from loket.demo.organisation import CENTRE, POSTAL_CODES, STREETS

        centres = {"Heidebeek": CENTRE, "Heikant": (51.0932, 4.6411)}
        self.streets = []  # (street, postal code, city, start lat, start lon, direction radians)
        for city, names in STREETS.items():
            clat, clon = centres[city]
            for index, name in enumerate(names):
                # Streets spread on a spiral around the centre, each running in its own direction.
                ring, angle = 1 + index // 8, (index % 8) * math.pi / 4 + index * 0.3
                start_lat = clat + 0.0018 * ring * math.sin(angle)
                start_lon = clon + 0.0028 * ring * math.cos(angle)
                self.streets.append((name, POSTAL_CODES[city], city, start_lat, start_lon, angle + math.pi / 3))

    def _point(self, street, number: int) -> tuple[float, float]:
        _name, _pc, _city, lat, lon, direction = street
        distance = (number - 1) // 2 * self.STEP_DEG
        side = 0.00003 if number % 2 else -0.00003
        return (round(lat + distance * math.sin(direction) + side * math.cos(direction), 6),
                round(lon + distance * math.cos(direction) * 1.6 - side * math.sin(direction), 6))

    def search(self, query: str, *, limit: int = 8) -> list[Address]:
        folded = _fold(query or "")
        if len(folded) < 2:
            return []
        match = re.match(r"^(.*?)\s*(\d+)?\s*[a-z]?$", folded)
        words, number = (match.group(1), match.group(2)) if match else (folded, None)
        results = []
        for street in self.streets:
            name, postal_code, city = street[:3]
            haystack = _fold(f"{name} {postal_code} {city}")
            if all(word in haystack for word in words.split()):
                n = int(number) if number and 0 < int(number) <= self.NUMBERS else None
                lat, lon = self._point(street, n or 1)
                results.append(Address(name, str(n) if n else "", postal_code, city, lat, lon))
        results.sort(key=lambda a: (not _fold(a.street).startswith(words.split()[0] if words.split() else ""), a.street))
        return results[:limit]

    def reverse(self, latitude: float, longitude: float, *, max_distance_m: float = 250) -> Address | None:
        best, best_distance = None, max_distance_m
        for street in self.streets:
            for number in range(1, self.NUMBERS + 1, 3):
                lat, lon = self._point(street, number)
                d = geo.distance_m(latitude, longitude, lat, lon)
                if d < best_distance:
                    best, best_distance = Address(street[0], str(number), street[1], street[2], lat, lon), d
        return best


@functools.cache
def geocoder():
    return import_string(getattr(settings, "LOKET_GEOCODER", "loket.meldingen.geocoding.OfflineGeocoder"))()

"""Demo positions and borders: the places of the demo municipalities get
their real positions (WGS 84, written from general knowledge of the towns,
not surveyed: good to a few hundred metres, which is what a municipality
map needs; check them before relying on one), and the five
municipalities and their counties get their borders from the boundary package.

Idempotent: a position is only written where a place has none, so a
position an official changed stays.
"""

from __future__ import annotations

from portal.models import Municipality, Place

from .boundaries import boundaries_load

POSITIONS: dict[str, dict[str, tuple[float, float]]] = {
    "botkyrka": {
        "Alby centrum": (59.23930, 17.84600),
        "Alby tunnelbanestation": (59.23955, 17.84510),
        "Fittja centrum": (59.24720, 17.86110),
        "Hallunda": (59.24360, 17.82530),
        "Hallunda centrum": (59.24340, 17.82520),
        "Fittja tunnelbanestation": (59.24760, 17.86080),
        "Norsborg": (59.24370, 17.81420),
        "Tumba station": (59.19960, 17.83310),
    },
    "arboga": {
        "Stora torget": (59.39410, 15.83830),
        "Sätra": (59.38630, 15.82250),
        "Sätraområdet": (59.38630, 15.82250),
        "Arboga centrum": (59.39390, 15.84050),
        "Arboga resecentrum": (59.39640, 15.83600),
        "Nygatan": (59.39470, 15.84200),
        "Ekbacken": (59.40000, 15.85600),
    },
    "borlange": {
        "Borlänge centrum": (60.48580, 15.43710),
        "Borlänge resecentrum": (60.48370, 15.42820),
        "Jakobsgårdarna": (60.48700, 15.40900),
        "Tjärna Ängar": (60.47000, 15.46300),
        "Hagalund": (60.49500, 15.41500),
    },
    "lerum": {
        "Lerums centrum": (57.77000, 12.26900),
        "Lerum station": (57.77110, 12.26650),
        "Gråbo": (57.83700, 12.29800),
        "Floda centrum": (57.80900, 12.36100),
    },
    "varmdo": {
        "Gustavsbergs centrum": (59.32600, 18.38900),
        "Hemmesta": (59.32360, 18.50000),
        "Brunn": (59.29800, 18.44200),
        "Värmdö marknad": (59.32250, 18.45900),
    },
}


def load(municipalities: dict[str, Municipality]) -> None:
    by_slug = municipalities
    for slug, positions in POSITIONS.items():
        municipality = by_slug.get(slug)
        if municipality is None:
            continue
        for place in Place.objects.for_municipality(municipality).filter(name__in=positions, latitude__isnull=True):
            place.latitude, place.longitude = positions[place.name]
            place.save(update_fields=["latitude", "longitude"])
    boundaries_load(municipality_codes=[m.kommunkod for m in municipalities.values()])

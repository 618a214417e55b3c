"""Coordinates: conversion against Lantmäteriet's published point, rounding
of residents' points, and the border file format."""

import struct
from decimal import Decimal

from maps import geo

# Lantmäteriet's online transformation ("enkel koordinattransformation"):
# N 59° 58' 55.23" E 17° 50' 06.12" (WGS 84 ≈ SWEREF 99) is
# N 6 652 797.165, E 658 185.201 in SWEREF 99 TM.
REFERENCE_LAT = 59 + 58 / 60 + 55.23 / 3600
REFERENCE_LON = 17 + 50 / 60 + 6.12 / 3600
REFERENCE_N = 6_652_797.165
REFERENCE_E = 658_185.201


def test_wgs84_to_sweref_matches_lantmateriets_reference_point_to_the_millimetre():
    northing, easting = geo.to_sweref(REFERENCE_LAT, REFERENCE_LON)
    assert abs(northing - REFERENCE_N) < 0.001
    assert abs(easting - REFERENCE_E) < 0.001


def test_sweref_to_wgs84_matches_lantmateriets_reference_point_to_the_metre():
    lat, lon = geo.to_wgs84(REFERENCE_N, REFERENCE_E)
    # 1 m is about 0.000009° of latitude and 0.000018° of longitude here;
    # Lantmäteriet gives 55.23001" and 6.11997" for the way back.
    assert abs(lat - (59 + 58 / 60 + 55.23001 / 3600)) < 0.0000005
    assert abs(lon - (17 + 50 / 60 + 6.11997 / 3600)) < 0.0000005


def test_a_round_trip_through_both_systems_stays_within_a_centimetre():
    for lat, lon in [(59.2393, 17.846), (55.6, 13.0), (67.85, 20.22), (57.77, 12.269)]:
        back = geo.to_wgs84(*geo.to_sweref(lat, lon))
        northing, easting = geo.to_sweref(*back)
        original = geo.to_sweref(lat, lon)
        assert abs(northing - original[0]) < 0.01 and abs(easting - original[1]) < 0.01


def test_a_residents_point_is_moved_to_the_centre_of_its_100_metre_square():
    lat, lon = geo.round_point(59.23931, 17.84612)
    northing, easting = geo.to_sweref(float(lat), float(lon))
    # The stored six decimals put it within a decimetre of the square's centre.
    assert abs(northing % 100 - 50) < 0.2 and abs(easting % 100 - 50) < 0.2
    original = geo.to_sweref(59.23931, 17.84612)
    assert abs(northing - original[0]) <= 72 and abs(easting - original[1]) <= 72
    assert isinstance(lat, Decimal) and lat.as_tuple().exponent == -6


def test_nearby_points_in_one_square_are_stored_alike():
    north, east = geo.to_sweref(59.2393, 17.846)
    base_n, base_e = (north // 100) * 100, (east // 100) * 100
    first = geo.round_point(*geo.to_wgs84(base_n + 10, base_e + 10))
    second = geo.round_point(*geo.to_wgs84(base_n + 90, base_e + 85))
    assert first == second


def test_a_multipolygon_in_well_known_binary_is_read():
    ring = [(17.0, 59.0), (17.1, 59.0), (17.1, 59.1), (17.0, 59.0)]
    polygon = (
        struct.pack("<BII", 1, 3, 1) + struct.pack("<I", len(ring)) + b"".join(struct.pack("<dd", *p) for p in ring)
    )
    data = struct.pack("<BII", 1, 6, 2) + polygon + polygon
    assert geo.polygons_from_wkb(data) == [[ring], [ring]]

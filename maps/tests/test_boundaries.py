"""Borders come from the installed package, loaded once, and maps read them
from the cache afterwards."""

from io import StringIO

from django.core.management import call_command

from maps import selectors
from maps.models import Boundary
from portal.tests.factories import MunicipalityFactory


def test_load_boundaries_loads_a_municipality_and_its_county_from_the_package(db):
    call_command("load_boundaries", "0127", stdout=StringIO())
    botkyrka = Boundary.objects.get(kind="municipality", code="0127")
    county = Boundary.objects.get(kind="county", code="01")
    assert botkyrka.name == "Botkyrka" and county.name == "Stockholms län"
    assert Boundary.objects.count() == 2
    # Botkyrka is about 20 km across, in SWEREF 99 TM metres.
    assert 10_000 < botkyrka.max_east - botkyrka.min_east < 30_000
    assert 6_550_000 < botkyrka.min_north < botkyrka.max_north < 6_590_000
    assert botkyrka.svg_path.startswith("M") and botkyrka.svg_path.endswith("Z")


def test_loading_again_updates_rather_than_duplicates(db):
    call_command("load_boundaries", "1984", stdout=StringIO())
    call_command("load_boundaries", "1984", stdout=StringIO())
    assert Boundary.objects.filter(code="1984").count() == 1


def test_a_border_is_read_once_and_then_cached(db, django_assert_num_queries):
    call_command("load_boundaries", "0127", stdout=StringIO())
    municipality = MunicipalityFactory(kommunkod="0127")
    with django_assert_num_queries(1):
        assert selectors.municipality_boundary(municipality).name == "Botkyrka"
    with django_assert_num_queries(0):
        assert selectors.municipality_boundary(municipality).name == "Botkyrka"


def test_a_municipality_without_a_loaded_border_has_none_and_is_not_asked_again(db, django_assert_num_queries):
    municipality = MunicipalityFactory(kommunkod="0999")
    assert selectors.municipality_boundary(municipality) is None
    with django_assert_num_queries(0):
        assert selectors.municipality_boundary(municipality) is None

"""PlainSelect writes the same HTML as Django's Select, only faster."""

import pytest
from django import forms
from django.test.html import parse_html

from portal.tests.factories import PlaceFactory
from tips.forms import PlainSelect, TipFilterForm


@pytest.mark.parametrize("value", ["", "1", None])
def test_the_html_is_django_s(value):
    choices = [("", "Alla"), (1, 'Torget <b>&"'), (2, "Stationen")]
    attrs = {"class": "form-select", "aria-describedby": "hjalp"}
    django_html = forms.Select(choices=choices, attrs=attrs).render(
        "place", value, {"id": "id_place", "required": True}
    )
    plain_html = PlainSelect(choices=choices, attrs=attrs).render("place", value, {"id": "id_place", "required": True})
    assert parse_html(plain_html) == parse_html(django_html)


@pytest.mark.django_db
def test_the_filter_form_offers_the_places_escaped_and_keeps_the_choice(municipality_a):
    place = PlaceFactory(municipality=municipality_a, name="Torget <script>")
    form = TipFilterForm({"place": str(place.pk)}, municipality=municipality_a)
    assert form.is_valid()
    html = str(form["place"])
    assert f'<option value="{place.pk}" selected>Torget &lt;script&gt;</option>' in html

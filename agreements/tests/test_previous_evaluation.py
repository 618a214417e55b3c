"""The next period's pledge shows what the last one's evaluation taught."""

import pytest
from django.urls import reverse

from agreements.tests.factories import EvaluationFactory, PledgeFactory

pytestmark = pytest.mark.django_db


def test_the_new_periods_pledge_shows_the_previous_evaluation(reader_client, municipality_a):
    old = PledgeFactory(municipality=municipality_a, title="Medborgarlöfte 2021")
    EvaluationFactory(pledge=old, text="Trygghetsvandringarna <b>fungerade</b>; dialogerna nådde få.")
    new = PledgeFactory(municipality=municipality_a, title="Medborgarlöfte 2022", previous=old)
    page = reader_client.get(reverse("agreements:pledge-detail", args=[municipality_a.slug, new.pk])).content.decode()
    assert "Vad utvärderingen av ”Medborgarlöfte 2021” lärde oss" in page
    assert "Trygghetsvandringarna &lt;b&gt;fungerade&lt;/b&gt;; dialogerna nådde få." in page
    first = reader_client.get(reverse("agreements:pledge-detail", args=[municipality_a.slug, old.pk])).content.decode()
    assert "lärde oss" not in first

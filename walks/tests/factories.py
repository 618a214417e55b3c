"""Factories of walks. Findings and photos take their municipality from the
walk, so test data never crosses tenants by accident."""

from __future__ import annotations

import uuid
from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from portal.tests.factories import MunicipalityFactory
from walks.models import Finding, FindingPhoto, Walk


class WalkFactory(DjangoModelFactory):
    class Meta:
        model = Walk

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Trygghetsvandring {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    invitation = "Välkommen att gå med oss genom centrum."
    how_to_join = "Kom bara, ingen anmälan behövs."


class FindingFactory(DjangoModelFactory):
    class Meta:
        model = Finding

    walk = factory.SubFactory(WalkFactory)
    kind = Finding.Kind.DARK
    description = factory.Sequence(lambda n: f"Trasig gatubelysning vid gångvägen, nummer {n}.")
    idempotency_key = factory.LazyFunction(uuid.uuid4)


class FindingPhotoFactory(DjangoModelFactory):
    class Meta:
        model = FindingPhoto

    finding = factory.SubFactory(FindingFactory)
    image = "walks/missing.jpg"
    width = 64
    height = 48
    size = 1000

"""List pages keep a fixed number of queries as their rows grow
(healthchecks' test_list_checks.py)."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from agreements.tests.factories import (
    AgreementFactory,
    AgreementSignatoryFactory,
    CommitmentFactory,
    EvaluationFactory,
    FocusAreaFactory,
    PledgeFactory,
    PriorityAreaFactory,
)
from portal.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def _count(client, url, django_assert_num_queries, expected):
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def _agreement(municipality):
    agreement = AgreementFactory(municipality=municipality)
    PriorityAreaFactory(agreement=agreement)
    AgreementSignatoryFactory.create_batch(2, agreement=agreement)
    return agreement


def test_the_agreement_list_uses_a_fixed_number_of_queries(
    coordinator_client, municipality_a, django_assert_num_queries
):
    url = reverse("agreements:agreement-list", args=[municipality_a.slug])
    _agreement(municipality_a)
    # session, user, membership (+ municipality, organisation), count, page with signature counts
    _count(coordinator_client, url, django_assert_num_queries, 5)
    for _ in range(10):
        _agreement(municipality_a)
    _count(coordinator_client, url, django_assert_num_queries, 5)


def _pledge(municipality):
    pledge = PledgeFactory(municipality=municipality, agreement=AgreementFactory(municipality=municipality))
    CommitmentFactory.create_batch(2, focus_area=FocusAreaFactory(pledge=pledge), status="done")
    EvaluationFactory(pledge=pledge)
    return pledge


def test_the_pledge_list_uses_a_fixed_number_of_queries(coordinator_client, municipality_a, django_assert_num_queries):
    url = reverse("agreements:pledge-list", args=[municipality_a.slug])
    _pledge(municipality_a)
    # session, user, membership, count, page (agreement and evaluation joined, commitment counts annotated)
    _count(coordinator_client, url, django_assert_num_queries, 5)
    for _ in range(10):
        _pledge(municipality_a)
    _count(coordinator_client, url, django_assert_num_queries, 5)


@time_machine.travel("2026-06-01 12:00 +0200")
def test_the_due_list_uses_a_fixed_number_of_queries(coordinator_client, municipality_a, django_assert_num_queries):
    url = reverse("agreements:commitment-due", args=[municipality_a.slug])

    def add():
        area = FocusAreaFactory(pledge=PledgeFactory(municipality=municipality_a))
        CommitmentFactory(focus_area=area, due_date=date(2026, 6, 10), place=PlaceFactory(municipality=municipality_a))

    add()
    # session, user, membership, count, page (pledge, municipality, organisation and place joined)
    _count(coordinator_client, url, django_assert_num_queries, 5)
    for _ in range(10):
        add()
    _count(coordinator_client, url, django_assert_num_queries, 5)


def test_the_pledge_page_does_not_grow_with_its_commitments(
    coordinator_client, municipality_a, pledge_a, django_assert_max_num_queries
):
    url = reverse("agreements:pledge-detail", args=[municipality_a.slug, pledge_a.pk])
    CommitmentFactory(focus_area=FocusAreaFactory(pledge=pledge_a))
    with django_assert_max_num_queries(20) as few:
        coordinator_client.get(url)
    for _ in range(4):
        CommitmentFactory.create_batch(5, focus_area=FocusAreaFactory(pledge=pledge_a))
    with django_assert_max_num_queries(len(few)):
        coordinator_client.get(url)

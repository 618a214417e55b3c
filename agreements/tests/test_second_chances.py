"""Second chances with a trail: confirming before publishing or
unpublishing a pledge, and evaluating early only with a stated reason."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from agreements import services
from agreements.models import Evaluation
from agreements.tests.factories import FollowerFactory
from portal.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_publishing_asks_first_and_says_what_will_happen(coordinator_client, municipality_a, pledge_a, commitment_a):
    url = reverse("agreements:pledge-publish", args=[municipality_a.slug, pledge_a.pk])
    detail = coordinator_client.get(reverse("agreements:pledge-detail", args=[municipality_a.slug, pledge_a.pk]))
    assert f'href="{url}"' in detail.content.decode()  # a link to the question, not a one-click form
    page = coordinator_client.get(url).content.decode()
    assert "Publicera medborgarlöftet?" in page and "1 åtagande" in page
    assert 'value="publish"' in page and "csrfmiddlewaretoken" in page
    pledge_a.refresh_from_db()
    assert not pledge_a.is_published  # looking changed nothing
    coordinator_client.post(url, {"action": "publish"})
    pledge_a.refresh_from_db()
    assert pledge_a.is_published


def test_unpublishing_asks_first_and_counts_the_followers(coordinator_client, municipality_a, pledge_a, commitment_a):
    services.pledge_publish(actor=None, pledge=pledge_a)
    FollowerFactory(pledge=pledge_a)
    FollowerFactory(pledge=pledge_a, confirmed_at=None)  # not confirmed: not counted
    url = reverse("agreements:pledge-publish", args=[municipality_a.slug, pledge_a.pk])
    page = coordinator_client.get(url).content.decode()
    assert "Sluta visa medborgarlöftet för invånarna?" in page and "1 följare" in page
    assert 'value="unpublish"' in page
    pledge_a.refresh_from_db()
    assert pledge_a.is_published
    coordinator_client.post(url, {"action": "unpublish"})
    pledge_a.refresh_from_db()
    assert not pledge_a.is_published
    assert AuditEvent.objects.filter(action="pledge.unpublished").exists()


def test_the_confirmation_is_for_coordinators_of_the_municipality(
    contributor_client, official_b, municipality_a, pledge_a
):
    url = reverse("agreements:pledge-publish", args=[municipality_a.slug, pledge_a.pk])
    assert contributor_client.get(url).status_code == 403
    other = Client()
    other.force_login(official_b)
    assert other.get(url).status_code == 404


@time_machine.travel("2026-06-10 12:00 +0200")
def test_an_evaluation_within_the_period_needs_a_reason(coordinator_client, coordinator_a, municipality_a, pledge_a):
    coordinator_client.force_login(coordinator_a)
    url = reverse("agreements:evaluation-edit", args=[municipality_a.slug, pledge_a.pk])
    data = {"outcome": "partly", "evaluated_on": "2026-06-10", "text": "Halvvägs <b>nu</b>."}
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Perioden slutar 31 december 2026" in page
    assert "Halvvägs &lt;b&gt;nu&lt;/b&gt;." in page  # what was typed is kept
    assert not Evaluation.objects.exists()
    reason = "Löftet ersätts av det nya <i>samverkansavtalet</i>."
    assert coordinator_client.post(url, {**data, "early_reason": reason}).status_code == 302
    evaluation = Evaluation.objects.get()
    assert evaluation.early_reason == reason and evaluation.is_early
    assert AuditEvent.objects.filter(action="pledge.evaluated", detail="outcome=partly early").exists()
    detail = coordinator_client.get(reverse("agreements:pledge-detail", args=[municipality_a.slug, pledge_a.pk]))
    assert "Utvärderad innan perioden slutade" in detail.content.decode()
    assert "&lt;i&gt;samverkansavtalet&lt;/i&gt;" in detail.content.decode()


def test_after_the_period_no_reason_is_needed_and_none_is_kept(coordinator_a, pledge_a):
    evaluation = services.evaluation_record(
        actor=coordinator_a,
        pledge=pledge_a,
        outcome="met",
        text="Klart.",
        evaluated_on=date(2027, 1, 15),
        early_reason="inget",
    )
    assert evaluation.early_reason == "" and not evaluation.is_early


def test_the_service_refuses_an_early_evaluation_without_a_reason(coordinator_a, pledge_a):
    with pytest.raises(ValidationError):
        services.evaluation_record(
            actor=coordinator_a, pledge=pledge_a, outcome="met", text="x", evaluated_on=date(2026, 5, 1)
        )


def test_the_public_page_shows_the_early_reason(client, coordinator_a, municipality_a, pledge_a, commitment_a):
    services.pledge_publish(actor=None, pledge=pledge_a)
    services.evaluation_record(
        actor=coordinator_a,
        pledge=pledge_a,
        outcome="partly",
        text="Halvvägs.",
        evaluated_on=date(2026, 6, 1),
        early_reason="Löftet ersätts av ett nytt avtal.",
    )
    page = client.get(reverse("agreements:public-pledge-detail", args=[municipality_a.slug, pledge_a.pk]))
    assert "Löftet ersätts av ett nytt avtal." in page.content.decode()

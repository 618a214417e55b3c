"""The one "send again" form (templates/includes/resend_form.html) on both
pages that list failed e-mails: a POST with the CSRF token, the fields each
view reads, and a button whose accessible name says which e-mail it sends."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from portal.tests.test_failed_deliveries import follower_delivery
from situation_reports.reminders.tests.factories import ReminderDeliveryFactory

pytestmark = pytest.mark.django_db

FORM = re.compile(r'<form method="post" action="(?P<action>[^"]+)">(?P<body>.*?)</form>', re.S)


def _forms(html: str) -> list[dict]:
    return [
        {
            "action": match["action"],
            "fields": dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', match["body"])),
            "button": re.sub(r"<[^>]+>", "", re.search(r"<button.*?</button>", match["body"], re.S).group(0)),
        }
        for match in FORM.finditer(html)
    ]


def test_the_include_renders_a_csrf_protected_form_with_an_escaped_accessible_name():
    request = RequestFactory().get("/")
    html = render_to_string(
        "includes/resend_form.html",
        {"resend_url": "/skicka/", "resend_pk": 7, "resend_label": "<b>Ola</b>", "resend_detail": "Påminnelse"},
        request=request,
    )
    [form] = _forms(html)
    assert form["action"] == "/skicka/"
    assert set(form["fields"]) == {"csrfmiddlewaretoken", "delivery"} and form["fields"]["delivery"] == "7"
    assert "&lt;b&gt;Ola&lt;/b&gt;, Påminnelse" in form["button"]


def test_the_page_of_failed_emails_posts_kind_row_and_page(coordinator_client, municipality_a):
    row = follower_delivery(municipality_a)
    html = coordinator_client.get(reverse("portal:delivery-failed-list", args=[municipality_a.slug])).content.decode()
    [form] = _forms(html)
    assert form["action"] == reverse("portal:delivery-resend", args=[municipality_a.slug])
    assert form["fields"] == {
        "csrfmiddlewaretoken": form["fields"]["csrfmiddlewaretoken"],
        "kind": "agreements.followerdelivery",
        "delivery": str(row.pk),
        "page": "1",
    }
    assert form["button"] == f"Skicka igen – Meddelande till en följare, En som följer ”{row.follower.pledge.title}”"


def test_the_reminders_page_posts_the_row_and_names_the_member(coordinator_client, municipality_a, time_machine):
    time_machine.move_to("2025-03-03 09:05:00+01:00", tick=False)  # the factory's week
    row = ReminderDeliveryFactory(
        municipality=municipality_a, status="failed", attempts=3, user__first_name="Ola", user__last_name="Nordmann"
    )
    html = coordinator_client.get(
        reverse("situation_reports:reminder-overview", args=[municipality_a.slug])
    ).content.decode()
    [form] = _forms(html)
    assert form["action"] == reverse("situation_reports:reminder-resend", args=[municipality_a.slug])
    assert set(form["fields"]) == {"csrfmiddlewaretoken", "delivery"} and form["fields"]["delivery"] == str(row.pk)
    assert form["button"] == "Skicka igen – Ola Nordmann"

"""The coordinators' pages: the overview of the week's reminders, resending a
failed one, and the schedule. Scoped to the municipality: 404 for anyone
else, 403 below coordinator."""

from __future__ import annotations

from datetime import time

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import AuditEvent
from portal.tests.factories import UserFactory
from situation_reports.reminders.models import BriefingSchedule, ReminderDelivery
from situation_reports.reminders.tests.conftest import AFTER_DUE
from situation_reports.reminders.tests.factories import ReminderDeliveryFactory

Status = ReminderDelivery.Status


@pytest.fixture
def now(time_machine):
    time_machine.move_to(AFTER_DUE, tick=False)


def url(name: str, municipality) -> str:
    return reverse(f"situation_reports:{name}", args=[municipality.slug])


def failed(municipality, user=None, **kwargs) -> ReminderDelivery:
    return ReminderDeliveryFactory(
        municipality=municipality,
        user=user or UserFactory(),
        status=Status.FAILED,
        attempts=3,
        last_error="SMTPDataError 554",
        **kwargs,
    )


# --- Permissions --------------------------------------------------------------

PAGES = ["reminder-overview", "reminder-schedule"]


@pytest.mark.parametrize("name", [*PAGES, "reminder-resend"])
def test_anonymous_visitors_are_sent_to_login(client, municipality_a, name):
    response = client.post(url(name, municipality_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", [*PAGES, "reminder-resend"])
def test_members_of_another_municipality_get_404(official_b_client, municipality_a, name):
    assert official_b_client.post(url(name, municipality_a)).status_code == 404


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", ["reader_client", "contributor_client"])
def test_only_coordinators_see_or_change_the_reminders(request, municipality_a, name, persona):
    client = request.getfixturevalue(persona)
    assert client.get(url(name, municipality_a)).status_code == 403
    assert client.post(url(name, municipality_a)).status_code == 403


def test_a_contributor_may_not_resend(contributor_client, municipality_a):
    delivery = failed(municipality_a)
    response = contributor_client.post(url("reminder-resend", municipality_a), {"delivery": delivery.pk})
    assert response.status_code == 403
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED


def test_another_municipalitys_delivery_cannot_be_resent_through_ones_own_slug(
    coordinator_client, municipality_a, municipality_b
):
    foreign = failed(municipality_b)
    response = coordinator_client.post(url("reminder-resend", municipality_a), {"delivery": foreign.pk}, follow=True)
    assert "Bara en påminnelse som misslyckades kan skickas igen." in response.content.decode()
    foreign.refresh_from_db()
    assert (foreign.status, foreign.attempts) == (Status.FAILED, 3)
    assert not mail.outbox


def test_resending_is_post_only(coordinator_client, municipality_a):
    assert coordinator_client.get(url("reminder-resend", municipality_a)).status_code == 405


# --- The overview ----------------------------------------------------------------


def test_the_overview_shows_the_weeks_reminders_their_state_and_the_error(
    now, coordinator_client, municipality_a, schedule_a, contributor_a
):
    failed(municipality_a, user=contributor_a)
    ReminderDeliveryFactory(municipality=municipality_a, status=Status.SENT, sent_at="2025-03-03T08:01:00Z")
    ReminderDeliveryFactory(municipality=municipality_a, iso_week=9, status=Status.SENT)  # last week
    page = coordinator_client.get(url("reminder-overview", municipality_a)).content.decode()
    assert "Mötespåminnelser, vecka 10 2025" in page
    assert "Skickade: 1 · Väntar: 0 · Misslyckades: 1 · Skickades inte: 0" in page
    assert contributor_a.get_full_name() in page and "Polisen A" in page
    assert "SMTPDataError 554" in page
    assert "Skicka igen" in page
    assert "tisdag kl. 09:00" in page
    assert "Nästa påminnelse" in page and "måndag 10 mars 2025 09:00" in page  # next week's, in local time


def test_the_overview_filters_by_state_and_goes_back_a_week(now, coordinator_client, municipality_a, schedule_a):
    ReminderDeliveryFactory(municipality=municipality_a, iso_week=9, status=Status.SENT, user__first_name="Förra")
    failed(municipality_a, iso_week=9, user=UserFactory(first_name="Misslyckad"))
    base = url("reminder-overview", municipality_a)
    page = coordinator_client.get(f"{base}?year=2025&week=9&status=failed").content.decode()
    assert "Misslyckad" in page and "Förra" not in page
    assert coordinator_client.get(f"{base}?year=2025&week=54").status_code == 404


def test_without_a_schedule_the_overview_invites_the_coordinator_to_set_one_up(coordinator_client, municipality_a):
    page = coordinator_client.get(url("reminder-overview", municipality_a)).content.decode()
    assert "Inget schema är upplagt" in page
    assert "Lägg upp schemat" in page


def test_the_overview_costs_the_same_queries_for_one_or_fifty_reminders(
    now, coordinator_client, municipality_a, schedule_a
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert coordinator_client.get(url("reminder-overview", municipality_a)).status_code == 200
        return len(captured)

    failed(municipality_a)
    queries()  # the first request of a session does some one-off work
    one = queries()
    for _ in range(49):
        failed(municipality_a)
    # session, user, membership, schedule, reports of the coming weeks, counts,
    # page count, page rows (with each recipient's organisation in a subquery)
    assert queries() == one


def test_a_coordinator_resends_a_failed_reminder_and_it_is_sent(
    now, coordinator_client, coordinator_a, municipality_a, schedule_a, contributor_a,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    delivery = failed(municipality_a, user=contributor_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url("reminder-resend", municipality_a), {"delivery": delivery.pk})
    assert response.status_code == 302
    assert response["Location"].endswith("?year=2025&week=10")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (Status.SENT, 1, "")
    assert [message.to for message in mail.outbox] == [[contributor_a.email]]
    assert AuditEvent.objects.filter(action="delivery.resent", actor=coordinator_a, object_id=delivery.pk).exists()


def test_a_sent_reminder_is_not_sent_again(now, coordinator_client, municipality_a, schedule_a, contributor_a):
    delivery = ReminderDeliveryFactory(municipality=municipality_a, user=contributor_a, status=Status.SENT)
    response = coordinator_client.post(url("reminder-resend", municipality_a), {"delivery": delivery.pk}, follow=True)
    assert "Bara en påminnelse som misslyckades kan skickas igen." in response.content.decode()
    assert not mail.outbox


# --- The schedule ------------------------------------------------------------------


def test_a_coordinator_sets_up_the_schedule(coordinator_client, coordinator_a, municipality_a):
    response = coordinator_client.post(
        url("reminder-schedule", municipality_a),
        {
            "enabled": "on",
            "meeting_weekday": "4",
            "meeting_time": "13:30",
            "reminder_hours_before": "48",
            "send_summary": "on",
            "recipient_kinds": ["police", "school"],
        },
    )
    assert response.status_code == 302
    schedule = BriefingSchedule.objects.get(municipality=municipality_a)
    assert (schedule.meeting_weekday, schedule.meeting_time, schedule.reminder_hours_before) == (4, time(13, 30), 48)
    assert schedule.recipient_kinds == ["police", "school"]
    assert AuditEvent.objects.filter(action="briefing_schedule.created", actor=coordinator_a).exists()


def test_the_schedule_form_refuses_nonsense_in_swedish(coordinator_client, municipality_a, schedule_a):
    response = coordinator_client.post(
        url("reminder-schedule", municipality_a),
        {"meeting_weekday": "8", "meeting_time": "25:00", "reminder_hours_before": "500", "recipient_kinds": []},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Välj minst ett slags organisation." in page
    assert "Välj ett giltigt alternativ" in page  # weekday 8
    assert "Fyll i en giltig tid." in page
    assert "168" in page
    schedule_a.refresh_from_db()
    assert schedule_a.meeting_weekday == 2


def test_the_schedule_page_shows_the_current_schedule(coordinator_client, municipality_a, schedule_a):
    page = coordinator_client.get(url("reminder-schedule", municipality_a)).content.decode()
    assert 'value="09:00"' in page
    assert "Lokal tid i Arboga-test." in page


@pytest.mark.parametrize(("persona", "shown"), [("coordinator_client", True), ("reader_client", False)])
def test_the_nav_shows_reminders_to_coordinators_only(request, municipality_a, persona, shown):
    home = reverse("situation_reports:week-current", args=[municipality_a.slug])
    page = request.getfixturevalue(persona).get(home, follow=True).content.decode()
    assert ('href="/intern/kommun-a/lagesbild/paminnelser/"' in page) is shown

"""The week's record: time and certainty, field presence, the meeting, and
reopening a closed week with carried actions handled exactly once."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import AuditEvent, Category
from portal.tests.factories import MunicipalityFactory, PlaceFactory
from situation_reports import services
from situation_reports.models import Action, Certainty, Observation, PresenceEntry, WeeklyReport
from situation_reports.tests.factories import ActionFactory, DecisionFactory, PresenceEntryFactory, WeeklyReportFactory
from situation_reports.weeks import IsoWeek
from tips.models import Knowledge
from tips.tests.factories import TipFactory

pytestmark = pytest.mark.django_db
WEEK = IsoWeek(2025, 10)
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def week_url(municipality, name="week-detail", week=WEEK):
    return reverse(f"situation_reports:{name}", args=[municipality.slug, week.year, week.week])


def observation_data(place, **overrides):
    data = {
        "date": "2025-03-04",
        "place": place.pk,
        "category": Category.objects.get(slug="narcotics").pk,
        "count": "1",
        "source": "own",
        "description": "Folksamling vid gångtunneln.",
    }
    return {**data, **overrides}


# --- Time of day and certainty ------------------------------------------------


def test_an_exact_time_sets_the_part_of_the_day(contributor_client, municipality_a, place_a, frozen):
    url = week_url(municipality_a, "observation-create")
    data = observation_data(place_a, time="21:40", part_of_day="morning", certainty="suspected")
    assert contributor_client.post(url, data).status_code == 302
    observation = Observation.objects.get()
    assert (observation.time, observation.part_of_day, observation.certainty) == (time(21, 40), "evening", "suspected")
    page = contributor_client.get(week_url(municipality_a)).content.decode()
    assert "21:40" in page and "Misstänkt" in page


def test_a_part_of_the_day_alone_is_kept_and_certainty_follows_the_source(
    contributor_client, municipality_a, place_a, frozen
):
    url = week_url(municipality_a, "observation-create")
    contributor_client.post(url, observation_data(place_a, part_of_day="night", source="resident"))
    observation = Observation.objects.get()
    assert (observation.time, observation.part_of_day, observation.certainty) == (None, "night", "reported")


@pytest.mark.parametrize(
    "knowledge,certainty",
    [(Knowledge.OWN, Certainty.REPORTED), (Knowledge.OTHERS, Certainty.SUSPECTED), ("", Certainty.SUSPECTED)],
)
def test_a_tip_carries_how_the_resident_knows_into_the_observation(
    coordinator_client, municipality_a, place_a, frozen, knowledge, certainty
):
    # A tip handler (a coordinator): the tip is shared with no organisation.
    tip = TipFactory(municipality=municipality_a, place=place_a, knowledge=knowledge, when_text="fredag kväll")
    url = reverse("situation_reports:observation-from-tip", args=[municipality_a.slug, tip.pk])
    data = {
        "observation-place": place_a.pk,
        "observation-category": Category.objects.get(slug="narcotics").pk,
        "observation-description": "Tips om försäljning kvällstid.",
        "observation-part_of_day": "evening",
    }
    coordinator_client.post(url, data)
    observation = Observation.objects.get()
    assert (observation.certainty, observation.part_of_day) == (certainty, "evening")


# --- Field presence ------------------------------------------------------------


def presence_data(where, **overrides):
    data = {
        "people": "Två fältassistenter",
        "place": where.pk,
        "area": "",
        "starts_at": "2025-03-04T18:00",
        "ends_at": "2025-03-04T22:30",
        "activity": "Samtal med unga vid centrum.",
    }
    return {**data, **overrides}


def test_a_contributor_logs_presence_for_their_organisation(
    contributor_client, municipality_a, police_a, place_a, frozen
):
    response = contributor_client.post(week_url(municipality_a, "presence-create"), presence_data(place_a))
    assert response.status_code == 302
    entry = PresenceEntry.objects.get()
    assert (entry.organisation, entry.hours, entry.where) == (police_a, 4.5, "Alby centrum")
    page = contributor_client.get(week_url(municipality_a)).content.decode()
    assert "Två fältassistenter" in page
    assert "4,5 timmar i fält" in page
    assert AuditEvent.objects.filter(action="presence.created").exists()


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"ends_at": "2025-03-04T17:00"}, "ends_at"),
        ({"place": "", "area": "  "}, "area"),
        ({"starts_at": "2025-01-04T18:00", "ends_at": "2025-01-04T20:00"}, "starts_at"),
        ({"activity": "Pratade med 19900101-1234."}, "activity"),
    ],
)
def test_a_wrong_presence_is_refused_in_swedish_and_keeps_what_was_typed(
    contributor_client, municipality_a, place_a, frozen, overrides, field
):
    response = contributor_client.post(week_url(municipality_a, "presence-create"), presence_data(place_a, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Två fältassistenter" in response.content.decode()
    assert not PresenceEntry.objects.exists()


def test_a_place_of_another_municipality_is_not_a_choice(contributor_client, municipality_a, frozen):
    elsewhere = PlaceFactory(municipality=MunicipalityFactory())
    response = contributor_client.post(week_url(municipality_a, "presence-create"), presence_data(elsewhere))
    assert "place" in response.context["form"].errors


def test_another_organisations_presence_cannot_be_edited_by_a_contributor(
    contributor_client, municipality_a, organisation_a, frozen
):
    report = WeeklyReportFactory(municipality=municipality_a, week=WEEK)
    entry = PresenceEntryFactory(report=report, organisation=organisation_a)
    url = reverse("situation_reports:presence-edit", args=[municipality_a.slug, entry.pk])
    assert contributor_client.get(url).status_code == 403


# --- The meeting ------------------------------------------------------------------


def test_the_coordinator_records_attendance_and_decisions_shown_in_print_and_csv(
    coordinator_client, municipality_a, police_a, organisation_a, frozen
):
    url = week_url(municipality_a, "meeting-edit")
    coordinator_client.get(url)
    data = {"attendance": "1", f"present_{police_a.pk}": "on", f"people_{police_a.pk}": "Kommunpolis <b>Eva</b>"}
    assert coordinator_client.post(url, data).status_code == 302
    assert coordinator_client.post(url, {"decision": "1", "text": "Extra vandring fredag kväll."}).status_code == 302
    report = WeeklyReport.objects.get()
    assert [(a.organisation, a.people) for a in report.attendance.all()] == [(police_a, "Kommunpolis <b>Eva</b>")]
    # Ticking off an organisation removes it.
    coordinator_client.post(url, {"attendance": "1", f"present_{organisation_a.pk}": "on"})
    assert [a.organisation for a in report.attendance.all()] == [organisation_a]
    coordinator_client.post(url, data)
    printed = coordinator_client.get(week_url(municipality_a, "week-print")).content.decode()
    assert "Polisen A: Kommunpolis &lt;b&gt;Eva&lt;/b&gt;" in printed
    assert "Extra vandring fredag kväll." in printed
    csv = b"".join(coordinator_client.get(week_url(municipality_a, "week-csv")).streaming_content).decode()
    assert "Närvarande,,,,Polisen A" in csv
    assert "Beslut,2025-03-05" in csv and "Extra vandring fredag kväll." in csv


# --- Reopening ---------------------------------------------------------------------


def test_reopen_and_close_again_carries_each_unfinished_action_exactly_once(coordinator_a, municipality_a, frozen):
    report = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2025, 9))
    untouched = ActionFactory(report=report, what="Vandring vid torget")
    worked_on = ActionFactory(report=report, what="Belysning i tunneln")
    finished_later = ActionFactory(report=report, what="Klottersanering")
    next_report = services.week_close(report=report, actor=coordinator_a)
    assert next_report.actions.count() == 3
    copy = Action.objects.get(carried_over_from=worked_on)
    copy.outcome_note = "Beställd."
    services.action_save(action=copy, actor=coordinator_a)
    services.week_publish(report=report, actor=coordinator_a, text="Lugn vecka.")

    reopening = services.week_reopen(report=report, actor=coordinator_a, reason="Polisens siffror kom sent.")
    report.refresh_from_db()
    assert report.is_open and not report.is_published and report.public_summary == "Lugn vecka."
    assert (reopening.carried_removed, reopening.carried_kept, reopening.was_published) == (2, 1, True)
    assert list(next_report.actions.values_list("what", flat=True)) == ["Belysning i tunneln"]

    finished_later.status = Action.Status.DONE
    services.action_save(action=finished_later, actor=coordinator_a)
    services.week_close(report=report, actor=coordinator_a)
    carried = sorted(next_report.actions.values_list("what", flat=True))
    assert carried == ["Belysning i tunneln", "Vandring vid torget"]
    assert Action.objects.filter(carried_over_from=untouched).count() == 1
    assert AuditEvent.objects.filter(action="weekly_report.reopened").count() == 1


def test_reopening_needs_a_reason_and_a_coordinator(coordinator_a, contributor_a, municipality_a, frozen):
    contributor_client, coordinator_client = Client(), Client()
    contributor_client.force_login(contributor_a)
    coordinator_client.force_login(coordinator_a)
    report = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2025, 9))
    services.week_close(report=report, actor=coordinator_a)
    url = week_url(municipality_a, "week-reopen", IsoWeek(2025, 9))
    assert contributor_client.post(url, {"reason": "x"}).status_code == 403
    response = coordinator_client.post(url, {"reason": "  "})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    report.refresh_from_db()
    assert not report.is_open
    response = coordinator_client.post(url, {"reason": "Fel plats <script>"}, follow=True)
    page = response.content.decode()
    assert "Vecka 9 är öppen igen." in page
    assert "Fel plats &lt;script&gt;" in page and "Öppnad igen av" in page


def test_a_closed_weeks_presence_and_decisions_cannot_change(coordinator_a, municipality_a, frozen):
    report = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2025, 9))
    decision = DecisionFactory(report=report)
    services.week_close(report=report, actor=coordinator_a)
    with pytest.raises(services.WeekClosedError):
        services.decision_delete(decision=decision, actor=coordinator_a)
    with pytest.raises(services.WeekClosedError):
        services.presence_save(
            entry=PresenceEntry(
                report=report,
                organisation=coordinator_a.memberships.get().organisation,
                people="x",
                area="y",
                activity="z",
                starts_at=datetime(2025, 2, 25, 18, tzinfo=STOCKHOLM),
                ends_at=datetime(2025, 2, 25, 20, tzinfo=STOCKHOLM),
            ),
            actor=coordinator_a,
        )

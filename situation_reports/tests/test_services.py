import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from portal.models import AuditEvent
from portal.tests.factories import MunicipalityFactory, PlaceFactory
from situation_reports import services
from situation_reports.models import Action, Observation, WeeklyReport
from situation_reports.services import WeekClosedError
from situation_reports.tests.factories import ActionFactory, ObservationFactory, WeeklyReportFactory
from situation_reports.weeks import IsoWeek

pytestmark = pytest.mark.django_db


def test_opening_a_week_twice_gives_the_same_report(municipality_a):
    first, created = services.week_get_or_open(municipality=municipality_a, week=IsoWeek(2025, 10))
    again, created_again = services.week_get_or_open(municipality=municipality_a, week=IsoWeek(2025, 10))
    assert created and not created_again
    assert first.pk == again.pk
    assert first.week_start.isoformat() == "2025-03-03"
    assert AuditEvent.objects.filter(action="weekly_report.opened").count() == 1


def test_the_same_week_of_another_municipality_is_another_report(municipality_a, municipality_b):
    a, _ = services.week_get_or_open(municipality=municipality_a, week=IsoWeek(2025, 10))
    b, _ = services.week_get_or_open(municipality=municipality_b, week=IsoWeek(2025, 10))
    assert a.pk != b.pk


def test_closing_carries_every_unfinished_action_into_next_week_linked_to_its_origin(coordinator_a, municipality_a):
    report = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2025, 52))
    planned = ActionFactory(report=report, what="Nattvandring")
    not_done = ActionFactory(report=report, status=Action.Status.NOT_DONE, what="Laga belysning")
    ActionFactory(report=report, status=Action.Status.DONE)

    next_report = services.week_close(report=report, actor=coordinator_a)

    report.refresh_from_db()
    assert report.status == WeeklyReport.Status.CLOSED
    assert report.closed_by == coordinator_a and report.closed_at is not None
    assert (next_report.iso_year, next_report.iso_week) == (2026, 1)
    carried = {a.carried_over_from_id: a for a in next_report.actions.all()}
    assert set(carried) == {planned.pk, not_done.pk}
    assert carried[planned.pk].what == "Nattvandring"
    assert carried[planned.pk].responsible_organisation == planned.responsible_organisation
    assert all(a.status == Action.Status.PLANNED for a in carried.values())
    assert AuditEvent.objects.filter(action="weekly_report.closed", object_id=str(report.pk)).exists()


def test_closing_twice_is_refused_and_carries_nothing_more(coordinator_a, municipality_a):
    report = WeeklyReportFactory(municipality=municipality_a)
    ActionFactory(report=report)
    services.week_close(report=report, actor=coordinator_a)
    with pytest.raises(WeekClosedError, match="redan stängd"):
        services.week_close(report=report, actor=coordinator_a)
    assert Action.objects.filter(carried_over_from__isnull=False).count() == 1


def test_an_action_is_carried_once_per_week_along_a_chain(coordinator_a, municipality_a):
    report = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2025, 10))
    original = ActionFactory(report=report)
    week_11 = services.week_close(report=report, actor=coordinator_a)
    week_12 = services.week_close(report=week_11, actor=coordinator_a)
    copy_11 = week_11.actions.get()
    copy_12 = week_12.actions.get()
    assert copy_11.carried_over_from == original
    assert copy_12.carried_over_from == copy_11
    assert Action.objects.open().get() == copy_12


def test_a_closed_week_refuses_every_change(coordinator_a, municipality_a):
    report = WeeklyReportFactory(municipality=municipality_a)
    observation = ObservationFactory(report=report)
    action = ActionFactory(report=report)
    services.week_close(report=report, actor=coordinator_a)
    observation.description = "Ändrad"
    with pytest.raises(WeekClosedError):
        services.observation_save(observation=observation, actor=coordinator_a)
    with pytest.raises(WeekClosedError):
        services.observation_delete(observation=observation, actor=coordinator_a)
    with pytest.raises(WeekClosedError):
        services.action_delete(action=action, actor=coordinator_a)
    with pytest.raises(WeekClosedError):
        services.report_update(report=report, actor=coordinator_a, data={"summary": "x"})
    new = Observation(report=report, organisation=observation.organisation, category=observation.category,
                      place=observation.place, date=observation.date, description="Ny")  # fmt: skip
    with pytest.raises(WeekClosedError):
        services.observation_save(observation=new, actor=coordinator_a)
    assert Observation.objects.get().description == "Klotter på fasaden."
    assert Action.objects.filter(pk=action.pk).exists()


def test_an_observation_must_be_dated_inside_its_week_and_placed_in_its_municipality(coordinator_a, municipality_a):
    report = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2025, 10))
    observation = ObservationFactory.build(report=report, organisation=ObservationFactory(report=report).organisation)
    observation.place = PlaceFactory(municipality=municipality_a)
    observation.category_id = Observation.objects.get().category_id
    observation.date = IsoWeek(2025, 11).monday
    with pytest.raises(ValidationError) as error:
        services.observation_save(observation=observation, actor=coordinator_a)
    assert "date" in error.value.message_dict
    observation.date = IsoWeek(2025, 10).sunday
    observation.place = PlaceFactory(municipality=MunicipalityFactory())
    with pytest.raises(ValidationError) as error:
        services.observation_save(observation=observation, actor=coordinator_a)
    assert "place" in error.value.message_dict


def test_only_a_closed_week_can_be_published(coordinator_a, municipality_a):
    report = WeeklyReportFactory(municipality=municipality_a)
    with pytest.raises(WeekClosedError):
        services.week_publish(report=report, actor=coordinator_a, text="Lugn vecka.")
    services.week_close(report=report, actor=coordinator_a)
    services.week_publish(report=report, actor=coordinator_a, text="Lugn vecka.")
    report.refresh_from_db()
    assert report.is_published and report.public_summary == "Lugn vecka."
    services.week_unpublish(report=report, actor=coordinator_a)
    report.refresh_from_db()
    assert not report.is_published


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_visits_open_the_week_once(municipality_a):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real concurrency")
    barrier = threading.Barrier(4)
    results, errors = [], []

    def visit():
        try:
            barrier.wait()
            results.append(services.week_get_or_open(municipality=municipality_a, week=IsoWeek(2025, 10))[0].pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=visit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(results)) == 1
    assert WeeklyReport.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_closes_close_once_and_carry_each_action_once(municipality_a, coordinator_a):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real concurrency")
    report = WeeklyReportFactory(municipality=municipality_a)
    ActionFactory.create_batch(3, report=report)
    barrier = threading.Barrier(3)
    outcomes = []

    def close():
        try:
            barrier.wait()
            services.week_close(report=report, actor=coordinator_a)
            outcomes.append("closed")
        except WeekClosedError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=close) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["closed", "refused", "refused"]
    assert Action.objects.filter(carried_over_from__isnull=False).count() == 3

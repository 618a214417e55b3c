import pytest
from django.urls import reverse

from portal.models import Category
from situation_reports import services
from situation_reports.tests.factories import ObservationFactory, WeeklyReportFactory
from situation_reports.weeks import IsoWeek

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_week(municipality_a, coordinator_a, place_a):
    report = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2025, 9))
    ObservationFactory(report=report, place=place_a, count=3, description="Hemlig detalj om ärendet")
    ObservationFactory(
        report=report, place=place_a, count=2, category=Category.objects.get(slug="welfare-crime"),
        description="Intern signal",
    )  # fmt: skip
    services.week_close(report=report, actor=coordinator_a)
    return report


def test_a_coordinator_publishes_a_summary_residents_see_without_any_observation_text(
    coordinator_client, client, municipality_a, closed_week
):
    url = reverse("situation_reports:week-publish", args=[municipality_a.slug, 2025, 9])
    preview = coordinator_client.get(url).content.decode()
    assert "Skadegörelse och klotter" in preview and "Välfärdsbrott" not in preview
    coordinator_client.post(url, {"public_summary": "En lugn vecka med visst klotter i centrum."})
    closed_week.refresh_from_db()
    assert closed_week.is_published

    for page in (f"/kommun/{municipality_a.slug}/", f"/kommun/{municipality_a.slug}/lagesbild/"):
        content = client.get(page).content.decode()
        assert "En lugn vecka med visst klotter i centrum." in content
        assert "Alby centrum" in content and "Skadegörelse och klotter" in content
        assert "Hemlig detalj" not in content and "Intern signal" not in content
        assert "Välfärdsbrott" not in content


def test_an_open_week_cannot_be_published(coordinator_client, municipality_a, report_a):
    url = reverse("situation_reports:week-publish", args=[municipality_a.slug, 2025, 10])
    response = coordinator_client.post(url, {"public_summary": "x"}, follow=True)
    assert "Bara en stängd vecka kan publiceras." in response.content.decode()
    report_a.refresh_from_db()
    assert not report_a.is_published


def test_a_withdrawn_summary_disappears_from_the_public_page(
    coordinator_client, coordinator_a, client, municipality_a, closed_week
):
    services.week_publish(report=closed_week, actor=coordinator_a, text="Publicerad text")
    coordinator_client.post(
        reverse("situation_reports:week-publish", args=[municipality_a.slug, 2025, 9]), {"unpublish": "1"}
    )
    assert "Publicerad text" not in client.get(f"/kommun/{municipality_a.slug}/").content.decode()


def test_the_public_list_of_an_unknown_municipality_is_404(client, db):
    assert client.get("/kommun/finns-inte/lagesbild/").status_code == 404


def test_the_internal_home_shows_this_weeks_report(contributor_client, municipality_a, report_a):
    content = contributor_client.get(reverse("portal:municipality-home", args=[municipality_a.slug])).content.decode()
    assert "Lägesbild, vecka 10" in content
    assert "Din organisation har inte bidragit än den här veckan." in content
    assert reverse("situation_reports:week-current", args=[municipality_a.slug]) in content


def test_the_navigation_links_to_the_week_and_the_dashboard(reader_client, municipality_a):
    content = reader_client.get(reverse("portal:municipality-home", args=[municipality_a.slug])).content.decode()
    assert ">Lägesbild</a>" in content and ">Översikt</a>" in content

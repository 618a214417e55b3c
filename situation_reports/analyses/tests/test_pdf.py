"""The annual situation picture and action plan as PDF (WeasyPrint).

WeasyPrint needs Pango from the system. Without it these tests are skipped
on a developer's machine; with REQUIRE_SERVICES=1 (CI) they fail instead,
because CI installs it (.ci/run)."""

import io
import os

import pytest
from django.urls import reverse

from agreements.tests.factories import AgreementFactory, AgreementSignatoryFactory, PriorityAreaFactory
from portal.tests.factories import OrganisationFactory
from situation_reports.analyses import pdf, services
from situation_reports.analyses.models import PeriodAnalysis
from situation_reports.tests.factories import ObservationFactory, WeeklyReportFactory
from situation_reports.weeks import IsoWeek

from .factories import AnnualPlanFactory, PeriodAnalysisFactory, PlanMeasureFactory

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert(1)</script><img src="http://127.0.0.1:9/x.png">'


@pytest.fixture(autouse=True)
def _weasyprint():
    if not pdf.weasyprint_available():
        message = "WeasyPrint or Pango is missing (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but {message}")
        pytest.skip(message)


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


@pytest.fixture
def plan(municipality_a, coordinator_a, frozen):
    report = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2026, 10))
    ObservationFactory(report=report, count=3)
    analysis = PeriodAnalysisFactory(municipality=municipality_a, kind="tertial", year=2026, number=1)
    PeriodAnalysis.objects.filter(pk=analysis.pk).update(conclusions="Klottret ökar i centrum.")
    services.analysis_approve(analysis=analysis, actor=coordinator_a, today=IsoWeek(2026, 20).monday)
    agreement = AgreementFactory(municipality=municipality_a, title="Samverkansöverenskommelse 2023–2026")
    AgreementSignatoryFactory(agreement=agreement)
    priority = PriorityAreaFactory(agreement=agreement, title="Narkotikasituationen", position=1)
    plan = services.plan_create(municipality=municipality_a, year=2026, actor=coordinator_a)
    PlanMeasureFactory(
        plan=plan,
        what="Trygghetsvandringar i centrum",
        responsible=OrganisationFactory(name="Polisen Centrum", municipalities=[municipality_a]),
        timing="Varje fredag",
        priority=priority,
    )
    return plan


def test_the_pdf_shows_the_municipality_the_period_the_priorities_and_the_measures(reader_client, municipality_a, plan):
    response = reader_client.get(reverse("situation_reports:plan-pdf", args=[municipality_a.slug, plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "lagesbild-och-atgardsplan-kommun-a-2026.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    for expected in (
        "Arboga-test",
        "2026",
        "Tertial 1 2026",
        "vecka 2026-W01 till 2026-W18",
        "Narkotikasituationen",
        "Trygghetsvandringar i centrum",
        "Polisen Centrum",
        "Varje fredag",
        "Klottret ökar i centrum.",
    ):
        assert expected in text, expected


def test_the_pdf_is_tagged_with_its_language_and_title_for_pdf_ua(reader_client, municipality_a, plan):
    from pypdf import PdfReader

    response = reader_client.get(reverse("situation_reports:plan-pdf", args=[municipality_a.slug, plan.pk]))
    root = PdfReader(io.BytesIO(response.content)).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])  # pdfinfo: "Tagged: yes"
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith("sv")
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title.startswith("Arboga-test")


def test_hostile_text_is_printed_as_text_and_nothing_is_fetched(reader_client, municipality_a, plan):
    AnnualPlanFactory._meta.model.objects.filter(pk=plan.pk).update(problem_picture=HOSTILE)
    html = reader_client.get(reverse("situation_reports:plan-print", args=[municipality_a.slug, plan.pk]))
    assert "<script>alert" not in html.content.decode() and "&lt;script&gt;" in html.content.decode()
    response = reader_client.get(reverse("situation_reports:plan-pdf", args=[municipality_a.slug, plan.pk]))
    text = pdf_text(response.content)
    assert "<script>alert(1)</script>" in text


@pytest.mark.allow_error_logs
def test_the_renderer_fetches_no_url():
    content = pdf.html_to_pdf('<p>Hej</p><img src="http://127.0.0.1:9/x.png"><img src="file:///etc/passwd">')
    assert content.startswith(b"%PDF-")

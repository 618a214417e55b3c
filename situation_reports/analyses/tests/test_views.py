"""The pages: drafting, approving (and then refusing edits), linking to the
agreement and pledges, the agreement page listing the analyses, and the
annual plan."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.tests.factories import (
    AgreementFactory,
    AgreementSignatoryFactory,
    CommitmentFactory,
    FocusAreaFactory,
    PledgeFactory,
    PriorityAreaFactory,
)
from portal.models import AuditEvent, Category
from portal.tests.factories import MunicipalityFactory, OrganisationFactory, PlaceFactory
from situation_reports.analyses.models import AnalysisLink, AnnualPlan, PeriodAnalysis
from situation_reports.tests.factories import ObservationFactory, WeeklyReportFactory
from situation_reports.weeks import IsoWeek

from .factories import AnnualPlanFactory, PeriodAnalysisFactory, PlanMeasureFactory

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def url(name, municipality, *args):
    return reverse(f"situation_reports:{name}", args=[municipality.slug, *args])


@pytest.fixture
def centrum(municipality_a):
    return PlaceFactory(municipality=municipality_a, name="Centrum")


@pytest.fixture
def observed(municipality_a, centrum, frozen):
    report = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2026, 10))
    return ObservationFactory(report=report, place=centrum, count=4)


@pytest.fixture
def analysis(municipality_a, observed):
    return PeriodAnalysisFactory(municipality=municipality_a, kind="tertial", year=2026, number=1)


def test_a_contributor_creates_an_analysis_of_a_tertial(contributor_client, municipality_a, observed):
    response = contributor_client.post(
        url("analysis-create", municipality_a), {"kind": "tertial", "year": 2026, "number": 1}
    )
    analysis = PeriodAnalysis.objects.get(municipality=municipality_a)
    assert response.status_code == 302 and response["Location"] == url("analysis-detail", municipality_a, analysis.pk)
    page = contributor_client.get(response["Location"]).content.decode()
    assert "Tertial 1 2026" in page and "Utkast" in page
    assert "Centrum" in page


def test_a_period_that_does_not_exist_or_is_taken_is_a_form_error(contributor_client, municipality_a, analysis):
    response = contributor_client.post(
        url("analysis-create", municipality_a), {"kind": "tertial", "year": 2026, "number": 4}
    )
    assert "välj ett nummer från 1 till 3" in response.content.decode()
    response = contributor_client.post(
        url("analysis-create", municipality_a), {"kind": "tertial", "year": 2026, "number": 1}
    )
    assert "Det finns redan en analys av Tertial 1 2026" in response.content.decode()
    assert PeriodAnalysis.objects.count() == 1


def test_the_group_writes_its_text_and_hostile_text_is_escaped(contributor_client, municipality_a, analysis):
    data = {"analysis": HOSTILE, "conclusions": "Mer narkotika vid stationen.", "proposed_priorities": "Narkotika"}
    response = contributor_client.post(url("analysis-edit", municipality_a, analysis.pk), data)
    assert response.status_code == 302
    analysis.refresh_from_db()
    assert analysis.analysis == HOSTILE
    page = contributor_client.get(url("analysis-detail", municipality_a, analysis.pk)).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "<img src=x" not in page


def test_a_coordinator_approves_and_the_figures_are_frozen(
    coordinator_client, coordinator_a, municipality_a, analysis, observed
):
    response = coordinator_client.post(url("analysis-approve", municipality_a, analysis.pk))
    assert response.status_code == 302
    analysis.refresh_from_db()
    assert analysis.is_approved and analysis.approved_by == coordinator_a and analysis.approved_at
    assert analysis.figures["totals"]["current"] == 4
    assert AuditEvent.objects.filter(action="period_analysis.approved", object_id=str(analysis.pk)).exists()
    # Later changes to the weekly data do not change the approved analysis.
    observed.count = 40
    observed.save()
    ObservationFactory(report=observed.report, place=observed.place, count=7)
    page = coordinator_client.get(url("analysis-detail", municipality_a, analysis.pk)).content.decode()
    analysis.refresh_from_db()
    assert analysis.figures["totals"]["current"] == 4
    assert "Händelser som iakttagits: 4 " in page
    assert f"av {coordinator_a}" in page


def test_an_approved_analysis_refuses_edits_with_a_clear_message(coordinator_client, municipality_a, analysis):
    coordinator_client.post(url("analysis-approve", municipality_a, analysis.pk))
    for name in ("analysis-edit", "analysis-link-create", "analysis-delete"):
        response = coordinator_client.post(url(name, municipality_a, analysis.pk), {"analysis": "Ändrat"}, follow=True)
        assert "kan inte längre ändras" in response.content.decode()
    analysis.refresh_from_db()
    assert analysis.analysis == "" and PeriodAnalysis.objects.filter(pk=analysis.pk).exists()


def test_an_analysis_is_approved_only_once_its_period_is_over(coordinator_client, municipality_a, frozen):
    analysis = PeriodAnalysisFactory(municipality=municipality_a, kind="tertial", year=2026, number=2)
    response = coordinator_client.post(url("analysis-approve", municipality_a, analysis.pk), follow=True)
    assert "kan godkännas när perioden är slut" in response.content.decode()
    analysis.refresh_from_db()
    assert not analysis.is_approved


@pytest.fixture
def agreement(municipality_a):
    agreement = AgreementFactory(municipality=municipality_a, title="Överenskommelse 2023–2026")
    AgreementSignatoryFactory(agreement=agreement)
    return agreement


def test_a_hot_spot_is_linked_to_priorities_and_commitments_and_the_agreement_lists_it(
    contributor_client, municipality_a, analysis, centrum, agreement
):
    priority = PriorityAreaFactory(agreement=agreement, title="Narkotikasituationen", position=1)
    commitment = CommitmentFactory(
        focus_area=FocusAreaFactory(pledge=PledgeFactory(municipality=municipality_a)), what="Kameror i centrum"
    )
    data = {
        "subject": f"place:{centrum.pk}",
        "priorities": [priority.pk],
        "commitments": [commitment.pk],
        "note": HOSTILE,
    }
    response = contributor_client.post(url("analysis-link-create", municipality_a, analysis.pk), data)
    assert response.status_code == 302
    link = AnalysisLink.objects.get(analysis=analysis)
    assert (
        link.place == centrum
        and list(link.priorities.all()) == [priority]
        and list(link.commitments.all()) == [commitment]
    )
    page = contributor_client.get(url("analysis-detail", municipality_a, analysis.pk)).content.decode()
    assert "Kameror i centrum" in page and "&lt;script&gt;" in page and "<script>alert" not in page
    agreement_page = contributor_client.get(
        reverse("agreements:agreement-detail", args=[municipality_a.slug, agreement.pk])
    )
    content = agreement_page.content.decode()
    assert "Periodanalyser som hänvisar till överenskommelsens prioriteringar" in content
    assert "Analys av Tertial 1 2026" in content and "Narkotikasituationen" in content


def test_forged_ids_from_another_municipality_are_form_errors(contributor_client, municipality_a, analysis, centrum):
    other = MunicipalityFactory()
    foreign_priority = PriorityAreaFactory(agreement=AgreementFactory(municipality=other))
    foreign_commitment = CommitmentFactory(focus_area=FocusAreaFactory(pledge=PledgeFactory(municipality=other)))
    foreign_place = PlaceFactory(municipality=other)
    for data in (
        {"subject": f"place:{centrum.pk}", "priorities": [foreign_priority.pk]},
        {"subject": f"place:{centrum.pk}", "commitments": [foreign_commitment.pk]},
        {"subject": f"place:{foreign_place.pk}"},
    ):
        response = contributor_client.post(url("analysis-link-create", municipality_a, analysis.pk), data)
        assert response.status_code == 200
        assert "finns inte bland tillgängliga alternativ" in response.content.decode()
    assert not AnalysisLink.objects.exists()


def test_a_category_link_can_be_edited_and_removed(contributor_client, municipality_a, analysis):
    category = Category.objects.get(slug="vandalism-graffiti")
    response = contributor_client.post(
        url("analysis-link-create", municipality_a, analysis.pk),
        {"subject": "category:vandalism-graffiti", "note": "Ingen åtgärd ännu"},
    )
    link = AnalysisLink.objects.get(analysis=analysis, category=category)
    response = contributor_client.post(
        url("analysis-link-edit", municipality_a, analysis.pk, link.pk), {"note": "Klotter saneras"}
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.note == "Klotter saneras"
    contributor_client.post(url("analysis-link-delete", municipality_a, analysis.pk, link.pk))
    assert not AnalysisLink.objects.exists()


def test_the_detail_page_takes_the_same_queries_for_little_or_much_data(
    reader_client, municipality_a, analysis, centrum
):
    detail = url("analysis-detail", municipality_a, analysis.pk)
    reader_client.get(detail)
    # the core's session, user and membership; the analysis; its links; eight
    # for the figures (the core's share is measured, not assumed)
    with CaptureQueriesContext(connection) as small:
        reader_client.get(detail)
    organisation = OrganisationFactory(municipalities=[municipality_a])
    for week in range(1, 19):
        report = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2026, week))
        for _ in range(5):
            ObservationFactory(
                report=report, organisation=organisation, place=PlaceFactory(municipality=municipality_a)
            )
    with CaptureQueriesContext(connection) as large:
        reader_client.get(detail)
    assert len(large) == len(small) <= 14


# --- The annual plan --------------------------------------------------------------------


@pytest.fixture
def year_data(municipality_a, coordinator_client, analysis, agreement):
    PriorityAreaFactory(
        agreement=agreement, title="Välfärdsbrott", causes="Bedrägerier mot välfärden.", follow_up="Kvartalsvis."
    )
    pledge = PledgeFactory(municipality=municipality_a, title="Medborgarlöfte 2026")
    CommitmentFactory(focus_area=FocusAreaFactory(pledge=pledge), what="Nattvandringar i centrum")
    PeriodAnalysis.objects.filter(pk=analysis.pk).update(conclusions="Narkotikan ökar vid stationen.")
    coordinator_client.post(url("analysis-approve", municipality_a, analysis.pk))
    return pledge


def test_a_coordinator_drafts_the_annual_plan_from_the_years_analyses(
    coordinator_client, municipality_a, year_data, agreement
):
    response = coordinator_client.post(url("plan-create", municipality_a), {"year": 2026})
    plan = AnnualPlan.objects.get(municipality=municipality_a, year=2026)
    assert response["Location"] == url("plan-edit", municipality_a, plan.pk)
    assert plan.agreement == agreement and list(plan.pledges.all()) == [year_data]
    assert "Narkotikan ökar vid stationen." in plan.problem_picture
    assert "Välfärdsbrott" in plan.priorities_and_causes and "Bedrägerier mot välfärden." in plan.priorities_and_causes
    assert "Kvartalsvis." in plan.follow_up
    assert [m.what for m in plan.measures.all()] == ["Nattvandringar i centrum"]
    page = coordinator_client.get(url("plan-detail", municipality_a, plan.pk)).content.decode()
    assert "Tertial 1 2026" in page and "Nattvandringar i centrum" in page


def test_the_plan_is_edited_then_approved_and_frozen(coordinator_client, municipality_a, organisation_a, year_data):
    coordinator_client.post(url("plan-create", municipality_a), {"year": 2026})
    plan = AnnualPlan.objects.get()
    measure = plan.measures.get()
    data = {
        "problem_picture": HOSTILE,
        "priorities_and_causes": "1. Narkotika",
        "follow_up": "Varje tertial.",
        "measures-TOTAL_FORMS": 2,
        "measures-INITIAL_FORMS": 1,
        "measures-MIN_NUM_FORMS": 0,
        "measures-MAX_NUM_FORMS": 100,
        "measures-0-id": measure.pk,
        "measures-0-position": 1,
        "measures-0-what": "Nattvandringar i centrum",
        "measures-0-responsible": measure.responsible_id,
        "measures-0-timing": "Varje fredag",
        "measures-1-position": 2,
        "measures-1-what": "Trygghetskameror vid stationen",
        "measures-1-responsible": organisation_a.pk,
        "measures-1-timing": "Senast 30 juni",
    }
    response = coordinator_client.post(url("plan-edit", municipality_a, plan.pk), data)
    assert response.status_code == 302, response.content.decode()
    assert plan.measures.count() == 2
    print_page = coordinator_client.get(url("plan-print", municipality_a, plan.pk)).content.decode()
    assert "&lt;script&gt;" in print_page and "<script>alert" not in print_page
    coordinator_client.post(url("plan-approve", municipality_a, plan.pk))
    plan.refresh_from_db()
    assert plan.is_approved and plan.approved_at
    response = coordinator_client.post(url("plan-edit", municipality_a, plan.pk), data, follow=True)
    assert "kan inte längre ändras" in response.content.decode()


def test_a_foreign_organisation_is_no_responsible_party(coordinator_client, municipality_a):
    plan = AnnualPlanFactory(municipality=municipality_a)
    foreign = OrganisationFactory(municipalities=[MunicipalityFactory()])
    data = {
        "problem_picture": "",
        "priorities_and_causes": "",
        "follow_up": "",
        "measures-TOTAL_FORMS": 1,
        "measures-INITIAL_FORMS": 0,
        "measures-MIN_NUM_FORMS": 0,
        "measures-MAX_NUM_FORMS": 100,
        "measures-0-position": 1,
        "measures-0-what": "Något",
        "measures-0-responsible": foreign.pk,
        "measures-0-timing": "Snart",
    }
    response = coordinator_client.post(url("plan-edit", municipality_a, plan.pk), data)
    assert "finns inte bland tillgängliga alternativ" in response.content.decode()
    assert not plan.measures.exists()


def test_a_plan_without_measures_is_not_approved(coordinator_client, municipality_a):
    plan = AnnualPlanFactory(municipality=municipality_a)
    response = coordinator_client.post(url("plan-approve", municipality_a, plan.pk), follow=True)
    assert "minst en åtgärd" in response.content.decode()
    plan.refresh_from_db()
    assert not plan.is_approved


def test_an_approved_plan_keeps_the_analyses_approved_before_it(
    coordinator_client, municipality_a, year_data, time_machine
):
    plan = AnnualPlanFactory(municipality=municipality_a)
    PlanMeasureFactory(plan=plan)
    coordinator_client.post(url("plan-approve", municipality_a, plan.pk))
    time_machine.move_to("2026-05-12 10:00:00+02:00", tick=False)
    later = PeriodAnalysisFactory(municipality=municipality_a, kind="quarter", year=2026, number=1)
    coordinator_client.post(url("analysis-approve", municipality_a, later.pk))
    later.refresh_from_db()
    assert later.is_approved
    page = coordinator_client.get(url("plan-detail", municipality_a, plan.pk)).content.decode()
    assert "Tertial 1 2026" in page and "Kvartal 1 2026" not in page

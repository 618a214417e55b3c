"""A tip filed as an observation, new tips on the dashboard, tips at a place."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import Category
from portal.tests.factories import MunicipalityFactory
from situation_reports.models import Observation
from tips.models import TipStatus
from tips.tests.factories import TipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor_a(contributor_a):
    """The police contributor handles tips here (tips/tests/test_access.py
    covers those who do not)."""
    contributor_a.memberships.update(is_tip_handler=True)
    return contributor_a


@pytest.fixture
def tip(municipality_a, place_a):
    return TipFactory(municipality=municipality_a, place=place_a, category=Category.objects.get(slug="narcotics"))


def file_url(municipality, tip):
    return reverse("situation_reports:observation-from-tip", args=[municipality.slug, tip.pk])


def form_data(tip, **overrides):
    data = {
        "observation-place": tip.place_id,
        "observation-category": tip.category_id,
        "observation-description": "Tips om försäljning vid gångtunneln kvällstid.",
    }
    return {**data, **overrides}


def test_a_contributor_files_a_tip_in_this_weeks_report_once(
    contributor_client, contributor_a, police_a, municipality_a, tip, frozen
):
    response = contributor_client.post(file_url(municipality_a, tip), form_data(tip), follow=True)
    assert "Tipset lades till som iakttagelse i vecka 10." in response.content.decode()
    observation = Observation.objects.get()
    assert (observation.tip, observation.source, observation.organisation) == (tip, "tip", police_a)
    assert (observation.report.iso_year, observation.report.iso_week) == (2025, 10)
    assert observation.date.isoformat() == "2025-03-05"
    assert observation.author == contributor_a
    assert tip.description not in observation.description
    tip.refresh_from_db()
    assert tip.status == TipStatus.USED_IN_REPORT

    again = contributor_client.post(file_url(municipality_a, tip), form_data(tip), follow=True)
    assert "Tipset finns redan som iakttagelse i vecka 10." in again.content.decode()
    assert Observation.objects.count() == 1


def test_the_tip_page_offers_the_form_and_then_links_to_the_observation(
    contributor_client, municipality_a, tip, frozen
):
    detail = reverse("tips:tip-detail", args=[municipality_a.slug, tip.pk])
    content = contributor_client.get(detail).content.decode()
    assert file_url(municipality_a, tip) in content
    assert "Lägg till som iakttagelse" in content
    contributor_client.post(file_url(municipality_a, tip), form_data(tip))
    content = contributor_client.get(detail).content.decode()
    assert file_url(municipality_a, tip) not in content
    assert "Tipset är en iakttagelse i lägesbilden för vecka 10, 2025." in content


def test_a_tip_without_a_valid_description_is_not_filed(contributor_client, municipality_a, tip, frozen):
    response = contributor_client.post(
        file_url(municipality_a, tip), form_data(tip, **{"observation-description": "Ring 070-123 45 67"})
    )
    assert response.status_code == 400
    assert "”070-123 45 67” ser ut som ett telefonnummer." in response.content.decode()
    assert not Observation.objects.exists()


def test_spam_is_not_filed(contributor_client, municipality_a, tip, frozen):
    tip.status, tip.closed_at = TipStatus.SPAM, timezone.now()
    tip.save()
    response = contributor_client.post(file_url(municipality_a, tip), form_data(tip), follow=True)
    assert "skräppost" in response.content.decode()
    assert not Observation.objects.exists()


def test_filing_a_tip_is_scoped_and_needs_a_contributor(
    client, reader_client, official_b, municipality_a, municipality_b, tip, frozen
):
    url = file_url(municipality_a, tip)
    assert reader_client.post(url, form_data(tip)).status_code == 403
    client.force_login(official_b)
    assert client.post(url, form_data(tip)).status_code == 404
    # Through one's own municipality, another municipality's tip does not exist.
    assert client.post(file_url(municipality_b, tip), form_data(tip)).status_code == 404
    assert not Observation.objects.exists()


def test_filing_is_post_only(contributor_client, municipality_a, tip, frozen):
    assert contributor_client.get(file_url(municipality_a, tip)).status_code == 405


def test_a_place_of_another_municipality_cannot_be_chosen(contributor_client, municipality_a, tip, frozen):
    from portal.tests.factories import PlaceFactory

    foreign = PlaceFactory(municipality=MunicipalityFactory())
    response = contributor_client.post(
        file_url(municipality_a, tip), form_data(tip, **{"observation-place": foreign.pk})
    )
    assert response.status_code == 400
    assert not Observation.objects.exists()


def test_the_dashboard_counts_tips_of_the_last_seven_days(contributor_client, municipality_a, frozen):
    TipFactory(municipality=municipality_a)
    old = TipFactory(municipality=municipality_a)
    spam = TipFactory(municipality=municipality_a, status=TipStatus.SPAM, closed_at=timezone.now())
    TipFactory(municipality=MunicipalityFactory())
    type(old).objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=8))
    assert spam.status == "spam"
    response = contributor_client.get(reverse("situation_reports:dashboard", args=[municipality_a.slug]))
    assert response.context["tips_new"] == 1
    assert "1 tips från invånare de senaste 7 dagarna." in response.content.decode()


def test_readers_see_no_tip_count_on_the_dashboard(reader_client, municipality_a, frozen):
    TipFactory(municipality=municipality_a)
    response = reader_client.get(reverse("situation_reports:dashboard", args=[municipality_a.slug]))
    assert response.context["tips_new"] is None
    assert "tips från invånare" not in response.content.decode()


def test_the_place_page_lists_its_tips_without_their_text(contributor_client, municipality_a, place_a, tip):
    response = contributor_client.get(reverse("situation_reports:place-detail", args=[municipality_a.slug, place_a.pk]))
    content = response.content.decode()
    assert reverse("tips:tip-detail", args=[municipality_a.slug, tip.pk]) in content
    assert tip.description not in content


def test_a_contributor_who_does_not_handle_tips_counts_and_files_only_shared_tips(
    client, municipality_a, place_a, police_a, contributor_a, tip
):
    from portal.models import Role
    from portal.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
    from tips.models import TipShare

    housing = OrganisationFactory(name="Bostadsbolaget A", kind="housing", municipalities=[municipality_a])
    tenant_officer = UserFactory()
    MembershipFactory(user=tenant_officer, municipality=municipality_a, organisation=housing, role=Role.CONTRIBUTOR)
    TipFactory(municipality=municipality_a, place=place_a)
    client.force_login(tenant_officer)
    dashboard = client.get(reverse("situation_reports:dashboard", args=[municipality_a.slug]))
    assert dashboard.context["tips_new"] == 0
    place_page = client.get(reverse("situation_reports:place-detail", args=[municipality_a.slug, place_a.pk]))
    assert place_page.context["tip_count"] == 0
    assert client.post(file_url(municipality_a, tip), form_data(tip)).status_code == 404
    TipShare.objects.create(tip=tip, organisation=housing)
    dashboard = client.get(reverse("situation_reports:dashboard", args=[municipality_a.slug]))
    assert dashboard.context["tips_new"] == 1
    assert client.post(file_url(municipality_a, tip), form_data(tip)).status_code == 302

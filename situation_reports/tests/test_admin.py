import pytest
from django.urls import reverse

from situation_reports.tests.factories import ActionFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def test_the_admin_lists_and_filters_every_model(client, admin_user, report_a):
    observation = ObservationFactory(report=report_a)
    action = ActionFactory(report=report_a)
    client.force_login(admin_user)
    for model, obj, filters in [
        ("weeklyreport", report_a, {"municipality__id__exact": report_a.municipality_id, "iso_week": 10}),
        ("observation", observation, {"report__iso_week": 10, "category__id__exact": observation.category_id}),
        ("action", action, {"report__municipality__id__exact": report_a.municipality_id, "status__exact": "planned"}),
    ]:
        changelist = reverse(f"admin:situation_reports_{model}_changelist")
        assert client.get(changelist, filters).status_code == 200, model
        assert client.get(changelist, {"q": "x"}).status_code == 200, model
        assert client.get(reverse(f"admin:situation_reports_{model}_change", args=[obj.pk])).status_code == 200

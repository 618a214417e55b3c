"""The admin: every model lists, filters, searches and opens."""

import pytest
from django.urls import reverse

from agreements.models import Agreement
from agreements.tests.factories import (
    EvaluationFactory,
    FollowerFactory,
    PledgeSignatoryFactory,
    ProgressUpdateFactory,
)
from portal.models import AuditEvent
from portal.tests.hostile import RAW_MARKERS

pytestmark = pytest.mark.django_db

MODELS = [
    "agreement",
    "citizenpledge",
    "focusarea",
    "commitment",
    "progressupdate",
    "evaluation",
    "agreementsignatory",
    "pledgesignatory",
    "priorityarea",
    "pledgefollower",
    "followerdelivery",
]


@pytest.fixture
def rows(agreement_a, pledge_a, commitment_a):
    pledge_a.agreement = agreement_a
    pledge_a.save()
    ProgressUpdateFactory(commitment=commitment_a, text='<script>alert("xss")</script>')
    EvaluationFactory(pledge=pledge_a)
    PledgeSignatoryFactory(pledge=pledge_a)
    FollowerFactory(pledge=pledge_a)
    commitment_a.what = '"><img src=x onerror=alert(1)>'
    commitment_a.save()


@pytest.mark.parametrize("model", MODELS)
def test_every_admin_list_and_search_works(client, admin_user, rows, model):
    client.force_login(admin_user)
    url = reverse(f"admin:agreements_{model}_changelist")
    for query in ["", "?q=a", "?o=1"]:
        response = client.get(url + query)
        assert response.status_code == 200
        for marker in RAW_MARKERS:
            assert marker not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["?status=draft", "?status=active", "?status=expired", "?period=current", "?period=past", "?period=future"],
)
def test_agreements_filter_by_status_and_period(client, admin_user, rows, query, municipality_a):
    client.force_login(admin_user)
    response = client.get(
        reverse("admin:agreements_agreement_changelist") + query + f"&municipality__id__exact={municipality_a.pk}"
    )
    assert response.status_code == 200


def test_the_change_pages_open_with_their_inlines(client, admin_user, rows, agreement_a, pledge_a, commitment_a):
    client.force_login(admin_user)
    for url in [
        reverse("admin:agreements_agreement_change", args=[agreement_a.pk]),
        reverse("admin:agreements_citizenpledge_change", args=[pledge_a.pk]),
        reverse("admin:agreements_commitment_change", args=[commitment_a.pk]),
        reverse("admin:agreements_focusarea_change", args=[commitment_a.focus_area_id]),
    ]:
        assert client.get(url).status_code == 200, url


def test_admin_edits_are_audited(client, admin_user, agreement_a):
    client.force_login(admin_user)
    client.post(reverse("admin:agreements_agreement_delete", args=[agreement_a.pk]), {"post": "yes"})
    assert not Agreement.objects.exists()
    assert AuditEvent.objects.filter(action="agreement.deleted_in_admin", actor=admin_user).exists()

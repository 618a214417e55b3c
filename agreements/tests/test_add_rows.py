"""'Add another row' without JavaScript: the button asks the server for one
more blank row and keeps what was typed; Lerum's six signatories go in one save."""

import pytest
from django.urls import reverse

from agreements.models import Agreement
from agreements.tests.test_views import _agreement_data

pytestmark = pytest.mark.django_db

LERUM = [
    ("Johan Lundberg", "Lokalpolisområdeschef", "police"),
    ("Anders Hultén", "Säkerhetschef", "municipality"),
    ("Conny Holm", "Kommunpolis", "police"),
    ("Alexander Abenius (M)", "Kommunstyrelsens ordförande", "municipality"),
    ("Åsa Qvist Ek", "Näringslivschef", "municipality"),
    ("Gull-Britt Eide", "Kommundirektör", "municipality"),
]


def test_the_add_row_button_adds_a_blank_row_and_keeps_what_was_typed(
    coordinator_client, municipality_a, organisation_a, police_a
):
    url = reverse("agreements:agreement-create", args=[municipality_a.slug])
    page = coordinator_client.get(url).content.decode()
    assert 'name="add-row" value="signatories"' in page and "<template data-empty-row>" in page
    data = _agreement_data([organisation_a, police_a])
    data.update({"signatories-0-name": "Johan Lundberg", "add-row": "signatories"})
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert not Agreement.objects.exists()  # adding a row saves nothing
    signatories = response.context["signatories"]
    assert signatories.total_form_count() == 2
    assert 'value="Johan Lundberg"' in response.content.decode()


def test_six_signatories_are_entered_in_one_save(coordinator_client, municipality_a, organisation_a, police_a):
    url = reverse("agreements:agreement-create", args=[municipality_a.slug])
    data = _agreement_data([organisation_a, police_a])
    # Five presses of "add another row" (each round trip keeps the rows), then one save.
    for _ in range(5):
        data["add-row"] = "signatories"
        response = coordinator_client.post(url, data)
        data = {k: v for k, v in response.context["signatories"].data.lists()}
        data = {k: (v if len(v) > 1 else v[0]) for k, v in data.items()}
        data.pop("add-row")
    assert data["signatories-TOTAL_FORMS"] == "6"
    for index, (name, title, kind) in enumerate(LERUM):
        organisation = police_a if kind == "police" else organisation_a
        data.update(
            {
                f"signatories-{index}-name": name,
                f"signatories-{index}-title": title,
                f"signatories-{index}-organisation": organisation.pk,
                f"signatories-{index}-signed_on": "2023-02-14",
            }
        )
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert [s.name for s in agreement.signatories.order_by("pk")] == [name for name, _, _ in LERUM]
    assert agreement.is_signed

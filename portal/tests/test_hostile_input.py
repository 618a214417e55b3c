import pytest
from django.urls import reverse

from portal.models import Place
from portal.tests.hostile import HOSTILE_STRINGS, RAW_MARKERS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", HOSTILE_STRINGS, ids=range(len(HOSTILE_STRINGS)))
def test_hostile_place_names_are_refused_or_stored_and_escaped(coordinator_client, municipality_a, text):
    response = coordinator_client.post(
        reverse("portal:place-create", args=[municipality_a.slug]), {"name": text, "kind": "area"}
    )
    assert response.status_code in (200, 302)
    pages = [
        coordinator_client.get(reverse("portal:place-list", args=[municipality_a.slug])),
        coordinator_client.get(reverse("portal:municipality-home", args=[municipality_a.slug])),
    ]
    for page in pages:
        content = page.content.decode()
        assert page.status_code == 200
        for marker in RAW_MARKERS:
            assert marker not in content
    if response.status_code == 200:  # refused: the form explains why and keeps the text
        assert "is-invalid" in response.content.decode()
    else:
        assert Place.objects.filter(municipality=municipality_a).count() == 1


@pytest.mark.parametrize("text", HOSTILE_STRINGS, ids=range(len(HOSTILE_STRINGS)))
def test_hostile_account_fields_never_break_the_account_page(client, coordinator_a, text):
    client.force_login(coordinator_a)
    response = client.post(
        reverse("portal:account"),
        {"first_name": text[:150], "last_name": "Ek", "email": "lena@example.org", "language": "sv", "title": text},
    )
    assert response.status_code in (200, 302)
    content = client.get(reverse("portal:account")).content.decode()
    for marker in RAW_MARKERS:
        assert marker not in content


@pytest.mark.parametrize("text", HOSTILE_STRINGS, ids=range(len(HOSTILE_STRINGS)))
def test_hostile_text_in_the_admin_is_escaped(client, admin_user, municipality_a, text):
    Place.objects.create(municipality=municipality_a, name=text[:150].replace("\x00", ""))
    client.force_login(admin_user)
    content = client.get(reverse("admin:portal_place_changelist")).content.decode()
    for marker in RAW_MARKERS:
        assert marker not in content

import pytest
from django.urls import reverse

from walks import links
from walks.tests.factories import FindingFactory, FindingPhotoFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["walk", "finding", "findingphoto"])
def test_the_admin_lists_and_searches_and_shows(client, admin_user, walk_a, model):
    photo = FindingPhotoFactory(finding=FindingFactory(walk=walk_a))
    obj = {"walk": walk_a, "finding": photo.finding, "findingphoto": photo}[model]
    client.force_login(admin_user)
    assert client.get(reverse(f"admin:walks_{model}_changelist"), {"q": "Trygghet"}).status_code == 200
    assert client.get(reverse(f"admin:walks_{model}_change", args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"admin:walks_{model}_add")).status_code == 403


def test_the_admin_action_retires_the_residents_link(client, admin_user, walk_a):
    token = links.resident_token(walk_a)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:walks_walk_changelist"), {"action": "retire_resident_link", "_selected_action": [walk_a.pk]}
    )
    assert response.status_code == 302
    assert links.walk_from_token(token, walk_a.municipality_id) is None

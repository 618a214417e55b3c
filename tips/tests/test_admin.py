"""Admin: read-mostly, contact details never in lists, viewing audited."""

import pytest
from django.urls import reverse

from portal.models import AuditEvent
from tips.models import Tip
from tips.tests.factories import TipFactory, TipMessageFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_list_never_shows_contact_details(admin_client, municipality_a):
    TipFactory(municipality=municipality_a, contact_name="Kim Hemlig", contact_email="kim.hemlig@example.org")
    response = admin_client.get(reverse("admin:tips_tip_changelist"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Kim Hemlig" not in content and "kim.hemlig" not in content
    for flt in ["status", "channel"]:
        assert f"?{flt}" in content or f"{flt}__" in content


def test_searching_by_contact_details_is_not_possible(admin_client, municipality_a):
    TipFactory(municipality=municipality_a, contact_email="kim.hemlig@example.org")
    response = admin_client.get(reverse("admin:tips_tip_changelist"), {"q": "kim.hemlig"})
    assert response.context["cl"].result_count == 0


def test_opening_a_tip_in_admin_is_audited_and_escaped(admin_client, admin_user, municipality_a):
    tip = TipFactory(municipality=municipality_a, description=HOSTILE, contact_name=HOSTILE)
    TipMessageFactory(tip=tip, body=HOSTILE)
    response = admin_client.get(reverse("admin:tips_tip_change", args=[tip.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert HOSTILE not in content and "&lt;script&gt;" in content
    assert AuditEvent.objects.filter(action="tip.viewed_in_admin", actor=admin_user, object_id=str(tip.pk)).exists()


def test_tips_cannot_be_added_changed_or_deleted_in_admin(admin_client, municipality_a):
    tip = TipFactory(municipality=municipality_a)
    assert admin_client.get(reverse("admin:tips_tip_add")).status_code == 403
    assert admin_client.post(reverse("admin:tips_tip_delete", args=[tip.pk]), {"post": "yes"}).status_code == 403
    admin_client.post(reverse("admin:tips_tip_change", args=[tip.pk]), {"description": "ändrad"})
    tip.refresh_from_db()
    assert tip.description != "ändrad"


def test_audit_events_of_tips_are_in_admin(admin_client, municipality_a):
    tip = TipFactory(municipality=municipality_a)
    admin_client.get(reverse("admin:tips_tip_change", args=[tip.pk]))
    content = admin_client.get(reverse("admin:portal_auditevent_changelist"), {"action": "tip.viewed_in_admin"})
    assert "tip.viewed_in_admin" in content.content.decode()


def test_the_demo_tips_load_twice_without_duplicates(capsys, db):
    from portal import demo as core_demo
    from tips import demo

    municipalities = core_demo.load()
    demo.load(municipalities)
    count = Tip.objects.count()
    demo.load(municipalities)
    assert Tip.objects.count() == count >= 10
    assert set(Tip.objects.values_list("status", flat=True)) >= {"new", "in_review", "closed", "spam"}
    assert "/tips/uppfoljning/" in capsys.readouterr().out

import re

import pytest
from django.core import mail
from django.urls import reverse

from portal.models import AuditEvent, Membership, Role, User
from portal.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _invite(client, municipality, organisation, email="ny@example.org", role=Role.CONTRIBUTOR):
    return client.post(
        reverse("portal:member-invite", args=[municipality.slug]),
        {"email": email, "first_name": "Nils", "last_name": "Nord", "organisation": organisation.pk, "role": role},
    )


def test_coordinator_invites_a_new_official_who_sets_a_password_and_is_verified(
    coordinator_client, municipality_a, police_a, django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(coordinator_client, municipality_a, police_a)
    assert response.status_code == 302
    user = User.objects.get(email="ny@example.org")
    assert not user.has_usable_password() and not user.email_verified
    assert Membership.objects.get(user=user).municipality == municipality_a
    assert AuditEvent.objects.filter(action="membership.invited").exists()
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/konto/aterstall/\S+/", mail.outbox[0].body).group(0)
    assert municipality_a.name in mail.outbox[0].subject

    client.logout()
    form_page = client.get(link.split("8000", 1)[1], follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "En-lång-fras-2026", "new_password2": "En-lång-fras-2026"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("En-lång-fras-2026") and user.email_verified


def test_inviting_an_existing_member_is_a_form_error(coordinator_client, municipality_a, police_a, contributor_a):
    response = _invite(coordinator_client, municipality_a, police_a, email=contributor_a.email)
    assert response.status_code == 200
    assert "redan medlem" in response.content.decode()


def test_readers_and_other_municipalities_cannot_invite(reader_client, municipality_a, police_a):
    assert _invite(reader_client, municipality_a, police_a).status_code == 403
    assert not User.objects.filter(email="ny@example.org").exists()


def test_other_municipality_gets_404_on_member_pages(official_b_client, municipality_a, contributor_a):
    membership = contributor_a.memberships.get()
    for name, args in [
        ("portal:member-list", []),
        ("portal:member-invite", []),
        ("portal:member-edit", [membership.pk]),
        ("portal:member-remove", [membership.pk]),
    ]:
        url = reverse(name, args=[municipality_a.slug, *args])
        assert official_b_client.get(url).status_code == 404
        assert official_b_client.post(url).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_last_coordinator_cannot_be_removed_or_demoted(coordinator_client, coordinator_a, municipality_a):
    own = coordinator_a.memberships.get()
    response = coordinator_client.post(reverse("portal:member-remove", args=[municipality_a.slug, own.pk]))
    assert "minst en samordnare" in response.content.decode()
    response = coordinator_client.post(
        reverse("portal:member-edit", args=[municipality_a.slug, own.pk]),
        {"organisation": own.organisation_id, "role": Role.READER},
    )
    assert "minst en samordnare" in response.content.decode()
    own.refresh_from_db()
    assert own.role == Role.COORDINATOR


def test_coordinator_removes_a_member_after_confirming(coordinator_client, municipality_a, contributor_a):
    membership = contributor_a.memberships.get()
    url = reverse("portal:member-remove", args=[municipality_a.slug, membership.pk])
    assert "Ja, ta bort" in coordinator_client.get(url).content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert coordinator_client.post(url).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_member_list_query_count_does_not_grow(coordinator_client, municipality_a, django_assert_max_num_queries):
    url = reverse("portal:member-list", args=[municipality_a.slug])
    coordinator_client.get(url)
    with django_assert_max_num_queries(5) as few:
        coordinator_client.get(url)
    organisation = OrganisationFactory(municipalities=[municipality_a])
    MembershipFactory.create_batch(10, municipality=municipality_a, organisation=organisation)
    with django_assert_max_num_queries(len(few.captured_queries)):
        coordinator_client.get(url)


def test_an_unreachable_broker_does_not_break_the_invitation(
    coordinator_client, municipality_a, police_a, settings, django_capture_on_commit_callbacks
):
    from portal.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = _invite(coordinator_client, municipality_a, police_a)
    finally:
        app.conf.task_always_eager = True
        app.conf.broker_url = settings.CELERY_BROKER_URL
    assert response.status_code == 302
    assert User.objects.filter(email="ny@example.org").exists()
    assert len(mail.outbox) == 0


def test_a_pending_invitation_can_be_sent_again(
    coordinator_client, municipality_a, police_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(coordinator_client, municipality_a, police_a)
    membership = Membership.objects.get(user__email="ny@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("portal:member-resend-invitation", args=[municipality_a.slug, membership.pk])
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 2


def test_hostile_names_are_escaped_in_the_invitation_email(
    coordinator_client, coordinator_a, municipality_a, police_a, django_capture_on_commit_callbacks
):
    coordinator_a.first_name = '<script>alert("x")</script>'
    coordinator_a.save()
    police_a.name = "Polisen\r\nBcc: offer@example.org"
    police_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        _invite(coordinator_client, municipality_a, police_a)
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html
    assert "\n" not in message.subject and "Bcc" not in str(message.message()["Bcc"] or "")

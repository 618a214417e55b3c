"""An admin merges a duplicate organisation into the one to keep: everything
of it moves, it is deleted, a collision refuses with a clear message, and the
merge is audited."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from agreements.tests.factories import AgreementFactory, CommitmentFactory
from portal.merging import MergeRefused, organisations_merge
from portal.models import AuditEvent, Membership, Organisation
from portal.tests.factories import MembershipFactory, OrganisationFactory
from situation_reports.models import Attendance
from situation_reports.tests.factories import ObservationFactory, PresenceEntryFactory, WeeklyReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(municipality_a, municipality_b):
    keep = OrganisationFactory(name="Fältgruppen", municipalities=[municipality_a])
    duplicate = OrganisationFactory(name="Fältgruppen (ny)", municipalities=[municipality_a, municipality_b])
    return keep, duplicate


def test_everything_moves_and_the_duplicate_is_deleted(admin_user, municipality_a, pair):
    keep, duplicate = pair
    membership = MembershipFactory(municipality=municipality_a, organisation=duplicate)
    both = AgreementFactory(municipality=municipality_a)
    both.parties.set([keep, duplicate])
    only = AgreementFactory(municipality=municipality_a)
    only.parties.set([duplicate])
    commitment = CommitmentFactory(responsible=duplicate)
    report = WeeklyReportFactory(municipality=municipality_a)
    observation = ObservationFactory(report=report, organisation=duplicate)
    presence = PresenceEntryFactory(report=report, organisation=duplicate)
    Attendance.objects.create(report=report, organisation=duplicate)
    duplicate_pk = duplicate.pk
    moved = organisations_merge(actor=admin_user, keep=keep, others=[duplicate])
    assert not Organisation.objects.filter(pk=duplicate_pk).exists()
    assert Membership.objects.get(pk=membership.pk).organisation == keep
    assert list(both.parties.all()) == [keep] and list(only.parties.all()) == [keep]
    commitment.refresh_from_db()
    observation.refresh_from_db()
    presence.refresh_from_db()
    assert commitment.responsible == keep and observation.organisation == keep and presence.organisation == keep
    assert Attendance.objects.get(report=report).organisation == keep
    assert keep.municipalities.count() == 2  # the duplicate's other municipality came along
    assert moved
    event = AuditEvent.objects.get(action="organisation.merged")
    assert f"merged={duplicate_pk}" in event.detail and event.actor == admin_user


def test_a_collision_refuses_and_changes_nothing(admin_user, municipality_a, pair):
    keep, duplicate = pair
    report = WeeklyReportFactory(municipality=municipality_a)
    Attendance.objects.create(report=report, organisation=keep)
    Attendance.objects.create(report=report, organisation=duplicate)
    observation = ObservationFactory(report=report, organisation=duplicate)
    with pytest.raises(MergeRefused) as refusal:
        organisations_merge(actor=admin_user, keep=keep, others=[duplicate])
    assert "Fältgruppen (ny)" in str(refusal.value) and "(1)" in str(refusal.value)
    assert Organisation.objects.filter(pk=duplicate.pk).exists()
    observation.refresh_from_db()
    assert observation.organisation == duplicate


def test_the_admin_action_asks_which_to_keep_then_merges(client, admin_user, pair):
    keep, duplicate = pair
    client.force_login(admin_user)
    url = reverse("admin:portal_organisation_changelist")
    data = {"action": "merge_organisations", ACTION_CHECKBOX_NAME: [keep.pk, duplicate.pk]}
    page = client.post(url, data)
    assert page.status_code == 200 and 'name="keep"' in page.content.decode()
    assert Organisation.objects.filter(pk=duplicate.pk).exists()  # asking changed nothing
    response = client.post(url, {**data, "confirm": "1", "keep": keep.pk}, follow=True)
    assert "Sammanslagen med" in response.content.decode()
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()


def test_the_admin_action_shows_a_refusal(client, admin_user, municipality_a, pair):
    keep, duplicate = pair
    report = WeeklyReportFactory(municipality=municipality_a)
    Attendance.objects.create(report=report, organisation=keep)
    Attendance.objects.create(report=report, organisation=duplicate)
    client.force_login(admin_user)
    url = reverse("admin:portal_organisation_changelist")
    data = {"action": "merge_organisations", ACTION_CHECKBOX_NAME: [keep.pk, duplicate.pk], "confirm": "1"}
    response = client.post(url, {**data, "keep": keep.pk}, follow=True)
    assert "kan inte slås ihop" in response.content.decode()
    assert Organisation.objects.filter(pk=duplicate.pk).exists()

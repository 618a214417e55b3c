from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from agreements.models import FollowerDelivery, PledgeFollower
from portal.models import AuditEvent, Category
from situation_reports import services as report_services
from situation_reports.models import Action, Observation
from walks import services
from walks.models import Finding, Walk
from walks.tests.factories import FindingFactory, WalkFactory

pytestmark = pytest.mark.django_db


def _hold(walk, user, organisation):
    return services.walk_hold(actor=user, walk=walk, organisation=organisation)


def test_holding_a_walk_moves_its_commitments_count_once(walk_a, coordinator_a, organisation_a, commitment_a):
    _hold(walk_a, coordinator_a, organisation_a)
    _hold(walk_a, coordinator_a, organisation_a)
    commitment_a.refresh_from_db()
    walk_a.refresh_from_db()
    assert walk_a.status == Walk.Status.HELD and walk_a.held_at is not None
    assert commitment_a.count_reached == 1
    assert commitment_a.status == "ongoing"
    update = commitment_a.updates.get()
    assert update.is_public and walk_a.title in update.text
    assert walk_a.counted_update == update


def test_followers_of_the_pledge_hear_that_the_walk_was_held(
    walk_a, coordinator_a, organisation_a, commitment_a, django_capture_on_commit_callbacks
):
    PledgeFollower.objects.create(
        pledge=commitment_a.focus_area.pledge, email="boende@example.org", confirmed_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        _hold(walk_a, coordinator_a, organisation_a)
    assert FollowerDelivery.objects.get().status == FollowerDelivery.Status.SENT
    assert len(mail.outbox) == 1 and walk_a.title in mail.outbox[0].body


def test_a_cancelled_walk_cannot_be_held(walk_a, coordinator_a, organisation_a):
    services.walk_cancel(actor=coordinator_a, walk=walk_a)
    with pytest.raises(ValidationError):
        _hold(walk_a, coordinator_a, organisation_a)


def test_the_same_idempotency_key_records_one_finding(walk_a):
    key = uuid.uuid4()
    data = {"description": "Mörkt vid gångtunneln.", "kind": Finding.Kind.DARK}
    first = services.finding_record(walk=walk_a, data=data, photos=[], idempotency_key=key)
    again = services.finding_record(walk=walk_a, data=data, photos=[], idempotency_key=key)
    assert first.created and not again.created
    assert first.finding == again.finding
    assert Finding.objects.count() == 1
    assert first.finding.source == Finding.Source.RESIDENT and first.finding.author is None


def test_a_finding_becomes_an_action_of_this_week_and_is_carried_over(walk_a, coordinator_a, police_a, place_a):
    finding = FindingFactory(walk=walk_a, place=place_a)
    today = timezone.localdate()
    action = services.finding_to_action(
        actor=coordinator_a,
        finding=finding,
        organisation=police_a,
        what="Byt lampan vid gångtunneln",
        due_date=today + timedelta(days=14),
        today=today,
    )
    assert (
        services.finding_to_action(
            actor=coordinator_a, finding=finding, organisation=police_a, what="igen", due_date=None, today=today
        )
        == action
    )
    finding.refresh_from_db()
    assert finding.action == action and finding.owner == police_a
    assert action.report.week.contains(today) and action.place == place_a
    next_week = report_services.week_close(report=action.report, actor=coordinator_a)
    carried = Action.objects.get(report=next_week)
    assert carried.carried_over_from == action and carried.what == action.what


def test_holding_files_findings_with_place_and_category_as_observations(
    municipality_a, coordinator_a, organisation_a, place_a
):
    walk = WalkFactory(municipality=municipality_a, starts_at=timezone.now() - timedelta(hours=1))
    category = Category.objects.filter(is_active=True).first()
    with_both = FindingFactory(walk=walk, place=place_a, category=category)
    FindingFactory(walk=walk)  # no place: stays on the walk only
    _hold(walk, coordinator_a, organisation_a)
    _hold(walk, coordinator_a, organisation_a)
    observation = Observation.objects.get()
    with_both.refresh_from_db()
    assert with_both.observation == observation
    assert observation.place == place_a and walk.title in observation.description


def test_a_report_is_published_only_for_a_held_walk(walk_a, coordinator_a, organisation_a):
    def publish():
        return services.walk_report_save(
            actor=coordinator_a,
            walk=walk_a,
            summary="Vi gick runt torget.",
            residents_said="",
            parties_answered="",
            public_photos=[],
            hidden_findings=[],
            publish=True,
        )

    with pytest.raises(ValidationError):
        publish()
    _hold(walk_a, coordinator_a, organisation_a)
    walk = publish()
    assert walk.report_is_published
    assert AuditEvent.objects.filter(action="walk.report_published").exists()

"""A resident's reply tells the tip's handlers (coordinators and the members they named) once."""

import pytest
from django.core import mail

from portal.models import NotificationOptOut, Role
from portal.tests.factories import MembershipFactory
from tips.tests.factories import TipFactory, TipMessageFactory, code_of

pytestmark = pytest.mark.django_db
URL = "/tips/uppfoljning/"


def test_a_reply_notifies_each_handler_once_without_the_residents_words(
    client, municipality_a, coordinator_a, django_capture_on_commit_callbacks
):
    opted_out = MembershipFactory(municipality=municipality_a, role=Role.COORDINATOR).user
    NotificationOptOut.objects.create(user=opted_out, kind="tips.resident_replied")
    tip = TipFactory(municipality=municipality_a)
    TipMessageFactory(tip=tip)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            URL, {"action": "reply", "code": code_of(tip), "body": "Fem eller sex stycken, <b>varje kväll</b>."}
        )
    replies = [m for m in mail.outbox if "har svarat" in m.subject]
    assert [m.to for m in replies] == [[coordinator_a.email]]
    assert f"#{tip.pk}" in replies[0].subject
    assert "Fem eller sex" not in replies[0].body and "Fem eller sex" not in replies[0].alternatives[0][0]
    assert f"/intern/{municipality_a.slug}/tips/{tip.pk}/" in replies[0].body


def test_a_reply_reaches_named_handlers_but_not_other_contributors(
    client, municipality_a, coordinator_a, django_capture_on_commit_callbacks
):
    handler = MembershipFactory(municipality=municipality_a, role=Role.CONTRIBUTOR, is_tip_handler=True).user
    contributor = MembershipFactory(municipality=municipality_a, role=Role.CONTRIBUTOR).user
    reader = MembershipFactory(municipality=municipality_a, role=Role.READER, is_tip_handler=True).user
    tip = TipFactory(municipality=municipality_a)
    TipMessageFactory(tip=tip)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"action": "reply", "code": code_of(tip), "body": "Det fortsätter varje kväll."})
    told = {address for m in mail.outbox if "har svarat" in m.subject for address in m.to}
    assert told == {coordinator_a.email, handler.email}
    assert contributor.email not in told and reader.email not in told


def test_the_kind_is_registered_so_the_account_page_offers_its_opt_out():
    from portal.notifications import kind_for

    assert kind_for("tips.resident_replied") is not None

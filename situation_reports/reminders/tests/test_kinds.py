"""A new kind of reminder is one class and its three templates: this test
adds one in test code, and it is sent, listed on the account page and
opted out of, with no change anywhere else."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from portal.models import NotificationOptOut
from portal.notifications import register, unregister
from situation_reports.reminders.kinds import ReminderKind
from situation_reports.reminders.models import ReminderDelivery
from situation_reports.reminders.sending import delivery_send
from situation_reports.reminders.tests.factories import ReminderDeliveryFactory

pytestmark = pytest.mark.django_db

TEMPLATES = {
    "thanks-subject.txt": "Thank you, {{ organisation.name }}",
    "thanks-body.txt": "Week {{ week.week }} in {{ municipality.name }}: thank you for taking part. {{ extra }}",
    "thanks-body.html": "<p>Week {{ week.week }}: thank you for taking part. {{ extra }}</p>",
}


@pytest.fixture
def thanks(settings, tmp_path):
    folder = tmp_path / "templates" / "tests" / "emails"
    folder.mkdir(parents=True)
    for name, text in TEMPLATES.items():
        (folder / name).write_text(text)
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path / "templates"]}, *settings.TEMPLATES[1:]]

    @register
    class ThanksReminder(ReminderKind):
        delivery_kind = "thanks"
        key = "reminders.thanks"
        opt_out_label = "no thank-you notes"
        template = "tests/emails/thanks"

        def context(self, delivery, context, weeks=None):
            return {**context, "extra": "See you next week."}

    yield ThanksReminder
    unregister(ThanksReminder.key)


def _delivery(municipality, user) -> ReminderDelivery:
    return ReminderDeliveryFactory(municipality=municipality, user=user, kind="thanks")


def test_a_kind_added_in_one_class_is_sent_with_its_templates(thanks, schedule_a, municipality_a, contributor_a):
    delivery = _delivery(municipality_a, contributor_a)
    assert delivery_send(delivery_id=delivery.pk).status == "sent"
    (message,) = mail.outbox
    assert message.to == [contributor_a.email]
    assert message.subject.startswith("Thank you, ")
    assert "thank you for taking part. See you next week." in message.body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_the_new_kind_is_on_the_account_page_and_its_opt_out_is_a_row(
    thanks, client, schedule_a, municipality_a, contributor_a
):
    client.force_login(contributor_a)
    page = client.get(reverse("portal:account")).content.decode()
    assert "no thank-you notes" in page and "inga sammanfattningar av stängda veckor" in page
    data = {"first_name": "", "last_name": "", "email": contributor_a.email, "language": "sv"}
    response = client.post(reverse("portal:account"), {**data, "opt_out:reminders.thanks": "on"})
    assert response.status_code == 302
    assert list(NotificationOptOut.objects.filter(user=contributor_a).values_list("kind", flat=True)) == [
        "reminders.thanks"
    ]

    delivery = _delivery(municipality_a, contributor_a)
    assert delivery_send(delivery_id=delivery.pk).status == "skipped"
    assert not mail.outbox

    client.post(reverse("portal:account"), data)  # unticked: wanted again
    assert not NotificationOptOut.objects.filter(user=contributor_a).exists()

"""What the reminder says, in whose language, and that no user text can
break out of its place: HTML escaped, no newline into a header, .ics
values escaped."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from django.core import mail
from django.utils import timezone

from portal.models import Municipality, Organisation
from situation_reports import services as report_services
from situation_reports.reminders import ics
from situation_reports.reminders import mail as reminder_mail
from situation_reports.reminders.models import ReminderDelivery
from situation_reports.reminders.services import reminders_dispatch
from situation_reports.reminders.tests.conftest import AFTER_DUE, WEEK, member
from situation_reports.tests.factories import ActionFactory, ObservationFactory, WeeklyReportFactory
from tips.models import TipShare
from tips.tests.factories import TipFactory

HOSTILE = '<script>alert("x")</script>\r\nBcc: victim@example.org'
SECRET_TIP = "Grannen i nr 7 langar narkotika"


@pytest.fixture
def week_with_content(time_machine, schedule_a, municipality_a, police_a, organisation_a):
    """Week 10 with an observation by the police, an open action of the
    police, two tips this week (shared with the police, so its contributors
    count them too: the reminder follows the tips' access rule) and one from
    long ago."""
    time_machine.move_to(AFTER_DUE, tick=False)
    report = WeeklyReportFactory(municipality=municipality_a, week=WEEK)
    ObservationFactory(report=report, organisation=police_a)
    ActionFactory(report=report, responsible_organisation=police_a, what="Trygghetsvandring i Alby")
    ActionFactory(report=report, responsible_organisation=organisation_a, what="Laga belysningen")
    for days in (1, 2, 30):
        tip = TipFactory(municipality=municipality_a, description=SECRET_TIP)
        type(tip).objects.filter(pk=tip.pk).update(created=timezone.now() - timedelta(days=days))
        if days < 30:
            TipShare.objects.create(tip=tip, organisation=police_a)
    return report


def dispatch(capture) -> None:
    with capture(execute=True):
        reminders_dispatch()


def email_to(user):
    return next(message for message in mail.outbox if message.to == [user.email])


def test_the_reminder_tells_meeting_time_link_tips_actions_and_who_contributed_in_swedish(
    week_with_content, municipality_a, contributor_a, coordinator_a, django_capture_on_commit_callbacks
):
    dispatch(django_capture_on_commit_callbacks)
    message = email_to(contributor_a)
    html = message.alternatives[0][0]
    assert message.subject == f"Vecka 10: lägg in era iakttagelser före mötet – {municipality_a.name}"
    for body in (message.body, html):
        assert "tisdag 4 mars 2025, 09:00" in body  # 08:00 UTC, shown in Stockholm time
        assert f"https://trygghet.example.org/intern/{municipality_a.slug}/lagesbild/2025/v10/" in body
        assert "2 tips från invånare har kommit in sedan förra veckan." in body
        assert "Trygghetsvandring i Alby" in body
        assert "Laga belysningen" not in body  # another organisation's action
        assert "Polisen A (1)" in body
        assert "Kommunen A" in body  # not yet contributed
        assert SECRET_TIP not in body
    assert "Polisen A har redan lagt in iakttagelser" in message.body
    assert "Kommunen A har inte lagt in några iakttagelser" in email_to(coordinator_a).body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_a_member_who_chose_english_gets_it_in_english(
    week_with_content, contributor_a, django_capture_on_commit_callbacks
):
    contributor_a.language = "en"
    contributor_a.save()
    dispatch(django_capture_on_commit_callbacks)
    message = email_to(contributor_a)
    assert message.subject.startswith("Week 10: add your observations before the meeting")
    assert "Tuesday 4 March 2025, 09:00" in message.body
    assert "2 tips from residents have arrived since last week." in message.body


def test_the_meeting_is_attached_as_an_rfc5545_calendar_in_utc(
    week_with_content, municipality_a, contributor_a, django_capture_on_commit_callbacks
):
    dispatch(django_capture_on_commit_callbacks)
    filename, content, mimetype = email_to(contributor_a).attachments[0]
    assert (filename, mimetype) == ("mote-vecka-10.ics", "text/calendar")
    assert content.endswith("\r\n") and "\n" not in content.replace("\r\n", "")
    assert "DTSTART:20250304T080000Z\r\n" in content
    assert "DTEND:20250304T090000Z\r\n" in content
    assert f"UID:briefing-{municipality_a.pk}-2025-w10@trygghet.example.org\r\n" in content
    assert content.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert all(len(line.encode()) <= 75 for line in content.split("\r\n"))


def test_the_calendar_uid_is_the_same_for_everyone_in_the_municipality_that_week(
    week_with_content, contributor_a, coordinator_a, django_capture_on_commit_callbacks
):
    dispatch(django_capture_on_commit_callbacks)
    uids = {
        re.search(r"UID:(\S+)", email_to(user).attachments[0][1]).group(1) for user in (contributor_a, coordinator_a)
    }
    assert len(uids) == 1


def test_ics_text_escapes_separators_and_newlines_and_folds_without_splitting_characters():
    assert ics.escape_text("a,b;c\\d\r\ne\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    line = "SUMMARY:" + "å" * 80
    folded = ics.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_hostile_names_and_texts_are_escaped_and_never_reach_a_header(
    week_with_content, municipality_a, police_a, contributor_a, django_capture_on_commit_callbacks
):
    Municipality.objects.filter(pk=municipality_a.pk).update(name=f"Kommun {HOSTILE}")
    Organisation.objects.filter(pk=police_a.pk).update(name=f"Polis {HOSTILE}")
    week_with_content.actions.filter(responsible_organisation=police_a).update(what=f"Åtgärd {HOSTILE}")
    dispatch(django_capture_on_commit_callbacks)
    message = email_to(contributor_a)
    raw = message.message()
    assert raw["Bcc"] is None and "victim" not in str(raw["To"])
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.recipients() == [contributor_a.email]
    html = message.alternatives[0][0]
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    calendar = message.attachments[0][1].replace("\r\n ", "")  # unfolded
    assert "\r\nBcc:" not in calendar  # the newline is escaped as \n inside SUMMARY
    assert '<script>alert("x")</script>\\nBcc: victim@example.org' in calendar


def test_the_summary_holds_the_weeks_text_escaped_and_the_actions_carried_over(
    time_machine, schedule_a, municipality_a, coordinator_a, contributor_a, police_a,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    time_machine.move_to(datetime(2025, 3, 7, 15, 0, tzinfo=UTC), tick=False)
    report = WeeklyReportFactory(
        municipality=municipality_a, week=WEEK, summary="Lugnt.\n<b>Fet</b>", joint_assessment="Fokus: centrum."
    )
    ActionFactory(report=report, responsible_organisation=police_a, what="Kvällspatrull vid torget")
    report_services.week_close(report=report, actor=coordinator_a)
    dispatch(django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == [contributor_a.email] and "stängd" in m.subject)
    html = message.alternatives[0][0]
    assert message.subject == f"Vecka 10 är stängd: sammanfattningen – {municipality_a.name}"
    assert "Lugnt.<br>&lt;b&gt;Fet&lt;/b&gt;" in html
    assert "Lugnt.\n<b>Fet</b>" in message.body  # plain text stays plain
    assert "Fokus: centrum." in message.body
    assert "Kvällspatrull vid torget" in message.body  # carried into week 11, still open
    assert not message.attachments
    assert ReminderDelivery.objects.get(user=contributor_a, kind="summary").iso_week == 10


def test_the_summary_lists_who_attended_the_meeting_and_its_decisions(
    time_machine, schedule_a, municipality_a, coordinator_a, contributor_a, police_a,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    time_machine.move_to(datetime(2025, 3, 7, 15, 0, tzinfo=UTC), tick=False)
    report = WeeklyReportFactory(municipality=municipality_a, week=WEEK)
    report_services.attendance_set(report=report, actor=coordinator_a, present={police_a.pk: "<i>Kommunpolis</i>"})
    report_services.decision_add(report=report, actor=coordinator_a, text="Gemensam trygghetsvandring vid torget.")
    report_services.week_close(report=report, actor=coordinator_a)
    dispatch(django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == [contributor_a.email] and "stängd" in m.subject)
    html = message.alternatives[0][0]
    assert "Närvarande vid mötet: Polisen A (<i>Kommunpolis</i>)" in message.body
    assert "- Gemensam trygghetsvandring vid torget." in message.body
    assert "(&lt;i&gt;Kommunpolis&lt;/i&gt;)" in html


def _without_date_and_id(raw: bytes) -> bytes:
    """The message's bytes without its Date and Message-ID and with its
    multipart boundaries (random per serialization) named alike."""
    parsed = message_from_bytes(raw)
    boundaries = {part.get_boundary() for part in parsed.walk() if part.get_boundary()}
    for boundary in boundaries:
        raw = raw.replace(boundary.encode(), b"BOUNDARY")
    return re.sub(rb"^(Date|Message-ID): [^\r\n]*\r\n", b"", raw, flags=re.MULTILINE)


def _parts(raw: bytes) -> tuple[str, str, str, str]:
    parsed = message_from_bytes(raw)
    content = {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in parsed.walk()
        if not part.is_multipart()
    }
    return str(make_header(decode_header(parsed["Subject"]))), *(
        content[kind] for kind in ("text/plain", "text/html", "text/calendar")
    )


def test_two_recipients_copies_are_the_bytes_each_would_get_alone_but_for_date_and_message_id(
    smtp_server, week_with_content, municipality_a, police_a, contributor_a, django_capture_on_commit_callbacks
):
    """The email is serialized once per organisation and language and copied
    to each recipient (portal.emails.Serialized): every copy must be what
    building it for that recipient alone would have sent."""
    second = member(municipality_a, police_a, username="polis-a-2", email="andra.polis@example.org")
    dispatch(django_capture_on_commit_callbacks)
    received = {envelope.rcpt_tos[0]: envelope.original_content for envelope in smtp_server.accepted}
    ids = set()
    for user in (contributor_a, second):
        row = ReminderDelivery.objects.get(user=user)
        alone = reminder_mail.build(row, user.memberships.get(municipality=municipality_a))
        expected = alone.message().as_bytes(linesep="\r\n")
        sent = received[user.email]
        assert _parts(sent) == _parts(expected)  # subject, text, HTML and .ics
        assert "Trygghetsvandring i Alby" in _parts(sent)[1]
        assert _without_date_and_id(sent) == _without_date_and_id(expected)
        assert re.search(rb"^Date: ", sent, flags=re.MULTILINE)
        ids.add(message_from_bytes(sent)["Message-ID"])
        assert message_from_bytes(sent)["To"] == user.email
    assert len(ids) == 2  # each copy has a Message-ID of its own


def test_a_tip_handler_and_a_colleague_of_the_same_organisation_each_count_the_tips_they_may_see(
    week_with_content, municipality_a, organisation_a, coordinator_a, django_capture_on_commit_callbacks
):
    """One email per organisation and language, but not across tip access:
    the coordinator sees every tip of the week, their colleague only those
    shared with their organisation (none)."""
    colleague = member(municipality_a, organisation_a, username="kommun-a-2")
    dispatch(django_capture_on_commit_callbacks)
    assert "2 tips från invånare har kommit in sedan förra veckan." in email_to(coordinator_a).body
    assert "0 tips från invånare har kommit in sedan förra veckan." in email_to(colleague).body

"""A message serialized once and copied to many recipients
(`portal.emails.Serialized`): each copy is the bytes Django would send to
that recipient alone, but for its own Date and Message-ID."""

from __future__ import annotations

import re
from email import message_from_bytes

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from portal import emails

LONG = "Ett mycket långt ämne med å, ä och ö som måste vikas över flera rader i huvudet " * 2


def _message(to: str) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(LONG, "Hej då\r\n" * 40, "Portalen <noreply@example.org>", [to])
    message.attach_alternative("<p>Hej då &amp; välkommen</p>", "text/html")
    message.attach("möte.ics", "BEGIN:VCALENDAR\r\nSUMMARY:Möte\r\nEND:VCALENDAR\r\n", "text/calendar")
    message.extra_headers["Auto-Submitted"] = "auto-generated"
    return message


def _normalised(raw: bytes) -> bytes:
    for part in message_from_bytes(raw).walk():
        if part.get_boundary():
            raw = raw.replace(part.get_boundary().encode(), b"BOUNDARY")
    return re.sub(rb"^(Date|Message-ID): [^\r\n]*\r\n", b"", raw, flags=re.MULTILINE)


@pytest.mark.parametrize(
    "to",
    ["anna@example.org", "Åsa Öberg <asa@example.org>", "a.very.long.address." * 4 + "x@example.org"],
)
def test_a_copy_is_the_bytes_of_the_message_built_for_its_recipient_but_date_and_message_id(to):
    serialized = emails.Serialized(_message("first@example.org"))
    copy = serialized.copy(to)
    sent = copy.message().as_bytes(linesep="\r\n")
    alone = _message(to).message().as_bytes(linesep="\r\n")
    assert _normalised(sent) == _normalised(alone)
    assert copy.recipients() == [to]
    assert message_from_bytes(sent)["Message-ID"] != message_from_bytes(serialized.copy(to).data)["Message-ID"]


def test_a_copy_reads_like_the_original_in_the_outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    copy = emails.Serialized(_message("first@example.org")).copy("second@example.org")
    copy.send()
    sent = mail.outbox[0]
    assert (sent.subject, sent.to, sent.attachments[0][0]) == (LONG, ["second@example.org"], "möte.ics")
    assert sent.message()["To"] == "second@example.org"
    assert sent.message()["Auto-Submitted"] == "auto-generated"


def test_a_message_to_several_or_with_its_own_message_id_is_not_copied():
    with pytest.raises(ValueError):
        emails.Serialized(EmailMultiAlternatives("s", "b", "f@example.org", ["a@example.org", "b@example.org"]))
    with pytest.raises(ValueError):
        emails.Serialized(
            EmailMultiAlternatives("s", "b", "f@example.org", ["a@example.org"], headers={"Message-ID": "<x@y>"})
        )

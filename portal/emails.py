"""Templated email in threes (healthchecks' hc/lib/emails.py): every email
the portal sends is built here, from `<template>-subject.txt`,
`<template>-body.txt` and `<template>-body.html`, rendered in the recipient's
language with autoescaping on. The templates live in the app that sends them
(`tips/emails/tip-new`, `agreements/emails/progress`, `portal/emails/invitation`),
so each app's `makemessages` finds their strings."""

from __future__ import annotations

from email import message_from_bytes
from email.message import Message
from email.utils import formatdate, make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import forbid_multi_line_headers
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.utils import translation


def build(
    template: str,
    to: str,
    context: dict,
    *,
    language: str | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """One message to `to`; `language` defaults to the portal's default."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}-subject.txt", context)
        text = render_to_string(f"{template}-body.txt", context)
        html = render_to_string(f"{template}-body.html", context)
    # A subject is one line: whatever a template or user text contains, no
    # newline can reach the header.
    subject = " ".join(subject.split())
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.extra_headers.update(headers or {})
    return message


class Serialized:
    """`message` flattened once, for many recipients: each copy is the same
    bytes as Django would write for it (its SMTP backend sends
    `message().as_bytes(linesep="\\r\\n")`) but for its own To, Date and
    Message-ID, folded here exactly as the email package folds them. The
    MIME parts (text, HTML, attachments) are encoded once instead of once per
    recipient, which was half the CPU of a reminders chunk."""

    LINESEP = "\r\n"
    PERSONAL = ("To", "Date", "Message-ID")

    def __init__(self, message: EmailMultiAlternatives) -> None:
        if message.cc or message.bcc or message.reply_to or len(message.to) != 1:
            raise ValueError("only a message to one recipient is copied")
        if {name.lower() for name in message.extra_headers} & {name.lower() for name in self.PERSONAL}:
            raise ValueError("a message with its own To, Date or Message-ID is not copied")
        self.message = message
        self.encoding = message.encoding or settings.DEFAULT_CHARSET
        root = message.message()
        self.policy = root.policy.clone(linesep=self.LINESEP)
        # Flattening sets the multipart boundary in the headers: read them after.
        flat = root.as_bytes(linesep=self.LINESEP)
        # The top-level headers in order, each already folded but the personal ones.
        folded = [(name, self.policy.fold_binary(name, value)) for name, value in root.raw_items()]
        self.headers = [(name, None if name in self.PERSONAL else header) for name, header in folded]
        head = b"".join(header for _name, header in folded)
        if not flat.startswith(head):  # never seen; the copies would not be Django's bytes
            raise ValueError("the message's headers do not serialize as expected")
        self.rest = flat[len(head) :]  # the blank line and every part

    def _fold(self, name: str, value) -> bytes:
        return self.policy.fold_binary(*forbid_multi_line_headers(name, value, self.encoding))

    def copy(self, to: str) -> EmailMultiAlternatives:
        """The message addressed to `to` alone, with a Date and Message-ID of its own."""
        values = {
            "To": to,
            "Date": formatdate(localtime=settings.EMAIL_USE_LOCALTIME),
            "Message-ID": make_msgid(domain=DNS_NAME),
        }
        head = b"".join(
            folded if folded is not None else self._fold(name, values[name]) for name, folded in self.headers
        )
        return SerializedCopy(self.message, to, head + self.rest)


class SerializedCopy(EmailMultiAlternatives):
    """A copy of a message to one recipient whose `message()` is the bytes
    `Serialized` made for it. Its subject, body, alternatives and
    attachments are the original's (the locmem backend and tests read them)."""

    def __init__(self, original: EmailMultiAlternatives, to: str, data: bytes) -> None:
        super().__init__(
            original.subject,
            original.body,
            original.from_email,
            [to],
            attachments=list(original.attachments),
            headers=dict(original.extra_headers),
            alternatives=list(original.alternatives),
        )
        self.encoding = original.encoding
        self.data = data

    def message(self) -> Flattened:
        return Flattened(self.data)


class Flattened:
    """A serialized message that SMTP sends as it is; read as a MIME message
    (headers, parts) it is parsed from those bytes, so what a test or a
    backend reads is what was sent."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._parsed: Message | None = None

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        if linesep == Serialized.LINESEP and not unixfrom:
            return self.data
        return self.parsed.as_bytes(unixfrom=unixfrom, policy=self.parsed.policy.clone(linesep=linesep))

    @property
    def parsed(self) -> Message:
        if self._parsed is None:
            self._parsed = message_from_bytes(self.data)
        return self._parsed

    def __getitem__(self, name: str):
        return self.parsed[name]

    def __contains__(self, name: str) -> bool:
        return name in self.parsed

    def __str__(self) -> str:
        return str(self.parsed)

    def __getattr__(self, name: str):
        return getattr(self.parsed, name)


def send(template: str, to: str, context: dict, *, language: str | None = None) -> None:
    build(template, to, context, language=language).send()

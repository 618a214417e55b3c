"""Templated email in threes (healthchecks' hc/lib/emails.py):
`emails/<name>-subject.txt`, `<name>-body.txt` and `<name>-body.html`,
rendered in the recipient's language with autoescaping on."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def build(name: str, to: str, context: dict, *, language: str = "sv") -> EmailMultiAlternatives:
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{name}-subject.txt", context)
        text = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    # A subject is one line: whatever a template or user text contains, no
    # newline can reach the header.
    subject = " ".join(subject.split())
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    return message


def send(name: str, to: str, context: dict, *, language: str = "sv") -> None:
    build(name, to, context, language=language).send()

"""Templated email in threes (healthchecks' hc/lib/emails.py): every email
the portal sends is built here, from `<template>-subject.txt`,
`<template>-body.txt` and `<template>-body.html`, rendered in the recipient's
language with autoescaping on. The templates live in the app that sends them
(`tips/emails/tip-new`, `agreements/emails/progress`, `portal/emails/invitation`),
so each app's `makemessages` finds their strings."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
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


def send(template: str, to: str, context: dict, *, language: str | None = None) -> None:
    build(template, to, context, language=language).send()

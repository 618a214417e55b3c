"""Residents who follow something by e-mail (a pledge, a safety walk): the
shared parts, so each app keeps only what it follows and what it tells.

- `Follower`, an abstract row: the address, its language and the double
  opt-in dates. An app adds the foreign key to what is followed and a
  unique constraint on (that, email).
- `follow_request`: the double opt-in request, the same answer whether the
  address already follows or not, a new confirmation link at most every
  `CONFIRMATION_RESEND_AFTER`.
- `make_token` / `follower_from_token`: signed links naming the follower and
  a hash of the address, so nothing secret is stored and a link stops
  working once the follower is gone.
- `FollowForm`: the address and a honeypot.

Each app's messages are `portal.delivery.Delivery` rows, sent by `deliver`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

from django import forms
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .db import lock_key

# A resident who asks again gets a new confirmation link, but not more often.
CONFIRMATION_RESEND_AFTER = timedelta(minutes=10)
# How long a confirmation link works.
CONFIRM_MAX_AGE = 60 * 60 * 24 * 7


class Follower(models.Model):
    """One address following one thing. Double opt-in: nothing but the
    confirmation is sent until `confirmed_at` is set; unsubscribing deletes
    the row, so no address is kept that is not wanted."""

    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=8, default="sv")
    created = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.email.encode()).hexdigest()[:16]


def follow_request(
    *, model: type[Follower], lock: str, email: str, language: str, on_created: Callable[[], None], **followed
) -> tuple[Follower, bool]:
    """Find or make the follower of `followed` (e.g. `pledge=pledge`) with
    `email`, inside the caller's transaction. Returns it and whether a
    confirmation is to be sent now (not when it is confirmed already or a
    link went out a moment ago). `on_created` records the first request."""
    email = email.strip().lower()
    # A double submit waits here, then finds the row: no failed INSERT.
    lock_key(lock, *(obj.pk for obj in followed.values()), email)
    follower, created = model._default_manager.select_for_update().get_or_create(
        email=email, defaults={"language": language}, **followed
    )
    if follower.confirmed_at is not None:
        return follower, False
    now = timezone.now()
    if follower.confirmation_sent_at and now - follower.confirmation_sent_at < CONFIRMATION_RESEND_AFTER:
        return follower, False
    follower.confirmation_sent_at = now
    follower.language = language
    follower.save(update_fields=["confirmation_sent_at", "language"])
    if created:
        on_created()
    return follower, True


def make_token(follower: Follower, salt: str) -> str:
    return signing.dumps({"f": follower.pk, "e": follower.fingerprint}, salt=salt, compress=True)


def follower_from_token(queryset: models.QuerySet, token: str, salt: str, *, max_age: int | None) -> Follower | None:
    """The follower of `queryset` a link names, or None if the link is
    forged, expired or spent (the follower unsubscribed)."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    follower = queryset.filter(pk=data.get("f")).first()
    if follower is None or follower.fingerprint != data.get("e"):
        return None
    return follower


class FollowForm(forms.Form):
    """The address to follow with; `help_text` says what it is used for."""

    help_text = ""

    email = forms.EmailField(label=_("Your email address"), max_length=254)
    # A honeypot: hidden from people, filled in by bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = self.help_text

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

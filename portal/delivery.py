"""One delivery model for every e-mail the portal sends.

A `Delivery` row is one message to one recipient. Every sender (tip
notifications, pledge followers' mail, briefing reminders) subclasses it and
sends through `deliver()`, the one claim-send-record function:

1. **Claim**: one conditional ``UPDATE … SET status='sending' WHERE pk IN (…)
   AND status='pending' AND next_attempt_at <= now`` stamped with a fresh
   token; only the rows this caller's own UPDATE changed are sent by it, so a
   redelivered task or a second worker finds nothing to do.
2. **Send** each claimed message over one SMTP connection (``get_connection()``
   opened once, ``send_messages``), one message at a time so that one
   recipient's refusal touches nobody else.
3. **Record**: the sent rows in one UPDATE per flush; a refused recipient goes
   back to ``pending`` with an exponential backoff on ``next_attempt_at``,
   or to ``failed`` after its last attempt, logged once (its id and the
   error's kind only, never the address or the body). Coordinators see
   failed rows and can resend them (`resend`).

The guarantee is **at-least-once with a claim**: a duplicate needs a crash
(a killed worker, a lost database) after the SMTP server accepted a message
and before its "sent" was committed. Such a row stays ``sending``; the sweep
(`release_stale`) returns it to ``pending`` after `STALE_AFTER`, and it is
sent again. With ``flush_every=1`` at most the one message in flight at the
crash is duplicated; a larger flush trades that for fewer statements.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from smtplib import SMTPException

from django.apps import apps
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

logger = logging.getLogger(__name__)

# SMTPException is an OSError; both are named for the reader. Anything else
# raised while sending is a bug and is not retried as a mail server's mood.
TRANSIENT = (SMTPException, OSError)
# A `sending` claim older than this lost its worker: the sweep frees it.
STALE_AFTER = timedelta(minutes=10)
MAX_BACKOFF = timedelta(hours=6)
# A delivery still waiting this long after it was created is shown to
# coordinators beside the failed ones: it is being retried.
LONG_PENDING = timedelta(hours=1)
QUEUE_CHUNK = 200  # ids per send task when rows are queued again


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("delivery status", "Waiting")
    SENDING = "sending", pgettext_lazy("delivery status", "Sending")
    SENT = "sent", pgettext_lazy("delivery status", "Sent")
    FAILED = "failed", pgettext_lazy("delivery status", "Failed")
    # Not sent on purpose: the recipient opted out or is no longer one, the
    # subject was withdrawn. Final, like sent.
    SKIPPED = "skipped", pgettext_lazy("delivery status", "Not sent")


class Delivery(models.Model):
    """One message to one recipient. Subclasses add what the message is
    about and implement `build_message` (or `build_messages` for a batch)."""

    Status = DeliveryStatus
    # Attempts before a delivery is marked failed; a subclass may change it.
    max_attempts = 5

    status = models.CharField(
        pgettext_lazy("delivery", "status"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # Only the kind of error and an SMTP code: a server's message may quote
    # the recipient's address.
    last_error = models.CharField(_("error"), max_length=200, blank=True)
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    # Shown on the coordinators' page of failed e-mails (portal/delivery_views.py);
    # False for a kind a coordinator cannot act on.
    coordinator_page = True

    class Meta:
        abstract = True

    # -- what a subclass provides -------------------------------------------
    @classmethod
    def delivery_queryset(cls) -> QuerySet:
        """The rows with what `build_message` reads (select_related)."""
        return cls._default_manager.all()

    def build_message(self) -> EmailMessage | str | None:
        """The message, or None (or a short reason, no personal data) when it
        is no longer to be sent: the row is then skipped."""
        raise NotImplementedError

    @classmethod
    def build_messages(cls, deliveries: Sequence[Delivery]) -> list[tuple[Delivery, EmailMessage | str | None]]:
        """Messages for a claimed batch; override to share work between them."""
        return [(delivery, delivery.build_message()) for delivery in deliveries]

    @classmethod
    def send_task(cls):
        """The Celery task that sends a list of ids of these rows."""
        raise NotImplementedError

    @classmethod
    def queue(cls, pks: list[int]) -> None:
        """Queue the sending of these pending rows after commit (a resend)."""
        from .queue import enqueue_on_commit

        for chunk in chunks(pks, QUEUE_CHUNK):
            enqueue_on_commit(cls.send_task(), chunk)

    @classmethod
    def resend_fields(cls) -> dict:
        """Fields of the subclass's own that a resend resets."""
        return {}

    # -- what the coordinators' page shows ----------------------------------
    @classmethod
    def kind_label(cls) -> str:
        return capfirst(cls._meta.verbose_name)

    @classmethod
    def for_municipality(cls, municipality) -> QuerySet:
        return cls._default_manager.for_municipality(municipality)

    def recipient_label(self) -> str:
        """Who receives it, safe to show: a member's name, never a
        resident's address."""
        raise NotImplementedError

    def subject_label(self) -> str:
        """What it is about, without its content."""
        return ""


def kinds() -> dict[str, type[Delivery]]:
    """Every concrete delivery model a coordinator sees, by its label: a new
    subclass appears on the page of failed e-mails by itself."""
    models_ = (model for model in apps.get_models() if issubclass(model, Delivery) and model.coordinator_page)
    return {model._meta.label_lower: model for model in sorted(models_, key=lambda model: model._meta.label_lower)}


def describe(error: BaseException) -> str:
    """The error's kind and SMTP code only: a server's message may quote the
    recipient's address."""
    code = getattr(error, "smtp_code", "")
    return f"{type(error).__name__} {code}".strip()[:200]


def backoff(attempts: int) -> timedelta:
    """Wait after the `attempts`-th failure: 1, 2, 4, 8 … minutes, at most 6 hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def claim(model: type[Delivery], pks: Iterable[int], *, now: datetime | None = None) -> str | None:
    """Claim the due pending rows among `pks` in one conditional UPDATE;
    returns the token of the rows claimed (None if none was)."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    changed = model._default_manager.filter(
        pk__in=list(pks), status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(status=DeliveryStatus.SENDING, claim=token, claimed_at=now, attempts=F("attempts") + 1)
    return token if changed else None


def deliver(model: type[Delivery], pks: Iterable[int], *, connection=None, flush_every: int = 1) -> dict[str, int]:
    """Claim, send and record the deliveries `pks` of `model`. Returns how
    many were sent, skipped, put back for a retry and failed."""
    outcome = {"sent": 0, "skipped": 0, "retry": 0, "failed": 0}
    token = claim(model, pks)
    if token is None:
        return outcome
    rows = list(model.delivery_queryset().filter(claim=token, status=DeliveryStatus.SENDING).order_by("pk"))
    try:
        built = model.build_messages(rows)
    except Exception as error:
        # A bug or a lost database while building: nobody got anything, so
        # every claimed row goes back for a retry (and is failed in time).
        for delivery in rows:
            _record_failure(model, delivery, error, outcome)
        raise
    skipped: dict[str, list[int]] = {}
    for delivery, message in built:
        if message is None or isinstance(message, str):
            skipped.setdefault(message or "", []).append(delivery.pk)
    for reason, skipped_pks in skipped.items():
        model._default_manager.filter(pk__in=skipped_pks, claim=token).update(
            status=DeliveryStatus.SKIPPED, claim="", last_error=reason[:200], attempts=F("attempts") - 1
        )  # deciding not to send is not an attempt
        outcome["skipped"] += len(skipped_pks)
    connection = connection or get_connection()
    sent: list[int] = []
    closed = True
    try:
        for delivery, message in built:
            if message is None or isinstance(message, str):
                continue
            message.connection = connection
            try:
                if closed:
                    # Opened here, it stays open across send_messages calls.
                    connection.open()
                    closed = False
                connection.send_messages([message])
            except TRANSIENT as error:
                _record_failure(model, delivery, error, outcome)
                _reset(connection)  # a broken connection is reopened for the next message
                closed = True
                continue
            sent.append(delivery.pk)
            if len(sent) >= flush_every:
                outcome["sent"] += _record_sent(model, sent, token)
                sent = []
    finally:
        outcome["sent"] += _record_sent(model, sent, token)
        connection.close()
    return outcome


def _reset(connection) -> None:
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - closing a broken connection may fail; it is reopened anyway
        logger.debug("closing a broken mail connection failed")


def _record_sent(model: type[Delivery], pks: list[int], token: str) -> int:
    if not pks:
        return 0
    return model._default_manager.filter(pk__in=pks, claim=token).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error="", claim=""
    )


def _record_failure(model: type[Delivery], delivery: Delivery, error: BaseException, outcome: dict) -> None:
    attempts = delivery.attempts  # the claim counted this attempt
    final = attempts >= model.max_attempts
    fields = {"last_error": describe(error), "claim": ""}
    if final:
        fields["status"] = DeliveryStatus.FAILED
    else:
        fields.update(status=DeliveryStatus.PENDING, next_attempt_at=timezone.now() + backoff(attempts))
    changed = model._default_manager.filter(pk=delivery.pk, claim=delivery.claim).update(**fields)
    if not changed:
        return
    if final:
        outcome["failed"] += 1
        # Once per delivery: the row leaves `sending` for `failed` only here.
        logger.warning(
            "%s %s failed after %s attempts: %s", model._meta.label, delivery.pk, attempts, fields["last_error"]
        )
    else:
        outcome["retry"] += 1


def due(model: type[Delivery], *, now: datetime | None = None, limit: int = 1000) -> list[int]:
    """Ids of pending rows whose next attempt is due, oldest first."""
    now = now or timezone.now()
    rows = model._default_manager.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    return list(rows.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])


def release_stale(model: type[Delivery], *, now: datetime | None = None, after: timedelta = STALE_AFTER) -> int:
    """Return to pending the `sending` claims older than `after`: their
    worker died between claim and record (a duplicate is possible if it died
    after the send)."""
    now = now or timezone.now()
    released = model._default_manager.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - after).update(
        status=DeliveryStatus.PENDING, claim="", next_attempt_at=now
    )
    if released:
        logger.warning("%s %s deliveries were claimed by a lost worker and wait again", released, model._meta.label)
    return released


def resend(model: type[Delivery], pks: Iterable[int]) -> list[int]:
    """Put the failed rows among `pks` back to pending with their attempts
    reset and queue them after commit. Returns the ids reset: a row that is
    not (or no longer) failed is left alone."""
    with transaction.atomic():
        failed = model._default_manager.select_for_update().filter(pk__in=list(pks), status=DeliveryStatus.FAILED)
        reset = list(failed.order_by("pk").values_list("pk", flat=True))
        if not reset:
            return []
        model._default_manager.filter(pk__in=reset).update(
            status=DeliveryStatus.PENDING,
            attempts=0,
            last_error="",
            claim="",
            next_attempt_at=timezone.now(),
            **model.resend_fields(),
        )
        model.queue(reset)
    return reset


def chunks(pks: Sequence[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(pks), size):
        yield list(pks[start : start + size])

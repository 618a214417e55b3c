"""The briefing schedule of a municipality and the record of every reminder.

A `ReminderDelivery` is created once per (user, municipality, ISO week, kind)
under a unique constraint, whatever number of dispatchers run; its status,
claimed by a conditional UPDATE (portal/delivery.py), is what makes the
email go out once.
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.delivery import Delivery, DeliveryStatus
from portal.models import Municipality, MunicipalityScopedQuerySet, Organisation

from ..weeks import IsoWeek

MAX_HOURS_BEFORE = 7 * 24


def default_recipient_kinds() -> list[str]:
    return [Organisation.Kind.POLICE, Organisation.Kind.MUNICIPALITY, Organisation.Kind.HOUSING]


class Weekday(models.IntegerChoices):
    """ISO weekday numbers, as `date.isoweekday()` gives them."""

    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


class BriefingScheduleQuerySet(MunicipalityScopedQuerySet):
    def enabled(self) -> BriefingScheduleQuerySet:
        return self.filter(enabled=True)


class BriefingSchedule(models.Model):
    """When a municipality's group meets each week, and who is reminded.

    Times are the municipality's local time (its `timezone`)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.PROTECT, related_name="briefing_schedule", verbose_name=_("municipality")
    )
    enabled = models.BooleanField(pgettext_lazy("briefing schedule", "reminders on"), default=True)
    meeting_weekday = models.PositiveSmallIntegerField(
        _("meeting day"), choices=Weekday.choices, default=Weekday.TUESDAY
    )
    meeting_time = models.TimeField(_("meeting time of day"), default=time(9, 0))
    reminder_hours_before = models.PositiveSmallIntegerField(
        _("hours before the meeting"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOURS_BEFORE)],
        help_text=_(
            "When the reminder to add observations goes out, counted on the local clock "
            "(1 to 168 hours before the meeting)."
        ),
    )
    send_summary = models.BooleanField(
        _("send the closed week's summary"),
        default=True,
        help_text=_("After a coordinator closes the week, its summary is emailed to the same people."),
    )
    recipient_kinds = models.JSONField(
        _("organisations reminded"),
        default=default_recipient_kinds,
        help_text=_("Members of organisations of these kinds get the reminders."),
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = BriefingScheduleQuerySet.as_manager()

    class Meta:
        verbose_name = _("briefing schedule")
        verbose_name_plural = _("briefing schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting_weekday__gte=1, meeting_weekday__lte=7), name="briefing_weekday_1_7"
            ),
            models.CheckConstraint(
                condition=Q(reminder_hours_before__gte=1, reminder_hours_before__lte=MAX_HOURS_BEFORE),
                name="briefing_hours_before_1_168",
            ),
        ]

    def __str__(self) -> str:
        return str(self.municipality)

    def clean(self) -> None:
        kinds = self.recipient_kinds
        valid = set(Organisation.Kind.values)
        if not isinstance(kinds, list) or not kinds or not set(kinds) <= valid:
            raise ValidationError({"recipient_kinds": _("Choose at least one kind of organisation.")})

    def recipient_kind_labels(self) -> list[str]:
        labels = dict(Organisation.Kind.choices)
        return [str(labels[kind]) for kind in Organisation.Kind.values if kind in self.recipient_kinds]


class ReminderDeliveryQuerySet(MunicipalityScopedQuerySet):
    def for_week(self, week: IsoWeek) -> ReminderDeliveryQuerySet:
        return self.filter(iso_year=week.year, iso_week=week.week)

    def pending(self) -> ReminderDeliveryQuerySet:
        return self.filter(status=DeliveryStatus.PENDING)


class ReminderDelivery(Delivery):
    """One email to one person about one week: a reminder to contribute or
    the closed week's summary. Sent by `portal.delivery.deliver` in chunks
    (sending.py); `queued_at`/`queue_token` are the dispatcher's claim for
    queueing, the base's `claim` the sender's."""

    max_attempts = 3

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("Reminder to contribute")
        SUMMARY = "summary", _("Summary of the closed week")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="reminder_deliveries", verbose_name=_("municipality")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_deliveries",
        verbose_name=pgettext_lazy("reminder", "recipient"),
    )
    iso_year = models.PositiveSmallIntegerField(_("year"))
    iso_week = models.PositiveSmallIntegerField(_("week"))
    kind = models.CharField(pgettext_lazy("reminder", "kind"), max_length=20, choices=Kind.choices)
    due_at = models.DateTimeField(_("due"))
    meeting_at = models.DateTimeField(_("meeting time"), null=True, blank=True)
    # Set when a dispatcher claims the row for queueing (a conditional
    # UPDATE), so that concurrent dispatchers queue each row once.
    queue_token = models.CharField(max_length=32, blank=True, editable=False)
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)

    objects = ReminderDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-iso_year", "-iso_week", "kind", "pk"]
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "iso_year", "iso_week", "kind"],
                name="one_reminder_per_user_week_and_kind",
            ),
            models.CheckConstraint(condition=Q(status="sent") | Q(sent_at__isnull=True), name="reminder_sent_at"),
        ]
        indexes = [
            models.Index(fields=["status", "queued_at"], name="reminder_status_queued"),
            models.Index(fields=["municipality", "iso_year", "iso_week"], name="reminder_municipality_week"),
        ]

    @classmethod
    def delivery_queryset(cls):
        return cls.objects.select_related("municipality", "user")

    @classmethod
    def build_messages(cls, deliveries):
        from .sending import build_messages  # the sending module imports this one

        return build_messages(deliveries)

    @classmethod
    def resend_fields(cls) -> dict:
        # Due now, so the sweep gives it the full time again; unqueued, so
        # the dispatcher's claim queues it once.
        return {"queued_at": None, "queue_token": "", "due_at": timezone.now()}

    @classmethod
    def queue(cls, pks: list[int]) -> None:
        from .services import deliveries_queue_resent  # the services module imports this one

        deliveries_queue_resent(pks=pks)

    def recipient_label(self) -> str:
        return self.user.get_full_name() or self.user.username

    def subject_label(self) -> str:
        return _("%(kind)s, week %(week)s %(year)s") % {
            "kind": self.get_kind_display(),
            "week": self.iso_week,
            "year": self.iso_year,
        }

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.week} → {self.user_id}"

    @property
    def week(self) -> IsoWeek:
        return IsoWeek(self.iso_year, self.iso_week)

"""Trygghetsvandringar (safety walks) and medborgardialoger (citizen dialogues).

A walk is planned with a route of the municipality's places, held with
residents, and leaves findings: a dark spot, overgrown bushes, a broken
lock. Each finding can become an action of the weekly report for the
organisation that should fix it. A dialogue has the same shape without a
route: a topic, a meeting place, what residents said and what the parties
answered.

Every row reaches its municipality through `Walk.municipality`; the
querysets here are the only way views load them.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.delivery import Delivery
from portal.following import Follower
from portal.models import Category, Municipality, MunicipalityScopedQuerySet, Organisation, Place
from tips.storage import photo_storage

TEXT_MAX = 2000


def _new_nonce() -> str:
    return secrets.token_urlsafe(12)


def _photo_name(instance: FindingPhoto, filename: str) -> str:
    # Never the uploader's file name: it may hold personal data or path tricks.
    return f"walks/{uuid.uuid4().hex}.jpg"


class WalkQuerySet(MunicipalityScopedQuerySet):
    def upcoming_public(self) -> WalkQuerySet:
        return self.filter(status=Walk.Status.PLANNED, invitation_public=True)

    def with_published_report(self) -> WalkQuerySet:
        return self.filter(status=Walk.Status.HELD, report_published_at__isnull=False)


class Walk(models.Model):
    """One safety walk or citizen dialogue, from plan to public report."""

    class Kind(models.TextChoices):
        WALK = "walk", _("Safety walk")
        DIALOGUE = "dialogue", _("Citizen dialogue")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("walk status", "Planned")
        HELD = "held", pgettext_lazy("walk status", "Held")
        CANCELLED = "cancelled", pgettext_lazy("walk status", "Cancelled")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="walks", verbose_name=_("municipality")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WALK)
    title = models.CharField(_("title or topic"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    meeting_place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("meeting place"), null=True, blank=True
    )
    meeting_point = models.CharField(
        _("where exactly to meet"), max_length=200, blank=True, help_text=_("E.g. “by the fountain”.")
    )
    hot_spot = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("hot spot that motivated it"),
        null=True,
        blank=True,
    )
    commitment = models.ForeignKey(
        "agreements.Commitment",
        on_delete=models.SET_NULL,
        related_name="walks",
        verbose_name=_("pledge commitment it fulfils"),
        null=True,
        blank=True,
    )
    organisations = models.ManyToManyField(
        Organisation, related_name="walks", verbose_name=_("organisations taking part"), blank=True
    )
    invitation = models.TextField(_("invitation to residents"), max_length=TEXT_MAX, blank=True)
    how_to_join = models.CharField(
        _("how to take part"),
        max_length=300,
        blank=True,
        help_text=_("E.g. “Just come, no sign-up needed” or how to sign up."),
    )
    invitation_public = models.BooleanField(_("show the invitation on the municipality's page"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    # The progress update that counted this walk towards its commitment: set
    # once, so holding a walk twice never counts it twice.
    counted_update = models.OneToOneField(
        "agreements.ProgressUpdate",
        on_delete=models.SET_NULL,
        related_name="walk",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("counted by"),
    )
    residents_said = models.TextField(_("what residents said"), max_length=5000, blank=True)
    parties_answered = models.TextField(_("what the parties answered and promised"), max_length=5000, blank=True)
    report_summary = models.TextField(_("public summary"), max_length=5000, blank=True)
    report_published_at = models.DateTimeField(_("report published at"), null=True, blank=True)
    # Followers hear of an edit of the published report once it has rested
    # (`services.walk_report_update_notify`): the fingerprint of the report
    # as they were last told of it, when that was, and since when an edit
    # has made it differ (None: nothing new to tell).
    report_told_hash = models.CharField(max_length=64, blank=True, editable=False)
    report_told_at = models.DateTimeField(_("followers last told of the report"), null=True, blank=True, editable=False)
    report_changed_at = models.DateTimeField(_("report changed since"), null=True, blank=True, editable=False)
    resident_nonce = models.CharField(max_length=32, default=_new_nonce, editable=False)
    residents_may_add = models.BooleanField(_("residents may add findings through the link"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = WalkQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("safety walk or dialogue")
        verbose_name_plural = _("safety walks and dialogues")
        constraints = [
            models.CheckConstraint(
                condition=Q(report_published_at__isnull=True) | Q(status="held"),
                name="walk_report_only_when_held",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_walk(self) -> bool:
        return self.kind == self.Kind.WALK

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def report_is_published(self) -> bool:
        return self.report_published_at is not None

    def takes_part(self, membership) -> bool:
        """Whether `membership`'s organisation works on this walk: it is one
        of the organisations taking part (a walk naming none is everyone's),
        or the member coordinates the municipality. Others may read the walk
        but not record on it, and see only the photos published."""
        if membership.is_coordinator:
            return True
        taking_part = [organisation.pk for organisation in self.organisations.all()]
        return not taking_part or membership.organisation_id in taking_part

    @property
    def accepts_resident_findings(self) -> bool:
        return self.residents_may_add and self.status != self.Status.CANCELLED and not self.report_is_published


class WalkStop(models.Model):
    """One place of a walk's route, in walking order."""

    walk = models.ForeignKey(Walk, on_delete=models.CASCADE, related_name="stops", verbose_name=_("walk"))
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+", verbose_name=_("place"))
    position = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["position"]
        verbose_name = _("stop on the route")
        verbose_name_plural = _("stops on the route")
        constraints = [models.UniqueConstraint(fields=["walk", "position"], name="one_stop_per_walk_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.place}"


class FindingQuerySet(MunicipalityScopedQuerySet):
    municipality_path = "walk__municipality"


class Finding(models.Model):
    """What the group found at a place (or, in a dialogue, what a resident
    raised). About places and situations, never about people."""

    class Kind(models.TextChoices):
        DARK = "dark", _("Dark spot")
        BUSHES = "bushes", _("Overgrown bushes")
        GRAFFITI = "graffiti", _("Graffiti or vandalism")
        LOCK = "lock", _("Broken lock or door")
        UNSAFE = "unsafe", _("Feels unsafe")
        LITTER = "litter", _("Litter")
        OTHER = "other", _("Other")

    class Source(models.TextChoices):
        OFFICIAL = "official", _("Official")
        RESIDENT = "resident", _("Resident")

    walk = models.ForeignKey(Walk, on_delete=models.CASCADE, related_name="findings", verbose_name=_("walk"))
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="walk_findings", verbose_name=_("place"), null=True, blank=True
    )
    kind = models.CharField(_("what"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), max_length=TEXT_MAX)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="+", verbose_name=_("category"), null=True, blank=True
    )
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="walk_findings",
        verbose_name=_("who should fix it"),
        null=True,
        blank=True,
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.OFFICIAL)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    # Sent by the phone with the form: a retry of the same form finds its
    # finding instead of making a second one.
    idempotency_key = models.UUIDField(_("idempotency key"), editable=False)
    # The links to the weekly report live here, so situation_reports never
    # needs to know about walks.
    action = models.OneToOneField(
        "situation_reports.Action",
        on_delete=models.SET_NULL,
        related_name="walk_finding",
        null=True,
        blank=True,
        verbose_name=pgettext_lazy("situation report", "action"),
    )
    observation = models.OneToOneField(
        "situation_reports.Observation",
        on_delete=models.SET_NULL,
        related_name="walk_finding",
        null=True,
        blank=True,
        verbose_name=_("observation"),
    )
    is_public = models.BooleanField(_("shown in the public report"), default=True)
    # When the walk's followers were told this finding was dealt with: they
    # hear it once, however often the follow-up sweep runs.
    done_told_at = models.DateTimeField(_("followers told it was done"), null=True, blank=True, editable=False)
    # A resident's text is erased when the walk's retention period has run.
    text_erased_at = models.DateTimeField(_("text erased"), null=True, blank=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(fields=["walk", "idempotency_key"], name="one_finding_per_walk_and_key"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"


class FindingPhotoQuerySet(MunicipalityScopedQuerySet):
    municipality_path = "finding__walk__municipality"


class FindingPhoto(models.Model):
    """A photo re-encoded as tip photos are, kept in the same private
    storage; shown to residents only when the municipality publishes it."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="photos", verbose_name=_("finding"))
    image = models.FileField(_("image"), upload_to=_photo_name, storage=photo_storage, max_length=200)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("size in bytes"))
    is_public = models.BooleanField(_("published with the report"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = FindingPhotoQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo of a finding")
        verbose_name_plural = _("photos of findings")

    def __str__(self) -> str:
        return str(_("Photo %(number)s") % {"number": self.pk})


class WalkReportUpdate(models.Model):
    """One edit of a published report that its followers were told of: what
    their "updated" messages are about (`WalkFollowerDelivery.object_id`)."""

    walk = models.ForeignKey(Walk, on_delete=models.CASCADE, related_name="report_updates", verbose_name=_("walk"))
    content_hash = models.CharField(max_length=64, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("update of a published report")
        verbose_name_plural = _("updates of published reports")

    def __str__(self) -> str:
        return f"{self.walk_id}: {self.created:%Y-%m-%d %H:%M}"


class WalkFollower(Follower):
    """A resident who follows a walk's report and follow-up by e-mail
    (double opt-in, deleted on unsubscribing and by retention)."""

    walk = models.ForeignKey(Walk, on_delete=models.CASCADE, related_name="followers", verbose_name=_("walk"))

    class Meta:
        ordering = ["-created"]
        verbose_name = _("follower of a walk")
        verbose_name_plural = _("followers of walks")
        constraints = [models.UniqueConstraint(fields=["walk", "email"], name="one_follow_per_walk_and_email")]

    def __str__(self) -> str:
        return f"{self.walk_id}: {self.pk}"  # never the address: __str__ reaches logs and admin messages


class WalkFollowerDeliveryQuerySet(MunicipalityScopedQuerySet):
    municipality_path = "follower__walk__municipality"


class WalkFollowerDelivery(Delivery):
    """One message to one follower about one event of the walk; the unique
    constraint makes each go out once. Skipped when the event is no longer
    public (the report unpublished, the finding hidden)."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Public report published")
        DONE = "done", _("A finding was dealt with")
        UPDATED = "updated", _("Public report updated")

    follower = models.ForeignKey(
        WalkFollower, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("follower")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The walk for REPORT, the finding for DONE, the WalkReportUpdate for UPDATED.
    object_id = models.PositiveBigIntegerField(_("object id"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = WalkFollowerDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("message to a walk's follower")
        verbose_name_plural = _("messages to walks' followers")
        constraints = [
            models.UniqueConstraint(fields=["follower", "kind", "object_id"], name="one_walk_delivery_per_event")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="walk_delivery_status_next")]

    @classmethod
    def delivery_queryset(cls):
        return cls.objects.select_related("follower__walk__municipality")

    def build_message(self):
        from .mail import delivery_message  # the mail module imports this one

        return delivery_message(self)

    @classmethod
    def send_task(cls):
        from .tasks import send_deliveries  # the tasks module imports this one

        return send_deliveries

    def recipient_label(self) -> str:
        # Never the resident's address; the coordinators know the walk.
        return _("A follower of “%(walk)s”") % {"walk": self.follower.walk.title}

    def subject_label(self) -> str:
        return self.get_kind_display()

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} → {self.follower_id}"

"""Samverkansöverenskommelser (agreements) and medborgarlöften (citizen pledges).

An agreement is signed by the municipality, the police and their partners for
a period of some years and names the priority areas they work on together. A
citizen pledge is the concrete, usually yearly, promise to residents: focus
areas, commitments under each, progress updates and, after the period, an
evaluation.

Every row reaches its municipality directly or through its parent; the
querysets here are the only way views load them.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.delivery import Delivery
from portal.following import Follower
from portal.models import DatedPeriod, Municipality, MunicipalityScopedQuerySet, Organisation, Place

from .validators import validate_pdf

PERIOD_MESSAGE = _("The period must end after it starts.")


def _pdf_path(instance: Agreement, filename: str) -> str:
    # Never the uploader's file name: it may hold personal data or path tricks.
    return f"agreements/{instance.municipality_id}/{uuid.uuid4().hex}.pdf"


class AgreementQuerySet(MunicipalityScopedQuerySet):
    def with_signature_counts(self) -> AgreementQuerySet:
        """Annotate what `Agreement.status` needs, so lists need no query per row:
        the signatories, those not yet signed, the parties, and the parties
        without any signatory who has signed."""
        signed_for = AgreementSignatory.objects.filter(agreement=OuterRef(OuterRef("pk")), signed_on__isnull=False)
        unsigned_parties = (
            Agreement.parties.through.objects.filter(agreement=OuterRef("pk"))
            .exclude(organisation__in=signed_for.values("organisation"))
            .order_by()
            .values("agreement")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(
            signatory_total=models.Count("signatories", distinct=True),
            signatory_unsigned=models.Count(
                "signatories", filter=Q(signatories__signed_on__isnull=True), distinct=True
            ),
            party_total=models.Count("parties", distinct=True),
            party_unsigned=Coalesce(Subquery(unsigned_parties), 0),
        )

    def signed(self) -> AgreementQuerySet:
        """Agreements every party has signed (a signatory of it with a date);
        without parties, every signatory has signed."""
        with_parties = Q(party_total__gt=0, party_unsigned=0)
        without_parties = Q(party_total=0, signatory_total__gt=0, signatory_unsigned=0)
        return self.with_signature_counts().filter(with_parties | without_parties)

    def active_on(self, day: date) -> AgreementQuerySet:
        return self.signed().filter(period_start__lte=day, period_end__gte=day)


class PeriodDocument(DatedPeriod):
    """What an agreement and a pledge share: a titled document of a
    municipality for a period, listed newest period first."""

    title = models.CharField(pgettext_lazy("document", "title"), max_length=200)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(pgettext_lazy("agreements", "updated"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-period_start", "title"]

    def __str__(self) -> str:
        return self.title


def period_document_constraints(name: str, duplicate_message) -> list[models.BaseConstraint]:
    """A period that ends after it starts, and one title per municipality
    and start; the names are the ones the migrations created."""
    return [
        models.CheckConstraint(
            condition=Q(period_end__gt=F("period_start")),
            name=f"{name}_period_end_after_start",
            violation_error_message=PERIOD_MESSAGE,
        ),
        models.UniqueConstraint(
            fields=["municipality", "title", "period_start"],
            name=f"unique_{name}_title_per_period",
            violation_error_message=duplicate_message,
        ),
    ]


class Agreement(PeriodDocument):
    """A samverkansöverenskommelse between the municipality, the police and partners."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed, not yet in force")
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("municipality")
    )
    background = models.TextField(
        _("background and problem picture"),
        blank=True,
        max_length=10000,
        help_text=_("The local situation the agreement answers, e.g. from the joint situation picture."),
    )
    parties = models.ManyToManyField(Organisation, related_name="agreements", verbose_name=_("parties"), blank=True)
    document = models.FileField(
        _("signed document (PDF)"),
        upload_to=_pdf_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf],
        help_text=_("Optional. A PDF of at most 10 MB."),
    )

    objects = AgreementQuerySet.as_manager()

    class Meta(PeriodDocument.Meta):
        verbose_name = _("collaboration agreement")
        verbose_name_plural = _("collaboration agreements")
        constraints = period_document_constraints(
            "agreement", _("There is already an agreement with this title for this period.")
        )

    def _signature_counts(self) -> tuple[int, int]:
        if hasattr(self, "signatory_total"):
            return self.signatory_total, self.signatory_unsigned
        if "signatories" in getattr(self, "_prefetched_objects_cache", {}):
            signatories = list(self.signatories.all())
            return len(signatories), sum(1 for s in signatories if s.signed_on is None)
        total = self.signatories.count()
        return total, self.signatories.filter(signed_on__isnull=True).count()

    @property
    def unsigned_parties(self) -> list[Organisation]:
        """The parties without a signatory who has signed, for the page."""
        signed = {s.organisation_id for s in self.signatories.all() if s.signed_on is not None}
        return [party for party in self.parties.all() if party.pk not in signed]

    @property
    def is_signed(self) -> bool:
        """Signed when every party has a signatory with a date; an agreement
        without parties when every signatory has signed."""
        if hasattr(self, "party_total"):
            if self.party_total:
                return self.party_unsigned == 0
        elif self.parties.all():
            return not self.unsigned_parties
        total, unsigned = self._signature_counts()
        return total > 0 and unsigned == 0

    def status_on(self, day: date) -> str:
        """Draft until every signatory has signed; then by the period."""
        if not self.is_signed:
            return self.Status.DRAFT
        if day < self.period_start:
            return self.Status.SIGNED
        if day > self.period_end:
            return self.Status.EXPIRED
        return self.Status.ACTIVE

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class PriorityArea(models.Model):
    """One of an agreement's ordered priorities, e.g. welfare crime."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("agreement")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1, validators=[MinValueValidator(1)])
    title = models.CharField(_("priority"), max_length=150)
    causes = models.TextField(_("likely causes"), blank=True, max_length=3000)
    goals = models.TextField(_("measurable goals"), blank=True, max_length=3000)
    follow_up = models.TextField(_("how it is followed up"), blank=True, max_length=3000)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")
        constraints = [
            models.CheckConstraint(condition=Q(position__gte=1), name="priority_position_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Signatory(models.Model):
    """A person who signs for an organisation; `signed_on` empty until signed."""

    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(pgettext_lazy("job", "title"), max_length=150)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    signed_on = models.DateField(_("date signed"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"


class AgreementSignatory(Signatory):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("agreement")
    )

    class Meta(Signatory.Meta):
        verbose_name = _("signatory of an agreement")
        verbose_name_plural = _("signatories of agreements")


class PledgeQuerySet(MunicipalityScopedQuerySet):
    def published(self) -> PledgeQuerySet:
        return self.filter(is_published=True)


class CitizenPledge(PeriodDocument):
    """A medborgarlöfte: what the police and the municipality promise residents."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("municipality")
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledges",
        verbose_name=_("agreement"),
        help_text=_("The collaboration agreement this pledge makes concrete, if any."),
    )
    introduction = models.TextField(
        _("introduction"),
        max_length=5000,
        blank=True,
        help_text=_("Why these focus areas: the local problem picture, for residents."),
    )
    parties = models.ManyToManyField(Organisation, related_name="pledges", verbose_name=_("parties"), blank=True)
    evaluation_due = models.DateField(
        _("evaluation due"), null=True, blank=True, help_text=_("When the pledge is to be evaluated.")
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    previous = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_pledge",
        verbose_name=_("previous period's pledge"),
    )

    objects = PledgeQuerySet.as_manager()

    class Meta(PeriodDocument.Meta):
        verbose_name = _("citizen pledge")
        verbose_name_plural = _("citizen pledges")
        constraints = [
            *period_document_constraints("pledge", _("There is already a pledge with this title for this period.")),
            models.CheckConstraint(
                condition=Q(evaluation_due__isnull=True) | Q(evaluation_due__gte=F("period_start")),
                name="pledge_evaluation_due_within_or_after_period",
                violation_error_message=_("The evaluation cannot be due before the period starts."),
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False),
                name="published_pledge_has_publication_time",
            ),
        ]


class PledgeSignatory(Signatory):
    pledge = models.ForeignKey(
        CitizenPledge, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("citizen pledge")
    )

    class Meta(Signatory.Meta):
        verbose_name = _("signatory of a citizen pledge")
        verbose_name_plural = _("signatories of citizen pledges")


class FocusAreaQuerySet(MunicipalityScopedQuerySet):
    municipality_path = "pledge__municipality"


class FocusArea(models.Model):
    """A focus area of a pledge, e.g. the town centre or motor-borne youth."""

    pledge = models.ForeignKey(
        CitizenPledge, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("citizen pledge")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1, validators=[MinValueValidator(1)])
    title = models.CharField(_("focus area"), max_length=150)
    description = models.TextField(_("description"), blank=True, max_length=3000)

    objects = FocusAreaQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        constraints = [
            models.CheckConstraint(condition=Q(position__gte=1), name="focus_area_position_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class CommitmentQuerySet(MunicipalityScopedQuerySet):
    municipality_path = "focus_area__pledge__municipality"

    def unfinished(self) -> CommitmentQuerySet:
        return self.filter(status__in=[Commitment.Status.PLANNED, Commitment.Status.ONGOING])


class Commitment(models.Model):
    """What one organisation promises to do, where and by when."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("focus area")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1, validators=[MinValueValidator(1)])
    what = models.CharField(_("what"), max_length=250)
    description = models.TextField(_("description"), blank=True, max_length=3000)
    responsible = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("responsible organisation")
    )
    target_count = models.PositiveIntegerField(
        _("target"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Where the commitment can be counted, e.g. 3 for “at least 3 citizen dialogues”."),
    )
    target_unit = models.CharField(
        _("counted in"), max_length=60, blank=True, help_text=_("E.g. “citizen dialogues” or “cameras”.")
    )
    count_reached = models.PositiveIntegerField(_("reached so far"), default=0)
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("place"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    carried_over_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_over_to",
        verbose_name=_("carried over from"),
    )
    updated = models.DateTimeField(pgettext_lazy("agreements", "updated"), auto_now=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(condition=Q(position__gte=1), name="commitment_position_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "ongoing", "done", "cancelled"]), name="commitment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(target_count__isnull=True) | Q(target_count__gte=1), name="commitment_target_positive"
            ),
            models.CheckConstraint(
                condition=Q(target_count__isnull=False) | Q(count_reached=0),
                name="commitment_count_only_with_target",
                violation_error_message=_("Give a target before counting what has been reached."),
            ),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def is_unfinished(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.ONGOING)

    @property
    def progress(self) -> float:
        """0.0–1.0: done is complete; a countable commitment counts its share."""
        if self.status == self.Status.DONE:
            return 1.0
        if self.target_count:
            return min(self.count_reached / self.target_count, 1.0)
        return 0.0

    def is_overdue_on(self, day: date) -> bool:
        return self.is_unfinished and self.due_date is not None and self.due_date < day

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())


class ProgressUpdate(models.Model):
    """A dated note on how a commitment is going, shown to residents unless internal."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="updates", verbose_name=_("commitment")
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("what happened"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledge_updates",
        verbose_name=_("author"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    is_public = models.BooleanField(
        _("shown to residents"), default=True, help_text=_("Internal notes are only seen by officials.")
    )
    count_reached = models.PositiveIntegerField(_("count reached after this update"), null=True, blank=True)
    status = models.CharField(_("status after this update"), max_length=20, choices=Commitment.Status.choices)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # Second chances (services.progress_update_correct / _withdraw): a
    # corrected update says so on the public page; a withdrawn one leaves it.
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.date}: {self.commitment}"


class ProgressUpdateCorrection(models.Model):
    """The trail of one correction or withdrawal of a progress update: what
    it said before, why, who and when. Followers get one e-mail per row."""

    class Action(models.TextChoices):
        CORRECTED = "corrected", _("Corrected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("progress update")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    previous_text = models.TextField(_("text before"), max_length=2000)
    reason = models.CharField(_("reason"), max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("correction of a progress update")
        verbose_name_plural = _("corrections of progress updates")

    def __str__(self) -> str:
        return f"{self.update}: {self.get_action_display()}"


class Evaluation(models.Model):
    """The one evaluation of a pledge, made after (or towards the end of) its period."""

    class Outcome(models.TextChoices):
        MET = "met", _("Met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")

    pledge = models.OneToOneField(
        CitizenPledge, on_delete=models.CASCADE, related_name="evaluation", verbose_name=_("citizen pledge")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    text = models.TextField(
        _("evaluation"), max_length=10000, help_text=_("What was done, what it led to and what was learnt.")
    )
    evaluated_on = models.DateField(_("evaluated on"))
    # An evaluation dated before the period's last day needs a stated reason
    # (shown with it); on or after the last day it needs none.
    early_reason = models.CharField(
        _("reason for evaluating early"),
        max_length=500,
        blank=True,
        help_text=_("Needed when the evaluation is made before the period ends, e.g. the pledge is being replaced."),
    )
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluated by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["met", "partly", "not_met"]), name="evaluation_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pledge}: {self.get_outcome_display()}"

    @property
    def is_early(self) -> bool:
        return self.evaluated_on < self.pledge.period_end


class PledgeFollower(Follower):
    """A resident who follows a pledge by email (double opt-in, deleted on
    unsubscribing: `portal.following.Follower`)."""

    pledge = models.ForeignKey(
        CitizenPledge, on_delete=models.CASCADE, related_name="followers", verbose_name=_("citizen pledge")
    )

    class Meta:
        ordering = ["-created"]
        verbose_name = _("follower of a pledge")
        verbose_name_plural = _("followers of pledges")
        constraints = [
            models.UniqueConstraint(fields=["pledge", "email"], name="one_follow_per_pledge_and_email"),
        ]

    def __str__(self) -> str:
        return f"{self.pledge_id}: {self.email}"


class FollowerDeliveryQuerySet(MunicipalityScopedQuerySet):
    municipality_path = "follower__pledge__municipality"


class FollowerDelivery(Delivery):
    """One message to one follower about one event. The unique constraint is
    what makes a notification go out once, however often it is queued; the
    sending is `portal.delivery.deliver` (claim, send, record, per-recipient
    retry). Skipped: the event is no longer public."""

    max_attempts = 6  # the first try and five retries, as before

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress update")
        EVALUATION = "evaluation", _("Evaluation")
        CORRECTION = "correction", _("Correction of a progress update")

    follower = models.ForeignKey(
        PledgeFollower, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("follower")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))

    objects = FollowerDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("message to a follower")
        verbose_name_plural = _("messages to followers")
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "kind", "object_id"], name="one_delivery_per_follower_and_event"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="follower_delivery_status_next")]

    @classmethod
    def delivery_queryset(cls):
        return cls.objects.select_related("follower__pledge__municipality")

    def build_message(self):
        from .mail import delivery_message  # the mail module imports this one

        return delivery_message(self)

    @classmethod
    def send_task(cls):
        from .tasks import send_deliveries  # the tasks module imports this one

        return send_deliveries

    def recipient_label(self) -> str:
        # A resident's address is not shown; the pledge is public.
        return _("A follower of “%(pledge)s”") % {"pledge": self.follower.pledge.title}

    def subject_label(self) -> str:
        return self.get_kind_display()

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} → {self.follower_id}"

"""Tips from residents: the tip itself, its photos and message thread, the
notification outbox, reply templates and the record of what retention erased.

A tip's personal data (contact details, free text, photos, messages) is
erased after the municipality's retention period; its non-personal facts
(municipality, date, channel, category, place, status) stay for statistics.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.delivery import Delivery
from portal.languages import LANGUAGE_LABEL, language_choices, language_name_in_sentence
from portal.models import Category, Membership, Municipality, MunicipalityScopedQuerySet, Organisation, Place

from .storage import photo_storage

DESCRIPTION_MAX = 5000
MESSAGE_MAX = 2000


class TipStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    FORWARDED_TO_POLICE = "forwarded_police", _("Forwarded to the police")
    USED_IN_REPORT = "used_in_report", _("Used in the situation report")
    CLOSED = "closed", _("Closed")
    SPAM = "spam", _("Spam")


# Statuses after which the retention clock runs.
FINISHED_STATUSES = (TipStatus.CLOSED, TipStatus.SPAM)


class CloseReason(models.TextChoices):
    DEALT_WITH = "dealt_with", _("Dealt with")
    NOT_OUR_RESPONSIBILITY = "not_ours", _("Not the municipality's responsibility")
    FORWARDED = "forwarded", _("Forwarded to another authority")
    DUPLICATE = "duplicate", _("Duplicate of another tip")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    PHONE = "phone", _("Phone")
    EMAIL = "email", pgettext_lazy("tip channel", "Email")
    VISIT = "visit", _("Visit")
    SAFETY_WALK = "safety_walk", _("Safety walk")


class Knowledge(models.TextChoices):
    """How the resident knows, as the police's own tip form asks."""

    OWN = "own", _("I saw or heard it myself")
    OTHERS = "others", _("Someone else told me")
    UNSURE = "unsure", _("Other or I don't want to say")


# What the resident sees for each status. Spam looks closed from outside.
PUBLIC_STATUS = {
    TipStatus.NEW: (_("Received"), _("Your tip has arrived and is waiting to be read.")),
    TipStatus.IN_REVIEW: (_("Being read"), _("An official is looking at your tip.")),
    TipStatus.FORWARDED_TO_POLICE: (
        _("Forwarded to the police"),
        _("The municipality has passed your tip on to the police, who decide what to do with it."),
    ),
    TipStatus.USED_IN_REPORT: (
        _("Used in the joint situation picture"),
        _("Your tip is part of the picture the municipality, the police and their partners plan their work from."),
    ),
    TipStatus.CLOSED: (_("Closed"), _("The municipality has finished handling your tip.")),
    TipStatus.SPAM: (_("Closed"), _("The municipality has finished handling your tip.")),
}


class TipQuerySet(MunicipalityScopedQuerySet):
    def open(self) -> TipQuerySet:
        return self.exclude(status__in=FINISHED_STATUSES)

    def visible_to(self, membership: Membership) -> TipQuerySet:
        """The one access rule for tips: the membership's municipality's tips,
        all of them for a tip handler, else only those shared with the
        member's organisation; nothing for readers.

        Every list, count, export and lookup of tips for an official goes
        through here, with the membership loaded on this request, so a
        member removed from the handlers (or the municipality) loses access
        on their next request."""
        tips = self.filter(municipality_id=membership.municipality_id)
        access = visible_scope(membership)
        if access[1] == "all":
            return tips
        if access[1] == "none":
            return tips.none()
        return tips.filter(shares__organisation_id=membership.organisation_id)


def visible_scope(membership: Membership) -> tuple:
    """What `TipQuerySet.visible_to` lets this membership see, as a key:
    two memberships with the same key see the same tips (a reminders chunk
    counts them once per key)."""
    if membership.handles_tips:
        return (membership.municipality_id, "all")
    if not membership.can_contribute:
        return (membership.municipality_id, "none")
    return (membership.municipality_id, "shared", membership.organisation_id)


class Tip(models.Model):
    # Every index of this table is written by each resident's tip (see
    # Meta.indexes): the municipality leads the composite ones, and columns
    # that a new tip leaves empty are indexed only where they are filled.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="tips", verbose_name=_("municipality"), db_index=False
    )
    status = models.CharField(_("status"), max_length=20, choices=TipStatus.choices, default=TipStatus.NEW)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    # The language of the page the resident wrote on (their tip is in it too,
    # most likely): officials see it, filter by it and answer in it.
    language = models.CharField(LANGUAGE_LABEL, max_length=10, choices=language_choices, default=settings.LANGUAGE_CODE)
    created = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tips",
        verbose_name=_("category"),
        db_index=False,
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tips",
        verbose_name=_("place"),
        db_index=False,
    )

    # Where the resident pointed on the map: rounded to about 100 m unless
    # they chose the exact spot. Retention erases it with what they wrote.
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    location_exact = models.BooleanField(_("exact spot"), default=False)

    # What the resident wrote; personal data until retention erases it.
    description = models.TextField(_("what happened"), max_length=DESCRIPTION_MAX, blank=True)
    where_text = models.CharField(_("where"), max_length=300, blank=True)
    when_text = models.CharField(_("when"), max_length=200, blank=True)
    knowledge = models.CharField(_("how the resident knows"), max_length=10, choices=Knowledge.choices, blank=True)
    contact_name = models.CharField(_("name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("email"), max_length=254, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Only for "tell me when the status changes" (tips/status_mail.py): seen
    # by the tip's handlers, erased when the tip is closed and by retention.
    status_email = models.EmailField(_("email for status changes"), max_length=254, blank=True)

    # Only a keyed hash of the receipt code is stored, never the code.
    # Unique by Meta.constraints, not `unique=True`, which on PostgreSQL adds
    # a second (LIKE) index that no query uses.
    receipt_hash = models.CharField(_("receipt code hash"), max_length=64, editable=False)
    # One per rendered form: a double submission is one INSERT ... ON CONFLICT DO NOTHING.
    submission_token = models.CharField(max_length=64, null=True, blank=True, editable=False)

    close_reason = models.CharField(_("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True)
    close_note = models.CharField(
        _("note to the resident"),
        max_length=300,
        blank=True,
        help_text=_("Shown to the resident, e.g. which authority the tip was forwarded to."),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    registry_number = models.CharField(_("registry number"), max_length=40, blank=True)
    confidentiality_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confidentiality review by"),
        db_index=False,
    )
    confidentiality_reviewed_at = models.DateTimeField(_("confidentiality review"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
        db_index=False,
    )
    resident_replied_at = models.DateTimeField(_("resident's latest answer"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    objects = TipQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        indexes = [
            models.Index(fields=["municipality", "status", "-created"]),
            # The triage list's order, so a deep page is an index range, not a sort.
            models.Index(fields=["municipality", "-created", "-id"], name="tip_municipality_newest"),
            # The triage counts read only unfinished tips (a few percent of
            # all): an index-only scan of this, not of five years of tips.
            models.Index(
                fields=["municipality", "status", "resident_replied_at"],
                condition=~Q(status__in=FINISHED_STATUSES),
                name="tip_unfinished",
            ),
            # Retention's look-up of closed tips not yet erased.
            models.Index(
                fields=["municipality", "closed_at"],
                condition=Q(closed_at__isnull=False, personal_data_erased_at__isnull=True),
                name="tip_erasure_due",
            ),
            # A place page's latest tips and its count: an index range read
            # in order (and the count an index-only scan), not all of a busy
            # place's tips sorted; also serves deleting a place.
            models.Index(
                fields=["place", "-created"],
                include=["status", "municipality"],
                condition=Q(place__isnull=False),
                name="tip_place_newest",
            ),
            # Protected and nulled foreign keys, for deleting a category or
            # user; most tips have none of them.
            *(
                models.Index(fields=[field], condition=Q(**{f"{field}__isnull": False}), name=name)
                for field, name in [
                    ("category", "tip_category"),
                    ("registered_by", "tip_registered_by"),
                    ("confidentiality_reviewed_by", "tip_confidentiality_reviewer"),
                ]
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["receipt_hash"], name="tip_receipt_hash_unique"),
            models.UniqueConstraint(fields=["submission_token"], name="tip_submission_token_unique"),
            models.CheckConstraint(
                condition=~Q(status__in=FINISHED_STATUSES) | Q(closed_at__isnull=False),
                name="tip_finished_has_closed_at",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Tip %(number)s") % {"number": self.pk})

    @property
    def language_name(self) -> str:
        """The tip's language as it reads in a sentence of the official's
        interface ("skrivet på arabiska")."""
        return language_name_in_sentence(self.language)

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_email or self.contact_phone)

    @property
    def public_status(self) -> str:
        return PUBLIC_STATUS[self.status][0]

    @property
    def public_status_explanation(self) -> str:
        return PUBLIC_STATUS[self.status][1]

    @property
    def public_close_reason(self) -> str:
        return self.get_close_reason_display() if self.status == TipStatus.CLOSED else ""

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES


class TipShareQuerySet(MunicipalityScopedQuerySet):
    municipality_path = "tip__municipality"


class TipShare(models.Model):
    """A tip handler shared a tip with another organisation of the municipality,
    e.g. the housing company; with the resident's contact details only when
    the handler chose to include them, with a reason."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="shares", verbose_name=_("tip"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="tip_shares", verbose_name=_("organisation")
    )
    include_contact = models.BooleanField(_("with the resident's contact details"), default=False)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shared by"),
    )
    created = models.DateTimeField(_("shared"), auto_now_add=True)

    objects = TipShareQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("tip share")
        verbose_name_plural = _("tip shares")
        constraints = [
            models.UniqueConstraint(fields=["tip", "organisation"], name="one_share_per_tip_and_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.tip} → {self.organisation}"


def _photo_name(instance: TipPhoto, filename: str) -> str:
    # The resident's file name never reaches the disk: it may be hostile or
    # reveal who they are.
    return f"{instance.tip.municipality_id}/{uuid.uuid4().hex}.jpg"


class TipPhotoQuerySet(MunicipalityScopedQuerySet):
    municipality_path = "tip__municipality"


class TipPhoto(models.Model):
    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="photos", verbose_name=_("tip"))
    image = models.FileField(_("image"), upload_to=_photo_name, storage=photo_storage, max_length=200)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("size in bytes"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TipPhotoQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return str(_("Photo %(number)s") % {"number": self.pk})


class TipMessageQuerySet(MunicipalityScopedQuerySet):
    municipality_path = "tip__municipality"


class TipMessage(models.Model):
    class Sender(models.TextChoices):
        OFFICIAL = "official", _("Official")
        RESIDENT = "resident", _("Resident")

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="messages", verbose_name=_("tip"))
    sender = models.CharField(_("sender"), max_length=10, choices=Sender.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("official"),
    )
    body = models.TextField(_("message"), max_length=MESSAGE_MAX)
    created = models.DateTimeField(_("sent"), auto_now_add=True)

    objects = TipMessageQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.get_sender_display()} {self.created:%Y-%m-%d %H:%M}"


class ReplyTemplate(models.Model):
    """A reusable message to residents, e.g. "Can you tell us what time?",
    written in one language (the reply form offers the tip's language first)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="tip_reply_templates", verbose_name=_("municipality")
    )
    title = models.CharField(_("title"), max_length=100)
    language = models.CharField(LANGUAGE_LABEL, max_length=10, choices=language_choices, default=settings.LANGUAGE_CODE)
    body = models.TextField(_("text"), max_length=MESSAGE_MAX)

    objects = MunicipalityScopedQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "title"], name="unique_reply_template_title"),
        ]

    def __str__(self) -> str:
        return self.title


class TipNotificationQuerySet(MunicipalityScopedQuerySet):
    municipality_path = "tip__municipality"


class TipNotification(models.Model):
    """Transactional outbox: written with the tip, so a broker outage loses
    nothing. Its task fans it out into one `TipNotificationDelivery` per
    coordinator (`expanded_at` set then); a periodic sweep does whatever the
    broker missed."""

    tip = models.OneToOneField(Tip, on_delete=models.CASCADE, related_name="notification", verbose_name=_("tip"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expanded_at = models.DateTimeField(_("recipients chosen"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    objects = TipNotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        # The sweep's look-up; a notification leaves it once expanded.
        indexes = [
            models.Index(fields=["created"], condition=Q(expanded_at__isnull=True), name="tip_notification_unexpanded")
        ]
        verbose_name = _("tip notification")
        verbose_name_plural = _("tip notifications")

    def __str__(self) -> str:
        return str(self.tip)


class TipNotificationDeliveryQuerySet(MunicipalityScopedQuerySet):
    municipality_path = "notification__tip__municipality"


class TipNotificationDelivery(Delivery):
    """The new-tip e-mail to one coordinator: retried for that coordinator
    alone (portal/delivery.py)."""

    max_attempts = 10

    notification = models.ForeignKey(
        TipNotification, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("tip notification")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="tip_notification_deliveries",
        verbose_name=_("recipient"),
    )

    objects = TipNotificationDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "pk"]
        verbose_name = _("tip notification to a coordinator")
        verbose_name_plural = _("tip notifications to coordinators")
        constraints = [
            models.UniqueConstraint(fields=["notification", "user"], name="one_tip_notification_per_recipient"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="tip_delivery_status_next")]

    def __str__(self) -> str:
        return f"{self.notification} → {self.user_id}"

    @classmethod
    def delivery_queryset(cls):
        return cls.objects.select_related("notification__tip__municipality", "user")

    def build_message(self):
        from .notifications import build_message  # the notifications module imports this one

        return build_message(self)

    @classmethod
    def send_task(cls):
        from .tasks import send_tip_deliveries  # the tasks module imports this one

        return send_tip_deliveries

    def recipient_label(self) -> str:
        return self.user.get_full_name() or self.user.username


class TipErasureQuerySet(MunicipalityScopedQuerySet):
    municipality_path = "tip__municipality"


class TipErasure(models.Model):
    """What retention erased from a tip and when (counts and field names,
    never the erased content)."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="erasures", verbose_name=_("tip"))
    erased_at = models.DateTimeField(_("erased"), auto_now_add=True)
    fields = models.CharField(_("erased fields"), max_length=300, blank=True)
    photos = models.PositiveIntegerField(_("erased photos"), default=0)
    messages = models.PositiveIntegerField(_("erased messages"), default=0)
    retention_days = models.PositiveIntegerField(_("retention period in days"))

    objects = TipErasureQuerySet.as_manager()

    class Meta:
        ordering = ["-erased_at"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"{self.tip} {self.erased_at:%Y-%m-%d}"


class TipStatusMailQuerySet(MunicipalityScopedQuerySet):
    municipality_path = "tip__municipality"


class TipStatusMail(Delivery):
    """The resident's "the status of your tip has changed" e-mail: one row
    per status change, written in the change's transaction and sent through
    portal/delivery.py, so each change is mailed once. The address rides
    along only until the mail is sent (the tip's own copy is erased when it
    is closed); retention deletes unsent rows."""

    max_attempts = 5

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="status_mails", verbose_name=_("tip"))
    tip_status = models.CharField(_("status"), max_length=20, choices=TipStatus.choices)
    address = models.EmailField(_("email"), max_length=254, blank=True)

    # Its address is blanked as soon as it stops waiting (sent or failed), so
    # a failed one cannot be resent: not offered to coordinators.
    coordinator_page = False

    objects = TipStatusMailQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("status e-mail to the resident")
        verbose_name_plural = _("status e-mails to residents")

    def __str__(self) -> str:
        return f"{self.tip} {self.tip_status}"

    @classmethod
    def delivery_queryset(cls):
        return cls._default_manager.select_related("tip__municipality")

    def build_message(self):
        from django.urls import reverse

        from portal import emails

        if not self.address or self.tip.personal_data_erased_at:
            return "erased"
        context = {"municipality": self.tip.municipality, "link": settings.SITE_URL + reverse("tips:follow-up")}
        return emails.build("tips/emails/tip-status", self.address, context, language=settings.LANGUAGE_CODE)

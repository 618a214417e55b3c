"""The core every app speaks: tenants, organisations, memberships, places,
categories and the audit trail.

The municipality is the tenant. A user sees a municipality's internal data
only through a `Membership` in it; every internal queryset is narrowed with
`for_user()` / `for_municipality()` from here.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .languages import official_language_choices, translated


class User(AbstractUser):
    """A person who logs in: an official, a coordinator or an admin."""

    language = models.CharField(
        _("language"),
        max_length=8,
        choices=official_language_choices,
        default="sv",
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email_verified = models.BooleanField(
        _("email verified"),
        default=False,
        help_text=_("Reminders are only sent to verified addresses."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class NotificationOptOut(models.Model):
    """A user does not want e-mail of one kind (a key of `portal.notifications`)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notification_opt_outs", verbose_name=_("user")
    )
    kind = models.CharField(_("kind of e-mail"), max_length=60)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="unique_opt_out_per_user_and_kind")]

    def __str__(self) -> str:
        return f"{self.user} × {self.kind}"


def offered_languages(codes) -> list[str]:
    from django.conf import settings

    from .languages import language_codes

    chosen = set(codes or []) | {settings.LANGUAGE_CODE}
    return [code for code in language_codes() if code in chosen]


def all_language_codes() -> list[str]:
    """Default of `Municipality.resident_languages`: every language."""
    from .languages import language_codes

    return language_codes()


class MunicipalityQuerySet(models.QuerySet):
    def for_user(self, user) -> MunicipalityQuerySet:
        """The municipalities in which `user` holds a membership."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kommunkod = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("A municipality code has four digits."))],
    )
    county = models.CharField(_("county"), max_length=100)
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Stockholm")
    description = models.TextField(_("public description"), blank=True)
    tip_retention_days = models.PositiveIntegerField(
        _("days to keep closed tips' personal data"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )

    # Which of settings.LANGUAGES this municipality's public pages offer
    # (codes; a list, so a new language in settings needs no migration).
    resident_languages = models.JSONField(
        _("languages for residents"),
        default=all_language_codes,
        blank=True,
        help_text=_("The languages residents can choose on this municipality's pages. Swedish is always offered."),
    )

    public_count_threshold = models.PositiveSmallIntegerField(
        _("smallest count shown to the public"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Public counts below this are shown as “fewer than …”, so that a small number cannot point at a person."
        ),
    )

    require_two_factor = models.BooleanField(
        _("require two-factor login"),
        default=False,
        help_text=_("Members must use a one-time code from an authenticator app to see internal pages."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def offered_languages(self) -> list[str]:
        """The codes residents can choose here, in the order of settings,
        Swedish (the default language) always among them."""
        return offered_languages(self.resident_languages)


class Organisation(models.Model):
    """A party to the collaboration. Not owned by one municipality: one police
    area serves several (Västra Mälardalen serves Arboga and its neighbours)."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        POLICE = "police", _("Police")
        HOUSING = "housing", _("Housing company")
        SCHOOL = "school", _("School")
        SOCIAL_SERVICES = "social_services", _("Social services")
        RESCUE = "rescue", _("Rescue service")
        BUSINESS = "business", _("Business")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        COUNTY_BOARD = "county_board", _("County administrative board")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    municipalities = models.ManyToManyField(
        Municipality,
        related_name="organisations",
        verbose_name=_("municipalities"),
        blank=True,
        help_text=_("The municipalities this organisation collaborates in."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    CONTRIBUTOR = "contributor", _("Contributor")
    READER = "reader", _("Reader")


ROLE_RANK = {Role.READER: 1, Role.CONTRIBUTOR: 2, Role.COORDINATOR: 3}


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CONTRIBUTOR)
    is_tip_handler = models.BooleanField(
        _("handles tips"),
        default=False,
        help_text=_(
            "Tip handlers (and coordinators) see every tip with the resident's contact details, photos "
            "and messages, and may export them. Others see only tips shared with their organisation."
        ),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["municipality__name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "municipality"], name="one_membership_per_user_and_municipality")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality} ({self.get_role_display()})"

    def has_role(self, minimum: str) -> bool:
        """True when this membership's role is `minimum` or higher."""
        return ROLE_RANK[self.role] >= ROLE_RANK[minimum]

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def can_contribute(self) -> bool:
        return self.has_role(Role.CONTRIBUTOR)

    @property
    def handles_tips(self) -> bool:
        """Coordinators and the members a coordinator names handle tips."""
        return self.is_coordinator or (self.is_tip_handler and self.can_contribute)


class MunicipalityScopedQuerySet(models.QuerySet):
    """Base queryset for rows that carry a `municipality` foreign key."""

    municipality_path = "municipality"

    def for_municipality(self, municipality: Municipality) -> MunicipalityScopedQuerySet:
        return self.filter(**{self.municipality_path: municipality})

    def for_user(self, user) -> MunicipalityScopedQuerySet:
        """Rows of the municipalities in which `user` holds a membership."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(**{f"{self.municipality_path}__memberships__user": user})


class DatedPeriod(models.Model):
    """A row that covers a period of days, e.g. an agreement or a pledge."""

    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))

    class Meta:
        abstract = True

    @property
    def period_label(self) -> str:
        """ "2025" for a period within one year, "2025–2027" otherwise."""
        if self.period_start.year == self.period_end.year:
            return str(self.period_start.year)
        return f"{self.period_start.year}–{self.period_end.year}"


class PlaceQuerySet(MunicipalityScopedQuerySet):
    def choices_for(self, municipality: Municipality, *, current: Place | int | None = None) -> PlaceQuerySet:
        """What a form may offer: the municipality's places in use, and the
        one already chosen (`current`, a place or its id) even if no longer
        in use, so editing an old row does not lose its place."""
        wanted = models.Q(is_active=True)
        if current is not None:
            wanted |= models.Q(pk=getattr(current, "pk", current))
        return self.for_municipality(municipality).filter(wanted)


class Place(models.Model):
    class Kind(models.TextChoices):
        AREA = "area", _("Area")
        HOT_SPOT = "hot_spot", _("Hot spot")
        SCHOOL = "school", _("School")
        CENTRE = "centre", _("Centre")
        STATION = "station", _("Station")
        OTHER = "other", _("Other")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="places", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.AREA)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(55), MaxValueValidator(70)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(10), MaxValueValidator(25)],
    )
    area = models.JSONField(
        _("area"),
        null=True,
        blank=True,
        help_text=_("Optional outline as a GeoJSON Polygon in WGS 84; a point otherwise."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unique_place_name_per_municipality"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="place_coordinates_both_or_neither",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """The shared list of what is observed, seeded by a data migration.

    Slugs are stable: a slug never changes meaning, so exports, analyses and
    other installations can rely on it.
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name_i18n = models.JSONField(
        _("name"),
        default=dict,
        help_text=_("The name in each language, by language code; Swedish is the fallback."),
    )
    internal_only = models.BooleanField(
        _("internal only"),
        default=False,
        help_text=_("Never shown on public forms, e.g. signals of welfare crime."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return translated(self, "name")


class AuditEvent(models.Model):
    """Who did what to which object, and when. Written only by services."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="audit_events",
        null=True,
        blank=True,
        verbose_name=_("municipality"),
    )
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("actor"),
        db_index=False,  # see Meta.indexes: residents' events have no actor
    )
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    created = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = MunicipalityScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor"], condition=models.Q(actor__isnull=False), name="audit_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.actor} {self.action}"

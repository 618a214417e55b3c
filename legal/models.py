"""The pages the law asks of a public-sector service, one set per
municipality: the privacy notice (GDPR art. 13), the accessibility statement
(DOS-lagen, in DIGG's structure) and a contact page.

Every change is a new version row; the newest is shown, the older ones stay
as the history with the date each was published."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality, MunicipalityScopedQuerySet


class Kind(models.TextChoices):
    PRIVACY = "privacy", _("Privacy notice")
    ACCESSIBILITY = "accessibility", _("Accessibility statement")
    CONTACT = "contact", _("Contact")


class LegalPageQuerySet(MunicipalityScopedQuerySet):
    pass


class LegalPage(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="legal_pages")
    kind = models.CharField(_("page"), max_length=20, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"))
    body = models.TextField(
        _("text"),
        max_length=20000,
        help_text=_(
            "A blank line starts a new paragraph. A line starting with “## ” is a heading; "
            "lines starting with “- ” make a list. Addresses and links become links."
        ),
    )
    language = models.CharField(_("language of the text"), max_length=10, choices=settings.LANGUAGES, default="sv")
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = LegalPageQuerySet.as_manager()

    class Meta:
        ordering = ["municipality", "kind", "-version"]
        verbose_name = _("legal page version")
        verbose_name_plural = _("legal page versions")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind", "version"], name="legal_page_one_row_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.get_kind_display()} v{self.version}"


def _contrast_with_white(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def validate_accent(value: str) -> None:
    import re

    from django.core.exceptions import ValidationError

    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        return  # the format's own validator answers
    if _contrast_with_white(value) < 4.5:
        ratio = f"{_contrast_with_white(value):.1f}"
        raise ValidationError(
            _("The colour has a contrast of %(ratio)s:1 against white; at least 4.5:1 is needed for text."),
            params={"ratio": ratio},
        )


class Identity(models.Model):
    """A municipality's own look on its public pages and in e-mails."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="identity")
    accent = models.CharField(
        _("accent colour"),
        max_length=7,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Write the colour as #rrggbb.")), validate_accent],
        help_text=_("Used for links and buttons; at least 4.5:1 against white."),
    )
    logo = models.BinaryField(_("logo (PNG)"), blank=True, editable=False)

    class Meta:
        verbose_name = _("public identity")
        verbose_name_plural = _("public identities")

    def __str__(self) -> str:
        return str(self.municipality)

"""The pages the law asks of a public-sector service, one set per
municipality: the privacy notice (GDPR art. 13), the accessibility statement
(DOS-lagen, in DIGG's structure) and a contact page.

Every change is a new version row; the newest is shown, the older ones stay
as the history with the date each was published."""

from __future__ import annotations

from django.conf import settings
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

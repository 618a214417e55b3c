from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Boundary(models.Model):
    """A municipality's or county's border, loaded once from the boundary
    package by `manage.py load_boundaries`, never fetched at run time.

    `svg_path` is the border already projected to SWEREF 99 TM (metres, y
    pointing south), so drawing a map costs no projection work.
    """

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        COUNTY = "county", _("County")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=4, help_text=_("Statistics Sweden's code: 4 digits, 2 for a county."))
    name = models.CharField(_("name"), max_length=100)
    svg_path = models.TextField(_("SVG path"))
    min_east = models.IntegerField()
    min_north = models.IntegerField()
    max_east = models.IntegerField()
    max_north = models.IntegerField()
    source = models.CharField(_("source"), max_length=100)
    loaded = models.DateTimeField(_("loaded"), auto_now=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="unique_boundary_per_kind_and_code")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class MapSettings(models.Model):
    """A municipality's choices about its maps. Without a row, the defaults:
    public pages never load tiles from a tile server."""

    municipality = models.OneToOneField(
        "portal.Municipality", on_delete=models.CASCADE, related_name="map_settings", verbose_name=_("municipality")
    )
    public_tiles = models.BooleanField(
        _("tiles on public pages"),
        default=False,
        help_text=_(
            "Show the installation's map tiles (MAP_TILE_URL) under the maps of residents' pages too. "
            "Residents' browsers then contact the tile server, and the privacy notice says so."
        ),
    )

    class Meta:
        verbose_name = _("map settings")
        verbose_name_plural = _("map settings")

    def __str__(self) -> str:
        return str(self.municipality)

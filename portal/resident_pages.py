"""The source files whose text residents meet.

Residents' pages speak every language a municipality offers; officials'
pages only `OFFICIAL_LANGUAGES`. A msgid that occurs in one of these files
(a `#:` reference in a catalogue) is a resident string: it must be
translated in every resident language (the translation tests read this list,
and translators work from it).
"""

from __future__ import annotations

from fnmatch import fnmatch

RESIDENT_SOURCES = (
    "templates/base.html",
    "templates/40*.html",
    "templates/50*.html",
    "templates/includes/error_summary.html",
    "templates/includes/pagination.html",
    "templates/portal/home.html",
    "templates/portal/municipality_public.html",
    "portal/outage.py",
    "portal/following.py",
    "tips/templates/tips/public/*",
    "tips/templates/tips/sections/public.html",
    "tips/public_views.py",
    "tips/forms.py",
    "tips/models.py",
    "tips/photos.py",
    "tips/templates/tips/emails/tip-status-*",
    "tips/antiabuse.py",
    "agreements/templates/agreements/public/*",
    "agreements/templates/agreements/sections/public.html",
    "agreements/templates/agreements/includes/*",
    "agreements/templates/agreements/emails/*",
    "agreements/public_views.py",
    "situation_reports/templates/situation_reports/public/*",
    "situation_reports/templates/situation_reports/sections/public_summary.html",
    "situation_reports/templates/situation_reports/includes/public_counts.html",
    "situation_reports/public_views.py",
    "legal/templates/legal/page.html",
    "legal/templates/legal/overview.html",
    "legal/templates/legal/footer_links.html",
    "walks/templates/walks/public/*",
    "walks/templates/walks/emails/*",
    "walks/templates/walks/sections/public.html",
    "walks/public_views.py",
    "maps/templates/maps/point_picker.html",
    "maps/templates/maps/_picker.html",
    "maps/templates/maps/map.html",
    "maps/templates/maps/tile_notice.html",
    "maps/present.py",
)


def is_resident_source(reference: str, *, catalogue_dir: str = "") -> bool:
    """Whether a catalogue reference (`forms.py:12`) names a resident source.

    References are relative to the folder `makemessages` ran in: the
    repository for `locale/`, the app's folder (`catalogue_dir="tips"`) for
    an app's own catalogue.
    """
    path = reference.rsplit(":", 1)[0] if reference[-1:].isdigit() else reference
    path = path.removeprefix("./")
    if catalogue_dir:
        path = f"{catalogue_dir}/{path}"
    return any(fnmatch(path, pattern) for pattern in RESIDENT_SOURCES)


def resident_msgids(po_path: str) -> set[tuple[str | None, str]]:
    """The (msgctxt, msgid) pairs of a catalogue that residents meet."""
    from pathlib import Path

    import polib

    parts = Path(po_path).parts
    catalogue_dir = "" if parts[0] == "locale" else parts[0]
    return {
        (entry.msgctxt, entry.msgid)
        for entry in polib.pofile(po_path)
        if any(is_resident_source(ref, catalogue_dir=catalogue_dir) for ref, _line in entry.occurrences)
    }

"""The version of a week: a counter on its report that every write to the
week's observations, actions, presence and meeting record bumps, in the same
transaction as the write. The week page files its kept rows under it
(views/week_rows.py), so a kept copy is never served after a change.

Saves and deletes bump through signals, because the admin, the walks' filed
findings and the test factories save these rows directly, not only the
services; the services bump themselves where they write in bulk
(`bulk_create`, `update()`), which sends no signal.
"""

from __future__ import annotations

from django.db.models import F

WATCHED = ("Observation", "Action", "PresenceEntry", "Attendance", "Decision", "WeekReopening")


def touch(*report_ids: int | None) -> None:
    """Bump the version of these reports (one UPDATE)."""
    from .models import WeeklyReport

    ids = {pk for pk in report_ids if pk is not None}
    if ids:
        WeeklyReport.objects.filter(pk__in=ids).update(version=F("version") + 1)


def _changed(instance, **kwargs) -> None:
    touch(instance.report_id)


def watch() -> None:
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for name in WATCHED:
        model = apps.get_model("situation_reports", name)
        uid = f"situation_reports.versions.{name}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid + ".save", weak=False)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + ".delete", weak=False)

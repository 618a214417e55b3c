from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SituationReportsConfig(AppConfig):
    name = "situation_reports"
    verbose_name = _("Situation reports")

    def ready(self) -> None:
        from portal.models import Role
        from portal.sections import (
            NavLink,
            register_internal_section,
            register_nav_link,
            register_object_section,
            register_public_section,
        )

        from . import integrations, sections

        register_nav_link(
            NavLink(
                label=_("Situation report"),
                url_name="situation_reports:week-current",
                minimum_role=Role.READER,
                order=20,
            )
        )
        register_nav_link(
            NavLink(label=_("Dashboard"), url_name="situation_reports:dashboard", minimum_role=Role.READER, order=21)
        )
        register_nav_link(
            NavLink(
                label=_("Reminders"),
                url_name="situation_reports:reminder-overview",
                minimum_role=Role.COORDINATOR,
                order=28,
            )
        )
        # The reminders' admin and Celery tasks: Celery's autodiscovery only
        # looks for `<app>.tasks`, and this app's tasks live in its sub-package.
        from .reminders import admin as reminders_admin  # noqa: F401
        from .reminders import kinds as reminders_kinds  # noqa: F401 - registers the kinds of reminder
        from .reminders import tasks as reminders_tasks  # noqa: F401

        register_internal_section(sections.internal_week_card, order=10)
        register_public_section(sections.public_latest_summary, order=50, models=["situation_reports.WeeklyReport"])
        self._watch_published_observations()
        from . import versions

        versions.watch()  # the week page's kept rows (week_page.py)
        from portal import pagecache

        from .week_page import bump_authors, bump_organisations

        pagecache.watch("portal.Organisation", bump_organisations, uid="situation_reports.week_page.organisations")
        pagecache.watch(settings.AUTH_USER_MODEL, bump_authors, uid="situation_reports.week_page.authors")
        register_object_section("tips.tip", integrations.tip_section, order=10)
        self._ready_analyses()

    def _watch_published_observations(self) -> None:
        """The public page counts the observations of published weeks only:
        a change to an open week's observation leaves the kept pages alone."""
        from portal import pagecache

        def observation_changed(instance, **kwargs) -> None:
            try:
                published = instance.report.published_at is not None
            except Exception:  # noqa: BLE001 - the report is going too: bump, to be safe
                published = True
            if published:
                pagecache.bump(pagecache.PUBLIC)

        pagecache.watch("situation_reports.Observation", observation_changed, uid="situation_reports.public")

    def _ready_analyses(self) -> None:
        from portal.models import Role
        from portal.sections import NavLink, register_nav_link, register_object_section

        from .analyses import admin as _analyses_admin  # noqa: F401
        from .analyses import sections as analyses_sections

        register_nav_link(
            NavLink(label=_("Analyses"), url_name="situation_reports:analysis-list", minimum_role=Role.READER, order=22)
        )
        register_object_section("agreements.agreement", analyses_sections.agreement_analyses, order=10)

    def load_demo(self, municipalities: dict) -> None:
        from .analyses.demo import load as load_analyses
        from .demo import load

        load(municipalities)

        from .reminders.demo import load as load_reminders

        load_reminders(municipalities)
        load_analyses(municipalities)

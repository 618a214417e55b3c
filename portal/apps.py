from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from .models import Role
        from .sections import NavLink, register_nav_link
        from .two_factor import forget_members_state, remember_state_at_login

        register_nav_link(
            NavLink(
                label=_("Failed e-mails"),
                url_name="portal:delivery-failed-list",
                minimum_role=Role.COORDINATOR,
                order=90,
            )
        )

        user_logged_in.connect(remember_state_at_login, dispatch_uid="portal.two_factor.login")
        post_save.connect(forget_members_state, sender="portal.Municipality", dispatch_uid="portal.two_factor.policy")
        self._watch_public_pages()

    def _watch_public_pages(self) -> None:
        """What the start page, the public municipality page and the triage
        filter show of the core's own models (portal/pagecache.py)."""
        from . import pagecache

        for model in ("portal.Municipality", "portal.Organisation", "portal.Place", "portal.Category"):
            pagecache.watch(model)

        def places_changed(instance, **kwargs) -> None:
            pagecache.bump(f"places:{instance.municipality_id}")

        def categories_changed(**kwargs) -> None:
            pagecache.bump("categories")

        pagecache.watch("portal.Place", places_changed, uid="portal.pagecache.places")
        pagecache.watch("portal.Category", categories_changed, uid="portal.pagecache.categories")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipsConfig(AppConfig):
    name = "tips"
    verbose_name = _("Tips")

    def ready(self) -> None:
        from portal.models import Role
        from portal.sections import NavLink, register_internal_section, register_nav_link, register_public_section

        from . import reply_notifications, sections  # noqa: F401 (registers the notification kind)

        register_nav_link(NavLink(label=_("Tips"), url_name="tips:tip-list", minimum_role=Role.CONTRIBUTOR, order=30))
        register_public_section(sections.public_section, order=10)  # the tip button on the first screen
        register_internal_section(sections.internal_section, order=30)

    def load_demo(self, municipalities: dict) -> None:
        from . import demo

        demo.load(municipalities)

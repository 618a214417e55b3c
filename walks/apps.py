from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WalksConfig(AppConfig):
    name = "walks"
    verbose_name = _("Safety walks and citizen dialogues")

    def ready(self) -> None:
        from portal.sections import NavLink, register_nav_link, register_public_section

        from . import sections

        register_nav_link(NavLink(label=_("Safety walks"), url_name="walks:walk-list", order=35))
        register_public_section(sections.public_section, order=25)

    def load_demo(self, municipalities: dict) -> None:
        from . import demo

        demo.load(municipalities)

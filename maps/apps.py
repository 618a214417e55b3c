from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "maps"
    verbose_name = _("Maps")

    def ready(self) -> None:
        from portal import pagecache

        # Kept public pages (the privacy notice, the public maps) change
        # when a municipality turns its public tiles on or off.
        pagecache.watch("maps.MapSettings")

    def load_demo(self, municipalities: dict) -> None:
        from . import demo

        demo.load(municipalities)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "legal"
    verbose_name = _("Legal pages")
    default_auto_field = "django.db.models.BigAutoField"

    def load_demo(self, municipalities) -> None:
        from . import demo

        demo.load(municipalities)

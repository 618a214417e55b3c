from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from .two_factor import forget_members_state, remember_state_at_login

        user_logged_in.connect(remember_state_at_login, dispatch_uid="portal.two_factor.login")
        post_save.connect(forget_members_state, sender="portal.Municipality", dispatch_uid="portal.two_factor.policy")

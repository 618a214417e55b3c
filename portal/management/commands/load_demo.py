from django.apps import apps
from django.core.management.base import BaseCommand

from portal import demo


class Command(BaseCommand):
    help = "Load the demo municipalities, organisations, places and logins (idempotent)."

    def handle(self, *args, **options) -> None:
        municipalities = demo.load()
        # Each app adds its own demo content through an optional AppConfig
        # hook, so the core never imports an app.
        for config in apps.get_app_configs():
            loader = getattr(config, "load_demo", None)
            if loader is not None:
                loader(municipalities)
                self.stdout.write(f"  demo data loaded: {config.label}")
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        usernames = ", ".join(username for username, *_ in demo.PEOPLE)
        self.stdout.write(f"Demo logins (password {demo.DEMO_PASSWORD}): admin (superuser), {usernames}\n")

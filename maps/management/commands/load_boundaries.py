from django.core.management.base import BaseCommand

from maps.boundaries import boundaries_load


class Command(BaseCommand):
    help = (
        "Load municipal and county borders from the installed boundary package into the database "
        "(no download). Give municipality codes to load only those and their counties."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("codes", nargs="*", help="Four-digit municipality codes, e.g. 0127 1984.")

    def handle(self, *args, codes: list[str], **options) -> None:
        count = boundaries_load(municipality_codes=codes or None)
        self.stdout.write(self.style.SUCCESS(f"{count} boundaries loaded."))

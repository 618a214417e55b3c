"""Load the benchmark's national data set (see bench/generate.py).

python manage.py generate_national_data --settings=bench.settings --scale 1.0
python manage.py generate_national_data --settings=bench.settings --reset   # wipe and load again
python manage.py generate_national_data --settings=bench.settings --wipe    # only wipe
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bench.generate import NationalData, Plan, bench_municipalities
from bench.generate import wipe as wipe_generated
from bench.models import GeneratedDataset


class Command(BaseCommand):
    help = "Generate a reproducible national data set for the benchmark."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 290 municipalities, 1.5M observations")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--reset", action="store_true", help="wipe generated data first, then load")
        parser.add_argument("--wipe", action="store_true", help="only wipe generated data")

    def handle(self, *args, scale: float, seed: int, reset: bool, wipe: bool, **options) -> None:
        try:
            plan = Plan.at(scale, seed)
        except ValueError as error:
            raise CommandError(str(error)) from error
        today = timezone.localdate()
        present = GeneratedDataset.objects.filter(completed__isnull=False).order_by("-completed").first()
        same = present is not None and (present.scale, present.seed, present.generated_on) == (scale, seed, today)
        if same and not (reset or wipe) and bench_municipalities().exists():
            self.stdout.write(f"The data set ({present}) is already loaded; --reset loads it again.")
            return
        if reset or wipe or bench_municipalities().exists():
            started = time.monotonic()
            removed = wipe_all()
            self.stdout.write(f"Wiped {sum(removed.values()):,} generated rows in {time.monotonic() - started:.0f} s.")
        if wipe:
            return
        record = GeneratedDataset.objects.create(scale=scale, seed=seed, generated_on=today)
        started = time.monotonic()
        counts = NationalData(plan, today=today, quiet=options["verbosity"] == 0).run()
        record.completed = timezone.now()
        record.counts = counts
        record.save()
        summary = ", ".join(f"{n:,} {name}" for name, n in counts.items())
        self.stdout.write(f"Loaded in {time.monotonic() - started:.0f} s: {summary}.")


def wipe_all() -> dict[str, int]:
    GeneratedDataset.objects.all().delete()
    return wipe_generated()

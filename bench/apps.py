from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Ceiling endpoints for the benchmark. Installed only by bench.settings."""

    name = "bench"
    label = "bench"

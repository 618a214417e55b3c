"""Prepare the portal's scenarios for the benchmark: ids, a logged-in
session and one-time POST bodies. Prints a JSON list of Scenario specs."""

import json
import sys

import django


def summary() -> str:
    from django.apps import apps

    counted = ["portal.Municipality", "portal.Membership"]
    counted += [label for label in BIG_TABLES if apps.is_installed(label.split(".")[0])]
    parts = []
    for label in counted:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        parts.append(f"{model._default_manager.count():,} {model._meta.verbose_name_plural}")
    return ", ".join(parts)


BIG_TABLES = [
    "situation_reports.WeeklyReport",
    "situation_reports.Observation",
    "situation_reports.Action",
    "tips.Tip",
    "agreements.Agreement",
    "agreements.CitizenPledge",
]


def main() -> None:
    django.setup()
    if sys.argv[1:] == ["--summary"]:
        print(summary())
        return
    from portal.models import Municipality

    municipality = Municipality.objects.order_by("pk").first()
    scenarios = [
        {"name": "start page", "path": "/", "ceiling": "ceiling: form GET"},
        {"name": "public municipality page", "path": f"/kommun/{municipality.slug}/", "ceiling": "ceiling: form GET"},
    ]
    print(json.dumps(scenarios))


if __name__ == "__main__":
    main()

"""Seed the shared category list. Slugs are stable identifiers: add new
categories in new migrations, never rename or reuse a slug."""

from django.db import migrations

CATEGORIES = [
    # slug, Swedish, English, internal only
    ("violence-threats", "Våld och hot", "Violence and threats", False),
    ("robbery", "Rån", "Robbery", False),
    ("narcotics", "Narkotika", "Narcotics", False),
    ("vandalism-graffiti", "Skadegörelse och klotter", "Vandalism and graffiti", False),
    ("burglary-theft", "Inbrott och stöld", "Burglary and theft", False),
    ("fire-setting", "Anlagd brand", "Fire-setting", False),
    ("public-disorder", "Ordningsstörning", "Public disorder", False),
    ("unsafe-environment", "Otrygg miljö", "Unsafe environment", False),
    ("youth-at-risk", "Unga i riskmiljö", "Youth at risk", False),
    ("motor-youth-traffic", "Motorburen ungdom och trafik", "Motor-borne youth and traffic", False),
    ("welfare-crime", "Välfärdsbrott", "Welfare crime", True),
    ("illegal-subletting", "Olovlig andrahandsuthyrning", "Illegal subletting", True),
    ("unfair-competition", "Osund konkurrens", "Unfair competition", True),
    ("criminal-recruitment", "Rekrytering till kriminella nätverk", "Recruitment to criminal networks", False),
    ("other", "Övrigt", "Other", False),
]


def seed(apps, schema_editor):
    Category = apps.get_model("portal", "Category")
    for position, (slug, name_sv, name_en, internal_only) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name_sv": name_sv,
                "name_en": name_en,
                "internal_only": internal_only,
                "position": position * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

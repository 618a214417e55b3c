"""Languages as data. Category names become one JSON object keyed by
language code, so that a new language needs no new column (the existing
Swedish and English names move into it), and an account's language takes its
choices from settings through a callable, so that a new language needs no
migration."""

from django.db import migrations, models

import portal.languages


def forwards(apps, schema_editor):
    Category = apps.get_model("portal", "Category")
    for category in Category.objects.all():
        category.name_i18n = {"sv": category.name_sv, "en": category.name_en}
        category.save(update_fields=["name_i18n"])


def backwards(apps, schema_editor):
    Category = apps.get_model("portal", "Category")
    for category in Category.objects.all():
        names = category.name_i18n or {}
        category.name_sv = names.get("sv", "")
        category.name_en = names.get("en") or names.get("sv", "")
        category.save(update_fields=["name_sv", "name_en"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_municipality_require_two_factor")]

    operations = [
        migrations.AddField(
            model_name="category",
            name="name_i18n",
            field=models.JSONField(
                default=dict,
                help_text="The name in each language, by language code; Swedish is the fallback.",
                verbose_name="name",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        # Defaults first, so that migrating backwards can add the columns again to existing rows.
        migrations.AlterField(
            model_name="category", name="name_sv", field=models.CharField(default="", max_length=100)
        ),
        migrations.AlterField(
            model_name="category", name="name_en", field=models.CharField(default="", max_length=100)
        ),
        migrations.RemoveField(model_name="category", name="name_en"),
        migrations.RemoveField(model_name="category", name="name_sv"),
        migrations.AlterField(
            model_name="user",
            name="language",
            field=models.CharField(
                choices=portal.languages.official_language_choices,
                default="sv",
                max_length=8,
                verbose_name="language",
            ),
        ),
    ]

"""Opt-outs become rows (user × kind of e-mail) instead of one column per
kind on User; the existing opt-outs move into them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

COLUMNS = {"reminder_opt_out_contribution": "reminders.contribution", "reminder_opt_out_summary": "reminders.summary"}


def forwards(apps, schema_editor):
    User = apps.get_model("portal", "User")
    NotificationOptOut = apps.get_model("portal", "NotificationOptOut")
    for column, kind in COLUMNS.items():
        user_ids = User.objects.filter(**{column: True}).values_list("pk", flat=True)
        NotificationOptOut.objects.bulk_create([NotificationOptOut(user_id=pk, kind=kind) for pk in user_ids])


def backwards(apps, schema_editor):
    User = apps.get_model("portal", "User")
    NotificationOptOut = apps.get_model("portal", "NotificationOptOut")
    for column, kind in COLUMNS.items():
        user_ids = NotificationOptOut.objects.filter(kind=kind).values_list("user_id", flat=True)
        User.objects.filter(pk__in=list(user_ids)).update(**{column: True})


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_languages_as_data")]

    operations = [
        migrations.CreateModel(
            name="NotificationOptOut",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=60, verbose_name="kind of e-mail")),
                ("created", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notification_opt_outs",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "opt-out",
                "verbose_name_plural": "opt-outs",
                "constraints": [
                    models.UniqueConstraint(fields=("user", "kind"), name="unique_opt_out_per_user_and_kind")
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="user", name="reminder_opt_out_contribution"),
        migrations.RemoveField(model_name="user", name="reminder_opt_out_summary"),
    ]

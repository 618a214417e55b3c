"""FollowerDelivery becomes a `portal.delivery.Delivery`: `state` is
`status` (its words pending/sent/failed/skipped are the same), `error` is
`last_error` (the kind and SMTP code it always held fits 200 characters),
and a claim and the next attempt's time are added. Rows keep their status."""

import django.utils.timezone
from django.db import migrations, models


def shorten_errors(apps, schema_editor):
    FollowerDelivery = apps.get_model("agreements", "FollowerDelivery")
    for delivery in FollowerDelivery.objects.exclude(last_error="").iterator():
        if len(delivery.last_error) > 200:
            delivery.last_error = delivery.last_error[:200]
            delivery.save(update_fields=["last_error"])


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [
        migrations.RemoveIndex(model_name="followerdelivery", name="agreements__state_2ab2a0_idx"),
        migrations.RenameField(model_name="followerdelivery", old_name="state", new_name="status"),
        migrations.RenameField(model_name="followerdelivery", old_name="error", new_name="last_error"),
        migrations.RunPython(shorten_errors, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="followerdelivery",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting"),
                    ("sending", "Sending"),
                    ("sent", "Sent"),
                    ("failed", "Failed"),
                    ("skipped", "Not sent"),
                ],
                default="pending",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="followerdelivery",
            name="last_error",
            field=models.CharField(blank=True, max_length=200, verbose_name="error"),
        ),
        migrations.AlterField(
            model_name="followerdelivery",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="attempts"),
        ),
        migrations.AlterField(
            model_name="followerdelivery",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="sent"),
        ),
        migrations.AddField(
            model_name="followerdelivery",
            name="next_attempt_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="next attempt"),
        ),
        migrations.AddField(
            model_name="followerdelivery",
            name="claim",
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name="followerdelivery",
            name="claimed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="followerdelivery",
            index=models.Index(fields=["status", "next_attempt_at"], name="follower_delivery_status_next"),
        ),
    ]

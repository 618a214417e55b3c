from django.db import models


class BenchNote(models.Model):
    """The row the 'minimal validated insert' ceiling writes."""

    text = models.CharField(max_length=200)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.text


class GeneratedDataset(models.Model):
    """Which national data set `generate_national_data` has loaded, so a
    second run with the same scale and seed has nothing to do."""

    scale = models.FloatField()
    seed = models.IntegerField()
    generated_on = models.DateField()
    started = models.DateTimeField(auto_now_add=True)
    completed = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"scale {self.scale}, seed {self.seed}"


class ReminderStandIn(models.Model):
    """Stand-in for the reminders feature's delivery row (issue 6) while it is
    not built: one row per recipient, municipality, week and kind under a
    unique constraint, so a reminder goes out once however often it is
    dispatched. bench/fanout.py drives it; it mirrors agreements'
    FollowerDelivery, the house pattern for fan-out email."""

    class State(models.TextChoices):
        PENDING = "pending"
        SENT = "sent"
        FAILED = "failed"

    user = models.ForeignKey("portal.User", on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey("portal.Municipality", on_delete=models.CASCADE, related_name="+")
    iso_year = models.PositiveSmallIntegerField()
    iso_week = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, default="contribute")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "iso_year", "iso_week", "kind"], name="bench_one_reminder_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.iso_year}-W{self.iso_week} → {self.user_id}"

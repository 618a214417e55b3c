from django.db import models


class BenchNote(models.Model):
    """The row the 'minimal validated insert' ceiling writes."""

    text = models.CharField(max_length=200)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.text

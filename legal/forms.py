from __future__ import annotations

from django import forms

from .models import LegalPage


class LegalPageForm(forms.ModelForm):
    class Meta:
        model = LegalPage
        fields = ["body", "language"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24})}

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Municipality, Organisation

from .models import BriefingSchedule, ReminderDelivery


class ScheduleForm(forms.ModelForm):
    recipient_kinds = forms.MultipleChoiceField(
        label=_("Organisations reminded"),
        choices=Organisation.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of organisations of these kinds get the reminders."),
        error_messages={"required": _("Choose at least one kind of organisation.")},
    )

    class Meta:
        model = BriefingSchedule
        fields = [
            "enabled",
            "meeting_weekday",
            "meeting_time",
            "reminder_hours_before",
            "send_summary",
            "recipient_kinds",
        ]
        widgets = {"meeting_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["meeting_time"].help_text = _("Local time in %(municipality)s.") % {
            "municipality": municipality.name
        }

    def clean_recipient_kinds(self) -> list[str]:
        chosen = set(self.cleaned_data["recipient_kinds"])
        return [kind for kind in Organisation.Kind.values if kind in chosen]


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All reminders")), *ReminderDelivery.Status.choices]


class ResendForm(forms.Form):
    """Which failed reminder to send again; only this municipality's failed
    ones are choices, so a forged or stale id is simply invalid."""

    delivery = forms.ModelChoiceField(queryset=ReminderDelivery.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delivery"].queryset = (
            ReminderDelivery.objects.for_municipality(municipality)
            .filter(status=ReminderDelivery.Status.FAILED)
            .select_related("municipality")
        )

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.est import ESTCheckedForm
from portal.models import Category, Municipality, Organisation, Place
from portal.widgets import DateInput

from .models import Action, Observation, WeeklyReport
from .weeks import IsoWeek

EST_RULE = _(
    "Describe places and situations, never people: no names, personal identity numbers, "
    "vehicle registration numbers or descriptions that could identify someone."
)


class ObservationForm(ESTCheckedForm, forms.ModelForm):
    est_fields = ("description",)

    class Meta:
        model = Observation
        fields = ["date", "place", "category", "count", "source", "description"]
        widgets = {"date": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, report: WeeklyReport, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.report = report
        self.today = today
        self.instance.report = report
        week = report.week
        self.fields["place"].queryset = Place.objects.choices_for(report.municipality)
        self.fields["category"].queryset = Category.objects.filter(is_active=True).order_by("position", "slug")
        self.fields["date"].help_text = _("A day in week %(week)s: %(monday)s to %(sunday)s.") % {
            "week": week.week,
            "monday": week.monday,
            "sunday": week.sunday,
        }
        self.fields["description"].help_text = EST_RULE
        if not self.instance.pk:
            self.initial.setdefault("date", min(max(today, week.monday), week.sunday))

    def clean_date(self) -> date:
        day = self.cleaned_data["date"]
        if not self.report.week.contains(day):
            raise forms.ValidationError(
                _("The date must be inside week %(week)s (%(monday)s–%(sunday)s).")
                % {"week": self.report.iso_week, "monday": self.report.week.monday, "sunday": self.report.week.sunday}
            )
        if day > self.today:
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean_description(self) -> str:
        return self.cleaned_data["description"].strip()


class ActionForm(ESTCheckedForm, forms.ModelForm):
    est_fields = ("what", "outcome_note")

    class Meta:
        model = Action
        fields = ["what", "responsible_organisation", "place", "due_date", "status", "outcome_note"]
        widgets = {"due_date": DateInput(), "outcome_note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, report: WeeklyReport, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.report = report
        municipality = report.municipality
        self.fields["responsible_organisation"].queryset = Organisation.objects.filter(
            municipalities=municipality
        ).order_by("name")
        self.fields["place"].queryset = Place.objects.choices_for(municipality)
        self.fields["what"].help_text = _("What will be done, e.g. “Extra night walk around the metro station”.")


class ActionStatusForm(ESTCheckedForm, forms.ModelForm):
    est_fields = ("outcome_note",)

    """What the responsible organisation may change: the status and the outcome."""

    class Meta:
        model = Action
        fields = ["status", "outcome_note"]
        widgets = {"outcome_note": forms.Textarea(attrs={"rows": 3})}


class ReportForm(ESTCheckedForm, forms.ModelForm):
    est_fields = ("summary", "joint_assessment")

    class Meta:
        model = WeeklyReport
        fields = ["meeting_at", "summary", "joint_assessment"]
        widgets = {
            "meeting_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "joint_assessment": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "summary": _("What happened this week, in a few sentences."),
            "joint_assessment": _("The group's shared view of the situation and where to focus next week."),
        }


class PublishForm(ESTCheckedForm, forms.Form):
    est_fields = ("public_summary",)

    public_summary = forms.CharField(
        label=_("Public summary"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Residents will see this text with the number of events per place and category. "
            "Never include details of an individual case."
        ),
    )


class WeekJumpForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    week = forms.IntegerField(label=_("Week"), min_value=1, max_value=53)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("year") and cleaned.get("week") and IsoWeek.parse(cleaned["year"], cleaned["week"]) is None:
            raise forms.ValidationError(_("Week %(week)s does not exist in %(year)s.") % cleaned)
        return cleaned

    @property
    def iso_week(self) -> IsoWeek:
        return IsoWeek(self.cleaned_data["year"], self.cleaned_data["week"])


class ObservationFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none(), required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none(), required=False)
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("All"))] + list(Observation.Source.choices), required=False
    )

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.for_municipality(municipality).order_by("name")
        self.fields["category"].queryset = Category.objects.order_by("position", "slug")
        self.fields["organisation"].queryset = Organisation.objects.filter(municipalities=municipality).order_by("name")

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return cleaned


class TipObservationForm(ESTCheckedForm, forms.Form):
    """File a tip as an observation in this week's report, in the official's
    own words: the resident's text stays in the tip, where retention rules
    will erase it."""

    prefix = "observation"
    est_fields = ("description",)

    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    description = forms.CharField(
        label=_("Description for the situation report"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, municipality: Municipality, tip=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.choices_for(municipality)
        self.fields["category"].queryset = Category.objects.filter(is_active=True).order_by("position", "slug")
        self.fields["description"].help_text = _("In your own words; the resident's text is not copied. %(rule)s") % {
            "rule": EST_RULE
        }
        if tip is not None:
            self.initial.setdefault("place", tip.place_id)
            self.initial.setdefault("category", tip.category_id)

    def clean_description(self) -> str:
        return self.cleaned_data["description"].strip()

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from portal.est import ESTCheckedForm
from portal.models import Category, Municipality, Organisation, Place
from portal.widgets import DateInput

from .models import Action, Certainty, Observation, PartOfDay, PresenceEntry, WeeklyReport, part_of_day_of
from .weeks import IsoWeek

EST_RULE = _(
    "Describe places and situations, never people: no names, personal identity numbers, "
    "vehicle registration numbers or descriptions that could identify someone."
)


class ObservationForm(ESTCheckedForm, forms.ModelForm):
    est_fields = ("description",)

    class Meta:
        model = Observation
        fields = ["date", "time", "part_of_day", "place", "category", "count", "source", "certainty", "description"]
        widgets = {
            "date": DateInput(),
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "time": _("If known. Otherwise choose the part of the day."),
            "part_of_day": _("Filled in from the time when a time is given."),
        }

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
        self.fields["certainty"].required = False
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

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("time") is not None:
            cleaned["part_of_day"] = part_of_day_of(cleaned["time"])
            self.instance.part_of_day = cleaned["part_of_day"]
        if not cleaned.get("certainty"):
            # Not chosen: what we saw ourselves is confirmed, anything passed on is reported.
            own = cleaned.get("source") == Observation.Source.OWN
            cleaned["certainty"] = Certainty.CONFIRMED if own else Certainty.REPORTED
            self.instance.certainty = cleaned["certainty"]
        return cleaned


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
    # Left out, the certainty follows from the resident's "how do you know".
    certainty = forms.ChoiceField(label=_("Certainty"), choices=Certainty.choices, required=False)
    part_of_day = forms.ChoiceField(
        label=_("Part of the day"), choices=[("", _("Not known"))] + list(PartOfDay.choices), required=False
    )
    time = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
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
            from .services import certainty_from_tip

            self.initial.setdefault("certainty", certainty_from_tip(tip))
            self.fields["certainty"].help_text = _("From the resident's answer: “%(knowledge)s”.") % {
                "knowledge": tip.get_knowledge_display() or _("not answered")
            }
            if tip.when_text:
                # Help texts are shown as HTML: the resident's words are escaped.
                self.fields["time"].help_text = _("The resident wrote: “%(when)s”.") % {"when": escape(tip.when_text)}

    def clean_description(self) -> str:
        return self.cleaned_data["description"].strip()


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PresenceForm(ESTCheckedForm, forms.ModelForm):
    est_fields = ("activity",)

    class Meta:
        model = PresenceEntry
        fields = ["people", "place", "area", "starts_at", "ends_at", "activity"]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "activity": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, report: WeeklyReport, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.report = report
        self.instance.report = report
        self.fields["place"].queryset = Place.objects.choices_for(report.municipality)
        self.fields["activity"].help_text = EST_RULE

    def clean_activity(self) -> str:
        return self.cleaned_data["activity"].strip()

    def clean(self) -> dict:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends:
            if ends <= starts:
                self.add_error("ends_at", _("The end must be after the start."))
            elif (ends - starts).total_seconds() > 24 * 3600:
                self.add_error("ends_at", _("One entry covers at most 24 hours; add one per shift."))
            week = self.report.week
            if not (week.contains(starts.date()) or week.contains(ends.date())):
                self.add_error("starts_at", _("The presence must fall in week %(week)s.") % {"week": week.week})
        if "place" in cleaned and not cleaned.get("place") and not cleaned.get("area", "").strip():
            self.add_error("area", _("Give a place or describe the area."))
        return cleaned


class AttendanceForm(forms.Form):
    """One checkbox and a people field per organisation of the municipality."""

    def __init__(self, *args, report: WeeklyReport, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        present = {a.organisation_id: a.people for a in report.attendance.all()}
        self.organisations = list(Organisation.objects.filter(municipalities=report.municipality).order_by("name"))
        for organisation in self.organisations:
            self.fields[f"present_{organisation.pk}"] = forms.BooleanField(
                label=organisation.name, required=False, initial=organisation.pk in present
            )
            self.fields[f"people_{organisation.pk}"] = forms.CharField(
                label=_("People present from %(organisation)s") % {"organisation": organisation.name},
                max_length=300,
                required=False,
                initial=present.get(organisation.pk, ""),
            )

    def rows(self) -> list[tuple]:
        return [(o, self[f"present_{o.pk}"], self[f"people_{o.pk}"]) for o in self.organisations]

    @property
    def present(self) -> dict[int, str]:
        return {
            o.pk: self.cleaned_data[f"people_{o.pk}"]
            for o in self.organisations
            if self.cleaned_data[f"present_{o.pk}"]
        }


class DecisionForm(ESTCheckedForm, forms.Form):
    est_fields = ("text",)

    text = forms.CharField(label=_("Decision"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_text(self) -> str:
        return self.cleaned_data["text"].strip()


class ReopenForm(ESTCheckedForm, forms.Form):
    """The reason is kept in the week's trail, which every member reads."""

    est_fields = ("reason",)

    reason = forms.CharField(
        label=_("Why is the week opened again?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the week's trail, with your name and the time."),
    )

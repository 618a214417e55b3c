from __future__ import annotations

from typing import Any

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.est import ESTCheckedForm
from portal.languages import translated
from portal.models import Category, Municipality, Organisation, Place

from . import selectors
from .models import AnalysisLink, AnnualPlan, PeriodAnalysis, PlanMeasure
from .periods import PARTS, Period, PeriodKind

YEAR_HELP = _("The calendar year of the period.")


class AnalysisCreateForm(forms.Form):
    kind = forms.ChoiceField(label=pgettext_lazy("analysis", "Period"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, help_text=YEAR_HELP)
    number = forms.IntegerField(
        label=_("Which tertial or quarter"),
        min_value=1,
        max_value=4,
        initial=1,
        help_text=_(
            "1–3 for a tertial (January–April, May–August, September–December), 1–4 for a quarter; 1 for a year."
        ),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, year, number = data.get("kind"), data.get("year"), data.get("number")
        if kind is None or year is None or number is None:
            return data
        if number > PARTS[kind]:
            raise forms.ValidationError(
                _("A year has %(count)s parts of this kind; choose a number from 1 to %(count)s."),
                params={"count": PARTS[kind]},
            )
        data["period"] = period = Period(kind, year, number)
        taken = PeriodAnalysis.objects.for_municipality(self.municipality).filter(kind=kind, year=year, number=number)
        if taken.exists():
            raise forms.ValidationError(_("There is already an analysis of %(period)s."), params={"period": period})
        return data


class AnalysisTextForm(ESTCheckedForm, forms.ModelForm):
    est_fields = ("analysis", "conclusions", "proposed_priorities")

    class Meta:
        model = PeriodAnalysis
        fields = ["analysis", "conclusions", "proposed_priorities"]
        labels = {
            "analysis": pgettext_lazy("text", "Analysis"),
            "conclusions": _("Conclusions"),
            "proposed_priorities": _("Proposed priorities"),
        }
        help_texts = {
            "analysis": _(
                "What the figures show and why, in the group's own words. Places and situations, never people."
            ),
            "conclusions": _("What the group concludes; the year's situation picture starts from these."),
            "proposed_priorities": _(
                "What the group proposes to prioritise next, e.g. for the agreement or next year's pledge."
            ),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}


class LinkForm(ESTCheckedForm, forms.ModelForm):
    """Which agreement priorities and pledge commitments address one hot spot
    or category. Every choice is limited to the analysis's municipality, so a
    forged id is "not one of the available choices"."""

    est_fields = ("note",)

    subject = forms.ChoiceField(label=_("Hot spot or category"))

    class Meta:
        model = AnalysisLink
        fields = ["priorities", "commitments", "note"]
        labels = {"note": pgettext_lazy("link", "Comment")}
        widgets = {
            "priorities": forms.CheckboxSelectMultiple,
            "commitments": forms.CheckboxSelectMultiple,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, analysis: PeriodAnalysis, figures: dict[str, Any], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.analysis = analysis
        municipality = analysis.municipality
        self.fields["priorities"].queryset = selectors.priority_choices(municipality=municipality)
        self.fields["priorities"].label_from_instance = lambda p: f"{p.agreement.title}: {p.position}. {p.title}"
        self.fields["priorities"].label = _("Agreement priorities that address it")
        self.fields["commitments"].queryset = selectors.commitment_choices(municipality=municipality)
        self.fields["commitments"].label_from_instance = lambda c: (
            f"{c.focus_area.pledge.title} – {c.focus_area.title}: {c.what}"
        )
        self.fields["commitments"].label = _("Pledge commitments that address it")
        if not self.fields["priorities"].queryset.exists():
            self.fields["priorities"].help_text = _("Your municipality has no agreement with priorities yet.")
        if not self.fields["commitments"].queryset.exists():
            self.fields["commitments"].help_text = _("Your municipality has no citizen pledge with commitments yet.")
        if self.instance.pk:
            del self.fields["subject"]
        else:
            self.fields["subject"].choices = self._subjects(figures)

    def _subjects(self, figures: dict[str, Any]) -> list:
        taken = AnalysisLink.objects.filter(analysis=self.analysis)
        taken_places = set(taken.filter(place__isnull=False).values_list("place_id", flat=True))
        taken_categories = set(taken.filter(category__isnull=False).values_list("category__slug", flat=True))
        places = [
            (f"place:{p['id']}", p["name"]) for p in figures["places"] if p["current"] and p["id"] not in taken_places
        ]
        categories = [
            (f"category:{c['slug']}", translated(c, "name"))
            for c in figures["categories"]
            if c["slug"] not in taken_categories
        ]
        return [("", "---------"), (_("Places"), places), (_("Categories"), categories)]

    def clean_subject(self) -> Place | Category:
        kind, _sep, key = self.cleaned_data["subject"].partition(":")
        if kind == "place":
            place = (
                Place.objects.for_municipality(self.analysis.municipality).filter(pk=key).first()
                if key.isdigit()
                else None
            )
            if place is not None:
                return place
        elif kind == "category":
            category = Category.objects.filter(slug=key).first()
            if category is not None:
                return category
        raise forms.ValidationError(_("Choose a hot spot or category of the analysis."))

    def save(self, commit: bool = False) -> AnalysisLink:
        link = super().save(commit=False)
        link.analysis = self.analysis
        subject = self.cleaned_data.get("subject")
        if isinstance(subject, Place):
            link.place = subject
        elif isinstance(subject, Category):
            link.category = subject
        return link


class PlanCreateForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        help_text=_(
            "The year the situation picture describes. The draft is filled in from that year's approved "
            "analyses, the agreement in force and the year's citizen pledges."
        ),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if AnnualPlan.objects.for_municipality(self.municipality).filter(year=year).exists():
            raise forms.ValidationError(
                _("There is already a situation picture and action plan for %(year)s."), params={"year": year}
            )
        return year


class PlanForm(ESTCheckedForm, forms.ModelForm):
    est_fields = ("problem_picture", "priorities_and_causes", "follow_up")

    class Meta:
        model = AnnualPlan
        fields = ["problem_picture", "priorities_and_causes", "follow_up"]
        labels = {
            "problem_picture": _("Problem picture"),
            "priorities_and_causes": _("Priorities and their causes"),
            "follow_up": _("How the plan is followed up"),
        }
        help_texts = {
            "problem_picture": _("The crime situation in the municipality: what, where, how it has changed."),
            "priorities_and_causes": _(
                "What the municipality and its partners prioritise, and the likely causes behind it."
            ),
            "follow_up": _("Who follows up the measures, how and when."),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in fields}


class MeasureForm(ESTCheckedForm, forms.ModelForm):
    est_fields = ("what", "follow_up")

    class Meta:
        model = PlanMeasure
        fields = ["position", "what", "responsible", "timing", "priority", "follow_up"]

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = Organisation.objects.filter(municipalities=municipality).order_by("name")
        self.fields["priority"].queryset = selectors.priority_choices(municipality=municipality)
        self.fields["priority"].label_from_instance = lambda p: f"{p.position}. {p.title} ({p.agreement.period_label})"


MeasureFormSet = inlineformset_factory(
    AnnualPlan, PlanMeasure, form=MeasureForm, extra=2, can_delete=True, max_num=100, validate_max=True
)

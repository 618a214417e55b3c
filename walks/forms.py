"""Forms of walks and dialogues. Every choice is limited to the walk's
municipality; finding texts go through the weekly report's EST check
(places and situations, never people)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Commitment
from portal.est import ESTCheckedForm
from portal.models import Category, Municipality, Organisation, Place
from portal.widgets import DateInput
from situation_reports.forms import EST_RULE
from tips.forms import PhotosField, public_categories

from .models import TEXT_MAX, Finding, FindingPhoto, Walk

ROUTE_STOPS = 8


class WalkESTForm(ESTCheckedForm):
    """The EST check (portal.est) on a walk's free text, as the observation
    form has it: what points at a person for certain (personnummer, phone,
    e-mail, plate, street address with a number, age) is refused, quoting
    it; a likely name asks to rewrite it, or to tick that it is not about a
    person and say why (the view records that)."""

    @property
    def est_flagged(self) -> bool:
        """Whether the form now asks for the "not about a person" tick."""
        return isinstance(self.fields["est_confirm"].widget, forms.CheckboxInput)


def _places(municipality: Municipality, current: Place | None = None):
    return Place.objects.choices_for(municipality, current=current).order_by("name")


def _organisations(municipality: Municipality):
    return Organisation.objects.filter(municipalities=municipality).order_by("name")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CommitmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Commitment) -> str:
        return f"{obj.focus_area.pledge.title} – {obj.what}"


class WalkForm(WalkESTForm, forms.ModelForm):
    """Plan a walk or a dialogue. The route is up to eight places in
    walking order: one select each, so it works without JavaScript."""

    est_fields = ("meeting_point", "invitation", "how_to_join")

    class Meta:
        model = Walk
        fields = [
            "kind",
            "title",
            "starts_at",
            "meeting_place",
            "meeting_point",
            "hot_spot",
            "commitment",
            "organisations",
            "invitation",
            "how_to_join",
            "invitation_public",
            "residents_may_add",
        ]
        field_classes = {"commitment": CommitmentChoiceField}
        widgets = {
            "starts_at": DateTimeInput(),
            "organisations": forms.CheckboxSelectMultiple,
            "invitation": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        places = _places(municipality)
        self.fields["meeting_place"].queryset = places
        self.fields["hot_spot"].queryset = places
        self.fields["organisations"].queryset = _organisations(municipality)
        self.fields["commitment"].queryset = (
            Commitment.objects.for_municipality(municipality)
            .select_related("focus_area__pledge")
            .order_by("-focus_area__pledge__period_start", "focus_area__position", "position")
        )
        self.fields["commitment"].help_text = _("Holding the walk counts once towards this commitment.")
        stops = [stop.place_id for stop in self.instance.stops.all()] if self.instance.pk else []
        for number in range(1, ROUTE_STOPS + 1):
            name = f"stop_{number}"
            self.fields[name] = forms.ModelChoiceField(
                label=_("Stop %(number)s") % {"number": number},
                queryset=places,
                required=False,
                empty_label=_("– None –"),
            )
            if len(stops) >= number:
                self.initial.setdefault(name, stops[number - 1])

    @property
    def route_fields(self) -> list:
        return [self[f"stop_{number}"] for number in range(1, ROUTE_STOPS + 1)]

    @property
    def main_fields(self) -> list:
        return [self[name] for name in self.Meta.fields]

    def clean(self) -> dict:
        cleaned = super().clean()
        route = [cleaned.get(f"stop_{number}") for number in range(1, ROUTE_STOPS + 1)]
        cleaned["route"] = [place for place in route if place is not None]
        return cleaned


class FindingForm(WalkESTForm, forms.Form):
    """A finding typed on a phone in the street. `idempotency_key` comes
    with the form, so the same form sent twice is stored once."""

    est_fields = ("description",)

    place = forms.ModelChoiceField(
        label=_("Place"), queryset=Place.objects.none(), required=False, empty_label=_("– Not chosen –")
    )
    kind = forms.ChoiceField(label=_("What did you find?"), choices=Finding.Kind.choices)
    description = forms.CharField(
        label=_("Describe it"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What, exactly where, and why it feels unsafe. %(rule)s") % {"rule": EST_RULE},
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False, empty_label=_("– Not chosen –")
    )
    owner = forms.ModelChoiceField(
        label=_("Who should fix it?"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("– Not decided –"),
    )
    photos = PhotosField(
        label=_("Photos (optional)"),
        help_text=_("Up to 4 photos. We remove location and camera details. Avoid faces."),
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, walk: Walk, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        municipality = walk.municipality
        self.fields["place"].queryset = _places(municipality)
        self.fields["category"].queryset = self._categories()
        self.fields["owner"].queryset = _organisations(municipality)
        self.initial.setdefault("idempotency_key", uuid.uuid4())
        self.fields["photos"].widget.attrs["capture"] = "environment"

    def _categories(self):
        return Category.objects.filter(is_active=True).order_by("position", "slug")

    def clean_description(self) -> str:
        return self.cleaned_data["description"].strip()


class ResidentFindingForm(FindingForm):
    """A resident's finding: public categories only, no owner, no identity.
    The honeypot is hidden from people and filled in by bots."""

    website = forms.CharField(label=_("Leave this field empty"), max_length=200, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["owner"]
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def _categories(self):
        return public_categories()

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class FindingActionForm(WalkESTForm, forms.Form):
    est_fields = ("what",)

    organisation = forms.ModelChoiceField(label=_("Responsible organisation"), queryset=Organisation.objects.none())
    what = forms.CharField(label=_("What is to be done"), max_length=300)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())

    def __init__(self, *args, finding: Finding, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations(finding.walk.municipality)
        self.initial.setdefault("organisation", finding.owner_id)
        where = f" ({finding.place.name})" if finding.place else ""
        self.initial.setdefault("what", f"{finding.get_kind_display()}{where}: {finding.description}"[:300])

    def clean_what(self) -> str:
        return self.cleaned_data["what"].strip()


class PhotoChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: FindingPhoto) -> str:
        return _("Photo %(number)s of “%(finding)s”") % {"number": obj.pk, "finding": obj.finding.description[:60]}


class FindingChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Finding) -> str:
        return str(obj)


class WalkReportForm(WalkESTForm, forms.Form):
    """The public report: no names, photos only those chosen."""

    est_fields = ("summary", "residents_said", "parties_answered")

    summary = forms.CharField(
        label=_("Summary for residents"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was found, done and planned. No names. %(rule)s") % {"rule": EST_RULE},
    )
    residents_said = forms.CharField(
        label=_("What residents said"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    parties_answered = forms.CharField(
        label=_("What the parties answered and promised"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    public_photos = PhotoChoiceField(
        label=_("Photos to publish"),
        queryset=FindingPhoto.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hidden_findings = FindingChoiceField(
        label=_("Findings not to show residents"),
        queryset=Finding.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    publish = forms.BooleanField(label=_("Publish the report on the municipality's page"), required=False)

    def __init__(self, *args, walk: Walk, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["public_photos"].queryset = FindingPhoto.objects.filter(finding__walk=walk).select_related(
            "finding"
        )
        self.fields["hidden_findings"].queryset = Finding.objects.filter(walk=walk)
        self.initial.setdefault("summary", walk.report_summary)
        self.initial.setdefault("residents_said", walk.residents_said)
        self.initial.setdefault("parties_answered", walk.parties_answered)
        self.initial.setdefault("publish", walk.report_is_published)
        self.initial.setdefault(
            "public_photos", [p.pk for p in FindingPhoto.objects.filter(finding__walk=walk, is_public=True)]
        )
        self.initial.setdefault("hidden_findings", [f.pk for f in walk.findings.all() if not f.is_public])

    def clean_summary(self) -> str:
        return self.cleaned_data["summary"].strip()

    def clean_residents_said(self) -> str:
        return self.cleaned_data["residents_said"].strip()

    def clean_parties_answered(self) -> str:
        return self.cleaned_data["parties_answered"].strip()

"""Forms of agreements and pledges. Every choice of an organisation, place or
agreement is limited to the municipality, so a forged id from elsewhere is
"not one of the available choices"."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal import following
from portal.est import ESTCheckedForm
from portal.models import Municipality, Organisation, Place
from portal.widgets import DateInput

from .models import (
    Agreement,
    AgreementSignatory,
    CitizenPledge,
    Commitment,
    Evaluation,
    FocusArea,
    PledgeSignatory,
    PriorityArea,
)


def _organisations(municipality: Municipality):
    return Organisation.objects.filter(municipalities=municipality).order_by("kind", "name")


def _check_period(form: forms.Form, cleaned: dict) -> None:
    start, end = cleaned.get("period_start"), cleaned.get("period_end")
    if start and end and end <= start:
        form.add_error("period_end", _("The period must end after it starts."))


def _check_unique_title(form: forms.ModelForm, message) -> None:
    """Title and start are unique per municipality (a database constraint the
    form cannot check itself, since the municipality is not one of its fields)."""
    title, start = form.cleaned_data.get("title"), form.cleaned_data.get("period_start")
    if not title or not start:
        return
    rows = type(form.instance).objects.for_municipality(form.instance.municipality)
    if rows.filter(title=title, period_start=start).exclude(pk=form.instance.pk).exists():
        form.add_error("title", message)


def _not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))
    return value


class AgreementForm(ESTCheckedForm, forms.ModelForm):
    est_fields = ("background",)

    class Meta:
        model = Agreement
        fields = ["title", "period_start", "period_end", "background", "parties", "document"]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "background": forms.Textarea(attrs={"rows": 5}),
            "parties": forms.CheckboxSelectMultiple,
            "document": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        }

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["parties"].queryset = _organisations(municipality)

    def clean(self) -> dict:
        cleaned = super().clean()
        _check_period(self, cleaned)
        _check_unique_title(self, _("There is already an agreement with this title for this period."))
        return cleaned


class ScopedInlineFormSet(BaseInlineFormSet):
    """An inline formset whose row ids must be rows of this parent.

    Django checks a row's id against every row of the model and silently
    drops one that is not the parent's; here a forged id is a form error."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        form.fields[self._pk_field.name].queryset = self.get_queryset()
        if index is not None and index >= self.initial_form_count() and "position" in form.fields:
            form.initial["position"] = index + 1  # new rows come after the existing ones

    # (related name, message): rows that still have these cannot be deleted here.
    protected: tuple[str, str] | None = None

    def clean(self) -> None:
        super().clean()
        if self.protected is None or not self.can_delete:
            return
        related, message = self.protected
        for form in self.deleted_forms:
            if form.instance.pk and getattr(form.instance, related).exists():
                raise forms.ValidationError(message)


def scoped_formset(parent, model, form, *, extra: int, max_num: int, protected=None):
    formset = type("ProtectedFormSet", (ScopedInlineFormSet,), {"protected": protected})
    return inlineformset_factory(
        parent,
        model,
        form=form,
        formset=formset,
        extra=extra,
        can_delete=True,
        can_delete_extra=False,
        max_num=max_num,
        validate_max=True,
    )


class PriorityAreaForm(ESTCheckedForm, forms.ModelForm):
    est_fields = ("title", "causes", "goals", "follow_up")

    class Meta:
        model = PriorityArea
        fields = ["position", "title", "causes", "goals", "follow_up"]
        widgets = {
            "causes": forms.Textarea(attrs={"rows": 2}),
            "goals": forms.Textarea(attrs={"rows": 2}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }


class SignatoryForm(forms.ModelForm):
    class Meta:
        fields = ["name", "title", "organisation", "signed_on"]
        widgets = {"signed_on": DateInput()}
        help_texts = {"signed_on": _("Leave empty until this person has signed.")}

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations(municipality)

    def clean_signed_on(self):
        return _not_in_future(self.cleaned_data.get("signed_on"))


class AgreementSignatoryForm(SignatoryForm):
    class Meta(SignatoryForm.Meta):
        model = AgreementSignatory


class PledgeSignatoryForm(SignatoryForm):
    class Meta(SignatoryForm.Meta):
        model = PledgeSignatory


AgreementSignatoryFormSet = scoped_formset(Agreement, AgreementSignatory, AgreementSignatoryForm, extra=1, max_num=30)


class PledgeForm(ESTCheckedForm, forms.ModelForm):
    est_fields = ("introduction",)

    class Meta:
        model = CitizenPledge
        fields = ["title", "period_start", "period_end", "evaluation_due", "agreement", "introduction", "parties"]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "evaluation_due": DateInput(),
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "parties": forms.CheckboxSelectMultiple,
        }
        help_texts = {"evaluation_due": _("Empty: at the end of the period.")}

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["parties"].queryset = _organisations(municipality)
        self.fields["agreement"].queryset = Agreement.objects.for_municipality(municipality)

    def clean(self) -> dict:
        cleaned = super().clean()
        _check_period(self, cleaned)
        start, due = cleaned.get("period_start"), cleaned.get("evaluation_due")
        if start and due and due < start:
            self.add_error("evaluation_due", _("The evaluation cannot be due before the period starts."))
        _check_unique_title(self, _("There is already a pledge with this title for this period."))
        return cleaned


class FocusAreaForm(ESTCheckedForm, forms.ModelForm):
    est_fields = ("title", "description")

    class Meta:
        model = FocusArea
        fields = ["position", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


PledgeSignatoryFormSet = scoped_formset(CitizenPledge, PledgeSignatory, PledgeSignatoryForm, extra=1, max_num=30)


class CommitmentForm(ESTCheckedForm, forms.ModelForm):
    est_fields = ("what", "description")

    class Meta:
        model = Commitment
        fields = [
            "position",
            "what",
            "description",
            "responsible",
            "place",
            "due_date",
            "target_count",
            "target_unit",
            "count_reached",
            "status",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "due_date": DateInput()}

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = _organisations(municipality)
        self.fields["place"].queryset = Place.objects.choices_for(municipality, current=self.instance.place_id)

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("target_count") is None and cleaned.get("count_reached"):
            self.add_error("count_reached", _("Give a target before counting what has been reached."))
        return cleaned


CommitmentFormSet = scoped_formset(
    FocusArea,
    Commitment,
    CommitmentForm,
    extra=2,
    max_num=40,
    protected=("updates", _("A commitment with progress updates is kept as history: set its status to cancelled.")),
)


def priority_formset(*, extra: int):
    return scoped_formset(Agreement, PriorityArea, PriorityAreaForm, extra=extra, max_num=20)


def focus_area_formset(*, extra: int):
    return scoped_formset(
        CitizenPledge,
        FocusArea,
        FocusAreaForm,
        extra=extra,
        max_num=20,
        protected=("commitments", _("A focus area with commitments cannot be deleted: remove its commitments first.")),
    )


class ProgressUpdateForm(ESTCheckedForm, forms.Form):
    est_fields = ("text",)

    day = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(label=_("What happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(label=_("Status after this update"), choices=Commitment.Status.choices)
    count_reached = forms.IntegerField(label=_("Count reached so far"), min_value=0, required=False)
    is_public = forms.BooleanField(
        label=_("Show to residents"),
        required=False,
        initial=True,
        help_text=_("Followers of a published pledge get an email about public updates."),
    )

    def __init__(self, *args, commitment: Commitment, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        self.fields["day"].initial = timezone.localdate()
        self.fields["status"].initial = commitment.status
        if commitment.target_count is None:
            del self.fields["count_reached"]
        else:
            self.fields["count_reached"].initial = commitment.count_reached
            self.fields["count_reached"].help_text = _("Target: %(target)s %(unit)s") % {
                "target": commitment.target_count,
                "unit": commitment.target_unit,
            }

    def clean_day(self):
        return _not_in_future(self.cleaned_data.get("day"))


class EvaluationForm(ESTCheckedForm, forms.ModelForm):
    """The evaluation residents read on the public page; the reason for an
    early evaluation is shown there too."""

    est_fields = ("text", "early_reason")

    class Meta:
        model = Evaluation
        fields = ["outcome", "evaluated_on", "text", "early_reason"]
        widgets = {"outcome": forms.RadioSelect, "evaluated_on": DateInput(), "text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, pledge: CitizenPledge, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pledge = pledge
        self.instance.pledge = pledge
        self.fields["evaluated_on"].initial = timezone.localdate()

    def clean_evaluated_on(self):
        day = _not_in_future(self.cleaned_data.get("evaluated_on"))
        if day and day < self.pledge.period_start:
            raise forms.ValidationError(_("A pledge cannot be evaluated before its period starts."))
        return day

    def clean(self) -> dict:
        cleaned = super().clean()
        day = cleaned.get("evaluated_on")
        if day and day < self.pledge.period_end and not (cleaned.get("early_reason") or "").strip():
            self.add_error(
                "early_reason",
                _("The period ends on %(end)s. To evaluate before then, give the reason for evaluating early.")
                % {"end": date_format(self.pledge.period_end, "j F Y")},
            )
        return cleaned


class NextPeriodForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=200)
    period_start = forms.DateField(label=_("Period starts"), widget=DateInput())
    period_end = forms.DateField(label=_("Period ends"), widget=DateInput())

    def __init__(self, *args, pledge: CitizenPledge, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pledge = pledge
        start = pledge.period_end + timedelta(days=1)
        length = pledge.period_end - pledge.period_start
        self.fields["period_start"].initial = start
        self.fields["period_end"].initial = start + length
        self.fields["title"].initial = pledge.title.replace(str(pledge.period_start.year), str(start.year))

    def clean(self) -> dict:
        cleaned = super().clean()
        _check_period(self, cleaned)
        start = cleaned.get("period_start")
        if start and start <= self.pledge.period_start:
            self.add_error("period_start", _("The next period must start after this one starts."))
        title = cleaned.get("title")
        if start and title:
            clash = CitizenPledge.objects.for_municipality(self.pledge.municipality)
            if clash.filter(title=title, period_start=start).exists():
                self.add_error("title", _("There is already a pledge with this title for this period."))
        return cleaned


class FollowForm(following.FollowForm):
    help_text = _("Used only to tell you about this pledge. You can stop at any time.")


ADD_ROW = "add-row"


def with_added_row(data, prefixes: tuple[str, ...]):
    """The request's data with one more blank row in the formset whose "add
    another row" button was pressed (its prefix is the button's value), and
    whether one was: the page is then shown again with what was typed, not
    saved. Without JavaScript this is how rows are added; with it, the
    button adds the row in the page (static/agreements/formset.js)."""
    if data is None or data.get(ADD_ROW) not in prefixes:
        return data, False
    data = data.copy()
    key = f"{data[ADD_ROW]}-TOTAL_FORMS"
    try:
        data[key] = str(min(int(data.get(key, 0)) + 1, 30))
    except ValueError:
        return data, False
    return data, True


class ProgressUpdateCorrectionForm(ESTCheckedForm, forms.Form):
    """Correct a progress update's text, or withdraw it; both need a reason.
    The corrected text and the reason (e-mailed to followers) are EST-checked
    like the update itself."""

    est_fields = ("text", "reason")

    action = forms.ChoiceField(
        label=_("What do you want to do?"),
        choices=[("corrected", _("Correct the text")), ("withdrawn", _("Withdraw the update"))],
        widget=forms.RadioSelect,
        initial="corrected",
    )
    text = forms.CharField(
        label=_("Corrected text"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("Followers of a published pledge get one e-mail with the reason."),
    )

    def __init__(self, *args, update, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.update = update
        self.fields["text"].initial = update.text

    def clean(self) -> dict:
        cleaned = super().clean()
        text = (cleaned.get("text") or "").strip()
        if cleaned.get("action") == "corrected":
            if not text:
                self.add_error("text", _("Write the corrected text."))
            elif text == self.update.text.strip():
                self.add_error("text", _("The text is unchanged."))
        cleaned["text"] = text
        return cleaned

"""Forms of the tips app. Every ModelChoiceField is limited to the
municipality the form is for, and to public categories on public forms."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.forms.utils import flatatt
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from maps.forms import sweref_to_degrees
from maps.geo import round_point
from portal.languages import LANGUAGE_LABEL, language_codes
from portal.models import Category, Municipality, Organisation, Place
from portal.widgets import DateInput

from . import photos
from .models import DESCRIPTION_MAX, MESSAGE_MAX, Channel, CloseReason, Knowledge, ReplyTemplate, Tip, TipStatus

phone_validator = RegexValidator(r"^\+?[0-9 ()\-]{5,40}$", _("Write the phone number with digits, e.g. 070-123 45 67."))


class PlainSelect(forms.Select):
    """A select rendered in Python, with the same HTML as Django's. Django
    renders every option through a template of its own (and builds a dict of
    attributes for each); with a large municipality's places as options that
    was the triage list's costliest part (docs/PERFORMANCE.md). No option
    groups (none are used here)."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        values = set(self.format_value(value))
        chosen = False
        options = []
        for option_value, label in self.choices:
            text = str(option_value)
            # As ChoiceWidget.optgroups: only the first matching option is selected.
            selected = not chosen and text in values
            chosen = chosen or selected
            options.append((text, " selected" if selected else "", label))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            format_html_join("", '<option value="{}"{}>{}</option>', options),
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to four images of 10 MB each, each decoded and re-encoded. The
    limits ride along as data attributes for the browser-side check
    (static/tips/tips.js), which only spares a resident a wasted upload."""

    widget = MultipleFileInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "accept": "image/jpeg,image/png,image/webp,image/gif",
                "data-max-photos": photos.MAX_PHOTOS,
                "data-max-photo-bytes": photos.MAX_PHOTO_BYTES,
                "data-too-large": _("Leave these photos out, or choose smaller ones (at most 4, 10 MB each):"),
            }
        )

    def clean(self, data, initial=None) -> list[photos.CleanPhoto]:
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if len(uploads) > photos.MAX_PHOTOS:
            raise forms.ValidationError(_("You can attach at most 4 photos."))
        too_large = [upload for upload in uploads if upload.size > photos.MAX_PHOTO_BYTES]
        if too_large:
            raise forms.ValidationError(
                _("A photo may be at most 10 MB. Leave out: %(names)s.")
                % {"names": ", ".join(f"{(u.name or '')[:80]} ({photos.megabytes(u.size)} MB)" for u in too_large)}
            )
        return [photos.clean_photo(upload) for upload in uploads]


def public_categories():
    return Category.objects.filter(is_active=True, internal_only=False)


# The residents' form's querysets, built once per process (and municipality):
# building one cost more than the rest of the form. They are never evaluated
# here; each form takes its own copy (ModelChoiceField clones what it is given).
_PUBLIC_CHOICES: dict[int | None, QuerySet] = {}


def _public_choices(municipality: Municipality) -> tuple[QuerySet, QuerySet]:
    places = _PUBLIC_CHOICES.get(municipality.pk)
    if places is None:
        if len(_PUBLIC_CHOICES) > 1000:
            _PUBLIC_CHOICES.clear()
        places = _PUBLIC_CHOICES[municipality.pk] = Place.objects.choices_for(municipality.pk)
    categories = _PUBLIC_CHOICES.get(None)
    if categories is None:
        categories = _PUBLIC_CHOICES[None] = public_categories()
    return places, categories


def tip_point(cleaned: dict, form: forms.Form) -> dict:
    """The map's point as stored: WGS 84, rounded to ≈100 m unless exact."""
    northing, easting = cleaned.get("point_northing"), cleaned.get("point_easting")
    if northing is None or easting is None:
        return {"latitude": None, "longitude": None, "location_exact": False}
    try:
        lat, lon = sweref_to_degrees(northing, easting)
    except forms.ValidationError as error:
        form.add_error(None, error)
        return {}
    exact = bool(cleaned.get("point_exact"))
    if not exact:
        lat, lon = round_point(float(lat), float(lon))
    return {"latitude": lat, "longitude": lon, "location_exact": exact}


STATUS_EMAIL_LABEL = _("E-mail address for status changes (optional)")


def _describe_status_email(field: forms.Field) -> None:
    # The warning (tips/public/_status_email.html) is shown before the field.
    field.widget.attrs.update({"autocomplete": "email", "aria-describedby": "status-email-warning"})


class StatusEmailForm(forms.Form):
    """On the follow-up page: ask for (or stop) status e-mails for this tip."""

    status_email = forms.EmailField(label=STATUS_EMAIL_LABEL, max_length=254, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _describe_status_email(self.fields["status_email"])


class TipForm(forms.Form):
    """The residents' form. Anonymous unless they choose otherwise."""

    ANONYMOUS = "anonymous"
    CONTACT = "contact"

    description = forms.CharField(
        label=_("What happened?"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Describe what you saw or heard. Write nothing about yourself that is not needed."),
    )
    where_text = forms.CharField(
        label=_("Where did it happen?"),
        max_length=300,
        required=False,
        help_text=_("An address, a street, a building or a description of the spot."),
    )
    # Both querysets are set per municipality in __init__ (None here: copying
    # the declared fields for each form then clones no queryset).
    place = forms.ModelChoiceField(
        label=_("Area (optional)"), queryset=None, required=False, empty_label=_("– Not chosen –")
    )
    when_text = forms.CharField(
        label=_("When did it happen?"),
        max_length=200,
        required=False,
        help_text=_("Roughly is fine, e.g. “Friday evening around 22” or “every night this week”."),
    )
    knowledge = forms.ChoiceField(
        label=_("How do you know about it?"),
        choices=Knowledge.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    category = forms.ModelChoiceField(
        label=_("What is it about? (optional)"),
        queryset=None,
        required=False,
        empty_label=_("– Not chosen –"),
    )
    photos = PhotosField(
        label=_("Photos (optional)"),
        help_text=_(
            "Up to 4 photos of at most 10 MB each. We remove location and camera details from them. "
            "Avoid photos that show people's faces."
        ),
    )
    identity = forms.ChoiceField(
        label=_("Do you want to be contacted?"),
        choices=[
            (ANONYMOUS, _("No, I want to stay anonymous")),
            (CONTACT, _("Yes, I give my contact details")),
        ],
        initial=ANONYMOUS,
        widget=forms.RadioSelect,
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("Your email address"), max_length=254, required=False)
    contact_phone = forms.CharField(
        label=_("Your phone number"), max_length=40, required=False, validators=[phone_validator]
    )
    status_email = forms.EmailField(label=STATUS_EMAIL_LABEL, max_length=254, required=False)
    # Set by the optional map (maps/static/maps/picker.js) in SWEREF 99 TM metres.
    point_northing = forms.FloatField(required=False, widget=forms.HiddenInput)
    point_easting = forms.FloatField(required=False, widget=forms.HiddenInput)
    point_exact = forms.BooleanField(
        label=_("Store the exact spot (otherwise it is rounded to about 100 m)"), required=False
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(label=_("Leave this field empty"), max_length=200, required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=300)

    CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["place"].queryset, self.fields["category"].queryset = _public_choices(municipality)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_phone"].widget.attrs["autocomplete"] = "tel"
        _describe_status_email(self.fields["status_email"])

    def clean(self) -> dict:
        cleaned = super().clean()
        given = [name for name in self.CONTACT_FIELDS if cleaned.get(name)]
        if cleaned.get("identity") == self.CONTACT and not given and not self._contact_errors():
            self.add_error("contact_name", _("Give at least one way to reach you, or choose to stay anonymous."))
        if cleaned.get("identity") == self.ANONYMOUS and given:
            raise forms.ValidationError(
                _("You chose to stay anonymous but filled in contact details. Clear them, or choose to give them.")
            )
        cleaned.update(tip_point(cleaned, self))
        return cleaned

    def _contact_errors(self) -> bool:
        return any(name in self.errors for name in self.CONTACT_FIELDS)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class OfficialTipForm(forms.Form):
    """A tip that came by phone, email, a visit or a safety walk."""

    channel = forms.ChoiceField(
        label=_("How did the tip come in?"), choices=[c for c in Channel.choices if c[0] != Channel.WEB]
    )
    description = TipForm.base_fields["description"]
    where_text = TipForm.base_fields["where_text"]
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none(), required=False)
    when_text = TipForm.base_fields["when_text"]
    knowledge = forms.ChoiceField(
        label=_("How does the person who told you know about it?"),
        choices=Knowledge.choices,
        widget=forms.RadioSelect,
        required=TipForm.base_fields["knowledge"].required,
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    contact_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False, validators=[phone_validator])

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.choices_for(municipality)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.fields["description"].help_text = _("What the resident told you, in their words where possible.")


class TipTriageForm(forms.ModelForm):
    """Category, place and registry number of a tip."""

    class Meta:
        model = Tip
        fields = ["category", "place", "registry_number"]
        help_texts = {"registry_number": _("The tip's number in the municipality's registry (diarienummer).")}

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.place if self.instance.place_id else None
        self.fields["place"].queryset = Place.objects.choices_for(municipality, current=current)
        current_category = self.instance.category_id
        self.fields["category"].queryset = Category.objects.filter(Q(is_active=True) | Q(pk=current_category))


class TipStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=TipStatus.choices)
    close_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        choices=[("", _("– Choose when closing –")), *CloseReason.choices],
        required=False,
    )
    close_note = forms.CharField(
        label=_("Note to the resident"),
        max_length=300,
        required=False,
        help_text=_("Shown to the resident with the status, e.g. “Forwarded to Trafikverket”. No names."),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("status") == TipStatus.CLOSED and not cleaned.get("close_reason"):
            self.add_error("close_reason", _("Choose why the tip is closed; the resident sees the reason."))
        return cleaned


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the resident"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The resident reads it with their receipt code. They stay anonymous."),
    )


class TemplateChoiceForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Reply template"), queryset=ReplyTemplate.objects.none())

    def __init__(self, *args, municipality: Municipality, language: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        templates = ReplyTemplate.objects.for_municipality(municipality)
        if language:
            # The tip's language first, then the others (each by title).
            first = Case(When(language=language, then=Value(0)), default=Value(1), output_field=IntegerField())
            templates = templates.order_by(first, "title")
        self.fields["template"].queryset = templates
        self.fields["template"].label_from_instance = _template_label


def _template_label(template: ReplyTemplate) -> str:
    return f"{template.title} ({get_language_info(template.language)['name_translated']})"


class ReplyTemplateForm(forms.ModelForm):
    class Meta:
        model = ReplyTemplate
        fields = ["title", "language", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["language"].required = False  # Swedish unless chosen

    def clean_language(self) -> str:
        from django.conf import settings

        return self.cleaned_data.get("language") or settings.LANGUAGE_CODE

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        clash = ReplyTemplate.objects.for_municipality(self.instance.municipality).filter(title__iexact=title)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("There is already a template with this title."))
        return title


class ReceiptCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        help_text=_("The code you got when you sent the tip, e.g. ABCD-EFGH-JKMN-PQRS-TVWX."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        )


class ResidentReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("You stay anonymous. Write nothing about yourself that is not needed."),
    )


class TipFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), ("open", _("Open")), *TipStatus.choices], required=False
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", _("All")), *Channel.choices], required=False)
    language = forms.ChoiceField(label=lazy(capfirst, str)(LANGUAGE_LABEL), choices=(), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=PlainSelect,
    )
    place = forms.ModelChoiceField(
        label=_("Place"), queryset=Place.objects.none(), required=False, empty_label=_("All"), widget=PlainSelect
    )
    received_from = forms.DateField(label=_("Received from"), required=False, widget=DateInput())
    received_to = forms.DateField(label=_("Received to"), required=False, widget=DateInput())

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.all()
        # A choice's label is the place's name: the rest of ~150 rows (areas
        # among them) is not read.
        self.fields["place"].queryset = Place.objects.for_municipality(municipality).only("pk", "name")
        self.fields["language"].choices = [
            ("", _("All")),
            *((code, get_language_info(code)["name_translated"]) for code in language_codes()),
        ]


class RetentionForm(forms.Form):
    tip_retention_days = forms.IntegerField(
        label=_("Days to keep a closed tip's personal data"),
        min_value=1,
        max_value=3650,
        help_text=_(
            "After this many days, the text, contact details, photos and messages of a closed tip are erased. "
            "Date, category, place and status remain for statistics."
        ),
    )


class ShareForm(forms.Form):
    """Share a tip with an organisation taking part in the municipality."""

    organisation = forms.ModelChoiceField(label=_("Share with"), queryset=Organisation.objects.none())
    include_contact = forms.BooleanField(
        label=_("Include the resident's contact details"),
        required=False,
        help_text=_("Only when the organisation needs them to act; give the reason below."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(municipalities=municipality).order_by("name")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("include_contact") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the organisation needs the resident's contact details."))
        return data

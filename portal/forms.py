from __future__ import annotations

import json

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from maps import geo
from maps.forms import CoordinateSystem, parse_polygon, sweref_to_degrees

from . import notifications
from .delivery import DeliveryStatus
from .delivery import kinds as delivery_kinds
from .languages import official_language_choices
from .models import Membership, Municipality, Organisation, Place, Role, User


class LoginForm(AuthenticationForm):
    """Django's login form, refusing a username longer than any account's
    before it is authenticated (the failed-login record of django-axes keeps
    the username in a 255-character column, and PostgreSQL refused longer
    ones with an error page), and with a failed login tied to both fields:
    its error is not one field's, so both say they are invalid and point at it."""

    def clean(self):
        username = self.cleaned_data.get("username") or self.data.get("username") or ""
        if len(username) > User._meta.get_field("username").max_length:
            raise self.get_invalid_login_error()
        return super().clean()

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and self.non_field_errors():
            for field in self.fields.values():
                field.widget.attrs.update({"aria-invalid": "true", "aria-describedby": "form-non-field-errors"})


class PlaceForm(forms.ModelForm):
    """A place with an optional position typed in WGS 84 or SWEREF 99 TM (or
    set by clicking the map, which fills the SWEREF fields), shown back in
    both, and an optional outline pasted as GeoJSON."""

    coordinate_system = forms.ChoiceField(
        label=_("Coordinates are given in"),
        choices=CoordinateSystem.CHOICES,
        initial=CoordinateSystem.WGS84,
        widget=forms.RadioSelect,
        required=False,  # WGS 84 when not given
    )
    northing = forms.FloatField(
        label=_("Northing (N), SWEREF 99 TM"), required=False, help_text=_("Metres, e.g. 6571234.")
    )
    easting = forms.FloatField(
        label=_("Easting (E), SWEREF 99 TM"), required=False, help_text=_("Metres, e.g. 662345.")
    )
    area_geojson = forms.CharField(
        label=_("Area (GeoJSON Polygon)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: paste a Polygon in WGS 84 exported from a map tool. Leave empty for a point."),
    )

    class Meta:
        model = Place
        fields = ["name", "kind", "coordinate_system", "latitude", "longitude", "northing", "easting", "is_active"]
        help_texts = {
            "latitude": _("Decimal degrees (WGS 84), e.g. 59.38."),
            "longitude": _("Decimal degrees (WGS 84), e.g. 15.84."),
        }

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.order_fields([*self.Meta.fields, "area_geojson"])
        if self.instance.latitude is not None and self.instance.longitude is not None:
            northing, easting = geo.to_sweref(self.instance.latitude, self.instance.longitude)
            self.initial.setdefault("northing", round(northing))
            self.initial.setdefault("easting", round(easting))
        if self.instance.area:
            self.initial.setdefault("area_geojson", json.dumps(self.instance.area))

    def clean_area_geojson(self) -> dict | None:
        return parse_polygon(self.cleaned_data.get("area_geojson", ""))

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Place.objects.for_municipality(self.instance.municipality).filter(name__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("There is already a place with this name."))
        return name

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("coordinate_system") == CoordinateSystem.SWEREF:
            self._use_sweref(cleaned)
        elif (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        self.instance.area = cleaned.get("area_geojson")
        return cleaned

    def _use_sweref(self, cleaned: dict) -> None:
        northing, easting = cleaned.get("northing"), cleaned.get("easting")
        if (northing is None) != (easting is None):
            raise forms.ValidationError(_("Give both northing and easting, or neither."))
        if northing is None:
            cleaned["latitude"] = cleaned["longitude"] = None
        else:
            try:
                cleaned["latitude"], cleaned["longitude"] = sweref_to_degrees(northing, easting)
            except forms.ValidationError as error:
                self.add_error("northing", error)
                return
        # The model fields take what the SWEREF fields said.
        for name in ("latitude", "longitude"):
            self.errors.pop(name, None)


AUTOCOMPLETE = {
    "first_name": "given-name",
    "last_name": "family-name",
    "email": "email",
    "title": "organization-title",
    "phone": "tel",
}


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "email",
            "title",
            "phone",
            "language",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Each language in its own name ("English", not "Engelska"), and the
        # autocomplete tokens of WCAG 1.3.5.
        self.fields["language"].choices = [
            (code, get_language_info(code)["name_local"].capitalize()) for code, _name in official_language_choices()
        ]
        for name, token in AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = token
        chosen = notifications.opt_outs_of(self.instance) if self.instance.pk else set()
        for kind in notifications.registered(account_page=True):  # one checkbox per kind of e-mail, from the registry
            self.fields[f"opt_out:{kind.key}"] = forms.BooleanField(
                label=kind.opt_out_label, required=False, initial=kind.key in chosen
            )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email and User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another account already uses this email address."))
        return email


def _organisations_of(municipality: Municipality):
    return Organisation.objects.filter(municipalities=municipality).order_by("name")


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["organisation", "role", "is_tip_handler"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # An organisation may serve several municipalities (one police area
        # serves several), but only those taking part in this one are offered:
        # another municipality's partners are not this coordinator's to see.
        self.fields["organisation"].queryset = _organisations_of(self.instance.municipality)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.CONTRIBUTOR)

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations_of(municipality)
        self.municipality = municipality

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if Membership.objects.filter(municipality=self.municipality, user__email__iexact=email).exists():
            raise forms.ValidationError(_("This person is already a member of the municipality."))
        return email


class OneTimeCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits the app shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 8}),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


class VerifyCodeForm(OneTimeCodeForm):
    """After the password: a code of the app, or one of the recovery codes."""

    code = forms.RegexField(
        label=_("Code from your authenticator app, or a recovery code"),
        regex=r"^\s*(\d{6}|[A-Za-z2-7]{8})\s*$",
        error_messages={"invalid": _("Enter the six digits the app shows, or a recovery code of eight characters.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "maxlength": 10}),
    )


class PartnerOrganisationForm(forms.Form):
    """A partner organisation a coordinator adds to their municipality."""

    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=Organisation.Kind.choices)

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if Organisation.objects.filter(municipalities=self.municipality, name__iexact=name).exists():
            raise forms.ValidationError(_("%(name)s already takes part in this municipality.") % {"name": name})
        return name


class ResidentLanguagesForm(forms.Form):
    """Which languages this municipality's public pages offer residents."""

    resident_languages = forms.MultipleChoiceField(
        label=_("Languages for residents"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Swedish is always offered. Officials' pages are in Swedish and English."),
    )

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        from .languages import resident_language_choices

        super().__init__(*args, **kwargs)
        self.fields["resident_languages"].choices = [
            (code, f"{get_language_info(code)['name_local']} ({name})")
            for code, name in resident_language_choices()
            if code != settings.LANGUAGE_CODE
        ]


class DeliveryResendForm(forms.Form):
    """One failed e-mail of any kind (portal/delivery.py) of `municipality`."""

    kind = forms.ChoiceField()
    delivery = forms.IntegerField(min_value=1)

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["kind"].choices = [(label, label) for label in delivery_kinds()]

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        model = delivery_kinds()[data["kind"]]
        row = (
            model.for_municipality(self.municipality).filter(pk=data["delivery"], status=DeliveryStatus.FAILED).first()
        )
        if row is None:
            raise forms.ValidationError(_("Only an e-mail that failed can be sent again."))
        data["row"] = row
        return data

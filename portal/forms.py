from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import notifications
from .models import Membership, Municipality, Organisation, Place, Role, User


class PlaceForm(forms.ModelForm):
    class Meta:
        model = Place
        fields = ["name", "kind", "latitude", "longitude", "is_active"]
        help_texts = {
            "latitude": _("Optional, decimal degrees (WGS 84), e.g. 59.38."),
            "longitude": _("Optional, decimal degrees (WGS 84), e.g. 15.84."),
        }

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Place.objects.for_municipality(self.instance.municipality).filter(name__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("There is already a place with this name."))
        return name

    def clean(self) -> dict:
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        return cleaned


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
        chosen = notifications.opt_outs_of(self.instance) if self.instance.pk else set()
        for kind in notifications.registered():  # one checkbox per kind of e-mail, from the registry
            self.fields[f"opt_out:{kind.key}"] = forms.BooleanField(
                label=kind.opt_out_label, required=False, initial=kind.key in chosen
            )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email and User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another account already uses this email address."))
        return email


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["organisation", "role", "is_tip_handler"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Organisations are shared between municipalities (one police area
        # serves several), so any of them may be chosen.
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.CONTRIBUTOR)

    def __init__(self, *args, municipality: Municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
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

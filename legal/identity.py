"""A municipality's logo: any uploaded image is decoded and re-encoded as a
small PNG with Pillow, so nothing but pixels from the upload is ever served
(no metadata, no script, no polyglot file)."""

from __future__ import annotations

import io

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Identity

MAX_UPLOAD = 2 * 1024 * 1024
MAX_SIZE = (480, 160)


def reencode_png(upload) -> bytes:
    from PIL import Image, UnidentifiedImageError

    if upload.size > MAX_UPLOAD:
        raise forms.ValidationError(_("The logo may be at most 2 MB."))
    try:
        with Image.open(upload) as image:
            image.load()
            image = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise forms.ValidationError(_("The file is not an image that can be read.")) from error
    image.thumbnail(MAX_SIZE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


class IdentityForm(forms.ModelForm):
    logo_file = forms.FileField(label=_("Logo"), required=False, help_text=_("PNG or JPEG; shown at most 480×160."))

    class Meta:
        model = Identity
        fields = ["municipality", "accent"]

    def clean_logo_file(self):
        upload = self.cleaned_data.get("logo_file")
        return reencode_png(upload) if upload else None

    def save(self, commit: bool = True) -> Identity:
        if self.cleaned_data.get("logo_file"):
            self.instance.logo = self.cleaned_data["logo_file"]
        return super().save(commit=commit)

"""The fair ceiling's form (bench/views.py), apart from the models so the
test suite can use it without the bench app installed."""

from django import forms


class TipLikeForm(forms.Form):
    """The resident's tip form's fields as plain Django fields: the same
    names, kinds and limits, no database lookups, no anti-abuse checks."""

    form_token = forms.CharField(max_length=500)
    description = forms.CharField(max_length=5000)
    where_text = forms.CharField(max_length=300, required=False)
    place = forms.CharField(required=False)
    when_text = forms.CharField(max_length=200, required=False)
    knowledge = forms.ChoiceField(choices=[("own", "own"), ("heard", "heard")])
    category = forms.CharField(required=False)
    identity = forms.ChoiceField(choices=[("anonymous", "anonymous"), ("contact", "contact")])
    contact_name = forms.CharField(max_length=200, required=False)
    contact_email = forms.EmailField(required=False)
    contact_phone = forms.CharField(max_length=40, required=False)
    point_northing = forms.FloatField(required=False)
    point_easting = forms.FloatField(required=False)
    point_exact = forms.BooleanField(required=False)
    status_email = forms.EmailField(required=False)
    website = forms.CharField(required=False)
    photos = forms.FileField(required=False)

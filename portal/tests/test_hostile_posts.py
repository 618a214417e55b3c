"""Hostile text through every form the project shows, end to end: each
internal page with a form (and the account and public follow forms) is
posted with hostile text in every text field, the other fields valid, as the
municipality's coordinator. No answer is a server error, and neither the
answer nor the page it redirects to shows the text unescaped."""

from __future__ import annotations

import pytest
from django import forms
from django.db import transaction
from django.test import Client
from django.urls import reverse

from portal.tests.hostile import HOSTILE_STRINGS, RAW_MARKERS
from portal.tests.test_role_matrix import INTERNAL
from portal.tests.test_tenant_isolation import build_url
from portal.tests.world import build_side

pytestmark = pytest.mark.django_db

# Every marker at once, plus a formula, a header injection and a bidi override.
COMBINED = " ".join([*RAW_MARKERS, '=HYPERLINK("http://evil.example")', "rad\r\nBcc: offer", "\u202eevil"])
TEXTS = {"combined": COMBINED, "nul": next(s for s in HOSTILE_STRINGS if "\x00" in s)}
FIXED = (
    (forms.DateTimeField, "2026-12-01 12:00"),
    (forms.DateField, "2026-12-01"),
    (forms.TimeField, "12:00"),
    (forms.IntegerField, "1"),
    (forms.DecimalField, "1"),
    (forms.FloatField, "1"),
    (forms.EmailField, "a@example.org"),
    (forms.URLField, "https://example.org/"),
)


def _forms_of(response) -> list:
    found = []
    for context in response.context or []:
        for values in getattr(context, "dicts", []):
            for value in values.values() if isinstance(values, dict) else []:
                if isinstance(value, (forms.BaseForm, forms.BaseFormSet)) and value not in found:
                    found.append(value)
    return found


def _value(form: forms.BaseForm, name: str, field: forms.Field, text: str):
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:1]]
    if isinstance(field, forms.ModelChoiceField):
        first = field.queryset.values_list("pk", flat=True).first()
        return "" if first is None else str(first)
    if isinstance(field, forms.ChoiceField):
        choices = [value for value, label in field.choices if value not in ("", None) and not isinstance(label, list)]
        if isinstance(field, forms.MultipleChoiceField):
            return [str(c) for c in choices[:1]]
        return str(choices[0]) if choices else text
    if isinstance(field, forms.BooleanField):
        return "" if name == "DELETE" else "on"  # a row marked for deletion is not validated
    if isinstance(field, forms.DateField) and (form.initial.get(name) or field.initial):
        return str(form.initial.get(name) or field.initial)
    for kind, value in FIXED:
        if isinstance(field, kind):
            return value
    return text


def _data(form, text: str) -> dict:
    if isinstance(form, forms.BaseFormSet):
        management = form.management_form
        data = {management.add_prefix(name): management.initial.get(name, 0) for name in management.fields}
        data[management.add_prefix("TOTAL_FORMS")] = len(form.forms)
        for inner in form.forms:
            data.update(_data(inner, text))
        return data
    return {
        form.add_prefix(name): _value(form, name, field, text)
        for name, field in form.fields.items()
        if not isinstance(field, forms.FileField)
    }


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def _urls(side) -> list[tuple[str, str]]:
    urls = [(name, build_url(name, route, slug_side=side, object_side=side)) for name, route in INTERNAL]
    urls.append(("portal:account", reverse("portal:account")))
    follow = reverse("agreements:public-pledge-follow", args=[side.slug, side.pledge.pk])
    return [*urls, ("agreements:public-pledge-follow", follow)]


@pytest.mark.parametrize("label", TEXTS)
def test_hostile_text_in_every_form_never_breaks_a_page_or_shows_unescaped(label):
    text = TEXTS[label]
    side = build_side("H")
    problems, accepted = [], []
    for name, url in _urls(side):
        client = Client()
        client.force_login(side.coordinator)
        with transaction.atomic():
            page_forms = _forms_of(client.get(url))
            if page_forms:
                data = {key: value for form in page_forms for key, value in _data(form, text).items()}
                response = client.post(url, data)
                pages = [response]
                if response.status_code == 302:
                    accepted.append(name)
                    pages.append(client.get(response["Location"]))
                for page in pages:
                    if page.status_code >= 500:
                        problems.append(f"{name}: {page.status_code}")
                    problems += [f"{name}: raw {marker}" for marker in RAW_MARKERS if marker in _body(page)]
            transaction.set_rollback(True)
    print(f"\nhostile {label}: {len(accepted)} forms accepted the text and were shown again")
    assert not problems
    if label == "combined":  # the test would mean nothing if every form refused the text
        assert len(accepted) >= 20, accepted


def _choice_fields(page_forms) -> list[tuple[str, forms.ModelChoiceField]]:
    fields = []
    for form in page_forms:
        for inner in form.forms if isinstance(form, forms.BaseFormSet) else [form]:
            fields += [
                (inner.add_prefix(n), f) for n, f in inner.fields.items() if isinstance(f, forms.ModelChoiceField)
            ]
    return fields


def _foreign_pk(field: forms.ModelChoiceField, other_side) -> int | None:
    """The other municipality's object of the field's model (its place, its
    organisation…), else any object the field does not offer."""
    model = field.queryset.model
    if model.__name__ == "Organisation":
        return other_side.membership.organisation_id
    for value in vars(other_side).values():
        if isinstance(value, model):
            return value.pk
    offered = field.queryset.values("pk")
    return model._default_manager.exclude(pk__in=offered).values_list("pk", flat=True).first()


def test_another_municipalitys_ids_in_any_choice_field_are_refused():
    """Every choice of an object (a place, an organisation, a priority, a
    formset row's id…) on every form page that accepts the same post
    unforged, forged to an object the field does not offer (the other
    municipality's): the form refuses it and the other municipality's rows
    stay unchanged."""
    from portal.tests.world import snapshot

    a, b = build_side("A"), build_side("B")
    before = snapshot(b)
    forged, accepted = 0, []
    for name, url in _urls(a):
        client = Client()
        client.force_login(a.coordinator)
        with transaction.atomic():
            page_forms = _forms_of(client.get(url))
            valid = {key: value for form in page_forms for key, value in _data(form, "Klotter vid torget").items()}
            with transaction.atomic():
                baseline = client.post(url, valid).status_code if page_forms else None
                transaction.set_rollback(True)
            if baseline != 302:  # only where the same post without a forged id is accepted
                transaction.set_rollback(True)
                continue
            for key, field in _choice_fields(page_forms):
                if (pk := _foreign_pk(field, b)) is None:
                    continue
                if field.queryset.filter(pk=pk).exists():
                    accepted.append(f"{name} {key} offers the other municipality's {field.queryset.model.__name__}")
                    continue
                forged += 1
                with transaction.atomic():
                    value = [str(pk)] if isinstance(field, forms.ModelMultipleChoiceField) else str(pk)
                    if client.post(url, {**valid, key: value}).status_code == 302:
                        accepted.append(f"{name} {key}={pk}")
                    transaction.set_rollback(True)
            transaction.set_rollback(True)
    print(f"\n{forged} forged ids posted")
    assert forged >= 30, "too few forms accepted the unforged post for the test to mean much"
    assert not accepted
    assert snapshot(b) == before

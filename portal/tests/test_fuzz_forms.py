"""Property-based fuzzing of the main forms: whatever is posted, a form
answers with validation errors or cleaned data, never an exception."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreements.forms import AgreementForm
from portal.forms import InviteForm, PlaceForm
from portal.tests.hostile import HOSTILE_STRINGS
from portal.tests.world import build_side
from situation_reports.forms import ActionForm, ObservationForm, ReportForm
from tips.forms import MessageForm, ResidentReplyForm, TipForm

pytestmark = pytest.mark.django_db

EXAMPLES = 200
TEXT = st.one_of(st.text(max_size=300), st.sampled_from(HOSTILE_STRINGS), st.just(""))


def _field_strategy(field: forms.Field) -> st.SearchStrategy:
    if isinstance(field, forms.FileField):
        return st.just("")
    if isinstance(field, forms.ModelChoiceField):
        ids = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:20]]
        return st.sampled_from([*ids, "", "999999", "-1", "abc", "1 OR 1=1"])
    if isinstance(field, forms.ChoiceField):
        values = [str(value) for value, _ in field.choices if not isinstance(_, (list, tuple))]
        return st.one_of(st.sampled_from([*values, ""]), TEXT)
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "false"])
    if isinstance(field, forms.DateField):
        return st.one_of(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)).map(str), TEXT)
    if isinstance(field, (forms.IntegerField, forms.DecimalField)):
        return st.one_of(st.integers(min_value=-(10**12), max_value=10**12).map(str), TEXT)
    return TEXT


def _data_for(form: forms.BaseForm) -> st.SearchStrategy:
    return st.fixed_dictionaries({name: _field_strategy(field) for name, field in form.fields.items()})


def _fuzz(make_form) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=_data_for(make_form(None)))
    def check(data):
        form = make_form(data)
        if not form.is_valid():
            assert form.errors
            form.as_div()  # errors render without failing

    check()


@pytest.fixture
def side(db):
    return build_side("F")


FORMS = {
    "place": lambda s, d: PlaceForm(d, municipality=s.municipality),
    "invite": lambda s, d: InviteForm(d, municipality=s.municipality),
    "tip": lambda s, d: TipForm(d, municipality=s.municipality),
    "tip message": lambda s, d: MessageForm(d),
    "resident reply": lambda s, d: ResidentReplyForm(d),
    "observation": lambda s, d: ObservationForm(d, report=s.report, today=date.today()),
    "action": lambda s, d: ActionForm(d, report=s.report),
    "report": lambda s, d: ReportForm(d, instance=s.report),
    "agreement": lambda s, d: AgreementForm(d, municipality=s.municipality),
}


@pytest.mark.parametrize("name", FORMS)
def test_a_form_answers_any_input_with_errors_or_clean_data(name, side):
    _fuzz(lambda data: FORMS[name](side, data))

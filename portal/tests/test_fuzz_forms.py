"""Property-based fuzzing of every form of the project: whatever is posted,
a form answers with validation errors or cleaned data, never an exception.
A meta-test fails on a new form class that is neither fuzzed nor exempted."""

from __future__ import annotations

import importlib
import inspect
import re
from datetime import date

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreements import forms as agreement_forms
from agreements.forms import AgreementForm
from legal.forms import LegalPageForm
from portal import forms as portal_forms
from portal.forms import InviteForm, PlaceForm
from portal.tests.hostile import HOSTILE_STRINGS
from portal.tests.world import build_side
from situation_reports import forms as report_forms
from situation_reports.analyses import forms as analysis_forms
from situation_reports.forms import ActionForm, ObservationForm, ReportForm
from situation_reports.reminders import forms as reminder_forms
from tips import forms as tip_forms
from tips.forms import MessageForm, ResidentReplyForm, TipForm
from walks import forms as walk_forms

pytestmark = pytest.mark.django_db

EXAMPLES = 200
OTHER_EXAMPLES = 50
MAIN_FORMS = ("place", "invite", "tip", "tip message", "resident reply", "observation", "action", "report", "agreement")
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


def _fuzz(make_form, examples: int = EXAMPLES) -> None:
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))
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
    # The rest (fewer examples each: the machine is shared) of the officials' forms, the EST-checked ones first.
    "publish": lambda s, d: report_forms.PublishForm(d),
    "action status": lambda s, d: report_forms.ActionStatusForm(d, instance=s.action),
    "tip observation": lambda s, d: report_forms.TipObservationForm(d, municipality=s.municipality, tip=s.tip),
    "presence": lambda s, d: report_forms.PresenceForm(d, report=s.report),
    "attendance": lambda s, d: report_forms.AttendanceForm(d, report=s.report),
    "decision": lambda s, d: report_forms.DecisionForm(d),
    "reopen": lambda s, d: report_forms.ReopenForm(d),
    "week jump": lambda s, d: report_forms.WeekJumpForm(d),
    "observation filter": lambda s, d: report_forms.ObservationFilterForm(d, municipality=s.municipality),
    "analysis create": lambda s, d: analysis_forms.AnalysisCreateForm(d, municipality=s.municipality),
    "analysis text": lambda s, d: analysis_forms.AnalysisTextForm(d, instance=s.analysis),
    "analysis link": lambda s, d: analysis_forms.LinkForm(
        d, analysis=s.analysis, figures={"places": [], "categories": []}
    ),
    "plan create": lambda s, d: analysis_forms.PlanCreateForm(d, municipality=s.municipality),
    "plan": lambda s, d: analysis_forms.PlanForm(d, instance=s.plan),
    "measure": lambda s, d: analysis_forms.MeasureForm(d, municipality=s.municipality),
    "schedule": lambda s, d: reminder_forms.ScheduleForm(d, municipality=s.municipality),
    "delivery filter": lambda s, d: reminder_forms.DeliveryFilterForm(d),
    "resend": lambda s, d: reminder_forms.ResendForm(d, municipality=s.municipality),
    "priority area": lambda s, d: agreement_forms.PriorityAreaForm(d),
    "agreement signatory": lambda s, d: agreement_forms.AgreementSignatoryForm(d, municipality=s.municipality),
    "pledge signatory": lambda s, d: agreement_forms.PledgeSignatoryForm(d, municipality=s.municipality),
    "pledge": lambda s, d: agreement_forms.PledgeForm(d, municipality=s.municipality),
    "focus area": lambda s, d: agreement_forms.FocusAreaForm(d),
    "commitment": lambda s, d: agreement_forms.CommitmentForm(d, municipality=s.municipality),
    "progress update": lambda s, d: agreement_forms.ProgressUpdateForm(d, commitment=s.commitment),
    "progress correction": lambda s, d: agreement_forms.ProgressUpdateCorrectionForm(d, update=s.progress_update),
    "evaluation": lambda s, d: agreement_forms.EvaluationForm(d, pledge=s.pledge),
    "next period": lambda s, d: agreement_forms.NextPeriodForm(d, pledge=s.pledge),
    "follow": lambda s, d: agreement_forms.FollowForm(d),
    "account": lambda s, d: portal_forms.AccountForm(d, instance=s.coordinator),
    "membership": lambda s, d: portal_forms.MembershipForm(d, instance=s.membership),
    "one-time code": lambda s, d: portal_forms.OneTimeCodeForm(d),
    "verify code": lambda s, d: portal_forms.VerifyCodeForm(d),
    "partner organisation": lambda s, d: portal_forms.PartnerOrganisationForm(d, municipality=s.municipality),
    "resident languages": lambda s, d: portal_forms.ResidentLanguagesForm(d),
    "legal page": lambda s, d: LegalPageForm(d),
    "status e-mail": lambda s, d: tip_forms.StatusEmailForm(d),
    "official tip": lambda s, d: tip_forms.OfficialTipForm(d, municipality=s.municipality),
    "tip triage": lambda s, d: tip_forms.TipTriageForm(d, municipality=s.municipality, instance=s.tip),
    "tip status": lambda s, d: tip_forms.TipStatusForm(d),
    "template choice": lambda s, d: tip_forms.TemplateChoiceForm(d, municipality=s.municipality),
    "reply template": lambda s, d: tip_forms.ReplyTemplateForm(d, municipality=s.municipality),
    "receipt code": lambda s, d: tip_forms.ReceiptCodeForm(d),
    "tip filter": lambda s, d: tip_forms.TipFilterForm(d, municipality=s.municipality),
    "retention": lambda s, d: tip_forms.RetentionForm(d),
    "share": lambda s, d: tip_forms.ShareForm(d, municipality=s.municipality),
    "delivery resend": lambda s, d: portal_forms.DeliveryResendForm(d, municipality=s.municipality),
    "walk": lambda s, d: walk_forms.WalkForm(d, municipality=s.municipality),
    "finding": lambda s, d: walk_forms.FindingForm(d, walk=s.walk),
    "resident finding": lambda s, d: walk_forms.ResidentFindingForm(d, walk=s.walk),
    "finding action": lambda s, d: walk_forms.FindingActionForm(d, finding=s.finding),
    "walk report": lambda s, d: walk_forms.WalkReportForm(d, walk=s.walk),
}
# Form classes not fuzzed here, with the reason.
NOT_FUZZED = {
    "LoginForm": "django's AuthenticationForm; needs a request (login is rate-limited by django-axes)",
    "SignatoryForm": "abstract base of the agreement and pledge signatory forms, both fuzzed",
}
FORM_MODULES = (
    portal_forms,
    agreement_forms,
    report_forms,
    analysis_forms,
    reminder_forms,
    tip_forms,
    walk_forms,
    importlib.import_module("legal.forms"),
)


def test_every_form_class_is_fuzzed_or_exempted_with_a_reason():
    fuzzed = {name for make in FORMS.values() for name in re.findall(r"\b([A-Z]\w*Form)\(", inspect.getsource(make))}
    declared = {
        name
        for module in FORM_MODULES
        for name, cls in vars(module).items()
        if inspect.isclass(cls) and issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
    }
    missing = declared - fuzzed - set(NOT_FUZZED)
    assert not missing, f"fuzz these forms in FORMS or exempt them in NOT_FUZZED: {sorted(missing)}"
    assert set(NOT_FUZZED) <= declared, "stale exemptions"


@pytest.mark.parametrize("name", FORMS)
def test_a_form_answers_any_input_with_errors_or_clean_data(name, side):
    examples = EXAMPLES if name in MAIN_FORMS else OTHER_EXAMPLES
    _fuzz(lambda data: FORMS[name](side, data), examples)

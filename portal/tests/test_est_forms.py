"""Every form officials write about the collaboration's work with runs the
EST check, and every view that saves one records a confirmed soft signal
(the reason, as `est.confirmed`): a confirmation is never silently lost."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse

from portal.est import ESTCheckedForm
from portal.models import AuditEvent
from situation_reports import services
from situation_reports.tests.factories import WeeklyReportFactory
from situation_reports.weeks import IsoWeek

ROOT = Path(settings.BASE_DIR)
APPS = ("agreements", "situation_reports", "tips", "portal", "maps", "legal", "walks")
# What the rule covers (issue 12): observations, actions, weekly summaries and
# assessments, public summaries, period analyses, presence, decisions, a tip
# taken into the report, pledge progress updates and their corrections.
REQUIRED = {
    ("situation_reports.forms", "ObservationForm", ("description",)),
    ("situation_reports.forms", "TipObservationForm", ("description",)),
    ("situation_reports.forms", "ActionForm", ("what", "outcome_note")),
    ("situation_reports.forms", "ActionStatusForm", ("outcome_note",)),
    ("situation_reports.forms", "ReportForm", ("summary", "joint_assessment")),
    ("situation_reports.forms", "PublishForm", ("public_summary",)),
    ("situation_reports.forms", "PresenceForm", ("activity",)),
    ("situation_reports.forms", "DecisionForm", ("text",)),
    ("situation_reports.analyses.forms", "AnalysisTextForm", ("analysis", "conclusions", "proposed_priorities")),
    ("situation_reports.analyses.forms", "PlanForm", ("problem_picture", "priorities_and_causes", "follow_up")),
    ("situation_reports.analyses.forms", "LinkForm", ("note",)),
    ("agreements.forms", "ProgressUpdateForm", ("text",)),
    ("agreements.forms", "ProgressUpdateCorrectionForm", ("text", "reason")),
}


def _checked_forms() -> dict[str, type]:
    for module in ("situation_reports.forms", "situation_reports.analyses.forms", "agreements.forms"):
        importlib.import_module(module)
    found, todo = {}, list(ESTCheckedForm.__subclasses__())
    while todo:
        form = todo.pop()
        found[form.__name__] = form
        todo.extend(form.__subclasses__())
    return found


def test_every_form_of_the_rule_runs_the_check_on_its_text_fields():
    forms = _checked_forms()
    for module, name, fields in REQUIRED:
        form = forms.get(name)
        assert form is not None and form.__module__ == module, f"{module}.{name} is not EST-checked"
        assert set(fields) <= set(form.est_fields), f"{name}: {fields} not all in est_fields"


def _python_files():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "tests" not in path.parts and "migrations" not in path.parts:
                yield path


def _called_names(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def test_every_view_that_saves_a_checked_form_records_the_confirmation():
    forms = set(_checked_forms())
    missing = []
    for path in _python_files():
        tree = ast.parse(path.read_text())
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            called = _called_names(function)
            if called & forms and "is_valid" in called and "record_confirmation" not in called:
                missing.append(f"{path.relative_to(ROOT)}::{function.name}")
    assert not missing, f"saves an EST-checked form without est.record_confirmation: {missing}"


def test_a_correction_of_a_progress_update_is_checked_too():
    from agreements.forms import ProgressUpdateCorrectionForm

    update = SimpleNamespace(text="Vi har haft två trygghetsvandringar.")
    data = {"action": "corrected", "text": "Möte med Kalle Svensson, 070-123 45 67.", "reason": "Fel datum"}
    form = ProgressUpdateCorrectionForm(data, update=update)
    assert not form.is_valid()
    assert "”070-123 45 67” ser ut som ett telefonnummer." in " ".join(form.errors["text"])
    hostile_reason = {**data, "text": "Tre vandringar.", "reason": "Rättat på begäran av Anna Lindberg"}
    assert "reason" in ProgressUpdateCorrectionForm(hostile_reason, update=update).errors


@pytest.mark.django_db
def test_a_confirmed_public_summary_records_the_reason(coordinator_client, municipality_a, coordinator_a):
    report = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2025, 9))
    services.week_close(report=report, actor=coordinator_a)
    url = reverse("situation_reports:week-publish", args=[municipality_a.slug, 2025, 9])
    text = "Klotter med texten Elsa Beskow på skolans vägg."
    refused = coordinator_client.post(url, {"public_summary": text})
    assert refused.status_code == 200 and "”Elsa Beskow” ser ut som en persons namn." in refused.content.decode()
    reason = "Ett författarnamn i klottret"
    confirmed = coordinator_client.post(url, {"public_summary": text, "est_confirm": "on", "est_reason": reason})
    assert confirmed.status_code == 302
    event = AuditEvent.objects.get(action="est.confirmed")
    assert event.object_id == str(report.pk) and reason in event.detail

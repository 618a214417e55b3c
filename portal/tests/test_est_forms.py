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
    # Issue 31: what else officials write that others or the public read.
    ("situation_reports.forms", "ReopenForm", ("reason",)),
    ("situation_reports.analyses.forms", "MeasureForm", ("what", "follow_up")),
    ("agreements.forms", "AgreementForm", ("background",)),
    ("agreements.forms", "PriorityAreaForm", ("title", "causes", "goals", "follow_up")),
    ("agreements.forms", "PledgeForm", ("introduction",)),
    ("agreements.forms", "FocusAreaForm", ("title", "description")),
    ("agreements.forms", "CommitmentForm", ("what", "description")),
    ("agreements.forms", "EvaluationForm", ("text", "early_reason")),
}
# Inline formsets of checked rows, by the name views build them with: each
# row is checked on its own, so a view saving one records every row's
# confirmation (`est.record_row_confirmations`).
CHECKED_FORMSETS = {
    "agreements.forms": ("priority_formset", "focus_area_formset", "CommitmentFormSet"),
    "situation_reports.analyses.forms": ("MeasureFormSet",),
}
# Views that get their form or formset through a variable the AST cannot follow.
INDIRECT_VIEWS = {"agreements/views.py": ("_document_edit",)}


def _checked_forms() -> dict[str, type]:
    for module in ("situation_reports.forms", "situation_reports.analyses.forms", "agreements.forms"):
        importlib.import_module(module)
    found, todo = {}, list(ESTCheckedForm.__subclasses__())
    while todo:
        form = todo.pop()
        # Not the classes formset factories derive (named "<Model>Form" too).
        if not form.__module__.startswith("django."):
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


def _functions(tree: ast.AST) -> list[ast.FunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]


def _called_names(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def _used_names(node: ast.AST) -> set[str]:
    """Called, or passed on (`partial(_save, …)`, `lambda: _save(…)`)."""
    return _called_names(node) | {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _recorders(tree: ast.AST, record: str) -> set[str]:
    """The module's functions that call `record`, themselves or through
    another function of the module they call or pass on."""
    uses = {f.name: _used_names(f) for f in _functions(tree)}
    found = {name for name, used in uses.items() if record in used}
    while True:
        more = {name for name, used in uses.items() if used & found} - found
        if not more:
            return found | {record}
        found |= more


def _validated(function: ast.FunctionDef) -> set[str]:
    """The names of the forms this function builds into a variable and validates."""
    built = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and len(node.targets) == 1:
            target, func = node.targets[0], node.value.func
            if isinstance(target, ast.Name):
                built[target.id] = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    checked = set()
    for node in ast.walk(function):
        is_valid = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "is_valid"
        if is_valid and isinstance(node.func.value, ast.Name) and node.func.value.id in built:
            checked.add(built[node.func.value.id])
    return checked


def test_every_view_that_saves_a_checked_form_records_the_confirmation():
    forms = set(_checked_forms())
    missing = []
    for path in _python_files():
        tree = ast.parse(path.read_text())
        recorders = _recorders(tree, "record_confirmation")
        for function in _functions(tree):
            if _validated(function) & forms and not _used_names(function) & recorders:
                missing.append(f"{path.relative_to(ROOT)}::{function.name}")
    assert not missing, f"saves an EST-checked form without est.record_confirmation: {missing}"


def test_the_view_check_follows_a_save_helper_and_ignores_an_unsaved_form():
    """The check above finds a view that validates a checked form and records
    nothing, follows a helper that records, and skips a form only shown."""
    source = """
def _save(form):
    est.record_confirmation(form)
def helper_view(request):
    form = ObservationForm(request.POST)
    if form.is_valid():
        return written(partial(_save, form))
def forgetful_view(request):
    form = ObservationForm(request.POST)
    if form.is_valid():
        form.save()
def shown_only(request):
    other = FollowForm(request.POST)
    if other.is_valid():
        return render(request, {"form": ObservationForm()})
"""
    tree = ast.parse(source)
    recorders = _recorders(tree, "record_confirmation")
    flagged = [
        f.name for f in _functions(tree) if _validated(f) & {"ObservationForm"} and not _used_names(f) & recorders
    ]
    assert flagged == ["forgetful_view"]


def _formset(module: str, name: str):
    built = getattr(importlib.import_module(module), name)
    return built(extra=1) if name.endswith("_formset") else built


def test_the_rows_of_every_checked_formset_are_checked():
    for module, names in CHECKED_FORMSETS.items():
        for name in names:
            assert issubclass(_formset(module, name).form, ESTCheckedForm), f"{module}.{name}: rows not checked"


def test_every_view_that_saves_a_checked_formset_records_each_rows_confirmation():
    formsets = {name for names in CHECKED_FORMSETS.values() for name in names}
    missing, indirect = [], set()
    for path in _python_files():
        relative = str(path.relative_to(ROOT))
        for function in (n for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.FunctionDef)):
            called = _called_names(function)
            named = function.name in INDIRECT_VIEWS.get(relative, ())
            indirect |= {(relative, function.name)} if named else set()
            if (called & formsets or named) and "is_valid" in called and "record_row_confirmations" not in called:
                missing.append(f"{relative}::{function.name}")
    assert indirect == {(path, name) for path, names in INDIRECT_VIEWS.items() for name in names}
    assert not missing, f"saves an EST-checked formset without est.record_row_confirmations: {missing}"


@pytest.mark.django_db
def test_a_reopen_reason_is_checked_and_a_confirmation_recorded(coordinator_client, municipality_a, coordinator_a):
    report = WeeklyReportFactory(municipality=municipality_a, week=IsoWeek(2025, 9))
    services.week_close(report=report, actor=coordinator_a)
    url = reverse("situation_reports:week-reopen", args=[municipality_a.slug, 2025, 9])
    hard = "Ring 070-123 45 67 om veckan."
    refused = coordinator_client.post(url, {"reason": hard}).content.decode()
    assert "”070-123 45 67” ser ut som ett telefonnummer." in refused and hard in refused
    soft = "Kalle Svensson ansvarar för kvällarna."
    asked = coordinator_client.post(url, {"reason": soft}).content.decode()
    assert "”Kalle Svensson” ser ut som en persons namn." in asked and 'type="checkbox" name="est_confirm"' in asked
    report.refresh_from_db()
    assert not report.is_open
    reason = "Namnet på en förening"
    confirmed = coordinator_client.post(url, {"reason": soft, "est_confirm": "on", "est_reason": reason})
    assert confirmed.status_code == 302
    event = AuditEvent.objects.get(action="est.confirmed")
    assert event.object_id == str(report.reopenings.get().pk) and reason in event.detail


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

"""Cheap source checks for patterns this project never wants.

- no view escapes CSRF protection, except the null-origin check that still
  requires the token (portal/csrf.py);
- no `mark_safe`, `|safe` or `autoescape off` in Python or HTML outside
  tests: user text is escaped (plain-text emails are .txt templates);
- internal views load rows only through scoped querysets
  (`Model.objects.for_municipality(...)` / `.for_user(...)`), apart from the
  allow-listed calls below, each with its reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ["portal", "agreements", "tips", "situation_reports", "walks", "maps", "legal"]
SCOPING = {"for_municipality", "for_user", "visible_to"}
# (file, "Model.method") -> why the call is safe without a scoping helper.
UNSCOPED_ALLOWED = {
    ("agreements/views.py", "Commitment.filter"): "filters by a pledge already loaded through for_municipality",
    ("portal/views.py", "Membership.filter"): "filters by request.municipality, resolved from the user's membership",
    ("tips/views.py", "Organisation.filter"): "organisations taking part in request.municipality (others answer 404)",
    ("portal/views.py", "User.filter"): "the user who just proved a password-reset token",
    ("situation_reports/views/overview.py", "Membership.filter"): "the requesting user's own memberships",
    ("agreements/views.py", "ProgressUpdate.select_related"): "filtered by request.municipality in the same call",
    ("legal/views.py", "Municipality.only"): "the public list of municipalities (names and slugs only)",
    ("legal/views.py", "Identity.select_related"): "a municipality's public logo, by its public slug",
}
# Files allowed one reviewed mark_safe, with why the markup is safe.
MARKED_SAFE_ALLOWED = {
    "portal/templatetags/portal_text.py": "ltr_numbers escapes its input first, then adds only a fixed <span dir=ltr>",
    "legal/text.py": "every line is escaped by urlize(autoescape=True) before the fixed block tags are added",
    "situation_reports/week_page.py": "the week's rows join values each escaped with html.escape where they are put "
    "into fixed tags; test_week_page.py compares them with the old autoescaped templates, hostile text included",
    "portal/templatetags/kept.py": "marks safe again what an autoescaped template rendered, kept as a plain str "
    "(the include_kept tag and the maps' tags)",
}


def _source_files(pattern: str) -> list[Path]:
    files = []
    for app in APPS:
        files += [p for p in (ROOT / app).rglob(pattern) if "tests" not in p.parts and "migrations" not in p.parts]
    return files


def _view_modules() -> list[Path]:
    names = {"views.py", "public_views.py"}
    return [p for p in _source_files("*.py") if p.name in names or p.parent.name == "views"]


def _unscoped_calls(path: Path) -> list[str]:
    """`Model.objects.method(...)` whose method is not a scoping helper."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        manager = node.func.value
        is_manager = isinstance(manager, ast.Attribute) and manager.attr == "objects"
        if is_manager and isinstance(manager.value, ast.Name) and node.func.attr not in SCOPING:
            found.append(f"{manager.value.id}.{node.func.attr}")
    return found


def test_internal_views_load_rows_only_through_scoped_querysets():
    offenders = []
    for path in _view_modules():
        relative = str(path.relative_to(ROOT))
        for call in _unscoped_calls(path):
            if (relative, call) not in UNSCOPED_ALLOWED:
                offenders.append(f"{relative}: {call}")
    assert not offenders, "unscoped queryset in a view (scope it, or allow-list it with a reason):\n" + "\n".join(
        offenders
    )


def test_the_allow_list_has_no_stale_entries():
    present = {(str(p.relative_to(ROOT)), call) for p in _view_modules() for call in _unscoped_calls(p)}
    assert set(UNSCOPED_ALLOWED) <= present, set(UNSCOPED_ALLOWED) - present


def test_no_view_is_exempt_from_csrf_without_the_token_check():
    offenders = []
    for path in _source_files("*.py"):
        text = path.read_text()
        if re.search(r"@csrf_exempt|csrf_exempt\(", text):
            offenders.append(str(path.relative_to(ROOT)))
        if ".csrf_exempt = True" in text and "csrf_protect_null_origin" not in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders


def test_nothing_is_marked_safe():
    offenders = [
        str(path.relative_to(ROOT))
        for path in _source_files("*.py") + _source_files("*.html") + list((ROOT / "templates").rglob("*.html"))
        if re.search(r"mark_safe\(|\|\s*safe\b|\{%\s*autoescape\s+off", path.read_text())
        and str(path.relative_to(ROOT)) not in MARKED_SAFE_ALLOWED
    ]
    assert not offenders, offenders

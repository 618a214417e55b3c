import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation.template import templatize

PO = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def test_every_string_of_the_core_is_translated_to_swedish():
    po = polib.pofile(str(PO))
    assert not [entry.msgid for entry in po.untranslated_entries()]
    assert not [entry.msgid for entry in po.fuzzy_entries()]


def test_the_compiled_catalogue_is_up_to_date():
    """A fresh clone shows the translations without compilemessages."""
    compiled = polib.mofile(str(PO.with_suffix(".mo")))
    expected = {entry.msgid: entry.msgstr for entry in polib.pofile(str(PO)).translated_entries()}
    assert {entry.msgid: entry.msgstr for entry in compiled if entry.msgid} == {
        msgid: msgstr for msgid, msgstr in expected.items() if msgid
    }


STRING = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
BASE = Path(settings.BASE_DIR)
# Where each app's email templates live, and the catalogue makemessages puts their strings in.
EMAIL_CATALOGUES = [
    (BASE / "templates" / "portal" / "emails", PO),
    *(
        (BASE / app / "templates" / app / "emails", BASE / app / "locale" / "sv" / "LC_MESSAGES" / "django.po")
        for app in ("agreements", "tips", "situation_reports")
    ),
]


def _template_msgids(folder: Path) -> set[tuple[str | None, str]]:
    """What makemessages finds in the templates of `folder`."""
    found = set()
    for path in sorted(folder.glob("*")):
        code = templatize(path.read_text(), origin=str(path))
        found |= {(None, ast.literal_eval(m)) for m in re.findall(rf"\bgettext\(({STRING})\)", code)}
        for ctx, msgid in re.findall(rf"\bpgettext\(({STRING}), ({STRING})\)", code):
            found.add((ast.literal_eval(ctx), ast.literal_eval(msgid)))
    return found


@pytest.mark.parametrize(
    ("folder", "catalogue"), EMAIL_CATALOGUES, ids=["portal", "agreements", "tips", "situation_reports"]
)
def test_every_email_template_lives_in_its_app_and_is_translated_in_its_catalogue(folder, catalogue):
    msgids = _template_msgids(folder)
    assert msgids, folder
    translated = {(e.msgctxt, e.msgid) for e in polib.pofile(str(catalogue)).translated_entries()}
    assert msgids <= translated
    assert not list((BASE / "templates" / "emails").glob("*"))  # no project-level email templates left

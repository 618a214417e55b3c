import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

PO = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def test_every_string_of_the_core_is_translated_to_swedish():
    po = polib.pofile(str(PO))
    assert not [entry.msgid for entry in po.untranslated_entries()]
    assert not [entry.msgid for entry in po.fuzzy_entries()]


def test_the_compiled_catalogue_is_up_to_date():
    """A fresh clone shows the translations without compilemessages."""
    compiled = polib.mofile(str(PO.with_suffix(".mo")))
    expected = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in polib.pofile(str(PO)).translated_entries()}
    assert {(entry.msgctxt, entry.msgid): entry.msgstr for entry in compiled if entry.msgid} == {
        key: msgstr for key, msgstr in expected.items() if key[1]
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


# Every app's own Swedish catalogue: complete, and not overridden by another.
APP_CATALOGUES = {
    app: Path(settings.BASE_DIR) / app / "locale" / "sv" / "LC_MESSAGES" / "django.po"
    for app in ("agreements", "tips", "situation_reports", "maps", "walks", "legal")
}


@pytest.mark.parametrize("app", APP_CATALOGUES)
def test_every_string_of_each_app_is_translated_to_swedish(app):
    po = polib.pofile(str(APP_CATALOGUES[app]))
    assert not [e.msgid for e in po.untranslated_entries()]
    assert not [e.msgid for e in po.fuzzy_entries()]


@pytest.mark.parametrize("app", APP_CATALOGUES)
def test_no_other_catalogue_overrides_an_apps_swedish(app):
    """Catalogues of apps listed earlier (and Django's own) win for equal
    msgids; ambiguous words on the pages therefore carry a message context.
    Lower-case one-word field labels (seen in the admin only) may follow
    the other apps' wording."""
    overridden = []
    with translation.override("sv"):
        for entry in polib.pofile(str(APP_CATALOGUES[app])).translated_entries():
            if not entry.msgctxt and entry.msgid.isalpha() and entry.msgid.islower():
                continue
            if entry.msgid_plural:
                got, want = translation.ngettext(entry.msgid, entry.msgid_plural, 1), entry.msgstr_plural[0]
            elif entry.msgctxt:
                got, want = translation.pgettext(entry.msgctxt, entry.msgid), entry.msgstr
            else:
                got, want = translation.gettext(entry.msgid), entry.msgstr
            if got != want:
                overridden.append((entry.msgid, got, want))
    assert not overridden

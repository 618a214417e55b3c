from pathlib import Path

import polib
from django.utils import translation

PO = Path(__file__).resolve().parents[1] / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def test_every_string_of_the_app_is_translated_to_swedish():
    po = polib.pofile(str(PO))
    assert not [e.msgid for e in po.untranslated_entries()]
    assert not [e.msgid for e in po.fuzzy_entries()]


def test_no_other_catalogue_overrides_the_apps_swedish():
    """Catalogues of apps listed earlier (and Django's own) win for equal
    msgids; ambiguous words on the pages therefore carry a message context.
    Lower-case one-word field labels (seen in the admin only) may follow
    the other apps' wording."""
    overridden = []
    with translation.override("sv"):
        for entry in polib.pofile(str(PO)).translated_entries():
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

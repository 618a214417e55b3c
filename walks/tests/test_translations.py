"""The Swedish catalogue is complete and no other catalogue overrides it."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated():
    po = polib.pofile(str(PO))
    assert po.percent_translated() == 100
    assert not [e.msgid for e in po.fuzzy_entries()]


@pytest.mark.parametrize("language", ["sv"])
def test_no_other_catalogue_overrides_the_apps_swedish(language):
    """Catalogues of apps listed earlier (and Django's own) win for equal
    msgids; ambiguous words therefore carry a message context."""
    overridden = []
    with translation.override(language):
        for entry in polib.pofile(str(PO)).translated_entries():
            if entry.msgid_plural:
                got, want = translation.ngettext(entry.msgid, entry.msgid_plural, 1), entry.msgstr_plural[0]
            elif entry.msgctxt:
                got, want = translation.pgettext(entry.msgctxt, entry.msgid), entry.msgstr
            else:
                got, want = translation.gettext(entry.msgid), entry.msgstr
            if got != want:
                overridden.append((entry.msgid, got, want))
    assert not overridden

from pathlib import Path

import polib
from django.conf import settings

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

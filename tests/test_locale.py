"""The Thai catalogue is complete, compiled, and covers every string in the code."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

APP = Path(__file__).resolve().parent.parent / "ita_wagtail"
PO = APP / "locale" / "th" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_every_entry_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(PO))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalogue.translated_entries()) > 100


def _translations(catalogue):
    # Plural entries keep their text in msgstr_plural and an empty msgstr.
    return {
        (entry.msgctxt, entry.msgid): entry.msgstr
        or tuple(sorted((int(k), v) for k, v in entry.msgstr_plural.items()))
        for entry in catalogue
        if entry.msgid
    }


def test_compiled_catalogue_matches_the_source():
    source = _translations(polib.pofile(str(PO)))
    compiled = _translations(polib.mofile(str(MO)))
    assert compiled == source, "run `make messages` to recompile django.mo"


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext not installed"
)
def test_catalogue_has_every_string_of_the_code(tmp_path):
    copy = tmp_path / "ita_wagtail"
    shutil.copytree(APP, copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "th", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "PYTHONPATH": str(APP.parent),
        },
    )
    extracted = {e.msgid for e in polib.pofile(str(copy / PO.relative_to(APP)))}
    committed = {e.msgid for e in polib.pofile(str(PO))}
    assert sorted(extracted - committed) == []

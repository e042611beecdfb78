"""How much of the Wagtail admin a Thai clerk reads in Thai.

The messages are those of the installed Wagtail: every msgid of the English
catalogues (``wagtail/**/locale/en/LC_MESSAGES/*.po``) of the apps whose
screens a municipal clerk uses. A message counts as Thai when a Thai
catalogue has a non-empty, non-fuzzy translation for it: Wagtail's own
(all its apps' catalogues merge into one, as Django merges them at run
time) or, for the merged figure, this app's as well.

Reading ``.po`` files needs polib (``pip install polib``, part of the
``test`` extra); the app itself does not.
"""

from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

LOCALE = Path(__file__).resolve().parent / "locale" / "th" / "LC_MESSAGES"

#: The Wagtail apps behind the screens a clerk uses: sidebar, dashboard, page
#: explorer and editor, workflow, reports, account (wagtail.admin and the
#: core), snippets, images, documents, users and groups, site settings, search.
CLERK_APPS = [
    "wagtail.admin",
    "wagtail",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.snippets",
    "wagtail.users",
    "wagtail.contrib.settings",
    "wagtail.search",
]

DOMAINS = ["django", "djangojs"]


def _polib():
    try:
        import polib
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "Measuring the Thai admin catalogue needs polib: pip install polib"
        ) from error
    return polib


def _app_locale(app_name):
    return Path(import_module(app_name).__file__).resolve().parent / "locale"


def _key(entry):
    return (entry.msgctxt, entry.msgid)


def _translated(catalogue):
    keys = set()
    for entry in catalogue:
        if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
            continue
        text = entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr
        if text:
            keys.add(_key(entry))
    return keys


def source_entries(domain="django", app_names=CLERK_APPS):
    """The English entries of the installed Wagtail, keyed (msgctxt, msgid)."""
    polib = _polib()
    entries = {}
    for app_name in app_names:
        path = _app_locale(app_name) / "en" / "LC_MESSAGES" / f"{domain}.po"
        if path.exists():
            for entry in polib.pofile(str(path)):
                if entry.msgid:
                    entries.setdefault(_key(entry), (app_name, entry))
    return entries


def wagtail_translated(domain="django"):
    """Keys Wagtail's own Thai catalogues translate, all its apps together."""
    polib = _polib()
    root = _app_locale("wagtail").parent
    keys = set()
    for path in root.glob(f"**/locale/th/LC_MESSAGES/{domain}.po"):
        keys |= _translated(polib.pofile(str(path)))
    return keys


def own_catalogue(domain="django"):
    return _polib().pofile(str(LOCALE / f"{domain}.po"))


@dataclass
class Coverage:
    domain: str
    total: int = 0
    wagtail: int = 0
    merged: int = 0
    per_app: dict = field(default_factory=dict)
    untranslated: list = field(default_factory=list)

    @staticmethod
    def percent(part, whole):
        return 100.0 * part / whole if whole else 100.0

    @property
    def wagtail_percent(self):
        return self.percent(self.wagtail, self.total)

    @property
    def merged_percent(self):
        return self.percent(self.merged, self.total)


def coverage(domain="django", app_names=CLERK_APPS):
    """Thai coverage of the clerk apps' messages: Wagtail alone and merged."""
    sources = source_entries(domain, app_names)
    wagtail = wagtail_translated(domain)
    merged = wagtail | _translated(own_catalogue(domain))
    result = Coverage(domain)
    for key, (app_name, _entry) in sources.items():
        counts = result.per_app.setdefault(app_name, [0, 0, 0])
        counts[0] += 1
        result.total += 1
        if key in wagtail:
            counts[1] += 1
            result.wagtail += 1
        if key in merged:
            counts[2] += 1
            result.merged += 1
        else:
            result.untranslated.append(key)
    return result


def add_missing_entries(domain="django", app_names=CLERK_APPS):
    """Add the installed Wagtail's new msgids to this app's catalogue, untranslated.

    Returns the number of entries added. Existing entries, including those
    of older Wagtail releases, are kept.
    """
    polib = _polib()
    catalogue = own_catalogue(domain)
    present = {_key(entry) for entry in catalogue}
    added = 0
    for key, (app_name, source) in source_entries(domain, app_names).items():
        if key in present:
            continue
        entry = polib.POEntry(
            msgctxt=source.msgctxt,
            msgid=source.msgid,
            msgid_plural=source.msgid_plural,
            comment=app_name,
            flags=[flag for flag in source.flags if flag != "fuzzy"],
        )
        if source.msgid_plural:
            entry.msgstr_plural = {0: ""}
        catalogue.append(entry)
        added += 1
    if added:
        catalogue.save()
    return added


def compile_catalogues():
    """Write the .mo files from the .po files."""
    for domain in DOMAINS:
        own_catalogue(domain).save_as_mofile(str(LOCALE / f"{domain}.mo"))

"""What "complete" means for a disclosure page: named checks, shared by all.

Every page mixin lists its checks in ``ita_completeness_checks()``; the
scoring engine, the dashboard, the reports and the page's own admin hints all
read them there, so "complete" is decided in exactly one place.

Checks read StreamField content through its raw JSON (``raw_data``) rather
than the converted block values: converting an image or document chooser
block costs a query per page, and the engine must use the same number of
queries for ten pages as for ten thousand.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Check:
    """One thing a complete page must have.

    ``label`` names what is checked ("address"); ``detail`` says which entries
    fail when the check is about a list ("no photo: นาย ก, นาง ข").
    """

    label: str
    ok: bool
    detail: str = ""

    @property
    def problem(self) -> str:
        if self.detail:
            return format_lazy(
                "{label} ({detail})", label=self.label, detail=self.detail
            )
        return self.label


def checks_passed(checks: Iterable[Check]) -> tuple[int, int]:
    """(passed, total) for a list of checks."""
    checks = list(checks)
    return sum(1 for check in checks if check.ok), len(checks)


def stream_items(stream_value, block_type: str | None = None) -> Iterator[dict]:
    """The raw ``value`` dicts of a StreamField, without converting blocks."""
    if stream_value is None:
        return
    raw = getattr(stream_value, "raw_data", stream_value)
    for entry in raw or ():
        if not isinstance(entry, dict):
            continue
        if block_type is not None and entry.get("type") != block_type:
            continue
        value = entry.get("value")
        if isinstance(value, dict):
            yield value


def list_values(raw_list) -> list:
    """A ListBlock's raw value as plain values.

    Wagtail stores list items either as bare values (old format) or as
    ``{"type": "item", "value": ..., "id": ...}`` dicts (current format).
    """
    values = []
    for entry in raw_list or ():
        if isinstance(entry, dict) and entry.get("type") == "item" and "value" in entry:
            values.append(entry["value"])
        else:
            values.append(entry)
    return values


def filled(value) -> bool:
    """True for a value an editor actually entered (not blank, not None)."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict | set):
        return bool(value)
    return True


def rich_text_filled(value) -> bool:
    """Rich text counts only when it has visible text, not just empty tags."""
    if not value:
        return False
    from django.utils.html import strip_tags

    return bool(strip_tags(str(value)).replace("&nbsp;", " ").strip())


def names_list(names: Iterable[str], limit: int = 5) -> str:
    """ "นาย ก, นาง ข and 3 more" for a check's detail."""
    names = [str(name) or "?" for name in names]
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        return str(
            format_lazy(
                _("{names} and {count} more"), names=shown, count=len(names) - limit
            )
        )
    return shown

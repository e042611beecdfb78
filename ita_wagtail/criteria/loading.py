"""Reading criteria sets from TOML files, with errors an integrator can act on.

Every check names the file and the item (or unit, or part) it concerns,
because the person reading the error is editing that file by hand.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from os import PathLike
from pathlib import Path
from typing import Any

from .types import (
    PERIODS,
    SCORINGS,
    CriteriaSet,
    FreshnessRule,
    Item,
    Part,
    UnitSpec,
)

#: The newest format version this loader reads.
FORMAT_VERSION = 2
#: Every version it reads. Format 1 (the 2562 measure) has one kind per item;
#: format 2 adds views, year rules of several months, required files,
#: declared absence, groups, elements and "to be confirmed" marks, and lets a
#: kind answer several items.
FORMAT_VERSIONS = (1, 2)

# Keys format 2 added; a format-1 file using one is told to say format = 2.
_FORMAT_2_KEYS = {
    "scoring",
    "pass_mark",
    "group_th",
    "group_en",
    "elements_th",
    "elements_en",
    "view",
    "files",
    "allows_none",
    "none_text_th",
    "to_confirm",
}
_FILE_FORMAT_RE = re.compile(r"^[a-z0-9]{2,5}$")

# Slugs, because these end up in URLs, CSS classes and database rows.
_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_SLUG_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# Item codes are what the assessment prints ("5.1", "O12"), so allow case.
_ITEM_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

# Sanity range for Buddhist-era years: catches a Christian-era year (2019)
# typed where B.E. (2562) is meant.
_MIN_FISCAL_YEAR = 2500
_MAX_FISCAL_YEAR = 2800

_SET_KEYS = {
    "format": False,
    "key": True,
    "fiscal_year": True,
    "title_th": True,
    "title_en": True,
    "source": False,
    "scoring": False,
    "pass_mark": False,
    "units": True,
    "items": True,
}
_UNIT_KEYS = {
    "code": True,
    "name_th": True,
    "name_en": True,
    "head_position_th": True,
    "parent": False,
}
_ITEM_KEYS = {
    "code": True,
    "title_th": True,
    "title_en": True,
    "description_th": False,
    "description_en": False,
    "responsible_unit": True,
    "reviewer": False,
    "section_ref": False,
    "freshness": False,
    "kinds": False,
    "parts": False,
    "group_th": False,
    "group_en": False,
    "elements_th": False,
    "elements_en": False,
    "view": False,
    "files": False,
    "allows_none": False,
    "none_text_th": False,
    "to_confirm": False,
}
_PART_KEYS = {
    "code": True,
    "title_th": True,
    "title_en": True,
    "kinds": True,
    "required": False,
    "freshness": False,
    "elements_th": False,
    "elements_en": False,
    "view": False,
    "files": False,
    "allows_none": False,
    "none_text_th": False,
    "to_confirm": False,
}
_FRESHNESS_KEYS = {
    "days": False,
    "period": False,
    "fiscal_year_offset": False,
    "months": False,
}


class CriteriaError(ValueError):
    """A criteria file (or the settings pointing at criteria files) is wrong.

    ``path`` and ``item`` are kept as attributes so that tools can point at
    the offending place; both are also in the message.
    """

    def __init__(
        self, message: str, *, path: str | None = None, item: str | None = None
    ) -> None:
        self.path = path
        self.item = item
        self.detail = message
        prefix = ""
        if path:
            prefix += f"{path}: "
        if item:
            prefix += f"item {item!r}: "
        super().__init__(prefix + message)


class _Where:
    """Where in a file we are, so that every error message can say so."""

    def __init__(self, path: str, item: str | None = None, within: str = "") -> None:
        self.path = path
        self.item = item
        self.within = within

    def at(self, within: str) -> _Where:
        if self.within:
            within = f"{self.within}: {within}"
        return _Where(self.path, self.item, within)

    def for_item(self, item: str) -> _Where:
        return _Where(self.path, item)

    def error(self, message: str) -> CriteriaError:
        if self.within:
            message = f"{self.within}: {message}"
        return CriteriaError(message, path=self.path, item=self.item)


def load_criteria_set(path: str | PathLike[str]) -> CriteriaSet:
    """Read and validate one criteria file. Raises :class:`CriteriaError`."""
    path = Path(path)
    origin = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CriteriaError(f"cannot read file ({exc.strerror})", path=origin) from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise CriteriaError("file is not UTF-8 text", path=origin) from exc
    except tomllib.TOMLDecodeError as exc:
        raise CriteriaError(f"invalid TOML: {exc}", path=origin) from exc
    return parse_criteria_set(data, origin=origin)


def parse_criteria_set(data: dict[str, Any], *, origin: str = "<data>") -> CriteriaSet:
    """Validate already-parsed TOML data (a dict) and build a :class:`CriteriaSet`."""
    where = _Where(origin)
    _check_keys(data, _SET_KEYS, where)

    version = data.get("format", 1)
    if version not in FORMAT_VERSIONS or isinstance(version, bool):
        readable = " and ".join(str(v) for v in FORMAT_VERSIONS)
        raise where.error(
            f"format {version!r} is not supported (this version of ita-wagtail "
            f"reads formats {readable}; a newer file needs a newer ita-wagtail)"
        )
    if version == 1:
        _refuse_format_2_keys(data, where)

    scoring = data.get("scoring", "graded")
    if scoring not in SCORINGS:
        allowed = ", ".join(repr(s) for s in SCORINGS)
        raise where.error(f"scoring {scoring!r} is not one of {allowed}")
    pass_mark = data.get("pass_mark")
    if pass_mark is not None and (
        not isinstance(pass_mark, int)
        or isinstance(pass_mark, bool)
        or not 0 < pass_mark <= 100
    ):
        raise where.error(f"pass_mark must be a whole number 1–100, got {pass_mark!r}")

    key = _string(data, "key", where)
    if not _KEY_RE.match(key):
        raise where.error(
            f"key {key!r} must be lower-case letters, digits, '.', '_' or '-'"
        )
    fiscal_year = _integer(data, "fiscal_year", where)
    if not _MIN_FISCAL_YEAR <= fiscal_year <= _MAX_FISCAL_YEAR:
        raise where.error(
            f"fiscal_year {fiscal_year} is not a Buddhist-era year "
            f"(B.E. = C.E. + 543, e.g. 2562 for 2019)"
        )

    units = _parse_units(data, where)
    unit_codes = {unit.code for unit in units}
    items = _parse_items(data, where, unit_codes, shared_kinds=version >= 2)

    return CriteriaSet(
        key=key,
        fiscal_year=fiscal_year,
        title_th=_string(data, "title_th", where),
        title_en=_string(data, "title_en", where),
        source=_string(data, "source", where, required=False),
        items=items,
        units=units,
        format=version,
        scoring=scoring,
        pass_mark=pass_mark,
    )


def _refuse_format_2_keys(data: dict[str, Any], where: _Where) -> None:
    tables = [("", data)]
    for item in data.get("items") or []:
        if isinstance(item, dict):
            code = item.get("code", "?")
            tables.append((f"item {code!r}: ", item))
            for part in item.get("parts") or []:
                if isinstance(part, dict):
                    tables.append((f"item {code!r}, part {part.get('code')!r}: ", part))
    for prefix, table in tables:
        used = sorted(_FORMAT_2_KEYS & set(table))
        if used:
            raise where.error(
                f"{prefix}{', '.join(used)} needs format = 2 at the top of the file"
            )


def _parse_units(data: dict[str, Any], where: _Where) -> tuple[UnitSpec, ...]:
    tables = _tables(data, "units", where, plural="units")
    units: list[UnitSpec] = []
    seen: set[str] = set()
    for index, table in enumerate(tables, start=1):
        here = where.at(f"units[{index}]")
        code = _string(table, "code", here)
        here = where.at(f"unit {code!r}")
        _check_keys(table, _UNIT_KEYS, here)
        if not _SLUG_RE.match(code):
            raise here.error("code must be lower-case letters, digits and '_'")
        if code in seen:
            raise here.error("unit code is declared twice")
        parent = _string(table, "parent", here, required=False) or None
        # Parents first, so that seeding can create units in file order and
        # a cycle cannot be written at all.
        if parent is not None and parent not in seen:
            raise here.error(
                f"parent {parent!r} must be a unit declared earlier in [[units]]"
            )
        seen.add(code)
        units.append(
            UnitSpec(
                code=code,
                name_th=_string(table, "name_th", here),
                name_en=_string(table, "name_en", here),
                head_position_th=_string(table, "head_position_th", here),
                parent=parent,
            )
        )
    return tuple(units)


def _parse_items(
    data: dict[str, Any], where: _Where, unit_codes: set[str], shared_kinds: bool
) -> tuple[Item, ...]:
    tables = _tables(data, "items", where, plural="items")
    items: list[Item] = []
    codes: set[str] = set()
    # kind -> item code (and part) already claiming it; a kind that maps to two
    # places would make item_for_kind ambiguous and double-count in scoring.
    kind_owner: dict[str, str] = {}
    for index, table in enumerate(tables, start=1):
        code = _string(table, "code", where.at(f"items[{index}]"))
        here = where.for_item(code)
        if not _ITEM_CODE_RE.match(code):
            raise here.error("code must be letters, digits, '.', '_' or '-'")
        if code in codes:
            raise here.error("item code is declared twice")
        codes.add(code)
        # Format 2: a kind may answer several items, but only once per item.
        owners = {} if shared_kinds else kind_owner
        items.append(_parse_item(table, code, here, unit_codes, owners))
    return tuple(items)


def _parse_item(
    table: dict[str, Any],
    code: str,
    here: _Where,
    unit_codes: set[str],
    kind_owner: dict[str, str],
) -> Item:
    _check_keys(table, _ITEM_KEYS, here)

    unit = _string(table, "responsible_unit", here)
    if unit not in unit_codes:
        known = ", ".join(sorted(unit_codes))
        raise here.error(
            f"responsible_unit {unit!r} is not declared in [[units]] (units: {known})"
        )

    has_kinds = "kinds" in table
    has_parts = "parts" in table
    if has_kinds == has_parts:
        raise here.error("give either 'kinds' or 'parts' (exactly one of them)")

    kinds: tuple[str, ...] = ()
    parts: tuple[Part, ...] = ()
    if has_kinds:
        kinds = _kinds(table, here, kind_owner, owner=f"item {code}")
    else:
        parts = _parse_parts(table, code, here, kind_owner)

    allows_none = table.get("allows_none", False)
    if not isinstance(allows_none, bool):
        raise here.error(f"allows_none must be true or false, got {allows_none!r}")
    return Item(
        code=code,
        title_th=_string(table, "title_th", here),
        title_en=_string(table, "title_en", here),
        description_th=_string(table, "description_th", here, required=False),
        description_en=_string(table, "description_en", here, required=False),
        parts=parts,
        kinds=kinds,
        responsible_unit=unit,
        reviewer=_string(table, "reviewer", here, required=False),
        freshness=_freshness(table, here) or FreshnessRule(),
        section_ref=_string(table, "section_ref", here, required=False),
        group_th=_string(table, "group_th", here, required=False),
        group_en=_string(table, "group_en", here, required=False),
        elements_th=_string_list(table, "elements_th", here),
        elements_en=_string_list(table, "elements_en", here),
        view=_view(table, here) or "",
        files=_files(table, here) or (),
        allows_none=allows_none,
        none_text_th=_string(table, "none_text_th", here, required=False),
        to_confirm=_string(table, "to_confirm", here, required=False),
    )


def _parse_parts(
    table: dict[str, Any], item_code: str, here: _Where, kind_owner: dict[str, str]
) -> tuple[Part, ...]:
    parts: list[Part] = []
    seen: set[str] = set()
    for index, part_table in enumerate(_tables(table, "parts", here, "items.parts"), 1):
        code = _string(part_table, "code", here.at(f"parts[{index}]"))
        part_here = here.at(f"part {code!r}")
        _check_keys(part_table, _PART_KEYS, part_here)
        if not _SLUG_RE.match(code):
            raise part_here.error("code must be lower-case letters, digits and '_'")
        if code in seen:
            raise part_here.error("part code is declared twice in this item")
        seen.add(code)
        required = part_table.get("required", True)
        if not isinstance(required, bool):
            raise part_here.error(f"required must be true or false, got {required!r}")
        allows_none = part_table.get("allows_none")
        if allows_none is not None and not isinstance(allows_none, bool):
            raise part_here.error(
                f"allows_none must be true or false, got {allows_none!r}"
            )
        parts.append(
            Part(
                code=code,
                title_th=_string(part_table, "title_th", part_here),
                title_en=_string(part_table, "title_en", part_here),
                kinds=_kinds(
                    part_table,
                    part_here,
                    kind_owner,
                    owner=f"item {item_code}, part {code}",
                ),
                required=required,
                freshness=_freshness(part_table, part_here),
                elements_th=_string_list(part_table, "elements_th", part_here),
                elements_en=_string_list(part_table, "elements_en", part_here),
                view=_view(part_table, part_here),
                files=_files(part_table, part_here),
                allows_none=allows_none,
                none_text_th=_string(
                    part_table, "none_text_th", part_here, required=False
                ),
                to_confirm=_string(part_table, "to_confirm", part_here, required=False),
            )
        )
    return tuple(parts)


def _string_list(table: dict[str, Any], name: str, here: _Where) -> tuple[str, ...]:
    if name not in table:
        return ()
    value = table[name]
    if not isinstance(value, list) or not all(
        isinstance(entry, str) and entry.strip() for entry in value
    ):
        raise here.error(f"{name} must be a list of non-empty strings")
    return tuple(entry.strip() for entry in value)


def _view(table: dict[str, Any], here: _Where) -> str | None:
    if "view" not in table:
        return None
    value = table["view"]
    if not isinstance(value, str) or not _SLUG_RE.match(value):
        raise here.error(
            f"view {value!r} must be lower-case letters, digits and '_' (e.g. 'annual')"
        )
    return value


def _files(table: dict[str, Any], here: _Where) -> tuple[str, ...] | None:
    if "files" not in table:
        return None
    value = table["files"]
    if not isinstance(value, list) or not value:
        raise here.error('files must be a non-empty list, e.g. files = ["pdf", "xlsx"]')
    formats: list[str] = []
    for entry in value:
        if not isinstance(entry, str) or not _FILE_FORMAT_RE.match(entry):
            raise here.error(
                f"files entry {entry!r} must be a lower-case file extension "
                "without the dot, e.g. 'pdf'"
            )
        if entry in formats:
            raise here.error(f"files lists {entry!r} twice")
        formats.append(entry)
    return tuple(formats)


def _kinds(
    table: dict[str, Any], here: _Where, kind_owner: dict[str, str], owner: str
) -> tuple[str, ...]:
    value = table.get("kinds")
    if not isinstance(value, list) or not value:
        raise here.error("kinds must be a non-empty list of strings")
    for kind in value:
        if not isinstance(kind, str) or not kind.strip():
            raise here.error(f"kinds must be non-empty strings, got {kind!r}")
        if not _SLUG_RE.match(kind):
            raise here.error(
                f"kind {kind!r} must be lower-case letters, digits and '_' "
                "(e.g. 'procurement_records')"
            )
        if kind in kind_owner:
            raise here.error(f"kind {kind!r} is already used by {kind_owner[kind]}")
        kind_owner[kind] = owner
    return tuple(value)


def _freshness(table: dict[str, Any], here: _Where) -> FreshnessRule | None:
    if "freshness" not in table:
        return None
    value = table["freshness"]
    here = here.at("freshness")
    if not isinstance(value, dict):
        raise here.error("must be a table, e.g. freshness = { days = 90 }")
    _check_keys(value, _FRESHNESS_KEYS, here)
    period = value.get("period")
    if period is not None and period not in PERIODS:
        allowed = ", ".join(repr(p) for p in PERIODS if p)
        raise here.error(
            f"period {period!r} is not one of {allowed} (leave it out for none)"
        )
    try:
        return FreshnessRule(**value)
    except ValueError as exc:
        raise here.error(str(exc)) from None


def _check_keys(table: dict[str, Any], spec: dict[str, bool], here: _Where) -> None:
    for name in table:
        if name not in spec:
            hint = difflib.get_close_matches(name, spec, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            allowed = ", ".join(spec)
            raise here.error(
                f"unknown key {name!r}{suggestion}; allowed keys: {allowed}"
            )
    for name, required in spec.items():
        if required and name not in table:
            raise here.error(f"missing required key {name!r}")


def _tables(
    table: dict[str, Any], name: str, here: _Where, plural: str
) -> list[dict[str, Any]]:
    value = table.get(name)
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(entry, dict) for entry in value)
    ):
        raise here.error(
            f"{name!r} must be a non-empty array of tables ([[{plural}]] blocks)"
        )
    return value


def _string(
    table: dict[str, Any], name: str, here: _Where, *, required: bool = True
) -> str:
    if name not in table:
        if required:
            raise here.error(f"missing required key {name!r}")
        return ""
    value = table[name]
    if not isinstance(value, str):
        raise here.error(f"{name} must be a string, got {value!r}")
    value = value.strip()
    if required and not value:
        raise here.error(f"{name} must not be empty")
    return value


def _integer(table: dict[str, Any], name: str, here: _Where) -> int:
    value = table.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise here.error(f"{name} must be an integer, got {value!r}")
    return value

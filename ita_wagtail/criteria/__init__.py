"""The criteria registry: which items the ITA asks for, as data keyed by fiscal year.

Everything that knows about disclosure items (page types, scoring, the
dashboard, reports, docs) reads them from here. Criteria sets are TOML files:
the ones shipped in ``sets/`` plus any folder listed in the Django setting
``ITA_CRITERIA_DIRS``. A new fiscal year's list is a new file, never new code.
See ``docs/reference/criteria-format.md``.

This package imports nothing else from ``ita_wagtail`` and only touches Django
lazily (settings, translation), so it can be used before Django is set up.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from typing import Any

from .loading import (
    FORMAT_VERSION,
    FORMAT_VERSIONS,
    CriteriaError,
    load_criteria_set,
    parse_criteria_set,
)
from .types import (
    PERIODS,
    SCORING_ALL_OR_NOTHING,
    SCORING_GRADED,
    CriteriaSet,
    FreshnessRule,
    Item,
    Part,
    UnitSpec,
)

__all__ = [
    "BUILTIN_SETS_DIR",
    "DEFAULT_CRITERIA_SET",
    "FORMAT_VERSION",
    "FORMAT_VERSIONS",
    "PERIODS",
    "SCORING_ALL_OR_NOTHING",
    "SCORING_GRADED",
    "CriteriaError",
    "CriteriaSet",
    "CriteriaSetNotFound",
    "FreshnessRule",
    "Item",
    "Part",
    "UnitSpec",
    "available_criteria_sets",
    "clear_cache",
    "connect_signals",
    "criteria_set_for_fiscal_year",
    "criteria_set_paths",
    "current_fiscal_year",
    "default_criteria_set",
    "get_criteria_set",
    "load_criteria_set",
    "parse_criteria_set",
]

#: The folder holding the criteria sets shipped with ita-wagtail.
BUILTIN_SETS_DIR = Path(__file__).resolve().parent / "sets"

#: The municipality's own B.E. 2562 measure, the first set shipped. Sets are
#: otherwise chosen per fiscal year: see :func:`criteria_set_for_fiscal_year`.
DEFAULT_CRITERIA_SET = "ita-2562"

_SETTINGS = ("ITA_CRITERIA_DIRS", "ITA_CRITERIA_SET")


class CriteriaSetNotFound(CriteriaError, KeyError):
    """No criteria set has the requested key.

    Both a :class:`CriteriaError` (it is usually a settings mistake) and a
    :class:`KeyError` (it is a failed lookup), so callers can catch either.
    """

    # KeyError.__str__ would wrap the message in quotes.
    __str__ = ValueError.__str__


def _setting(name: str, default: Any) -> Any:
    # Lazy, and tolerant of an unconfigured Django, so that the registry
    # works in plain scripts and docs builds with the built-in defaults.
    try:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured
    except ImportError:
        return default
    try:
        return getattr(settings, name, default)
    except ImproperlyConfigured:
        return default


def _configured_dirs() -> tuple[Path, ...]:
    value = _setting("ITA_CRITERIA_DIRS", [])
    # A bare string would otherwise be iterated character by character.
    if isinstance(value, str | PathLike) or not isinstance(value, Iterable):
        raise CriteriaError(
            f"The ITA_CRITERIA_DIRS setting must be a list of folders, got {value!r}"
        )
    dirs = []
    for entry in value:
        if not isinstance(entry, str | PathLike):
            raise CriteriaError(
                f"ITA_CRITERIA_DIRS entries must be paths, got {entry!r}"
            )
        dirs.append(Path(entry))
    return tuple(dirs)


def criteria_set_paths() -> list[Path]:
    """Every criteria file in load order: built-in first, then each folder of
    ``ITA_CRITERIA_DIRS`` in the order listed, files sorted by name."""
    return list(_paths(_configured_dirs()))


def _paths(dirs: tuple[Path, ...]) -> tuple[Path, ...]:
    paths: list[Path] = []
    for folder in (BUILTIN_SETS_DIR, *dirs):
        if not folder.is_dir():
            raise CriteriaError(
                f"ITA_CRITERIA_DIRS: {folder} does not exist or is not a folder"
            )
        paths.extend(sorted(folder.glob("*.toml")))
    return tuple(paths)


@functools.lru_cache(maxsize=8)
def _load_all(dirs: tuple[Path, ...]) -> tuple[tuple[CriteriaSet, Path], ...]:
    # Keyed on the folder list, so overriding ITA_CRITERIA_DIRS (tests, a
    # multi-tenant host) never serves sets from the previous value.
    loaded: list[tuple[CriteriaSet, Path]] = []
    origin: dict[str, Path] = {}
    for path in _paths(dirs):
        criteria_set = load_criteria_set(path)
        if criteria_set.key in origin:
            raise CriteriaError(
                f"criteria set key {criteria_set.key!r} is already used by "
                f"{origin[criteria_set.key]}; give each file its own key",
                path=str(path),
            )
        origin[criteria_set.key] = path
        loaded.append((criteria_set, path))
    return tuple(loaded)


def _loaded() -> tuple[CriteriaSet, ...]:
    return tuple(criteria_set for criteria_set, _ in _load_all(_configured_dirs()))


def available_criteria_sets() -> dict[str, CriteriaSet]:
    """All known criteria sets by key, in load order.

    The order is that of :func:`criteria_set_paths`.
    """
    return {criteria_set.key: criteria_set for criteria_set in _loaded()}


def _configured_key() -> str | None:
    key = _setting("ITA_CRITERIA_SET", None)
    if key is None:
        return None
    if not isinstance(key, str) or not key:
        raise CriteriaError(
            f"The ITA_CRITERIA_SET setting must be a criteria set key, got {key!r}"
        )
    return key


def get_criteria_set(key: str | None = None) -> CriteriaSet:
    """The criteria set with ``key``; ``None`` means :func:`default_criteria_set`."""
    if key is None:
        return default_criteria_set()
    return _lookup(key)


def _lookup(key: str, where: str = "") -> CriteriaSet:
    sets = available_criteria_sets()
    try:
        return sets[key]
    except KeyError:
        raise CriteriaSetNotFound(
            f"unknown criteria set {key!r}{where}; available: {', '.join(sets)}"
        ) from None


def _configured_set() -> CriteriaSet | None:
    key = _configured_key()
    if key is None:
        return None
    return _lookup(key, " (from the ITA_CRITERIA_SET setting)")


def default_criteria_set(fy_be: int | None = None) -> CriteriaSet:
    """The set a site works to when it has not chosen one for the fiscal year.

    The ``ITA_CRITERIA_SET`` setting when given (the integrator's choice for
    every year); otherwise the newest set whose fiscal year is not after
    ``fy_be`` (default: the current fiscal year in Bangkok). A site's own
    choice per fiscal year (its ITA monitoring settings) comes first: see
    ``ita_wagtail.models.compliance_settings.site_criteria_set``.
    """
    configured = _configured_set()
    if configured is not None:
        return configured
    return criteria_set_for_fiscal_year(fy_be or current_fiscal_year())


def current_fiscal_year() -> int:
    """The B.E. fiscal year of today in Bangkok (1 October – 30 September)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    now = None
    try:
        from django.conf import settings

        if settings.configured:
            # Through Django, so that tests freezing time move this too.
            from django.utils import timezone

            now = timezone.now()
    except ImportError:
        pass
    bangkok = ZoneInfo("Asia/Bangkok")
    now = (now or datetime.now(bangkok)).astimezone(bangkok)
    return now.year + 543 + (1 if now.month >= 10 else 0)


def criteria_set_for_fiscal_year(fy_be: int) -> CriteriaSet:
    """The set that applies to B.E. fiscal year ``fy_be``.

    That is the set with the greatest ``fiscal_year`` not after ``fy_be``;
    for a year before every set, the earliest set. When several sets start in
    the same year (a municipality's adjusted copy of a shipped list), the one
    named by ``ITA_CRITERIA_SET`` wins; failing that, the one loaded last, so
    a file in ``ITA_CRITERIA_DIRS`` beats a built-in one.
    """
    sets = _loaded()
    applicable = [s for s in sets if s.fiscal_year <= fy_be]
    if applicable:
        year = max(s.fiscal_year for s in applicable)
    else:
        year = min(s.fiscal_year for s in sets)
    candidates = [s for s in sets if s.fiscal_year == year]
    configured = _configured_key()
    for candidate in candidates:
        if candidate.key == configured:
            return candidate
    return candidates[-1]


def clear_cache() -> None:
    """Forget parsed criteria files (after editing one, or in tests)."""
    _load_all.cache_clear()


def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in _SETTINGS:
        clear_cache()


def connect_signals() -> None:
    """Clear the cache when tests override the criteria settings.

    Called from the app's ``AppConfig.ready()``; safe to call more than once.
    """
    from django.core.signals import setting_changed

    setting_changed.connect(
        _on_setting_changed, dispatch_uid="ita_wagtail.criteria.clear_cache"
    )

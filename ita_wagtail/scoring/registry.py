"""The plug-in point of the scoring engine: one evaluator per KIND.

A kind (``contact``, ``annual_plan``, ``procurement_records`` …) is what a
page type or register declares it serves; the criteria set maps kinds to
items. The engine asks the evaluator registered for a kind what it found,
and scores every kind the same way.

* Kinds served by page types need nothing: the default
  :class:`~ita_wagtail.scoring.pages.PageEvaluator` finds the page types
  whose ``ita_kind`` matches and applies their ``ita_completeness_checks``.
* A register that is not a page (the procurement register of item 5.7)
  registers its own evaluator::

      from ita_wagtail.scoring import register_evaluator

      @register_evaluator("procurement_records")
      def procurement_records(kind, ctx):
          ...
          return Outcome(kind=kind, present=..., complete_share=..., current=...)

* A feature that adds a condition to an existing kind (complaints answered
  late make item 5.11 not current) registers a check, which runs after the
  evaluator and may add findings::

      from ita_wagtail.scoring import Finding, register_check

      @register_check("complaint_channel")
      def overdue_complaints(kind, ctx, outcome):
          if count := overdue_cases(ctx.site, ctx.today):
              yield Finding(ASPECT_CURRENT, f"{count} complaints overdue")

Evaluators and checks must use a fixed number of queries, whatever the
number of pages or records: the engine's query count is asserted in tests.
Register them in your app's ``AppConfig.ready()`` (or ``wagtail_hooks.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from .results import ASPECT_COMPLETE, ASPECT_CURRENT, ASPECT_PRESENT, Outcome

Evaluator = Callable[[str, "object"], Outcome]
CheckFn = Callable[[str, "object", Outcome], Iterable["Finding"]]

_evaluators: dict[str, Evaluator] = {}
_checks: dict[str, list[CheckFn]] = {}


@dataclass(frozen=True)
class Finding:
    """A problem a registered check adds to a kind's outcome.

    ``aspect`` is ``"complete"`` or ``"current"``. A ``complete`` finding
    takes ``share`` (0–1) of the completeness points away; a ``current``
    finding makes the kind not current.
    """

    aspect: str
    text: str
    share: float = 1.0
    code: str = "check"

    def __post_init__(self):
        if self.aspect not in (ASPECT_COMPLETE, ASPECT_CURRENT):
            raise ValueError(
                f"a finding's aspect must be {ASPECT_COMPLETE!r} or "
                f"{ASPECT_CURRENT!r}, not {self.aspect!r}"
            )
        if not 0 <= self.share <= 1:
            raise ValueError(f"share must be between 0 and 1, got {self.share!r}")


def register_evaluator(kind: str, fn: Evaluator | None = None, *, replace=False):
    """Register ``fn(kind, ctx) -> Outcome`` for ``kind``; usable as a decorator.

    Registering a second evaluator for the same kind is refused unless
    ``replace=True``, so two features cannot silently fight over a kind.
    """

    def decorator(function: Evaluator) -> Evaluator:
        if kind in _evaluators and _evaluators[kind] is not function and not replace:
            raise ValueError(
                f"an evaluator is already registered for kind {kind!r}: "
                f"{_evaluators[kind]!r}; pass replace=True to override it"
            )
        _evaluators[kind] = function
        return function

    if fn is not None:
        return decorator(fn)
    return decorator


def unregister_evaluator(kind: str) -> None:
    _evaluators.pop(kind, None)


def register_check(kind: str, fn: CheckFn | None = None):
    """Register ``fn(kind, ctx, outcome) -> iterable of Finding`` for ``kind``."""

    def decorator(function: CheckFn) -> CheckFn:
        functions = _checks.setdefault(kind, [])
        if function not in functions:
            functions.append(function)
        return function

    if fn is not None:
        return decorator(fn)
    return decorator


def unregister_check(kind: str, fn: CheckFn) -> None:
    if fn in _checks.get(kind, []):
        _checks[kind].remove(fn)


def get_evaluator(kind: str) -> Evaluator:
    """The evaluator for ``kind``: a registered one, else the page evaluator."""
    if kind in _evaluators:
        return _evaluators[kind]
    from .pages import page_evaluator

    return page_evaluator


def get_checks(kind: str) -> list[CheckFn]:
    return list(_checks.get(kind, []))


def registered_evaluators() -> dict[str, Evaluator]:
    return dict(_evaluators)


def registered_checks() -> dict[str, list[CheckFn]]:
    return {kind: list(fns) for kind, fns in _checks.items() if fns}


@contextmanager
def preserved():
    """Put the registry back as it was when the block ends.

    Whatever is registered or unregistered inside the block (a test's own
    evaluator, say) is undone, and what the installed apps registered in
    ``ready()`` comes back.
    """
    evaluators = dict(_evaluators)
    checks = {kind: list(fns) for kind, fns in _checks.items()}
    try:
        yield
    finally:
        _evaluators.clear()
        _evaluators.update(evaluators)
        _checks.clear()
        _checks.update(checks)


@contextmanager
def suspended(*kinds: str):
    """Score ``kinds`` as if no feature had plugged into them, inside the block.

    Their registered evaluators and checks are removed, so page-served kinds
    fall back to the page evaluator and the others count as unsupported; the
    registry is restored on exit. Useful to look at the engine on its own,
    without the procurement register or the complaint figures::

        with suspended("procurement_plan", "procurement_records"):
            evaluate_site(site)  # 5.7 is missing: nothing serves it
    """
    with preserved():
        for kind in kinds:
            _evaluators.pop(kind, None)
            _checks.pop(kind, None)
        yield


__all__ = [
    "ASPECT_COMPLETE",
    "ASPECT_CURRENT",
    "ASPECT_PRESENT",
    "Finding",
    "get_checks",
    "get_evaluator",
    "preserved",
    "register_check",
    "register_evaluator",
    "registered_checks",
    "registered_evaluators",
    "suspended",
    "unregister_check",
    "unregister_evaluator",
]

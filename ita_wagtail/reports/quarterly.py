"""The quarterly report of section 7: a snapshot, what changed, what to do.

:func:`take_snapshot` scores the site and freezes the result (scores, every
reason, the out-of-date pages, recommendations and the signatories) as JSON
in a :class:`~ita_wagtail.models.ComplianceSnapshot`. Everything the report
shows afterwards is read from that JSON, so a past quarter's report never
changes when pages do. Texts are stored in Thai and in English.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from datetime import date

from django.db import transaction
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ita_wagtail.models import ComplianceSettings, ComplianceSnapshot
from ita_wagtail.scoring import STATUS_MISSING, STATUS_OK, evaluate_site
from ita_wagtail.scoring.freshness import local_date
from ita_wagtail.thai import fiscal_quarter, last_ended_quarter, quarter_bounds
from ita_wagtail.thai import today as thai_today

#: The national pass mark of the ITA (NACC): below it, recommendations say so.
DATA_VERSION = 1
SNAPSHOT_LOG_ACTION = "ita_wagtail.snapshot"


class QuarterlyReportError(Exception):
    """A quarterly report cannot be taken (wrong quarter, already taken …)."""


def _both(text) -> dict:
    """A lazy text in Thai and in English, as stored in a snapshot."""
    with translation.override("th"):
        thai = str(text)
    with translation.override("en"):
        english = str(text)
    return {"th": thai, "en": english}


def _iso(value):
    if value is None:
        return None
    return value.isoformat()


def _page_ref(facts) -> dict:
    page = facts.page
    return {"id": page.pk, "title": page.title, "url": page.get_full_url() or ""}


def _reasons(reasons) -> list[dict]:
    return [
        {"aspect": r.aspect, "code": r.code, "points": r.points, "text": _both(r.text)}
        for r in reasons
    ]


def _entry(result, units) -> dict:
    criterion = result.part or result.item
    unit = result.unit
    return {
        "code": result.code,
        "title": {"th": criterion.title_th, "en": criterion.title_en},
        "status": result.status,
        "score": result.score,
        "present": result.present,
        "complete": result.complete,
        "current": result.current,
        "required": result.required,
        "unit": unit.name if unit else "",
        "last_updated": _iso(local_date(result.last_updated)),
        "reasons": _reasons(result.reasons),
        "pages": [_page_ref(facts) for facts in result.pages],
        "details": result.details,
    }


def _stale(result, units) -> list[dict]:
    rows = []
    for item, facts in result.stale_entries():
        unit = units.get(facts.unit_id) or item.unit
        if facts.period_ok:
            problem = _both(
                format_lazy(
                    _("Not updated or reviewed for {days} days (the rule is {limit})."),
                    days=facts.days_since_update or 0,
                    limit=facts.freshness_days,
                )
            )
        else:
            problem = _both(
                format_lazy(
                    _("For {period}, not the current period."),
                    period=facts.period_label or "—",
                )
            )
        rows.append(
            {
                **_page_ref(facts),
                "item": item.code,
                "item_title": {"th": item.item.title_th, "en": item.item.title_en},
                "unit": unit.name if unit else "",
                "days_overdue": facts.days_overdue,
                "days_since_update": facts.days_since_update,
                "due_date": _iso(facts.due_date),
                "last_updated": _iso(local_date(facts.last_updated)),
                "last_reviewed": _iso(local_date(facts.last_reviewed)),
                "problem": problem,
            }
        )
    return rows


def _leaves(result):
    for item in result.items:
        if item.parts:
            for part in item.parts:
                if part.required:
                    yield item, part
        else:
            yield item, item


def recommendations(result) -> list[dict]:
    """Recommendations for the executives, generated from the problems found.

    One per problem, addressed to the unit that fixes it, then general ones
    (pass mark, units with many out-of-date pages, items nothing publishes).
    """
    found = []
    unsupported = []
    for item, leaf in _leaves(result):
        if leaf.is_ok:
            continue
        title = leaf.title if leaf is item else f"{item.title} ({leaf.title})"
        unit = leaf.unit.name if leaf.unit else ""
        codes = {reason.code for reason in leaf.reasons}
        if leaf.status == STATUS_MISSING and codes <= {"unsupported"}:
            unsupported.append((item, leaf, unit))
            continue
        if leaf.status == STATUS_MISSING:
            text = format_lazy(
                _("Prepare and publish “{title}” on the website."), title=title
            )
        elif not leaf.complete:
            missing = sorted(
                {
                    str(problem)
                    for facts in leaf.pages
                    for problem in facts.missing_fields
                }
            )
            if missing:
                text = format_lazy(
                    _("Complete “{title}”: add {missing}."),
                    title=title,
                    missing="; ".join(missing),
                )
            else:
                text = format_lazy(_("Complete “{title}”."), title=title)
        elif "wrong_period" in codes:
            text = format_lazy(
                _("Publish “{title}” for the current period."), title=title
            )
        else:
            text = format_lazy(
                _(
                    "Review “{title}” and update it, or record that it is still "
                    "correct (“Mark as reviewed”)."
                ),
                title=title,
            )
        found.append({"unit": unit, "items": [item.code], "text": _both(text)})

    general = []
    # Only a set that declares a pass mark gets measured against one: the
    # 85 often quoted for the ITA is in no source (see the criteria docs).
    pass_mark = result.criteria_set.pass_mark
    if pass_mark is not None and result.score < pass_mark:
        failing = [item.code for item in result.worst_items(len(result.items))]
        general.append(
            {
                "unit": "",
                "items": failing,
                "text": _both(
                    format_lazy(
                        _(
                            "The site scores {score}, below the pass mark of "
                            "{mark} this list declares: deal with the missing and "
                            "incomplete items first ({items})."
                        ),
                        score=result.score,
                        mark=pass_mark,
                        items=", ".join(failing),
                    )
                ),
            }
        )
    stale_by_unit = defaultdict(int)
    for item, facts in result.stale_entries():
        unit = result.units.get(facts.unit_id) or item.unit
        stale_by_unit[unit.name if unit else ""] += 1
    for unit, count in sorted(stale_by_unit.items()):
        if count >= 3:
            general.append(
                {
                    "unit": unit,
                    "items": [],
                    "text": _both(
                        format_lazy(
                            _(
                                "{count} pages are out of date: set a day each "
                                "quarter on which the unit reviews all its pages."
                            ),
                            count=count,
                        )
                    ),
                }
            )
    by_item = OrderedDict()
    for item, leaf, unit in unsupported:
        by_item.setdefault(item.code, (item, unit, []))[2].append(leaf)
    for code, (item, unit, leaves) in by_item.items():
        if len(leaves) == len(item.parts) or not item.parts:
            title = item.title
        else:
            title = f"{item.title} ({', '.join(leaf.title for leaf in leaves)})"
        general.append(
            {
                "unit": unit,
                "items": [code],
                "text": _both(
                    format_lazy(
                        _(
                            "Nothing on the website publishes “{title}” yet: arrange "
                            "the page or register for it with the website's "
                            "administrator."
                        ),
                        title=title,
                    )
                ),
            }
        )
    if not found and not general:
        general.append(
            {
                "unit": "",
                "items": [],
                "text": _both(
                    _(
                        "Every item is published, complete and current: keep "
                        "reviewing each page at least every three months."
                    )
                ),
            }
        )
    return found + general


def snapshot_data(result, settings) -> dict:
    units = result.units
    items = []
    problems = []
    for item in result.items:
        entry = _entry(item, units)
        entry["parts"] = [_entry(part, units) for part in item.parts]
        items.append(entry)
        for leaf in item.parts or [item]:
            for reason in leaf.reasons:
                problems.append(
                    {
                        "item": item.code,
                        "part": leaf.code if leaf is not item else "",
                        "unit": leaf.unit.name if leaf.unit else "",
                        "status": leaf.status,
                        "points": reason.points,
                        "text": _both(reason.text),
                    }
                )
    criteria_set = result.criteria_set
    return {
        "version": DATA_VERSION,
        "municipality": settings.display_municipality_name(),
        "site": {
            "id": result.site.pk,
            "name": result.site.site_name,
            "hostname": result.site.hostname,
        },
        "criteria_set": {
            "key": criteria_set.key,
            "fiscal_year": criteria_set.fiscal_year,
            "title": {"th": criteria_set.title_th, "en": criteria_set.title_en},
            "scoring": criteria_set.scoring,
            "pass_mark": criteria_set.pass_mark,
        },
        "as_of": result.today.isoformat(),
        "freshness_days": result.freshness_days,
        "score": result.score,
        "ok_count": result.ok_count,
        "item_count": result.item_count,
        "counts": result.count_by_status(),
        "items": items,
        "stale_pages": _stale(result, units),
        "problems": problems,
        "recommendations": recommendations(result),
        "signatures": [
            {"role": _both(role), "name": name, "position": position}
            for role, name, position in settings.signatures()
        ],
    }


def check_quarter(fiscal_year, quarter, today) -> None:
    if quarter not in (1, 2, 3, 4):
        raise QuarterlyReportError(_("The quarter must be 1, 2, 3 or 4."))
    if not 2500 <= fiscal_year <= 2700:
        raise QuarterlyReportError(
            _("The fiscal year must be a Buddhist-era year, for example 2568.")
        )
    if quarter_bounds(fiscal_year, quarter)[0] > today:
        raise QuarterlyReportError(
            _("That quarter has not started yet: there is nothing to report on.")
        )


def take_snapshot(
    site,
    fiscal_year,
    quarter,
    *,
    user=None,
    today: date | None = None,
    replace=False,
    as_of_quarter_end=False,
) -> ComplianceSnapshot:
    """Score ``site`` now and store the report of (fiscal year, quarter).

    ``as_of_quarter_end`` scores the site as of the quarter's last day when
    that is earlier than today (used to rebuild a missed quarter). A quarter
    that already has a report is refused unless ``replace`` is true; the old
    one is deleted and the replacement logged.
    """
    from wagtail.log_actions import log

    today = today or thai_today()
    check_quarter(fiscal_year, quarter, today)
    as_of = today
    if as_of_quarter_end:
        as_of = min(today, quarter_bounds(fiscal_year, quarter)[1])
    settings = ComplianceSettings.for_site(site)
    with transaction.atomic():
        existing = ComplianceSnapshot.objects.filter(
            site=site, fiscal_year=fiscal_year, quarter=quarter
        ).first()
        if existing is not None:
            if not replace:
                raise QuarterlyReportError(
                    _(
                        "The report for this quarter was already taken. Delete it "
                        "first to take it again."
                    )
                )
            delete_snapshot(existing, user=user)
        snapshot = _build(site, fiscal_year, quarter, as_of, settings, user)
        snapshot.save()
        log(instance=snapshot, action=SNAPSHOT_LOG_ACTION, user=user)
    return snapshot


def _build(site, fiscal_year, quarter, as_of, settings, user=None):
    result = evaluate_site(site, today=as_of, settings=settings)
    return ComplianceSnapshot(
        site=site,
        fiscal_year=fiscal_year,
        quarter=quarter,
        criteria_set=result.criteria_set.key,
        as_of=as_of,
        taken_by=user,
        score=round(result.score, 1),
        ok_count=result.ok_count,
        item_count=result.item_count,
        stale_count=len(result.stale_pages),
        data=snapshot_data(result, settings),
    )


def preview_snapshot(site, fiscal_year, quarter, *, today=None) -> ComplianceSnapshot:
    """The report as it would be taken now, not stored (nothing is written)."""
    today = today or thai_today()
    check_quarter(fiscal_year, quarter, today)
    return _build(site, fiscal_year, quarter, today, ComplianceSettings.for_site(site))


def delete_snapshot(snapshot, user=None) -> None:
    """Delete a report (to take it again); refused while it is published."""
    from django.db.models import ProtectedError
    from wagtail.log_actions import log

    with transaction.atomic():
        log(instance=snapshot, action="wagtail.delete", user=user, deleted=True)
        try:
            snapshot.delete()
        except ProtectedError:
            raise QuarterlyReportError(
                _(
                    "This report is published on the website. Delete or unpublish "
                    "that page first."
                )
            ) from None


def default_quarter(today=None) -> tuple[int, int]:
    """The quarter a report is normally taken for: the last one that ended."""
    return last_ended_quarter(today or thai_today())


def current_quarter(today=None) -> tuple[int, int]:
    return fiscal_quarter(today or thai_today())


# -- reading a snapshot back ----------------------------------------------------


def text(value, language=None) -> str:
    """A stored {"th", "en"} text in the active language (Thai first)."""
    if not isinstance(value, dict):
        return value or ""
    language = (language or translation.get_language() or "th")[:2]
    return value.get(language) or value.get("th") or value.get("en") or ""


def changes(snapshot, previous) -> dict:
    """What changed since ``previous`` (or ``None``): scores and statuses."""
    if previous is None:
        return {"previous": None, "items": [], "score_delta": None}
    old_items = {entry["code"]: entry for entry in previous.data.get("items", [])}
    rows = []
    for entry in snapshot.data.get("items", []):
        old = old_items.get(entry["code"])
        if old is None:
            continue
        delta = entry["score"] - old["score"]
        if delta or entry["status"] != old["status"]:
            rows.append(
                {
                    "code": entry["code"],
                    "title": entry["title"],
                    "old_status": old["status"],
                    "status": entry["status"],
                    # For the status words (complaints overdue, say).
                    "old_reasons": old.get("reasons", []),
                    "reasons": entry.get("reasons", []),
                    "old_score": old["score"],
                    "score": entry["score"],
                    "delta": delta,
                    "fixed": entry["status"] == STATUS_OK
                    and old["status"] != STATUS_OK,
                    "broken": entry["status"] != STATUS_OK
                    and old["status"] == STATUS_OK,
                }
            )
    return {
        "previous": previous,
        "items": rows,
        "score_delta": round(float(snapshot.score) - float(previous.score), 1),
        "ok_delta": snapshot.ok_count - previous.ok_count,
        "stale_delta": snapshot.stale_count - previous.stale_count,
    }


def stale_by_unit(snapshot) -> list[tuple[str, list[dict]]]:
    grouped = OrderedDict()
    for row in sorted(
        snapshot.data.get("stale_pages", []),
        key=lambda r: (r.get("unit") or "", -(r.get("days_overdue") or 0)),
    ):
        grouped.setdefault(row.get("unit") or "", []).append(row)
    return list(grouped.items())

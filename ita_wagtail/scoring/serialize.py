"""The engine's result as plain JSON-ready data (``manage.py ita_audit``)."""

from __future__ import annotations

from .freshness import local_date


def _iso(value):
    day = local_date(value)
    return day.isoformat() if day else None


def stale_page_dict(facts) -> dict:
    return {
        "id": facts.id,
        "title": facts.title,
        "url": facts.page.get_full_url() or "",
        "days_since_update": facts.days_since_update,
        "days_overdue": facts.days_overdue,
        "due_date": facts.due_date.isoformat() if facts.due_date else None,
        "period_ok": facts.period_ok,
    }


def entry_dict(entry) -> dict:
    return {
        "code": entry.code,
        "title": str(entry.title),
        "status": entry.status,
        "score": entry.score,
        "present": entry.present,
        "complete": entry.complete,
        "current": entry.current,
        "unit": entry.unit.name if entry.unit else None,
        "last_updated": _iso(entry.last_updated),
        "reasons": [str(reason.text) for reason in entry.reasons],
        "deciding_reason": (
            str(entry.decisive_reason.text) if entry.decisive_reason else None
        ),
        "problems": [reason.as_dict() for reason in entry.reasons],
        "stale_pages": [stale_page_dict(facts) for facts in entry.stale_pages],
        "pages": [
            {
                "id": facts.id,
                "title": facts.title,
                "url": facts.page.get_full_url() or "",
            }
            for facts in entry.pages
        ],
    }


def result_dict(result) -> dict:
    items = []
    for item in result.items:
        data = entry_dict(item)
        data["parts"] = [entry_dict(part) for part in item.parts]
        items.append(data)
    return {
        "site": {
            "id": result.site.pk,
            "hostname": result.site.hostname,
            "name": result.site_name,
        },
        "as_of": result.today.isoformat(),
        "criteria_set": result.criteria_set.key,
        "criteria_set_title": result.criteria_set.title,
        "scoring": result.criteria_set.scoring,
        "pass_mark": result.criteria_set.pass_mark,
        "freshness_days": result.freshness_days,
        "score": result.score,
        "ok_count": result.ok_count,
        "item_count": result.item_count,
        "stale_count": len(result.stale_pages),
        "items": items,
    }

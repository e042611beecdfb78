"""The ITAS answer sheet: what an officer pastes into the national OIT form.

The OIT part of the ITA is answered item by item in the NACC's ITAS system:
yes or no, the URL on the agency's own website, and an explanation (usually
the click path from the home page). Assessors follow the URLs, so every row
gives the stable public address of each published page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ita_wagtail.models.base import Page
from ita_wagtail.scoring import evaluate_site
from ita_wagtail.scoring.freshness import local_date, target_for
from ita_wagtail.thai import fiscal_year, format_thai_date


@dataclass
class AnswerRow:
    code: str
    title: str
    answer: str
    urls: list[str] = field(default_factory=list)
    explanation: str = ""
    status: str = ""
    score: int = 0
    unit: str = ""


def _click_paths(site, pages) -> dict[int, str]:
    """ "หน้าแรก › ITA › …" for each page, with all titles in one query."""
    root = site.root_page
    prefixes = set()
    for page in pages:
        for depth in range(root.depth + 1, page.depth):
            prefixes.add(page.path[: depth * page.steplen])
    titles = dict(Page.objects.filter(path__in=prefixes).values_list("path", "title"))
    home = _("Home page")
    paths = {}
    for page in pages:
        steps = [str(home)]
        for depth in range(root.depth + 1, page.depth):
            steps.append(titles.get(page.path[: depth * page.steplen], "…"))
        steps.append(page.title)
        paths[page.pk] = " › ".join(steps)
    return paths


@dataclass
class _Landing:
    """A page listing an item's parts, shaped like the engine's page facts."""

    page: object

    @property
    def id(self):
        return self.page.pk

    @property
    def title(self):
        return self.page.title

    @property
    def last_touched(self):
        return self.page.last_published_at


def _landing_pages(result) -> dict:
    """{item code: the live page all its parts' pages sit under}, one query."""
    wanted = {}
    for item in result.items:
        parents = {facts.page.path[: -facts.page.steplen] for facts in item.pages}
        if item.parts and len(parents) == 1:
            wanted[item.code] = parents.pop()
    found = {
        page.path: page
        for page in Page.objects.live().filter(path__in=set(wanted.values()))
    }
    return {code: found[path] for code, path in wanted.items() if path in found}


def _evidence(entry, facts, today):
    """(URL, where on the page the evidence is) for one scored page.

    Page types say it themselves (``ita_evidence``): the procurement summary
    points at the year the item asks for, a generic page names its files.
    """
    page = facts.page
    if not hasattr(page, "ita_evidence") or entry.item is None:
        return page.get_full_url() or "", ""
    rule = entry.item.rule(entry.part)
    target = target_for(rule, today).fiscal_year or fiscal_year(today)
    url, where = page.ita_evidence(entry.item, entry.part, target)
    return url or page.get_full_url() or "", where


def answer_sheet_rows(site, result=None, language="th") -> list[AnswerRow]:
    """One row per item, and one per part of the items that have parts.

    Texts are in ``language`` (Thai by default: they go into a Thai form).
    """
    with translation.override(language):
        result = result or evaluate_site(site)
        entries = []
        for item in result.items:
            entries.append(item)
            entries.extend(item.parts)
        landing = _landing_pages(result)
        pages = [facts.page for entry in entries for facts in entry.pages]
        paths = _click_paths(site, pages + list(landing.values()))
        rows = []
        for entry in entries:
            code = entry.code.replace("/", " ")
            shown = entry.pages
            if getattr(entry, "parts", None):
                # An item with parts is answered with the page that lists them.
                page = landing.get(entry.code)
                shown = [_Landing(page)] if page is not None else []
            urls, lines = [], []
            for facts in shown:
                url, where = _evidence(entry, facts, result.today)
                urls.append(url)
                updated = local_date(facts.last_touched)
                if where:
                    lines.append(str(where))
                lines.append(
                    str(
                        format_lazy(
                            _(
                                "Published at {url} (from the home page: {path}); last updated {date}."
                            ),
                            url=url,
                            path=paths.get(facts.id, facts.title),
                            date=format_thai_date(updated) if updated else "—",
                        )
                    )
                )
            parts = getattr(entry, "parts", [])
            if parts:
                lines.append(str(_("Each part has its own row below.")))
            if not entry.present and not parts:
                lines.append(str(_("Not published on the website yet.")))
            rows.append(
                AnswerRow(
                    code=code,
                    title=str(entry.title),
                    answer=str(
                        _("Yes (published)")
                        if entry.present
                        else _("No (not published)")
                    ),
                    urls=[url for url in urls if url],
                    explanation="\n".join(lines),
                    status=str(entry.status_label),
                    score=entry.score,
                    unit=entry.unit.name if entry.unit else "",
                )
            )
        return rows


def answer_sheet_table(rows, language="th"):
    with translation.override(language):
        headers = [
            str(_("Item")),
            str(_("Title")),
            str(_("Published (yes/no)")),
            str(_("URL")),
            str(_("Explanation")),
            str(_("Status")),
            str(_("Score")),
            str(_("Responsible unit")),
        ]
    body = [
        [
            row.code,
            row.title,
            row.answer,
            "\n".join(row.urls),
            row.explanation,
            row.status,
            row.score,
            row.unit,
        ]
        for row in rows
    ]
    return headers, body

"""``manage.py ita_audit [--site] [--criteria-set KEY] [--fiscal-year YYYY]
[--format table|json] [--fail-under N]``.

The dashboard's engine on the command line, for monitoring: exit status 2
when the site score is below ``--fail-under`` (for example in a nightly job
that alerts the clerk's office), JSON for other tools. By default the site
is scored today against its set for the current fiscal year; the options
ask about another list or another year (an ended year as on its last day).
"""

import json
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Site

from ita_wagtail.criteria import CriteriaSetNotFound, get_criteria_set
from ita_wagtail.models.compliance_settings import site_criteria_set
from ita_wagtail.scoring import evaluate_site
from ita_wagtail.scoring.results import STATUS_LABELS
from ita_wagtail.scoring.serialize import result_dict
from ita_wagtail.thai import fiscal_year as fiscal_year_of
from ita_wagtail.thai import fiscal_year_bounds, today


def display_width(text) -> int:
    """Columns a string takes in a terminal: Thai vowel and tone marks take none."""
    width = 0
    for char in str(text):
        if unicodedata.combining(char) or unicodedata.category(char) in (
            "Mn",
            "Me",
            "Cf",
        ):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text, width) -> str:
    text = str(text)
    return text + " " * max(0, width - display_width(text))


def clip(text, width) -> str:
    text = str(text)
    if display_width(text) <= width:
        return text
    out = ""
    for char in text:
        if display_width(out + char + "…") > width:
            break
        out += char
    return out + "…"


class Command(BaseCommand):
    help = "Score a site against the ITA criteria (the compliance dashboard's engine)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site", help="Site id or hostname (default: the default site)."
        )
        parser.add_argument(
            "--criteria-set",
            metavar="KEY",
            help="Score against this criteria set (default: the site's set for "
            "the fiscal year).",
        )
        parser.add_argument(
            "--fiscal-year",
            type=int,
            metavar="YYYY",
            help="B.E. fiscal year to ask about (default: the current one); an "
            "ended year is scored as on its last day, a coming one as on its "
            "first.",
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument(
            "--fail-under",
            type=float,
            metavar="N",
            help="Exit with status 2 when the site score is below N.",
        )

    def handle(
        self,
        *args,
        site=None,
        format="table",
        fail_under=None,
        criteria_set=None,
        fiscal_year=None,
        **options,
    ):
        site = self._site(site)
        day = self._day(fiscal_year)
        chosen = self._criteria_set(site, criteria_set, day)
        result = evaluate_site(site, criteria_set=chosen, today=day)
        from ita_wagtail.linkcheck import broken_links_data

        broken_links = broken_links_data(site, result.criteria_set)
        if format == "json":
            data = result_dict(result)
            data["broken_links"] = broken_links
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self._table(result)
            self._broken_links(broken_links)
        if fail_under is not None and result.score < fail_under:
            raise CommandError(
                _("The site score %(score)s is below %(limit)s.")
                % {"score": result.score, "limit": f"{fail_under:g}"},
                returncode=2,
            )

    def _day(self, fiscal_year_be):
        now = today()
        if fiscal_year_be is None:
            return now
        if not 2400 < fiscal_year_be < 2800:
            raise CommandError(
                _("%(year)s is not a Buddhist-era fiscal year (for example 2569).")
                % {"year": fiscal_year_be}
            )
        start, end = fiscal_year_bounds(fiscal_year_be)
        return min(max(now, start), end)

    def _criteria_set(self, site, key, day):
        if not key:
            return site_criteria_set(site, fiscal_year_of(day))
        try:
            return get_criteria_set(key)
        except CriteriaSetNotFound as error:
            raise CommandError(str(error)) from None

    def _site(self, value):
        if not value:
            site = (
                Site.objects.filter(is_default_site=True).first()
                or Site.objects.first()
            )
            if site is None:
                raise CommandError(_("There is no site to audit."))
            return site
        lookup = {"pk": int(value)} if value.isdigit() else {"hostname": value}
        site = Site.objects.filter(**lookup).first()
        if site is None:
            raise CommandError(
                _("No site with id or hostname %(site)r.") % {"site": value}
            )
        return site

    def _table(self, result):
        write = self.stdout.write
        write(
            _("%(site)s — %(criteria)s, as of %(day)s")
            % {
                "site": result.site_name,
                "criteria": result.criteria_set.key,
                "day": result.today.isoformat(),
            }
        )
        write(
            _(
                "Site score %(score)s / 100 · %(ok)d of %(total)d items in order · %(stale)d out-of-date pages"
            )
            % {
                "score": result.score,
                "ok": result.ok_count,
                "total": result.item_count,
                "stale": len(result.stale_pages),
            }
        )
        write("")
        widths = (6, 34, 14, 6, 60)
        header = [_("Item"), _("Title"), _("Status"), _("Score"), _("What is wrong")]
        write(
            "  ".join(pad(h, w) for h, w in zip(header, widths, strict=True)).rstrip()
        )
        write("  ".join("-" * w for w in widths))
        for item in result.items:
            rows = [(item, item.code)] + [(part, "  ·") for part in item.parts]
            for entry, code in rows:
                reasons = [str(reason.text) for reason in entry.reasons] or ["—"]
                if entry is item and item.parts:
                    reasons = ["—"] if item.is_ok else [_("see the parts below")]
                cells = [
                    code,
                    clip(entry.title, widths[1]),
                    STATUS_LABELS[entry.status],
                    str(entry.score),
                    clip(reasons[0], widths[4]),
                ]
                write(
                    "  ".join(
                        pad(c, w) for c, w in zip(cells, widths, strict=True)
                    ).rstrip()
                )
                for more in reasons[1:]:
                    write(pad("", sum(widths[:4]) + 8) + clip(more, widths[4]))
        stale = result.stale_entries()
        if stale:
            write("")
            write(_("Out-of-date pages:"))
            for item, facts in stale:
                write(
                    f"  {item.code:<5} "
                    + _("%(days)s days overdue") % {"days": facts.days_overdue}
                    + f"  {facts.title}  {facts.page.get_full_url() or ''}"
                )

    def _broken_links(self, broken_links):
        if not broken_links:
            return
        self.stdout.write("")
        self.stdout.write(_("Broken links (latest link check):"))
        for link in broken_links:
            code = ",".join(link["items"]) or "—"
            self.stdout.write(
                f"  {code:<5} {link['status']:<8} {link['url']}  "
                f"[{link['page']['title']} · {link['where']}]"
            )

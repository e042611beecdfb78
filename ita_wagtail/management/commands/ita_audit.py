"""``manage.py ita_audit [--site] [--format table|json] [--fail-under N]``.

The dashboard's engine on the command line, for monitoring: exit status 2
when the site score is below ``--fail-under`` (for example in a nightly job
that alerts the clerk's office), JSON for other tools.
"""

import json
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Site

from ita_wagtail.scoring import evaluate_site
from ita_wagtail.scoring.results import STATUS_LABELS
from ita_wagtail.scoring.serialize import result_dict


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
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument(
            "--fail-under",
            type=float,
            metavar="N",
            help="Exit with status 2 when the site score is below N.",
        )

    def handle(self, *args, site=None, format="table", fail_under=None, **options):
        result = evaluate_site(self._site(site))
        if format == "json":
            self.stdout.write(
                json.dumps(result_dict(result), ensure_ascii=False, indent=2)
            )
        else:
            self._table(result)
        if fail_under is not None and result.score < fail_under:
            raise CommandError(
                _("The site score %(score)s is below %(limit)s.")
                % {"score": result.score, "limit": f"{fail_under:g}"},
                returncode=2,
            )

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

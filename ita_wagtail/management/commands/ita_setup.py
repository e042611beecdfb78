from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from ita_wagtail.criteria import (
    CriteriaSetNotFound,
    available_criteria_sets,
    get_criteria_set,
)
from ita_wagtail.models import ItaIndexPage, site_criteria_set
from ita_wagtail.models.base import Page
from ita_wagtail.setup import setup_ita_section

#: Languages the criteria sets give titles in; the ITA section is Thai first.
TITLE_LANGUAGES = ("th", "en")


class Command(BaseCommand):
    help = _(
        "Create the ITA public-disclosure section of a site: one draft page per "
        "item of the criteria set. Safe to run again: existing pages are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site", help=_("Site ID or hostname (default: the default site).")
        )
        parser.add_argument(
            "--parent",
            type=int,
            help=_(
                "ID of the page to create the section under (default: the site's root page)."
            ),
        )
        parser.add_argument(
            "--language",
            default=TITLE_LANGUAGES[0],
            help=_(
                "Language of the titles of the new pages: th (Thai, the default) "
                "or en (English), whatever LANGUAGE_CODE says."
            ),
        )
        parser.add_argument(
            "--criteria-set",
            metavar="KEY",
            help=_(
                "Key of the criteria set to build the section for, for example "
                "oit-2569 (default: the site's set for the current fiscal year)."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Show what would be created without changing anything."),
        )

    def handle(
        self,
        *args,
        site=None,
        parent=None,
        language="th",
        dry_run=False,
        criteria_set=None,
        **options,
    ):
        language = self.get_language(language)
        site = self.get_site(site)
        parent_page = self.get_parent(site, parent)
        chosen = self.get_criteria_set(site, criteria_set)
        # The titles come from the criteria set in the active language.
        with translation.override(language):
            report = setup_ita_section(
                site, parent=parent_page, dry_run=dry_run, criteria_set=chosen
            )
            self.write_report(report, dry_run)

    def write_report(self, report, dry_run):
        self.stdout.write(
            _("Criteria set: %(title)s (%(key)s)")
            % {"title": report.criteria_set.title, "key": report.criteria_set.key}
        )

        for unit in report.units_created:
            self.stdout.write(
                _("Added responsible unit: %(name)s") % {"name": unit.name}
            )
        for step in report.steps:
            indent = "  " * step.depth
            if step.created:
                line = _("%(indent)sCreated draft: %(title)s (%(type)s)")
                style = self.style.SUCCESS
            else:
                line = _("%(indent)sAlready there: %(title)s (%(type)s)")
                style = self.style.NOTICE
            self.stdout.write(
                style(
                    line
                    % {
                        "indent": indent,
                        "title": step.page.title,
                        "type": step.page._meta.verbose_name,
                    }
                )
            )
            if step.replaces is not None:
                self.stdout.write(
                    indent
                    + "  "
                    + _(
                        "Replaces “%(title)s” (%(url)s) when published, keeping its URL."
                    )
                    % {
                        "title": step.replaces.title,
                        "url": self.page_url(step.replaces, report.site),
                    }
                )
        self.stdout.write(_("Items and the pages that answer them:"))
        for answer in report.answers:
            pages = ", ".join(
                f"{page.title} ({page._meta.verbose_name}, {self.page_url(page, report.site)})"
                for page in answer.pages
            ) or _("no page")
            self.stdout.write(f"  {answer.code} {answer.title} → {pages}")
        summary = _("%(created)d pages created, %(existing)d already there.") % {
            "created": len(report.created),
            "existing": len(report.existing),
        }
        if dry_run:
            summary = _("Dry run, nothing saved: %(summary)s") % {"summary": summary}
        elif report.created:
            summary += " " + _(
                "The new pages are drafts: fill them in and publish them in the Wagtail admin."
            )
        self.stdout.write(summary)

    @staticmethod
    def page_url(page, site):
        # The path under the site's root, read from the tree: no site lookup.
        root = site.root_page.url_path
        if page.url_path.startswith(root):
            return "/" + page.url_path[len(root) :]
        return page.url_path

    def get_criteria_set(self, site, key):
        if not key:
            # The site's set for the current fiscal year.
            return site_criteria_set(site)
        try:
            return get_criteria_set(key)
        except CriteriaSetNotFound as error:
            raise CommandError(
                _("Unknown criteria set “%(key)s”. Known sets: %(known)s")
                % {"key": key, "known": ", ".join(available_criteria_sets())}
            ) from error

    def get_language(self, value):
        language = (value or "").strip().lower().replace("_", "-")
        if language.split("-")[0] not in TITLE_LANGUAGES:
            raise CommandError(
                _("Unknown language “%(value)s”: use th (Thai) or en (English).")
                % {"value": value}
            )
        return language

    def get_site(self, value):
        if value is None:
            site = (
                Site.objects.filter(is_default_site=True).first()
                or Site.objects.first()
            )
            if site is None:
                raise CommandError(
                    _("There is no site yet. Create one in the Wagtail admin first.")
                )
            return site
        lookup = {"pk": int(value)} if value.isdigit() else {"hostname": value}
        try:
            return Site.objects.get(**lookup)
        except Site.DoesNotExist:
            known = ", ".join(
                f"{site.pk}={site.hostname}" for site in Site.objects.order_by("pk")
            )
            raise CommandError(
                _("No site matches “%(value)s”. Known sites: %(known)s")
                % {"value": value, "known": known or "-"}
            ) from None
        except Site.MultipleObjectsReturned:
            raise CommandError(
                _(
                    "Several sites use the hostname “%(value)s”; give the site ID instead."
                )
                % {"value": value}
            ) from None

    def get_parent(self, site, page_id):
        if page_id is None:
            return site.root_page
        page = Page.objects.filter(pk=page_id).first()
        if page is None:
            raise CommandError(_("No page has the ID %(id)s.") % {"id": page_id})
        if not page.is_descendant_of(site.root_page) and page.pk != site.root_page_id:
            raise CommandError(
                _("Page %(id)s (%(title)s) is not part of the site %(site)s.")
                % {"id": page_id, "title": page.title, "site": site.hostname}
            )
        if not ItaIndexPage.can_create_at(page):
            raise CommandError(
                _(
                    "An ITA section cannot be created under page %(id)s (%(title)s): its page type does not allow it."
                )
                % {"id": page_id, "title": page.title}
            )
        return page

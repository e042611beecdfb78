"""Publishing a quarterly report on the website (section 7.3.2)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.permissions import page_permission_policy

from ita_wagtail.models import (
    ComplianceReportIndexPage,
    ComplianceReportPage,
    ItaIndexPage,
)
from ita_wagtail.thai import format_quarter

from .quarterly import QuarterlyReportError


def report_page_title(snapshot) -> str:
    return f"รายงานผลการกำกับติดตามการเผยแพร่ข้อมูลต่อสาธารณะ {format_quarter(snapshot.fiscal_year, snapshot.quarter)}"


class _Everything:
    """Page permissions of the command line (``manage.py``): everything."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: True


def publish_report(snapshot, user, *, check_permissions=True):
    """Create (or update) the report's page; returns (page, is_live).

    The page is published when ``user`` may publish there, otherwise saved
    as a draft for someone who may. Nothing is written when ``user`` may not
    add pages at all. ``check_permissions=False`` is for management commands.
    """

    def perms(page):
        return page.permissions_for_user(user) if check_permissions else _Everything()

    root = snapshot.site.root_page
    ita_index = (
        ItaIndexPage.objects.descendant_of(root, inclusive=True)
        .order_by("path")
        .first()
    )
    if ita_index is None:
        raise QuarterlyReportError(
            _(
                "This site has no ITA section to publish the report in; run ita_setup first."
            )
        )
    with transaction.atomic():
        index = ComplianceReportIndexPage.objects.child_of(ita_index).first()
        if index is None:
            if not perms(ita_index).can_add_subpage():
                raise QuarterlyReportError(
                    _("You may not add pages to the ITA section.")
                )
            # Page titles are site content: in the site's language, not the
            # language of whoever pressed the button.
            with translation.override(settings.LANGUAGE_CODE):
                title = str(ComplianceReportIndexPage.ita_default_title())
            index = ComplianceReportIndexPage(
                title=title,
                slug=ComplianceReportIndexPage.ita_slug,
            )
            ita_index.add_child(instance=index)
            revision = index.save_revision(user=user, log_action=True)
            if perms(index).can_publish():
                revision.publish(user=user)
        page = (
            ComplianceReportPage.objects.child_of(index)
            .filter(snapshot=snapshot)
            .first()
        )
        if page is None:
            # Report pages are not creatable by hand (is_creatable = False), so
            # ask for the "add" permission itself rather than can_add_subpage().
            if (
                check_permissions
                and not page_permission_policy.user_has_permission_for_instance(
                    user, "add", index
                )
            ):
                raise QuarterlyReportError(
                    _("You may not add pages under the monitoring reports.")
                )
            page = ComplianceReportPage(
                title=report_page_title(snapshot),
                slug=f"{snapshot.fiscal_year}-q{snapshot.quarter}",
                snapshot=snapshot,
            )
            index.add_child(instance=page)
        elif not perms(page).can_edit():
            raise QuarterlyReportError(_("You may not edit this report's page."))
        revision = page.save_revision(user=user, log_action=True)
        live = perms(page).can_publish()
        if live:
            revision.publish(user=user)
    page.refresh_from_db()
    return page, live

"""Links to this Wagtail site, resolved without HTTP.

A page is fine when it exists, is live, has no view restriction (the
assessor is not logged in) and has an address; a document or an image when
its row exists and its file is still in storage (a private collection is
as dead as a missing file to the assessor). A URL on one of the site's
host names (or a relative one) is resolved by Django's URL resolver and
Wagtail's page routing, routable sub-URLs included (the procurement
summary of a year, a month's records); a path that Wagtail's redirects app
sends elsewhere is reported as redirected.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Site

from ita_wagtail.models.base import Page
from ita_wagtail.models.linkcheck import LinkStatus, LinkTarget


@dataclass
class Outcome:
    status: str
    http_status: int | None = None
    final_url: str = ""
    message: str = ""


def site_hostnames() -> set[str]:
    return {
        hostname.lower() for hostname in Site.objects.values_list("hostname", flat=True)
    }


def is_internal_url(url: str, hostnames) -> bool:
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return True
    if parts.scheme not in ("http", "https"):
        return False
    return (parts.hostname or "").lower() in hostnames


class InternalResolver:
    """Checks pages, documents and images by id, and this site's URLs."""

    def __init__(self, site):
        self.site = site
        self._cache = {}

    def check(self, target, object_id=None, url=""):
        key = (target, object_id, url)
        if key not in self._cache:
            if target == LinkTarget.PAGE:
                self._cache[key] = self.check_page(object_id)
            elif target == LinkTarget.DOCUMENT:
                self._cache[key] = self.check_document(object_id)
            elif target == LinkTarget.IMAGE:
                self._cache[key] = self.check_image(object_id)
            else:
                self._cache[key] = self.check_url(url)
        return self._cache[key]

    # -- By id -----------------------------------------------------------------

    def check_page(self, page_id, page=None):
        page = page or Page.objects.filter(pk=page_id).first()
        if page is None:
            return Outcome(LinkStatus.BROKEN, 404, message=_("The page was deleted."))
        if not page.live:
            return Outcome(
                LinkStatus.BROKEN, 404, message=_("The page is not published.")
            )
        if page.get_view_restrictions().exists():
            return Outcome(
                LinkStatus.BROKEN,
                403,
                message=_("The page is private: the assessor cannot see it."),
            )
        url = page.get_full_url()
        if not url:
            return Outcome(LinkStatus.BROKEN, 404, message=_("The page is on no site."))
        return Outcome(LinkStatus.OK, 200, final_url=url)

    def check_document(self, document_id):
        document = (
            get_document_model()
            .objects.select_related("collection")
            .filter(pk=document_id)
            .first()
        )
        if document is None:
            return Outcome(
                LinkStatus.BROKEN, 404, message=_("The document was deleted.")
            )
        if not _file_exists(document.file):
            return Outcome(
                LinkStatus.BROKEN,
                404,
                final_url=document.url,
                message=_("The document's file is missing from storage."),
            )
        if document.collection.get_view_restrictions().exists():
            return Outcome(
                LinkStatus.BROKEN,
                403,
                final_url=document.url,
                message=_(
                    "The document is in a private collection: the assessor cannot open it."
                ),
            )
        return Outcome(LinkStatus.OK, 200, final_url=document.url)

    def check_image(self, image_id):
        image = get_image_model().objects.filter(pk=image_id).first()
        if image is None:
            return Outcome(LinkStatus.BROKEN, 404, message=_("The image was deleted."))
        if not _file_exists(image.file):
            return Outcome(
                LinkStatus.BROKEN,
                404,
                message=_("The image's file is missing from storage."),
            )
        return Outcome(LinkStatus.OK, 200)

    # -- By URL ------------------------------------------------------------------

    def check_url(self, url):
        parts = urlsplit(url)
        site = self.site
        if parts.hostname:
            site = (
                Site.objects.select_related("root_page")
                .filter(hostname__iexact=parts.hostname)
                .order_by("-is_default_site")
                .first()
                or site
            )
        path = unquote(parts.path or "/")
        media_url = settings.MEDIA_URL or "/media/"
        if path.startswith(media_url):
            name = path[len(media_url) :]
            if default_storage.exists(name):
                return Outcome(LinkStatus.OK, 200)
            return Outcome(
                LinkStatus.BROKEN, 404, message=_("No such file in storage.")
            )
        try:
            match = resolve(path)
        except Resolver404:
            return self._redirect_or_404(site, path)
        if match.url_name == "wagtaildocs_serve":
            # Wagtail's pattern passes (id, filename) positionally.
            args = list(match.args) + [None, None]
            outcome = self.check_document(match.kwargs.get("document_id", args[0]))
            wanted = match.kwargs.get("document_filename", args[1])
            renamed = (
                outcome.status == LinkStatus.OK
                and wanted
                and outcome.final_url
                and not outcome.final_url.rstrip("/").endswith("/" + wanted)
            )
            if renamed:
                return Outcome(
                    LinkStatus.BROKEN,
                    404,
                    final_url=outcome.final_url,
                    message=_(
                        "The document's file was replaced under another "
                        "name: this address no longer opens it."
                    ),
                )
            return outcome
        if match.url_name == "wagtail_serve":
            return self._route(site, path)
        return Outcome(LinkStatus.OK, 200)

    def _route(self, site, path):
        from wagtail.coreutils import get_dummy_request

        components = [component for component in path.split("/") if component]
        request = get_dummy_request(site=site)
        try:
            root = site.root_page.localized.specific
            found = root.route(request, components)
        except Http404:
            return self._redirect_or_404(site, path)
        page = found.page if hasattr(found, "page") else found[0]
        outcome = self.check_page(page.pk, page=page)
        if outcome.status == LinkStatus.OK:
            outcome.final_url = ""
        return outcome

    def _redirect_or_404(self, site, path):
        if apps.is_installed("wagtail.contrib.redirects"):
            from wagtail.contrib.redirects.models import Redirect

            redirect = (
                Redirect.get_for_site(site)
                .filter(old_path=Redirect.normalise_path(path))
                .select_related("redirect_page")
                .first()
            )
            if redirect is not None:
                target = redirect.link
                if redirect.redirect_page_id:
                    outcome = self.check_page(
                        redirect.redirect_page_id, page=redirect.redirect_page
                    )
                    if outcome.status != LinkStatus.OK:
                        return outcome
                return Outcome(
                    LinkStatus.REDIRECTED,
                    301 if redirect.is_permanent else 302,
                    final_url=target or "",
                    message=_("Sent on by a redirect of this site."),
                )
        return Outcome(
            LinkStatus.BROKEN, 404, message=_("No page of this site has this address.")
        )


def _file_exists(file) -> bool:
    if not file or not file.name:
        return False
    try:
        return file.storage.exists(file.name)
    except Exception:  # noqa: BLE001 - a storage that cannot answer: unknown
        return False

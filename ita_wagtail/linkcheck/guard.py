"""Keeping the addresses given to the assessor.

The URLs of the current ITAS answer sheet (:mod:`ita_wagtail.reports.
answer_sheet`) are what the assessor follows. Before an editor publishes a
new slug for, moves or unpublishes a page whose address (or an address
under it) is on the sheet, the admin says so, naming the addresses, and
lets them go on:

* publishing a slug change and unpublishing: a confirmation screen comes
  between the button and the change (the form is sent again unchanged with
  a confirmation field);
* moving: Wagtail already asks to confirm; the warning is shown there.

Redirects (when ``wagtail.contrib.redirects`` is installed and
``WAGTAILREDIRECTS_AUTO_CREATE`` is not switched off): Wagtail itself
creates them from the old addresses when a slug changes or a page moves,
sub-pages and routable sub-URLs included. What it does not do is handled
here: a page unpublished while another live page of the site answers the
same item (the page that replaces it, or a newer one of the same kind under
the same parent) gets a permanent redirect from its old address to that
page, once the transaction is committed and only if nothing else is served
at the old address by then.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ita_wagtail.models.base import Page

CONFIRM_FIELD = "ita_address_change_confirmed"


def answer_sheet_urls(site) -> list[str]:
    from ita_wagtail.reports.answer_sheet import answer_sheet_rows
    from ita_wagtail.scoring.cache import cached_evaluate_site

    urls = []
    for row in answer_sheet_rows(site, result=cached_evaluate_site(site)):
        for url in row.urls:
            if url not in urls:
                urls.append(url)
    return urls


def given_urls(page, include_descendants=True) -> list[str]:
    """Addresses on the site's answer sheet at ``page``'s live address or
    under it (without the ones of its live sub-pages unless asked)."""
    from wagtail.models import Site

    page = Page.objects.filter(pk=page.pk).first()
    if page is None or not page.live:
        return []
    if Site.objects.filter(root_page=page).exists():
        return []  # a site's root: its slug is in no address
    site = page.get_site()
    page_url = page.get_full_url()
    if site is None or not page_url:
        return []
    page_url = page_url if page_url.endswith("/") else page_url + "/"
    found = [
        url
        for url in answer_sheet_urls(site)
        if url == page_url.rstrip("/") or url.startswith(page_url)
    ]
    if include_descendants or not found:
        return found
    below = [
        page_url + child.url_path[len(page.url_path) :]
        for child in Page.objects.descendant_of(page).live().only("url_path")
    ]
    return [url for url in found if not any(url.startswith(b) for b in below)]


def _redirects_on() -> bool:
    return apps.is_installed("wagtail.contrib.redirects") and getattr(
        settings, "WAGTAILREDIRECTS_AUTO_CREATE", True
    )


def _confirmation(request, page, urls, action_text, go_on_text):
    return TemplateResponse(
        request,
        "ita_wagtail/admin/compliance/address_change_confirm.html",
        {
            "page": page,
            "urls": urls,
            "action_text": action_text,
            "go_on_text": go_on_text,
            "fields": [
                (name, value)
                for name, values in request.POST.lists()
                for value in values
                if name != "csrfmiddlewaretoken"
            ],
            "confirm_field": CONFIRM_FIELD,
            "redirects": _redirects_on(),
            "replacement": replacement_for(page),
        },
    )


def _confirmed(request) -> bool:
    return request.POST.get(CONFIRM_FIELD) == "1" or bool(request.FILES)


# -- The hooks (registered in ita_wagtail.wagtail_hooks) -----------------------


def before_edit_page(request, page):
    """Publishing a new slug of a page whose address the assessor holds."""
    if request.method != "POST" or _confirmed(request):
        return None
    if "action-publish" not in request.POST:
        return None
    new_slug = request.POST.get("slug")
    live = Page.objects.filter(pk=page.pk).only("slug", "live").first()
    if not new_slug or live is None or not live.live or new_slug == live.slug:
        return None
    urls = given_urls(page)
    if not urls:
        return None
    return _confirmation(
        request,
        page,
        urls,
        _("You are about to change the address of this page."),
        _("Publish with the new address"),
    )


def before_unpublish_page(request, page):
    if request.method != "POST" or _confirmed(request):
        return None
    urls = given_urls(
        page, include_descendants=bool(request.POST.get("include_descendants"))
    )
    if not urls:
        return None
    return _confirmation(
        request,
        page,
        urls,
        _("You are about to unpublish this page."),
        _("Unpublish all the same"),
    )


def before_move_page(request, page, destination):
    if request.method != "GET":
        return None
    urls = given_urls(page)
    if not urls:
        return None
    from django.contrib import messages

    text = _(
        "The address %(urls)s was given to the assessor in the ITAS answer "
        "sheet. Moving the page changes it: the assessor scores what is at "
        "the address given, and a new address cannot be given later."
    ) % {"urls": ", ".join(urls)}
    if _redirects_on():
        text += " " + _("A redirect from the old address will be created.")
    messages.warning(request, text)
    return None


# -- Redirect on unpublish ------------------------------------------------------


def replacement_for(page):
    """The live page that answers for ``page`` once it is unpublished."""
    specific = page.specific
    replaced_by_id = getattr(specific, "replaced_by_id", None)
    if replaced_by_id:
        found = Page.objects.live().filter(pk=replaced_by_id).first()
        if found is not None:
            return found
    kind = getattr(specific, "ita_page_kind", "")
    if not kind:
        return None
    model = type(specific)
    candidates = model.objects.live().sibling_of(page, inclusive=False)
    if getattr(model, "ita_any_kind", False):
        candidates = candidates.filter(kind=kind)
    return candidates.order_by("-first_published_at", "-pk").first()


def redirect_on_unpublish(sender, instance, **kwargs):
    """``page_unpublished``: send the old address to the replacing page."""
    from ita_wagtail.models.mixins import DisclosurePageMixin

    if not _redirects_on() or not isinstance(instance, DisclosurePageMixin):
        return
    parts = instance.get_url_parts()
    if not parts:
        return
    site_id, _root_url, old_path = parts
    replacement = replacement_for(instance)
    if replacement is None or site_id is None or not old_path:
        return
    transaction.on_commit(
        lambda: _create_redirect(site_id, old_path, replacement.pk, instance.pk)
    )


def _create_redirect(site_id, old_path, target_id, page_id):
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import Site

    from .internal import InternalResolver

    site = Site.objects.filter(pk=site_id).first()
    target = Page.objects.live().filter(pk=target_id).first()
    if site is None or target is None:
        return
    # Something is served there again (a take-over, a re-publication).
    if InternalResolver(site).check_url(old_path).status == "ok":
        return
    Redirect.objects.update_or_create(
        old_path=Redirect.normalise_path(old_path),
        site=site,
        defaults={
            "redirect_page": target,
            "is_permanent": True,
            "automatically_created": True,
        },
    )


def connect_signals():
    from wagtail.signals import page_unpublished

    page_unpublished.connect(
        redirect_on_unpublish, dispatch_uid="ita_wagtail.linkcheck.redirect"
    )

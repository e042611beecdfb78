"""Which language the public ITA pages speak.

A municipality publishes its ITA section in its own language, and an
assessor or a citizen whose browser asks for English must not get English
headings ("Disclosure items", "Print", "Download:") around Thai content.
So on a site that is not multilingual the public pages use the site's
language (``LANGUAGE_CODE``), whatever the visitor's ``Accept-Language``
says. A multilingual site (``WAGTAIL_I18N_ENABLED``, wagtail-localize, or
URLs under ``i18n_patterns``) keeps Django's choice: there the URL or the
page's locale says which language a page is in.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.utils import translation


def site_is_multilingual() -> bool:
    """Whether the project serves pages in more than one language."""
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return True
    if apps.is_installed("wagtail_localize"):
        return True
    prefixed, _prefix_default = is_language_prefix_patterns_used(settings.ROOT_URLCONF)
    return prefixed


def public_language() -> str | None:
    """The language public ITA pages are served in; None to leave Django's choice."""
    if site_is_multilingual():
        return None
    return settings.LANGUAGE_CODE


def serve_in_public_language(page, request, serve_args=(), serve_kwargs=None):
    """The page's response, rendered in the site's language; None to leave
    the serving to Wagtail (a multilingual site).

    The response is rendered here, inside the language, because Django
    renders a ``TemplateResponse`` only after the view has returned; the
    language the request had is restored afterwards.
    """
    language = public_language()
    if language is None:
        return None
    serve = _serve_chain()
    with translation.override(language):
        response = serve(page, request, tuple(serve_args), dict(serve_kwargs or {}))
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
    response.headers.setdefault("Content-Language", language)
    return response


def _serve_chain():
    """``page.serve`` wrapped in the ``on_serve_page`` hooks, as Wagtail's own
    ``serve`` view does (Wagtail versions without that hook have none)."""
    from wagtail import hooks

    def serve(page, request, args, kwargs):
        return page.serve(request, *args, **kwargs)

    for wrapper in reversed(hooks.get_hooks("on_serve_page")):
        serve = wrapper(serve)
    return serve


@contextmanager
def in_public_language():
    """Render something (a preview) in the public pages' language."""
    language = public_language()
    if language is None:
        yield
        return
    with translation.override(language):
        yield

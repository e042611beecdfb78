"""A CSRF failure page a citizen can act on, instead of Django's technical 403.

Set ``CSRF_FAILURE_VIEW = "ita_wagtail.views.csrf.csrf_failure"`` in the
site's settings. The page stands alone (it does not extend the site's base
template), so it renders whatever went wrong with the request.
"""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    referer = request.META.get("HTTP_REFERER", "")
    same_site = referer.startswith(request.build_absolute_uri("/"))
    return render(
        request,
        "ita_wagtail/csrf_failure.html",
        {"back_url": referer if same_site else "/"},
        status=403,
    )

"""The example site's URLs plus uploaded media, served whatever ``DEBUG`` says.

``django.conf.urls.static.static()`` gives nothing when ``DEBUG`` is off, and
the live server runs with the suite's ``DEBUG = False``; ``MEDIA_ROOT`` is read
per request because the e2e fixtures point it at a temporary folder.
"""

import re

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from example_site.urls import urlpatterns as site_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", media),
    *site_urlpatterns,
]

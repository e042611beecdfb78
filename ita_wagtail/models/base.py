"""The base page model every ITA page type is built on.

Wagtail 8 lets a site swap its base ``Page`` (``WAGTAIL_PAGE_MODEL``); our
concrete pages must inherit from whatever the site uses, so it is loaded
through swapper rather than imported from ``wagtail.models``. On Wagtail 7.4
swapper finds no setting and returns ``wagtailcore.Page``.
"""

import swapper
from wagtail import models as wagtail_models  # noqa: F401  (registers wagtailcore.Page)

swapper.set_app_prefix("wagtailcore", "wagtail")

Page = swapper.load_model("wagtailcore", "Page", require_ready=False)
PAGE_MODEL_NAME = swapper.get_model_name("wagtailcore", "Page")

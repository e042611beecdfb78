"""Documents attached to a page in an orderable list, and their file types.

The OIT asks some items as files of given formats (PDF and Excel), so the
pages that list documents report the formats they publish from here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.documents import get_document_model_string
from wagtail.models import Orderable


def document_extension(document) -> str:
    """``"pdf"`` for ``รายงาน.PDF``; empty when the document has no file."""
    try:
        return (document.file_extension or "").lower()
    except (AttributeError, ValueError):
        return ""


class AttachedDocument(Orderable):
    """A titled Wagtail document in a page's list (an orderable inline)."""

    title = models.CharField(
        pgettext_lazy("attached document", "title"), max_length=255
    )
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("title"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return self.title

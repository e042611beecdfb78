from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The demo municipality's home page."""

    welcome = models.CharField(max_length=255, blank=True)
    body = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("welcome"), FieldPanel("body")]

    def get_context(self, request, *args, **kwargs):
        from ita_wagtail.models import ItaIndexPage, NewsPage

        context = super().get_context(request, *args, **kwargs)
        context["ita_index"] = ItaIndexPage.objects.live().descendant_of(self).first()
        context["latest_news"] = (
            NewsPage.objects.live().descendant_of(self).order_by("-date")[:3]
        )
        return context

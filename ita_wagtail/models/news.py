"""Item 5.2, public-relations news."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from ita_wagtail import blocks

from .base import Page
from .completeness import Check
from .mixins import DisclosurePageMixin, ItaPageMixin, image_field


class NewsIndexPageMixin(DisclosurePageMixin):
    ita_kind = "news"
    ita_slug = "news"

    intro = models.TextField(_("introduction"), blank=True)
    per_page = 12

    ita_content_panels = [FieldPanel("intro"), *DisclosurePageMixin.disclosure_panels]

    class Meta:
        abstract = True

    def news_items(self):
        return (
            NewsPage.objects.live()
            .child_of(self)
            .select_related("image")
            .order_by("-date", "-first_published_at")
        )

    @property
    def ita_last_updated(self):
        # News is current when news is published, not when this list is.
        if "ita_latest_news_at" in self.__dict__:
            latest = self.ita_latest_news_at
        else:
            latest = (
                NewsPage.objects.live()
                .child_of(self)
                .order_by("-last_published_at")
                .values_list("last_published_at", flat=True)
                .first()
            )
        candidates = [d for d in (latest, self.last_published_at) if d]
        return max(candidates) if candidates else None

    @classmethod
    def ita_prepare_scoring(cls, pages):
        # One grouped query for the articles under every index, instead of a
        # correlated subquery per index that no database can serve from an
        # index (path LIKE parent_path || '%').
        from functools import reduce
        from operator import or_

        from django.db.models import Count, F, Max, Q
        from django.db.models.functions import Substr

        pages = list(pages)
        if not pages:
            return
        steplen = pages[0].steplen
        condition = reduce(
            or_, (Q(path__startswith=page.path, depth=page.depth + 1) for page in pages)
        )
        rows = (
            NewsPage.objects.live()
            .filter(condition)
            .annotate(parent_path=Substr("path", 1, (F("depth") - 1) * steplen))
            .values("parent_path")
            .annotate(latest=Max("last_published_at"), count=Count("pk"))
            .order_by()
        )
        found = {row["parent_path"]: row for row in rows}
        for page in pages:
            row = found.get(page.path, {})
            page.ita_latest_news_at = row.get("latest")
            page.ita_live_news_count = row.get("count", 0)

    def ita_completeness_checks(self, today=None):
        if "ita_live_news_count" in self.__dict__:
            count = self.ita_live_news_count
        else:
            count = NewsPage.objects.live().child_of(self).count()
        return [Check(_("at least one published news article"), count > 0)]

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.news_items(), self.per_page)
        context["news_page"] = paginator.get_page(request.GET.get("page"))
        return context


class NewsIndexPage(NewsIndexPageMixin, Page):
    content_panels = Page.content_panels + NewsIndexPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = ["ita_wagtail.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index (5.2)")
        verbose_name_plural = _("news indexes (5.2)")


class NewsPageMixin(ItaPageMixin):
    date = models.DateField(_("news date"), default=timezone.localdate)
    intro = models.TextField(_("summary"), max_length=500, blank=True)
    image = image_field(_("main image"))
    body = StreamField(blocks.BODY_BLOCKS, verbose_name=_("body"), blank=True)

    ita_content_panels = [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields_extra = [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        abstract = True


class NewsPage(NewsPageMixin, Page):
    content_panels = Page.content_panels + NewsPageMixin.ita_content_panels
    search_fields = Page.search_fields + NewsPageMixin.search_fields_extra
    parent_page_types = ["ita_wagtail.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        ordering = ["-date"]

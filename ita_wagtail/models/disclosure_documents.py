"""The generic disclosure documents page: any item no structured page serves.

A criteria set may ask for things no page type of the app models yet (an
E-Service, an HR plan, a No Gift declaration...). One page type answers all
of them: the editor picks the item (its *kind*), and the page shows what the
set says the item asks, a statement, the fiscal year and the documents, or
a declared absence where the item allows one.

When a structured page type for the kind arrives later, ``ita_setup``
creates it as a draft beside the generic page and records it in
``replaced_by``; its first publication takes over the generic page's URL
(:func:`take_over_on_first_publish`), because the assessor holds that URL.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, Panel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.log_actions import log
from wagtail.models import Orderable, Site
from wagtail.signals import page_published

from ita_wagtail.criteria import available_criteria_sets

from .base import PAGE_MODEL_NAME, Page
from .completeness import Check, rich_text_filled
from .documents import document_extension
from .index import disclosure_page_models, structured_kinds
from .mixins import DisclosurePageMixin, fiscal_year_field

#: Log actions of the take-over, in each page's history.
REPLACED_LOG_ACTION = "ita_wagtail.replaced_by_structured_page"
TOOK_OVER_LOG_ACTION = "ita_wagtail.took_over_generic_page"

#: Year rules under which the page must say which fiscal year it is about.
PERIODS_NEEDING_FISCAL_YEAR = ("fiscal_year", "month")


# -- The criteria set and the kinds it declares ------------------------------


def criteria_set_for_page(page, parent_page=None):
    """The criteria set a generic page answers to: its site's set for the
    page's fiscal year (a new page's site is its parent's)."""
    from .compliance_settings import site_criteria_set

    anchor = page if page.pk else parent_page
    site = anchor.get_site() if anchor is not None else None
    return site_criteria_set(site, page.fiscal_year)


def criteria_for(criteria_set, kind):
    """Every (item, part or None) of ``criteria_set`` that ``kind`` answers."""
    if not kind:
        return ()
    return tuple(criteria_set.criteria_for_kind(kind))


def structured_page_models():
    """Page models that serve one kind of their own (``ita_kind``)."""
    return [
        model
        for model in disclosure_page_models()
        if not getattr(model, "ita_any_kind", False)
    ]


def unserved_kinds(criteria_set):
    """The kinds of ``criteria_set`` no structured page type serves, in set order."""
    served = structured_kinds()
    return [kind for kind in criteria_set.kinds() if kind not in served]


def newest_set_declaring(kind):
    """The loaded set with the latest fiscal year that declares ``kind``."""
    declaring = [
        criteria_set
        for criteria_set in available_criteria_sets().values()
        if criteria_for(criteria_set, kind)
    ]
    return max(declaring, key=lambda s: s.fiscal_year, default=None)


def known_kinds():
    """Every kind of every loaded criteria set: the values a page may hold."""
    kinds = set()
    for criteria_set in available_criteria_sets().values():
        kinds.update(criteria_set.kinds())
    return kinds


def kind_title(criteria_set, kind):
    """The set's title for the item (or part) ``kind`` answers."""
    found = criteria_for(criteria_set, kind)
    if not found:
        return ""
    item, part = found[0]
    return (part or item).title


def kind_label(criteria_set, kind):
    """ "O10 E-Service": the item's code and the set's title for it."""
    found = criteria_for(criteria_set, kind)
    if not found:
        return kind
    item, part = found[0]
    if part is not None:
        return f"{item.code} {item.title} – {part.title}"
    return f"{item.code} {item.title}"


def kind_choices(criteria_set, current=""):
    """Choices of the admin's item field: the set's unserved kinds."""
    kinds = unserved_kinds(criteria_set)
    if current and current not in kinds:
        kinds.append(current)
    return [(kind, kind_label(criteria_set, kind)) for kind in kinds]


def kind_slug(kind):
    """An ASCII slug for a kind: ``e_service`` → ``e-service``."""
    return re.sub(r"[^a-z0-9]+", "-", kind.lower()).strip("-") or "item"


def initial_fiscal_year(criteria_set, kind, today=None):
    """The fiscal year a new page for ``kind`` is about, where its rule names
    one (the current year, or the previous one for reports); else ``None``."""
    from ita_wagtail.thai import fiscal_year
    from ita_wagtail.thai import today as thai_today

    for item, part in criteria_for(criteria_set, kind):
        rule = item.rule(part)
        if rule.period in PERIODS_NEEDING_FISCAL_YEAR:
            return fiscal_year(today or thai_today()) + rule.fiscal_year_offset
    return None


# -- The admin ---------------------------------------------------------------


class DisclosureDocumentsPageForm(WagtailAdminPageForm):
    """Offers, as the item, the kinds of the site's set no page type serves."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        if "kind" not in self.fields:
            return
        criteria_set = criteria_set_for_page(self.instance, parent_page)
        choices = kind_choices(criteria_set, current=self.instance.kind)
        # A Select over the CharField: the model's clean() accepts the kinds
        # of every loaded set, so a page of an older set stays editable.
        self.fields["kind"].widget = forms.Select(choices=[("", "---------")] + choices)
        if not self.instance.none_text and self.instance.kind:
            default = self.instance.default_none_text()
            if default and not self.initial.get("none_text"):
                self.initial["none_text"] = default


class ReplacementPanel(Panel):
    """ "To be replaced by … when published": a pending take-over, on top."""

    class BoundPanel(Panel.BoundPanel):
        def is_shown(self):
            return bool(getattr(self.instance, "replaced_by_id", None))

        def render_html(self, parent_context=None):
            page = self.instance
            replacement = page.replaced_by
            if replacement is None:
                return ""
            from django.urls import reverse

            url = reverse("wagtailadmin_pages:edit", args=[replacement.pk])
            if page.taken_over_at:
                text = gettext("Replaced by “%(title)s” on publication.")
            else:
                text = gettext("To be replaced by “%(title)s” when it is published.")
            return format_html(
                '<div class="help-block help-info"><p><a href="{}">{}</a></p></div>',
                url,
                text % {"title": replacement.get_admin_display_title()},
            )


# -- The page ----------------------------------------------------------------


class DisclosureDocumentsPageMixin(DisclosurePageMixin):
    ita_kind = ""
    ita_any_kind = True

    kind = models.CharField(
        _("ITA item"),
        max_length=100,
        help_text=_(
            "The item of the criteria set this page answers. Only items no "
            "other page type serves are offered."
        ),
    )
    fiscal_year = fiscal_year_field(null=True, blank=True)
    statement = RichTextField(
        pgettext_lazy("disclosure documents", "statement"),
        blank=True,
        help_text=_("What the municipality has done or publishes for this item."),
    )
    none_declared = models.BooleanField(
        _("nothing to publish for this period"),
        default=False,
        help_text=_(
            "Tick only where the item allows it, for example no complaints this year."
        ),
    )
    none_text = models.CharField(
        _("text of the declaration"),
        max_length=500,
        blank=True,
        help_text=_("Left empty, the wording of the criteria set is used."),
    )
    replaced_by = models.ForeignKey(
        PAGE_MODEL_NAME,
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    taken_over_at = models.DateTimeField(
        _("replaced on"), null=True, blank=True, editable=False
    )

    ita_content_panels = [
        ReplacementPanel(),
        FieldPanel("kind"),
        FieldPanel("fiscal_year"),
        FieldPanel("statement"),
        InlinePanel("documents", heading=_("Documents"), label=_("Document")),
        MultiFieldPanel(
            [FieldPanel("none_declared"), FieldPanel("none_text")],
            heading=_("Nothing to publish"),
        ),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    # -- Which item the page answers --

    def ita_criteria_set(self):
        """The site's set for the page's fiscal year; where that set does not
        declare the page's kind (a page kept from another year's list), the
        newest loaded set that does, so the page still says what it answers.

        Looked up once per page object: the rendering, the admin and the
        checks ask several times; ``ita_prepare_scoring`` sets it for a batch.
        """
        cached = self.__dict__.get("_ita_criteria_set")
        if cached is None:
            cached = criteria_set_for_page(self)
            if self.kind and not criteria_for(cached, self.kind):
                cached = newest_set_declaring(self.kind) or cached
            self.__dict__["_ita_criteria_set"] = cached
        return cached

    @property
    def ita_item_title(self):
        return kind_title(self.ita_criteria_set(), self.kind)

    @property
    def ita_elements(self):
        """What the item asks, one element a line (the set's ``elements``)."""
        elements = []
        for item, part in self.ita_criteria():
            for element in (part.elements if part else ()) or item.elements:
                if element not in elements:
                    elements.append(element)
        return elements

    @property
    def ita_description(self):
        item = self.ita_item
        return item.description if item is not None else ""

    def ita_allows_none(self):
        return any(item.allows_none_for(part) for item, part in self.ita_criteria())

    def default_none_text(self):
        for item, part in self.ita_criteria():
            text = item.none_text_for(part)
            if text:
                return text
        return ""

    @property
    def none_statement(self):
        return (
            self.none_text
            or self.default_none_text()
            or gettext("There was nothing to publish for this period.")
        )

    def _ita_needs_fiscal_year(self):
        for item, part in self.ita_criteria():
            if item.rule(part).period in PERIODS_NEEDING_FISCAL_YEAR:
                return True
        return False

    # -- Validation --

    def clean(self):
        super().clean()
        errors = {}
        if self.kind and self.kind not in known_kinds():
            errors["kind"] = _(
                "“%(kind)s” is not an item of any criteria set: choose one from the list."
            ) % {"kind": self.kind}
        elif self.none_declared and not self.ita_allows_none():
            errors["none_declared"] = _(
                "This item does not accept “nothing to publish”: publish the "
                "statement or the documents it asks for."
            )
        if errors:
            raise ValidationError(errors)
        if self.none_declared and not self.none_text:
            self.none_text = self.default_none_text()

    # -- Hooks the scoring engine and the answer sheet call --

    def ita_period(self):
        return (self.fiscal_year, None)

    @classmethod
    def ita_prepare_scoring(cls, pages):
        # Two queries whatever the number of pages, sites and fiscal years:
        # the sites (found from Wagtail's cached site roots, not one
        # get_site() query per page) and their chosen lists.
        from wagtail.models import Site

        from .compliance_settings import site_criteria_sets

        by_site_id = {}
        for page in pages:
            parts = page.get_url_parts()
            by_site_id.setdefault(parts[0] if parts else None, []).append(page)
        sites = Site.objects.in_bulk([pk for pk in by_site_id if pk is not None])
        for site_id, site_pages in by_site_id.items():
            years = [page.fiscal_year for page in site_pages]
            sets = site_criteria_sets(sites.get(site_id), years)
            for page in site_pages:
                chosen = sets[page.fiscal_year]
                if page.kind and not criteria_for(chosen, page.kind):
                    chosen = newest_set_declaring(page.kind) or chosen
                page.__dict__["_ita_criteria_set"] = chosen

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        return queryset.prefetch_related(
            models.Prefetch(
                "documents",
                queryset=DisclosureDocument.objects.select_related("document"),
            )
        )

    def ita_published_formats(self, fiscal_year=None):
        extensions = (document_extension(row.document) for row in self.documents.all())
        return {extension for extension in extensions if extension}

    def ita_declares_none(self):
        return bool(self.none_declared)

    def ita_evidence(self, item, part, target_fiscal_year):
        url = self.full_url or ""
        titles = [entry.display_title for entry in self.documents.all()]
        if titles:
            text = gettext("Page “%(title)s”, documents: %(documents)s") % {
                "title": self.title,
                "documents": ", ".join(f"“{title}”" for title in titles),
            }
        elif self.none_declared:
            text = gettext("Page “%(title)s”, which states: %(statement)s") % {
                "title": self.title,
                "statement": self.none_statement,
            }
        else:
            text = gettext("Page “%(title)s”, its statement") % {"title": self.title}
        if self.fiscal_year:
            text += " " + gettext("(fiscal year %(year)s)") % {"year": self.fiscal_year}
        return url, text

    def ita_completeness_checks(self, today=None):
        documents = list(self.documents.all())
        checks = [
            Check(
                _("a statement or at least one document, or “nothing to publish”"),
                bool(documents)
                or rich_text_filled(self.statement)
                or bool(self.none_declared),
            )
        ]
        if self._ita_needs_fiscal_year():
            checks.append(
                Check(_("the fiscal year it is about"), self.fiscal_year is not None)
            )
        return checks

    # -- Revisions keep the take-over record --

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        # Set by ita_setup and the take-over, never by an editor's revision.
        obj.replaced_by_id = self.replaced_by_id
        obj.taken_over_at = self.taken_over_at
        return obj

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["documents"] = list(
            self.documents.select_related("document").order_by("sort_order")
        )
        return context


class DisclosureDocumentsPage(DisclosureDocumentsPageMixin, Page):
    content_panels = (
        Page.content_panels + DisclosureDocumentsPageMixin.ita_content_panels
    )
    base_form_class = DisclosureDocumentsPageForm
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("disclosure documents page")
        verbose_name_plural = _("disclosure documents pages")


class DisclosureDocument(Orderable):
    page = ParentalKey(
        "ita_wagtail.DisclosureDocumentsPage",
        on_delete=models.CASCADE,
        related_name="documents",
    )
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        pgettext_lazy("disclosure documents", "title"),
        max_length=255,
        blank=True,
        help_text=_("Left empty, the document's own title is shown."),
    )
    description = models.TextField(
        pgettext_lazy("disclosure documents", "description"), blank=True
    )

    panels = [FieldPanel("document"), FieldPanel("title"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("disclosure document")
        verbose_name_plural = _("disclosure documents")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or (self.document.title if self.document_id else "")


# -- The take-over -------------------------------------------------------------


def _free_sibling_slug(page, wanted):
    parent = page.get_parent()
    siblings = set(
        Page.objects.child_of(parent).exclude(pk=page.pk).values_list("slug", flat=True)
    )
    slug, number = wanted, 2
    while slug in siblings:
        slug = f"{wanted}-{number}"
        number += 1
    return slug


def take_over(generic, structured, user=None):
    """Give ``structured`` the URL of ``generic``, which is unpublished.

    One transaction: the generic page is unpublished and its slug moved aside
    (``<slug>-previous``), the structured page takes the original slug, and
    both get a revision with their new slug and an entry in their history.
    """
    with transaction.atomic():
        original_slug = generic.slug
        site_id, _root_url, old_path = generic.get_url_parts() or (None, None, None)
        same_parent = generic.get_parent().pk == structured.get_parent().pk
        if generic.live:
            generic.unpublish(user=user, log_action=True)
        # The slug moves aside without Page.save()'s slug-change signal, so
        # no automatic redirect sends the original URL to the retired page.
        generic.slug = _free_sibling_slug(generic, f"{original_slug}-previous")
        generic.set_url_path(generic.get_parent())
        generic.taken_over_at = timezone.now()
        Page.objects.filter(pk=generic.pk).update(
            slug=generic.slug, url_path=generic.url_path
        )
        type(generic).objects.filter(pk=generic.pk).update(
            taken_over_at=generic.taken_over_at
        )
        generic.save_revision(user=user, clean=False, changed=False)

        if same_parent:
            structured.slug = original_slug
            structured.save(clean=False)
            revision = structured.save_revision(user=user, clean=False, changed=False)
            Page.objects.filter(pk=structured.pk).update(live_revision=revision)
        else:
            _redirect(old_path, Site.objects.filter(pk=site_id).first(), structured)

        data = {
            "generic": {"id": generic.pk, "title": generic.title},
            "structured": {"id": structured.pk, "title": structured.title},
            "slug": original_slug,
        }
        log(instance=generic, action=REPLACED_LOG_ACTION, user=user, data=data)
        log(instance=structured, action=TOOK_OVER_LOG_ACTION, user=user, data=data)


def _redirect(old_path, site, structured):
    """Where the structured page lives elsewhere: a permanent redirect."""
    from django.apps import apps

    if site is None or not apps.is_installed("wagtail.contrib.redirects"):
        return
    from wagtail.contrib.redirects.models import Redirect

    Redirect.objects.update_or_create(
        old_path=Redirect.normalise_path(old_path),
        site=site,
        defaults={"redirect_page": structured, "is_permanent": True},
    )


@receiver(page_published, dispatch_uid="ita_wagtail.disclosure_documents.take_over")
def take_over_on_first_publish(sender, instance, revision=None, **kwargs):
    """A structured page that replaces a generic one takes its URL when first published."""
    if not instance.live:
        return
    pending = DisclosureDocumentsPage.objects.filter(
        replaced_by_id=instance.pk, taken_over_at__isnull=True
    ).first()
    if pending is None:
        return
    take_over(pending, instance, user=getattr(revision, "user", None))


@hooks.register("register_log_actions")
def register_take_over_log_actions(actions):
    actions.register_action(
        REPLACED_LOG_ACTION,
        _("Replaced by a structured page"),
        _("Replaced by a structured page, which took over its URL"),
    )
    actions.register_action(
        TOOK_OVER_LOG_ACTION,
        _("Took over a disclosure documents page"),
        _("Took over the URL of the disclosure documents page it replaces"),
    )

"""Finding every link of a site's ITA section.

Every live page under the site's :class:`~ita_wagtail.models.ItaIndexPage`
(the index included) gives one :class:`Link` for its own address, and one
for each document, image, page or URL its content shows: foreign keys to
documents, images and pages, rich text (``<a linktype="page">``, document
links, image embeds and plain ``href``), StreamField blocks (chooser blocks,
rich text blocks, URL blocks) and URL fields, on the page and on its inline
rows (the documents of a disclosure documents page, signed copies, ...).

StreamField content is read in its stored form, so a block whose document
was deleted still shows up (Wagtail would quietly render nothing there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.db import models
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model

from ita_wagtail.models.base import Page
from ita_wagtail.models.linkcheck import LinkTarget

#: Schemes that are not checked: nothing an assessor follows to evidence.
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:", "line:")


@dataclass
class Link:
    """One place a URL or an object of the site is shown."""

    page: object  # the specific page showing it
    field: str  # a path: "documents[2].document", "executives[1].photo"
    field_label: str
    target: str  # LinkTarget
    url: str = ""  # for LinkTarget.LINK and the page itself
    object_id: int | None = None  # for pages, documents and images by id


def ita_pages(site):
    """Live pages of the site's ITA sections (index included), specific,
    in tree order."""
    from ita_wagtail.models.index import ItaIndexPage

    indexes = ItaIndexPage.objects.descendant_of(site.root_page, inclusive=True)
    pages = Page.objects.none()
    for index in indexes:
        pages |= Page.objects.descendant_of(index, inclusive=True)
    return pages.live().specific().order_by("path")


class _RichTextLinks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []  # (target, url, object id)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            linktype = attrs.get("linktype")
            if linktype in ("page", "document"):
                self.found.append((linktype, "", _int(attrs.get("id"))))
            elif attrs.get("href"):
                self.found.append((LinkTarget.LINK, attrs["href"].strip(), None))
        elif tag == "embed" and attrs.get("embedtype") == "image":
            self.found.append((LinkTarget.IMAGE, "", _int(attrs.get("id"))))
        elif tag == "embed" and attrs.get("embedtype") == "media" and attrs.get("url"):
            self.found.append((LinkTarget.LINK, attrs["url"].strip(), None))

    handle_startendtag = handle_starttag


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def rich_text_links(html):
    """(target, url, object id) of every link and embed in stored rich text."""
    if not html:
        return []
    parser = _RichTextLinks()
    parser.feed(str(html))
    parser.close()
    return parser.found


def is_checkable_url(url: str) -> bool:
    url = (url or "").strip()
    if not url or url.startswith("#"):
        return False
    return not url.lower().startswith(SKIPPED_SCHEMES)


def _model_target(model):
    if model is None:
        return None
    if isinstance(model, str):
        from wagtail.coreutils import resolve_model_string

        model = resolve_model_string(model)
    if issubclass(model, get_document_model()):
        return LinkTarget.DOCUMENT
    if issubclass(model, get_image_model()):
        return LinkTarget.IMAGE
    if issubclass(model, Page):
        return LinkTarget.PAGE
    return None


class _Collector:
    def __init__(self, page):
        self.page = page
        self.links = []

    def add(self, field, label, target, url="", object_id=None):
        if target == LinkTarget.LINK and not is_checkable_url(url):
            return
        if target != LinkTarget.LINK and object_id is None:
            return
        self.links.append(
            Link(self.page, field, str(label), target, url=url, object_id=object_id)
        )

    # -- Model fields ---------------------------------------------------------

    def scan_object(self, obj, prefix="", label_prefix="", skip=()):
        for field in type(obj)._meta.concrete_fields:
            if field.name in skip or not field.editable:
                continue
            if getattr(field.remote_field, "parent_link", False):
                continue  # page_ptr: the page itself, already listed
            path = prefix + field.name
            label = _join(label_prefix, field.verbose_name)
            if isinstance(field, StreamField):
                raw = getattr(obj, field.attname)
                data = getattr(raw, "raw_data", raw) or []
                self.scan_block(field.stream_block, list(data), path, label_prefix)
            elif isinstance(field, RichTextField):
                self.scan_rich_text(getattr(obj, field.attname), path, label)
            elif isinstance(field, models.URLField):
                self.add(path, label, LinkTarget.LINK, url=getattr(obj, field.attname))
            elif isinstance(field, models.ForeignKey):
                target = _model_target(field.related_model)
                if target is not None:
                    self.add(path, label, target, object_id=getattr(obj, field.attname))

    def scan_rich_text(self, html, path, label):
        for target, url, object_id in rich_text_links(html):
            self.add(path, label, target, url=url, object_id=object_id)

    # -- StreamField, in its stored form -------------------------------------

    def scan_block(self, block, raw, path, label):
        if raw is None:
            return
        if isinstance(block, blocks.StreamBlock):
            for number, child in enumerate(raw, start=1):
                if not isinstance(child, dict):
                    continue
                child_block = block.child_blocks.get(child.get("type"))
                if child_block is None:
                    continue
                self.scan_block(
                    child_block,
                    child.get("value"),
                    f"{path}[{number}]",
                    _join(label, f"{child_block.label} {number}"),
                )
        elif isinstance(block, blocks.ListBlock):
            for number, child in enumerate(raw or [], start=1):
                value = (
                    child.get("value")
                    if isinstance(child, dict) and "type" in child
                    else child
                )
                self.scan_block(
                    block.child_block, value, f"{path}[{number}]", f"{label} {number}"
                )
        elif isinstance(block, blocks.StructBlock):
            if not isinstance(raw, dict):
                return
            for name, child_block in block.child_blocks.items():
                self.scan_block(
                    child_block,
                    raw.get(name),
                    f"{path}.{name}",
                    _join(label, child_block.label),
                )
        elif isinstance(block, blocks.RichTextBlock):
            self.scan_rich_text(raw, path, label)
        elif isinstance(block, blocks.URLBlock):
            self.add(path, label, LinkTarget.LINK, url=raw or "")
        elif isinstance(block, blocks.ChooserBlock):
            target = _model_target(getattr(block, "target_model", None))
            if target is not None:
                self.add(path, label, target, object_id=_int(raw))


def _join(prefix, label):
    label = str(label or "")
    return f"{prefix} › {label}" if prefix else label


def _base_page_fields():
    return {field.name for field in Page._meta.get_fields()}


def page_links(page) -> list[Link]:
    """The page's own address, then every link of its content."""
    from django.utils.translation import gettext
    from modelcluster.models import get_all_child_relations

    collector = _Collector(page)
    collector.links.append(
        Link(
            page, "", gettext("The page's address"), LinkTarget.PAGE, object_id=page.pk
        )
    )
    base = _base_page_fields()
    collector.scan_object(page, skip=base)
    for relation in get_all_child_relations(page):
        accessor = relation.get_accessor_name()
        related = relation.related_model
        parental = relation.field.name
        label = related._meta.verbose_name
        for number, row in enumerate(getattr(page, accessor).all(), start=1):
            collector.scan_object(
                row,
                prefix=f"{accessor}[{number}].",
                label_prefix=f"{label} {number}",
                skip={parental, "id", "sort_order"},
            )
    return collector.links


def collect_links(site, answer_sheet=True) -> list[Link]:
    """Every link of the site's ITA section, page by page in tree order,
    then the addresses of the ITAS answer sheet that are not a page's own
    (a year's view of the procurement summary, a routable sub-URL)."""
    links = []
    pages = list(ita_pages(site))
    for page in pages:
        links.extend(page_links(page))
    if answer_sheet and pages:
        links.extend(answer_sheet_links(site, pages))
    return links


def answer_sheet_links(site, pages) -> list[Link]:
    """The answer sheet's sub-URLs, each under the page whose address it extends."""
    from django.utils.translation import gettext

    from .guard import answer_sheet_urls

    own = {}
    for page in pages:
        url = page.get_full_url()
        if url:
            own[url if url.endswith("/") else url + "/"] = page
    links = []
    for url in answer_sheet_urls(site):
        key = url if url.endswith("/") else url + "/"
        if key in own:
            continue
        owners = [prefix for prefix in own if key.startswith(prefix)]
        if not owners:
            continue
        page = own[max(owners, key=len)]
        links.append(
            Link(
                page,
                "answer_sheet",
                gettext("Address given in the ITAS answer sheet"),
                LinkTarget.LINK,
                url=url,
            )
        )
    return links


_WHITESPACE = re.compile(r"\s+")


def clean_url(url: str) -> str:
    return _WHITESPACE.sub("%20", (url or "").strip())

"""Thousands of live pages in seconds, for query-count tests and benchmarks.

``add_child`` plus a published revision costs tens of queries per page; here
the page tree paths are computed the way treebeard does (``_get_path``) and
rows go in with bulk inserts: one batch for the base page table and one for
the page type's own table. The pages have no revisions and are not in the
search index, which neither the scoring engine nor the reports read.
"""

from __future__ import annotations

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db.models import F

from ita_wagtail.models.base import Page

BATCH = 500


def bulk_add_pages(parent, model, rows, *, published_at):
    """Insert one live page of ``model`` per dict in ``rows`` under ``parent``.

    Each dict holds ``title`` (required), optionally ``slug``, and values for
    fields of ``model``'s own table. Returns the new pages' ids in order.
    """
    parent = Page.objects.get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(model)
    last = parent.get_last_child()
    start = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    depth = parent.depth + 1
    bases, own_fields = [], []
    for offset, row in enumerate(rows):
        row = dict(row)
        position = start + offset
        title = row.pop("title")
        slug = row.pop("slug", f"{model._meta.model_name}-{position}")
        bases.append(
            Page(
                path=Page._get_path(parent.path, depth, position),
                depth=depth,
                numchild=0,
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                live=True,
                has_unpublished_changes=False,
                url_path=f"{parent.url_path}{slug}/",
                first_published_at=published_at,
                last_published_at=published_at,
                latest_revision_created_at=published_at,
                locale_id=parent.locale_id,
                translation_key=uuid.uuid4(),
            )
        )
        own_fields.append(row)
    Page.objects.bulk_create(bases, batch_size=BATCH)

    ptr = model._meta.parents.get(Page)
    if ptr is None:
        raise ValueError(f"{model.__name__} does not inherit from {Page.__name__}")
    local_fields = model._meta.local_concrete_fields
    pages = []
    for base, fields in zip(bases, own_fields, strict=True):
        page = model.__new__(model)
        page._state = base._state.__class__()
        page.__dict__.update({f.attname: f.get_default() for f in local_fields})
        page.__dict__[ptr.attname] = base.pk
        for name, value in fields.items():
            setattr(page, name, value)
        pages.append(page)
    queryset = model._base_manager.get_queryset()
    queryset._batched_insert(pages, local_fields, BATCH)

    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(bases))
    return [base.pk for base in bases]

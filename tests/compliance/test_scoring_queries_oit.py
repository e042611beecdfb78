"""A site answering the OIT list of 2569 with structured pages only: the
engine's query count does not grow with the site.

The demo municipality answers all 26 items with the page types made for them
(E-Service, HR, ethics, No Gift and its gift register, the risk register,
the anti-corruption plan, the Q&A board…); no generic page is left. Then a
thousand more pages of the 2562 measure's types and earlier years' pages of
every structured OIT type are added: the same number of queries answers the
same 26 questions.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from ita_wagtail import models as ita
from ita_wagtail.models.disclosure_documents import structured_page_models
from ita_wagtail.scoring import evaluate_site
from ita_wagtail.thai import fiscal_year, today
from tests.bulk_pages import bulk_add_pages

from .builders import T0
from .test_scoring_queries import add_history

pytestmark = pytest.mark.django_db

#: The 2569 items answered by the page types made for the OIT lists.
NEW_ITEMS = ["O3", "O10", "O13", "O14", "O15", *(f"O{n}" for n in range(19, 27))]

#: Earlier years' pages added per structured page type that records its year.
HISTORY_PER_TYPE = 20


def count_queries(site):
    evaluate_site(site)  # settings row and content types cached
    with CaptureQueriesContext(connection) as queries:
        result = evaluate_site(site)
    return len(queries), result


def structured_history(current):
    """Earlier years' pages of every structured type the section holds,
    beside the demo's own page of that type. Returns how many were added."""
    added = 0
    for model in structured_page_models():
        if "fiscal_year" not in {f.name for f in model._meta.get_fields()}:
            continue
        existing = model.objects.live().first()
        if existing is None:
            continue
        parent = existing.get_parent()
        rows = [
            {
                "title": f"{model._meta.verbose_name} {current - 2 - i % 10} ({i})",
                "fiscal_year": current - 2 - i % 10,
            }
            for i in range(HISTORY_PER_TYPE)
        ]
        added += len(bulk_add_pages(parent, model, rows, published_at=T0))
    return added


def test_structured_oit_section_same_query_count_at_ten_and_a_thousand_pages(
    django_assert_max_num_queries,
):
    call_command("ita_load_demo", stdout=StringIO())
    site = Site.objects.get(is_default_site=True)
    current = fiscal_year(today())

    small, small_result = count_queries(site)
    # 90 on SQLite: the 2562 measure's 38, about two per further kind (the
    # pages of a type, then their rows: risks, projects, gifts, figures…).
    assert small <= 95, f"{small} queries for the demo's OIT 2569 section"
    assert small_result.criteria_set.key == "oit-2569"
    assert len(small_result.items) == 26
    # Every item and part is answered by a structured page (or a register,
    # such as the procurement records), none by a generic page.
    assert not ita.DisclosureDocumentsPage.objects.exists()
    answered_by_pages = 0
    for item in small_result.items:
        for entry in item.parts or [item]:
            assert not any(
                isinstance(facts.page, ita.DisclosureDocumentsPage)
                for facts in entry.pages
            ), entry.code
            answered_by_pages += bool(entry.pages)
    assert answered_by_pages >= 30

    index = ita.ItaIndexPage.objects.get()
    add_history({ita.ItaIndexPage: index}, 1000, current=current)
    assert structured_history(current) >= 10 * HISTORY_PER_TYPE
    with django_assert_max_num_queries(small):
        large_result = evaluate_site(site)
    assert len(large_result.items) == 26
    # The earlier years' pages change no answer about this year's OIT pages.
    for code in NEW_ITEMS:
        assert large_result.item(code).score == small_result.item(code).score, code

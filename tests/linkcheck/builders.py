"""An ITA section whose content links to the test's local HTTP server."""

from datetime import date

from ita_wagtail import models as ita
from tests.compliance.builders import document, image, publish
from tests.factories import default_site, ita_section

PATHS = ("/ok", "/missing", "/error", "/slow", "/head-refused", "/loop-a", "/moved")


def build_section(base):
    """{name: object}: a published index linking to ``base`` + each of PATHS
    and to a host the tests must never reach, and an integrity declaration
    linking to a deleted document, a draft page and this site's addresses."""
    site = default_site()
    pages = ita_section(site)
    links = "".join(f'<a href="{base}{path}">{path}</a> ' for path in PATHS)
    index = publish(
        pages[ita.ItaIndexPage],
        intro=f'<p>{links}<a href="https://example.com/elsewhere">x</a> '
        '<a href="mailto:saraban@example.go.th">mail</a></p>',
    )
    gone = document("gone")
    gone_id = gone.pk
    gone.delete()
    draft = pages[ita.AnnualPlanPage]
    signed = document("signed")
    integrity = publish(
        pages[ita.IntegrityDeclarationPage],
        statement=(
            f'<p><a linktype="document" id="{gone_id}">old</a> '
            f'<a linktype="page" id="{draft.pk}">plan</a> '
            f'<a href="{index.url}">index</a> '
            '<a href="/ita/no-such-page/">nowhere</a></p>'
        ),
        signed_document=signed,
        fiscal_year=2568,
        executive_name="นายสมชาย ใจดี",
        executive_position="นายกเทศมนตรี",
        declaration_date=date(2024, 11, 15),
        executive_photo=image("mayor"),
    )
    return {
        "site": site,
        "index": index,
        "integrity": integrity,
        "draft": draft,
        "signed": signed,
        "gone_id": gone_id,
    }

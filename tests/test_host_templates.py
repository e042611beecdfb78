"""The public pages inside a host site's own base template.

A site's ``base.html`` is its own: it may have no block for stylesheets in
``<head>``, its own breadcrumb, a ``.container`` around the content. The
ITA pages must be styled and readable there all the same, and the system
checks say what the base template lacks.
"""

import re
from datetime import date

import pytest
from django.core.checks import run_checks

from ita_wagtail import models as ita
from ita_wagtail.checks import check_base_template

from .factories import ita_section
from .procurement.factories import make_procurement

pytestmark = pytest.mark.django_db

# Shaped like Wagtail's bakerydemo: only "title" and "content" blocks, a
# breadcrumb of its own and a container around the content.
HOST_BASE = """\
{% load wagtailcore_tags %}<!DOCTYPE html>
<html lang="th">
<head><meta charset="utf-8"><title>{% block title %}{% endblock %} | เทศบาลทดสอบ</title></head>
<body>
<nav class="host-breadcrumb" aria-label="Breadcrumb"><a href="/">หน้าแรก</a></nav>
<main id="main-content"><div class="container">{% block content %}{% endblock %}</div></main>
</body>
</html>
"""


@pytest.fixture
def host_templates(settings, tmp_path):
    """Adds a template folder of the host site's; returns it."""
    folder = tmp_path / "host_templates"
    folder.mkdir()
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [str(folder), *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    return folder


@pytest.fixture
def host_base(settings, host_templates):
    (host_templates / "host_base.html").write_text(HOST_BASE)
    settings.ITA_BASE_TEMPLATE = "host_base.html"


@pytest.fixture
def live_section():
    """Every page ita_setup creates, published, plus a procurement record."""
    pages = ita_section()
    for page in pages.values():
        # Live as ita_setup left them, empty: the layout is what is tested.
        page.live = True
        page.save(clean=False)
    make_procurement(
        name="จ้างก่อสร้างรางระบายน้ำ คสล.",
        announcement_date=date(2024, 11, 1),
    )
    return {model: model.objects.get(pk=page.pk) for model, page in pages.items()}


def public_urls(section):
    urls = [page.url for page in section.values()]
    register = section[ita.ProcurementIndexPage]
    record = ita.Procurement.objects.get()
    urls.append(f"{register.url}{record.pk}/")  # a record below the register
    complaints = section[ita.ComplaintPage]
    urls.append(f"{complaints.url}status/")  # a channel's own view
    return urls


def main_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    start = html.index('<main id="main-content">')
    return html[: html.index("<body")], html[start : html.index("</main>", start)]


def test_every_page_links_its_stylesheet_inside_the_content(
    client, host_base, live_section
):
    urls = public_urls(live_section)
    assert len(urls) > 20
    for url in urls:
        head, main = main_of(client, url)
        assert "ita_wagtail/css/" not in head, url
        sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)">', main)
        assert sheets, f"{url}: no stylesheet inside the content block"
        assert len(sheets) == len(set(sheets)), f"{url} links a stylesheet twice"
        assert any(
            sheet.endswith(("/ita.css", "/ita-channels.css")) for sheet in sheets
        ), (url, sheets)
    _, register = main_of(client, live_section[ita.ProcurementIndexPage].url)
    assert "ita_wagtail/css/ita-procurement.css" in register


def test_the_breadcrumb_is_shown_unless_the_site_has_its_own(
    client, settings, host_base, live_section
):
    urls = public_urls(live_section)
    for url in urls:
        _, main = main_of(client, url)
        assert 'class="ita-breadcrumb"' in main, url
    # Below a page, the page is a link and the view is the current item.
    _, status = main_of(client, urls[-1])
    complaints = live_section[ita.ComplaintPage]
    link = rf'href="[^"]*{re.escape(complaints.url_path.split("/", 2)[2])}">'
    assert re.search(link + re.escape(f"{complaints.title}</a>"), status)

    settings.ITA_SHOW_BREADCRUMB = False
    for url in urls:
        _, main = main_of(client, url)
        assert "ita-breadcrumb" not in main, url
        assert "<h1" in main, url


def test_no_warning_for_a_base_template_with_a_content_block(settings):
    settings.ITA_BASE_TEMPLATE = "base.html"
    assert check_base_template(None) == []
    assert not [
        message
        for message in run_checks(include_deployment_checks=False)
        if message.id and message.id.startswith("ita_wagtail.")
    ]


def test_warns_when_the_base_template_is_missing(settings):
    settings.ITA_BASE_TEMPLATE = "no_such_base.html"
    (warning,) = check_base_template(None)
    assert warning.id == "ita_wagtail.W001"
    assert "no_such_base.html" in warning.msg


def test_warns_when_the_base_template_has_no_content_block(settings, host_templates):
    (host_templates / "body_base.html").write_text(
        "<html><body>{% block body %}{% endblock %}</body></html>"
    )
    settings.ITA_BASE_TEMPLATE = "body_base.html"
    (warning,) = check_base_template(None)
    assert warning.id == "ita_wagtail.W002"
    assert "body_base.html" in warning.msg
    assert "{% block content %}" in warning.hint


def test_a_content_block_in_an_extended_template_counts(settings, host_templates):
    (host_templates / "layout.html").write_text(
        "<main>{% block content %}{% endblock %}</main>"
    )
    (host_templates / "site_base.html").write_text(
        '{% extends "layout.html" %}{% block title %}x{% endblock %}'
    )
    settings.ITA_BASE_TEMPLATE = "site_base.html"
    assert check_base_template(None) == []

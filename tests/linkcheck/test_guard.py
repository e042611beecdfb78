"""Addresses given to the assessor: warnings before they change, redirects."""

import pytest
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from ita_wagtail.linkcheck.guard import CONFIRM_FIELD, given_urls
from ita_wagtail.linkcheck.internal import InternalResolver
from ita_wagtail.models.base import Page

from .builders import build_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(http_server):
    return build_section(http_server.base)


@pytest.fixture
def superuser(django_user_model, client):
    user = django_user_model.objects.create_superuser("clerk", "c@example.go.th", "pw")
    client.force_login(user)
    return user


def index_form(index, slug):
    return nested_form_data(
        {
            "title": index.title,
            "slug": slug,
            "intro": rich_text("<p>ITA</p>"),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )


def test_the_answer_sheet_urls_are_found_under_a_page(built):
    urls = given_urls(built["index"])
    assert built["integrity"].get_full_url() in urls


def test_publishing_a_new_slug_warns_first_then_goes_on(
    client, superuser, built, django_capture_on_commit_callbacks
):
    index = built["index"]
    old_url = built["integrity"].get_full_url()
    edit = reverse("wagtailadmin_pages:edit", args=(index.pk,))
    response = client.post(edit, index_form(index, "ita-new"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-ita-address-warning" in html
    assert old_url in html
    assert Page.objects.get(pk=index.pk).slug == "ita"

    data = index_form(index, "ita-new")
    data[CONFIRM_FIELD] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, data)
    assert response.status_code == 302
    assert Page.objects.get(pk=index.pk).slug == "ita-new"
    # Wagtail's redirects app kept the old addresses (its own behaviour).
    assert Redirect.objects.filter(old_path="/ita").exists()
    old_path = built["integrity"].get_url_parts()[2]
    outcome = InternalResolver(built["site"]).check_url(old_path)
    assert outcome.status == "redirected"


def test_same_slug_publishes_without_a_warning(client, superuser, built):
    index = built["index"]
    edit = reverse("wagtailadmin_pages:edit", args=(index.pk,))
    response = client.post(edit, index_form(index, "ita"))
    assert response.status_code == 302


def test_unpublishing_warns_first_then_goes_on(client, superuser, built):
    integrity = built["integrity"]
    url = reverse("wagtailadmin_pages:unpublish", args=(integrity.pk,))
    response = client.post(url)
    assert response.status_code == 200
    assert integrity.get_full_url() in response.content.decode()
    assert Page.objects.get(pk=integrity.pk).live
    response = client.post(url, {CONFIRM_FIELD: "1"})
    assert response.status_code == 302
    assert not Page.objects.get(pk=integrity.pk).live


def test_moving_warns_on_the_confirmation_screen(client, superuser, built):
    integrity = built["integrity"]
    destination = built["site"].root_page
    url = reverse(
        "wagtailadmin_pages:move_confirm", args=(integrity.pk, destination.pk)
    )
    response = client.get(url)
    assert response.status_code == 200
    assert integrity.get_full_url() in response.content.decode()


def test_unpublishing_for_a_replacement_redirects_the_old_address(
    built, django_capture_on_commit_callbacks
):
    integrity = built["integrity"]
    old_path = integrity.get_url_parts()[2]
    newer = integrity.copy(
        update_attrs={"slug": "integrity-new", "title": "ประกาศเจตจำนงฯ ฉบับใหม่"},
        keep_live=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=integrity.pk).specific.unpublish()
    redirect = Redirect.objects.get(old_path=Redirect.normalise_path(old_path))
    assert redirect.redirect_page_id == newer.pk
    assert redirect.is_permanent
    outcome = InternalResolver(built["site"]).check_url(old_path)
    assert outcome.status == "redirected"


def test_no_redirect_without_a_replacement(built, django_capture_on_commit_callbacks):
    integrity = built["integrity"]
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=integrity.pk).specific.unpublish()
    assert not Redirect.objects.exists()


def test_a_site_roots_slug_is_in_no_address(built):
    assert given_urls(built["site"].root_page) == []

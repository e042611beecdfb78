"""The channel pages as ita_setup creates them, and where they may live."""

import pytest
from wagtail.models import Page

from ita_wagtail import models as ita
from ita_wagtail.setup import setup_ita_section

pytestmark = pytest.mark.django_db


def test_setup_creates_the_three_channel_drafts_with_their_content(site):
    setup_ita_section(site)
    feedback = ita.FeedbackPage.objects.get()
    complaint = ita.ComplaintPage.objects.get()
    corruption = ita.CorruptionComplaintPage.objects.get()
    for page in (feedback, complaint, corruption):
        assert not page.live
        assert len(page.handling_steps) >= 4
        assert page.get_parent().specific_class is ita.ItaIndexPage
    assert (feedback.slug, complaint.slug, corruption.slug) == (
        "feedback",
        "complaints",
        "corruption-complaints",
    )
    assert complaint.title != corruption.title
    hotlines = [block.value["detail"] for block in corruption.other_channels]
    assert "สายด่วน 1205" in hotlines and "สายด่วน 1206" in hotlines
    assert complaint.get_responsible_unit().code == "clerk_office"


def test_one_of_each_and_only_under_the_index(site):
    setup_ita_section(site)
    index = ita.ItaIndexPage.objects.get()
    for model in (ita.FeedbackPage, ita.ComplaintPage, ita.CorruptionComplaintPage):
        assert not model.can_create_at(index)  # one per index already there
        assert not model.can_create_at(site.root_page.specific)
        if model is ita.CorruptionComplaintPage:
            # Its procedure and its statistics pages sit under it.
            assert set(model.allowed_subpage_models()) == {
                ita.ComplaintProcedurePage,
                ita.ComplaintStatisticsPage,
            }
        else:
            assert model.allowed_subpage_models() == []


def test_channel_pages_render_as_drafts_in_preview(site, client, django_user_model):
    setup_ita_section(site)
    admin = django_user_model.objects.create_superuser("a", "a@example.com", "x")
    client.force_login(admin)
    page = ita.ComplaintPage.objects.get()
    response = client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert response.status_code == 200
    assert isinstance(Page.objects.get(pk=page.pk).specific, ita.ComplaintPage)

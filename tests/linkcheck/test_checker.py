"""The link checker against a local HTTP server, and this site's own links."""

import pytest

from ita_wagtail.linkcheck import run_link_check
from ita_wagtail.linkcheck.external import USER_AGENT, ExternalChecker
from ita_wagtail.models import LinkCheckResult, LinkCheckRun

from .builders import build_section


@pytest.fixture
def built(db, http_server):
    return build_section(http_server.base)


def by_url(results):
    return {result.url: result for result in results}


def test_external_links_get_their_status(built, http_server):
    report = run_link_check(built["site"])
    found = by_url(report.results)
    base = http_server.base
    assert found[f"{base}/ok"].status == "ok"
    assert found[f"{base}/missing"].status == "broken"
    assert found[f"{base}/missing"].http_status == 404
    assert found[f"{base}/error"].status == "broken"
    assert found[f"{base}/error"].http_status == 500
    assert found[f"{base}/slow"].status == "timeout"
    assert found[f"{base}/head-refused"].status == "ok"
    assert found[f"{base}/head-refused"].http_status == 200
    assert found[f"{base}/loop-a"].status == "broken"
    assert "loop" in found[f"{base}/loop-a"].message
    moved = found[f"{base}/moved"]
    assert moved.status == "redirected"
    assert moved.final_url == f"{base}/ok"
    # Where each link is, and when it was checked.
    assert moved.page_id == built["index"].pk
    assert moved.field == "intro"
    assert moved.checked_at is not None


def test_head_refused_is_asked_again_with_get(built, http_server):
    run_link_check(built["site"])
    assert ("HEAD", "/head-refused") in http_server.seen
    assert ("GET", "/head-refused") in http_server.seen
    assert ("GET", "/ok") not in http_server.seen


def test_no_other_host_is_contacted(built, http_server, no_traffic_leaves):
    checker = ExternalChecker()
    report = run_link_check(built["site"], checker=checker)
    elsewhere = by_url(report.results)["https://example.com/elsewhere"]
    assert elsewhere.status == "error"
    assert "not allowed" in elsewhere.message
    assert all(url.startswith(http_server.base) for _m, url in checker.requested)
    assert not no_traffic_leaves
    # mailto: links are not checked at all.
    assert not any(r.url.startswith("mailto:") for r in report.results)


def test_user_agent_names_the_product(built, http_server):
    checker = ExternalChecker()
    assert checker.session.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("ita-wagtail")


def test_each_host_is_asked_politely(http_server):
    waits = []
    clock = iter(range(100))
    from ita_wagtail.linkcheck.external import HostPacer

    pacer = HostPacer(2, sleep=waits.append, clock=lambda: next(clock))
    checker = ExternalChecker(pacer=pacer, allowed_hosts=["127.0.0.1"])
    checker.check(f"{http_server.base}/ok")
    checker.check(f"{http_server.base}/missing")
    assert waits and all(wait > 0 for wait in waits)


def test_internal_links_are_resolved_without_http(built, http_server):
    report = run_link_check(built["site"])
    integrity = built["integrity"]
    mine = [r for r in report.results if r.page_id == integrity.pk]
    targets = {(r.target, r.status) for r in mine}
    deleted = next(r for r in mine if r.target == "document" and r.status == "broken")
    assert "deleted" in deleted.message
    draft = next(r for r in mine if r.target == "page" and r.field == "statement")
    assert draft.status == "broken"
    assert "not published" in draft.message
    index_link = next(r for r in mine if r.url == built["index"].url)
    assert index_link.status == "ok"
    nowhere = next(r for r in mine if r.url == "/ita/no-such-page/")
    assert nowhere.status == "broken"
    assert ("document", "ok") in targets  # the signed declaration
    assert ("image", "ok") in targets  # the executive's photo
    # The page's address is listed once, not again as its page_ptr.
    own = [r for r in mine if r.target == "page" and r.url == integrity.get_full_url()]
    assert len(own) == 1 and own[0].field == ""
    # No HTTP request went to this site's own addresses.
    assert all(not path.startswith("/ita") for _m, path in http_server.seen)
    # The responsible unit of the page is kept with each result.
    assert deleted.unit == integrity.get_responsible_unit()


def test_a_document_whose_file_is_gone_is_broken(built, http_server):
    signed = built["signed"]
    signed.file.storage.delete(signed.file.name)
    report = run_link_check(built["site"], external=False)
    result = next(
        r
        for r in report.results
        if r.field == "signed_document" and r.target == "document"
    )
    assert result.status == "broken"
    assert "missing" in result.message


def test_results_are_kept_per_run_and_replaced(built, http_server):
    site = built["site"]
    first = run_link_check(site)
    second = run_link_check(site, external=False)
    assert LinkCheckRun.objects.filter(site=site).count() == 2
    assert set(LinkCheckResult.objects.values_list("run", flat=True)) == {second.run.pk}
    kept = LinkCheckResult.objects.get(url=f"{http_server.base}/missing")
    # Not checked again without --external: the last result, with its time.
    old = next(r for r in first.results if r.url == kept.url)
    assert kept.status == "broken"
    assert kept.checked_at == old.checked_at
    assert second.run.problem_count == len(second.problems)


def test_dry_run_keeps_nothing(built, http_server):
    report = run_link_check(built["site"], dry_run=True)
    assert report.results
    assert not LinkCheckResult.objects.exists()
    assert not LinkCheckRun.objects.exists()


def test_routable_sub_urls_of_ita_pages_are_resolved(built, http_server):
    from ita_wagtail import models as ita
    from tests.compliance.builders import publish

    procurement = publish(ita.ProcurementIndexPage.objects.get())
    base = procurement.url
    index = publish(
        built["index"],
        intro=(
            f'<p><a href="{base}download/2568/xlsx/">xlsx</a> '
            f'<a href="{base}ocds/">ocds</a> '
            f'<a href="{base}no-such-view/">nothing</a></p>'
        ),
    )
    report = run_link_check(built["site"], external=False)
    found = by_url(r for r in report.results if r.page_id == index.pk)
    assert found[f"{base}download/2568/xlsx/"].status == "ok"
    assert found[f"{base}ocds/"].status == "ok"
    assert found[f"{base}no-such-view/"].status == "broken"
    assert not http_server.seen


def test_stream_blocks_and_inline_document_lists_are_checked(built, http_server):
    from ita_wagtail import models as ita
    from tests.compliance.builders import document, publish

    gone = document("old-manual")
    manuals = publish(
        ita.OperatingManualsPage.objects.get(),
        manuals=[("manual", {"title": "คู่มือเก่า", "document": gone, "year": 2568})],
    )
    gone.delete()  # the block keeps the id; Wagtail would quietly show nothing

    generic = ita.DisclosureDocumentsPage(
        title="เอกสารเผยแพร่", slug="documents", kind="e_service"
    )
    built["index"].add_child(instance=generic)
    kept = document("kept")
    lost = document("lost")
    generic.documents = [
        ita.DisclosureDocument(document=kept),
        ita.DisclosureDocument(document=lost),
    ]
    generic.save_revision(clean=False).publish()
    lost.file.storage.delete(lost.file.name)

    report = run_link_check(built["site"], external=False)
    block = next(r for r in report.results if r.page_id == manuals.pk and r.field)
    assert block.field == "manuals[1].document"
    assert block.status == "broken"
    assert "deleted" in block.message
    rows = {
        r.field: r
        for r in report.results
        if r.page_id == generic.pk and r.target == "document"
    }
    assert rows["documents[1].document"].status == "ok"
    assert rows["documents[2].document"].status == "broken"
    assert rows["documents[2].document"].page_kind == "e_service"


def test_a_document_address_with_an_old_file_name_is_broken(built, http_server):
    from tests.compliance.builders import publish

    signed = built["signed"]
    good = signed.url
    old = good.replace(signed.filename, "renamed-away.pdf")
    index = publish(
        built["index"], intro=f'<p><a href="{good}">ok</a> <a href="{old}">old</a></p>'
    )
    report = run_link_check(built["site"], external=False)
    found = by_url(r for r in report.results if r.page_id == index.pk)
    assert found[good].status == "ok"
    assert found[old].status == "broken"
    assert "another name" in found[old].message

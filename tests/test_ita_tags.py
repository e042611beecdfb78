"""Tests for the ita_tags template library."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.utils import translation
from wagtail.documents import get_document_model

from ita_wagtail.templatetags import ita_tags


def render(source, **context):
    return Template("{% load ita_tags %}" + source).render(Context(context))


# --------------------------------------------------------------------------
# Through the template engine
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "context", "expected"),
    [
        ("{{ d|thai_date }}", {"d": date(2024, 7, 5)}, "5 กรกฎาคม 2567"),
        ('{{ d|thai_date:"long" }}', {"d": date(2024, 7, 5)}, "5 กรกฎาคม 2567"),
        ('{{ d|thai_date:"short" }}', {"d": date(2024, 7, 5)}, "5 ก.ค. 2567"),
        ('{{ d|thai_date:"numeric" }}', {"d": date(2024, 7, 5)}, "5/7/2567"),
        (
            "{{ d|thai_date }}",
            {"d": datetime(2024, 7, 4, 17, 30, tzinfo=UTC)},
            "5 กรกฎาคม 2567",
        ),
        (
            "{{ d|thai_datetime }}",
            {"d": datetime(2024, 7, 5, 7, 5, tzinfo=UTC)},
            "5 กรกฎาคม 2567 เวลา 14:05 น.",
        ),
        (
            "{{ d|thai_datetime }}",
            {"d": datetime(2024, 12, 31, 17, 0, tzinfo=UTC)},
            "1 มกราคม 2568 เวลา 00:00 น.",
        ),
        ("{{ a|baht }}", {"a": Decimal("1234567")}, "1,234,567.00 บาท"),
        ("{{ a|baht }}", {"a": Decimal("-1234.5")}, "-1,234.50 บาท"),
        ("{{ a|baht }}", {"a": Decimal("0.005")}, "0.01 บาท"),
        ("{{ a|baht }}", {"a": 0}, "0.00 บาท"),
        ("{{ y|be_year }}", {"y": 2024}, "2567"),
        ("{{ y|be_year }}", {"y": date(2024, 12, 31)}, "2567"),
        ("{{ y|fiscal_year_label }}", {"y": 2568}, "ปีงบประมาณ พ.ศ. 2568"),
        ("{{ v|thai_digits }}", {"v": "5/7/2567"}, "๕/๗/๒๕๖๗"),
        ("{{ v|baht|thai_digits }}", {"v": Decimal("1234.5")}, "๑,๒๓๔.๕๐ บาท"),
        (
            "{{ d|thai_date|thai_digits }}",
            {"d": date(2024, 2, 29)},
            "๒๙ กุมภาพันธ์ ๒๕๖๗",
        ),
    ],
)
def test_filters_in_templates(source, context, expected):
    assert render(source, **context) == expected


@pytest.mark.parametrize(
    "filter_expr",
    [
        "thai_date",
        'thai_date:"short"',
        "thai_datetime",
        "baht",
        "be_year",
        "fiscal_year_label",
        "thai_digits",
        "document_meta",
    ],
)
def test_every_filter_renders_none_as_empty(filter_expr):
    assert render(f"[{{{{ v|{filter_expr} }}}}]", v=None) == "[]"
    assert render(f"[{{{{ missing|{filter_expr} }}}}]") == "[]"


# --------------------------------------------------------------------------
# Filter functions directly
# --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2024-07-05", 20240705, object()])
def test_thai_date_ignores_non_dates(value):
    assert ita_tags.thai_date(value) == ""
    assert ita_tags.thai_datetime(value) == ""


def test_thai_datetime_of_plain_date_shows_the_date():
    assert ita_tags.thai_datetime(date(2024, 7, 5)) == "5 กรกฎาคม 2567"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234567.89"), "1,234,567.89 บาท"),
        (1234567, "1,234,567.00 บาท"),
        ("1,234.5", "1,234.50 บาท"),
        ("๑,๒๓๔.๕ บาท", "1,234.50 บาท"),
        (1234.5, "1,234.50 บาท"),
        (Decimal("999.995"), "1,000.00 บาท"),
        ("", ""),
        ("-", ""),
        ("ไม่ระบุ", ""),
        (Decimal("NaN"), ""),
        (True, ""),
        (object(), ""),
    ],
)
def test_baht(value, expected):
    assert ita_tags.baht(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2024, 2567),
        (2025, 2568),
        ("2024", 2567),
        (date(2024, 2, 29), 2567),
        (datetime(2024, 12, 31, 12, 0), 2567),
        # New Year's Eve 18:00 UTC is already 2568 in Bangkok.
        (datetime(2024, 12, 31, 18, 0, tzinfo=UTC), 2568),
        (datetime(2024, 12, 31, 16, 0, tzinfo=UTC), 2567),
        ("", ""),
        (None, ""),
        ("abc", ""),
        (True, ""),
    ],
)
def test_be_year(value, expected):
    assert ita_tags.be_year(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2568, "ปีงบประมาณ พ.ศ. 2568"),
        ("2567", "ปีงบประมาณ พ.ศ. 2567"),
        (None, ""),
        ("", ""),
        ("x", ""),
    ],
)
def test_fiscal_year_label(value, expected):
    assert ita_tags.fiscal_year_label(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2568, "๒๕๖๘"), ("ไตรมาสที่ 4", "ไตรมาสที่ ๔"), (None, ""), ("", "")],
)
def test_thai_digits(value, expected):
    assert ita_tags.thai_digits(value) == expected


# --------------------------------------------------------------------------
# document_meta
# --------------------------------------------------------------------------


def make_document(filename, size=None, content=None):
    """An unsaved Wagtail document; no database is needed when size is known."""
    Document = get_document_model()
    # An explicit collection id stops Wagtail looking up the root collection.
    doc = Document(title="เอกสาร", file_size=size, collection_id=1)
    if content is not None:
        doc.file.save(filename, ContentFile(content), save=False)
    else:
        # Refers to a file that storage has never held.
        doc.file.name = f"documents/{filename}"
    return doc


@pytest.mark.parametrize(
    ("filename", "size", "expected"),
    [
        ("report.pdf", int(1.2 * 1024 * 1024), "PDF, 1.2\xa0MB"),
        ("budget.xlsx", 15 * 1024, "XLSX, 15.0\xa0KB"),
        ("notice.PDF", 512, "PDF, 512\xa0bytes"),
        ("scan.Docx", 3 * 1024 * 1024 * 1024, "DOCX, 3.0\xa0GB"),
        ("archive.tar.gz", 2048, "GZ, 2.0\xa0KB"),
        ("README", 2048, "2.0\xa0KB"),
    ],
)
def test_document_meta(filename, size, expected):
    with translation.override("en"):
        assert ita_tags.document_meta(make_document(filename, size)) == expected


def test_document_meta_in_thai_keeps_the_type_first():
    with translation.override("th"):
        meta = ita_tags.document_meta(make_document("report.pdf", 1024 * 1024))
    assert meta.startswith("PDF, 1.0")
    assert meta.endswith("MB")


def test_document_meta_missing_file_gives_type_only():
    # file_size unknown and the file is gone from storage.
    doc = make_document("lost.pdf", size=None)
    assert ita_tags.document_meta(doc) == "PDF"


def test_document_meta_reads_size_from_storage(monkeypatch):
    doc = make_document("small.pdf", size=None, content=b"x" * 2048)
    # Wagtail caches the size by saving the row; keep this test off the DB.
    monkeypatch.setattr(doc, "save", lambda **kwargs: None)
    with translation.override("en"):
        assert ita_tags.document_meta(doc) == "PDF, 2.0\xa0KB"


class BrokenStorageDocument:
    file_extension = "pdf"

    def get_file_size(self):
        raise FileNotFoundError("documents/lost.pdf")


class PermissionDeniedDocument:
    file_extension = "docx"

    def get_file_size(self):
        raise PermissionError("documents/secret.docx")


class NoSizeDocument:
    file_extension = "xls"

    def get_file_size(self):
        return None


class EmptyFileDocument:
    @property
    def file_extension(self):
        raise TypeError("expected str, bytes or os.PathLike object, not NoneType")

    def get_file_size(self):
        return None


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (BrokenStorageDocument(), "PDF"),
        (PermissionDeniedDocument(), "DOCX"),
        (NoSizeDocument(), "XLS"),
        (EmptyFileDocument(), ""),
        (None, ""),
    ],
)
def test_document_meta_never_raises(doc, expected):
    assert ita_tags.document_meta(doc) == expected


def test_document_meta_in_template():
    with translation.override("en"):
        html = render(
            "{{ doc|document_meta }}", doc=make_document("report.pdf", 1024 * 1024)
        )
    assert html == "PDF, 1.0\xa0MB"

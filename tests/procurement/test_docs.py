"""The import format reference names every column the importer reads."""

from pathlib import Path

from ita_wagtail.importing.layouts import COLUMNS, LAYOUTS

DOC = Path(__file__).resolve().parents[2] / "docs" / "procurement" / "import-format.md"


def test_every_column_and_layout_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for column in COLUMNS:
        assert f"**{column.header}**" in text, column.header
    for layout in LAYOUTS:
        assert f"`{layout.key}`" in text, layout.key

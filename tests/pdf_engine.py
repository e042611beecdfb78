"""Whether the PDF tests can run: WeasyPrint needs Pango.

Without Pango the PDF tests are reported as skipped; in CI (``CI=true``)
they run and fail, so a CI machine without Pango cannot pass unnoticed.
"""

import os

import pytest

from ita_wagtail.pdf.rendering import pdf_available

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

needs_pdf_engine = pytest.mark.skipif(
    not IN_CI and not pdf_available()[0],
    reason="WeasyPrint cannot load (install libpango-1.0-0 and libpangoft2-1.0-0)",
)

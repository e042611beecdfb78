"""Sphinx configuration for the ita-wagtail documentation.

Build: ``make docs`` (``sphinx-build -W --keep-going -b html docs docs/_build/html``).
The reference tables come from the code through ``_ext/ita_registry.py``.
"""

import sys
from pathlib import Path

DOCS_DIR = Path(__file__).resolve().parent
REPO_ROOT = DOCS_DIR.parent
# The repository root for ita_wagtail and tests.settings (the extension sets
# up Django with it); _ext for the local extension itself.
sys.path[:0] = [str(REPO_ROOT), str(DOCS_DIR / "_ext")]

import ita_wagtail  # noqa: E402

project = "ita-wagtail"
author = "ita-wagtail contributors"
copyright = "ita-wagtail contributors"
release = ita_wagtail.__version__
version = ".".join(release.split(".")[:2])

# The site is in English with Thai pages (the editors' guide); Sphinx has one
# language per build, and "en" keeps its generated labels readable to
# integrators.
language = "en"

extensions = [
    "myst_parser",
    "ita_registry",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
# Lets pages link to "installation.md#settings"-style anchors of the English
# headings; Thai headings get explicit (label)= targets instead.
myst_heading_anchors = 3

html_theme = "furo"
html_title = f"ita-wagtail {release}"
html_static_path = ["_static"]
html_css_files = ["ita.css"]

"""axe-core in the browser tests: WCAG 2.0 and 2.1, levels A and AA.

axe-core comes from the npm registry, installed by ``make install`` (its
``axe`` step) into ``node_modules/`` at the top of the checkout, which git
ignores; ``ITA_AXE_CORE`` names another copy of ``axe.min.js``. Without it,
on a developer's machine, the other checks still run and the test is then
reported as skipped for want of axe-core; in CI (``CI=true``) it fails, so a
broken install never passes for a clean result.
"""

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_AXE = """
async (tags) => {
    const results = await axe.run(document, {
        runOnly: {type: "tag", values: tags},
        resultTypes: ["violations"],
    });
    return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
}
"""


def missing_message(path):
    return (
        f"axe-core not found at {path}: run `make install` (it runs "
        "`npm install --no-save --no-package-lock --prefix . axe-core@4`)"
    )


def axe_location():
    return Path(os.environ.get("ITA_AXE_CORE") or AXE_SCRIPT)


def axe_script_path():
    """The ``axe.min.js`` to inject; ``None`` when it is missing, a failure in CI."""
    path = axe_location()
    if path.is_file():
        return path
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(missing_message(path), pytrace=False)
    return None


def axe_violations(page, script_path):
    """WCAG 2.0/2.1 A and AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(script_path))
    return page.evaluate(RUN_AXE, WCAG_AA_TAGS)


def describe(violations):
    return "; ".join(
        f"{v['id']} ({v['impact']}: {v['help']}) at {', '.join(v['targets'])}"
        for v in violations
    )

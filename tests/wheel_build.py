"""Build the package's wheel the way a release is built, from a clean copy.

Shared by ``test_wheel.py`` (what the wheel holds) and ``test_install.py``
(what an integrator gets from ``pip install``).
"""

import fnmatch
import shutil
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# Left out of the copy the wheel is built from: environments, VCS, build
# leftovers, caches and uploaded media. The build never touches the tree.
EXCLUDED_NAMES = [
    ".venv*",
    ".git",
    "build",
    "dist",
    "site",
    "*.egg-info",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "test-artifacts",
    "*.sqlite3",
]
EXCLUDED_PATHS = [REPO_ROOT / "example_site" / "media"]


def _ignore(directory, names):
    ignored = set()
    for pattern in EXCLUDED_NAMES:
        ignored.update(fnmatch.filter(names, pattern))
    ignored.update(
        name for name in names if Path(directory, name).resolve() in EXCLUDED_PATHS
    )
    return ignored


def build_wheel(workdir: Path) -> Path:
    """Build ``ita_wagtail-*.whl`` from a copy of the tree; return its path."""
    source = workdir / "src"
    shutil.copytree(REPO_ROOT, source, ignore=_ignore, symlinks=True)
    outdir = workdir / "dist"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, (
        f"python -m build exited with {completed.returncode}\n"
        f"--- stdout ---\n{completed.stdout}\n--- stderr ---\n{completed.stderr}"
    )
    wheels = list(outdir.glob("ita_wagtail-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def tracked_package_modules() -> set[str]:
    """Every ``.py`` file of ``ita_wagtail/`` under version control, tests aside.

    Outside a git checkout (an unpacked sdist), every ``.py`` file on disk.
    """
    completed = subprocess.run(
        ["git", "ls-files", "-z", "--", "ita_wagtail"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    if completed.returncode == 0 and completed.stdout:
        paths = [Path(name) for name in completed.stdout.split("\0") if name]
    else:
        paths = [
            path.relative_to(REPO_ROOT)
            for path in (REPO_ROOT / "ita_wagtail").rglob("*.py")
            if "__pycache__" not in path.parts
        ]
    return {
        path.as_posix()
        for path in paths
        if path.suffix == ".py"
        and "tests" not in path.parts
        and not path.name.startswith("test_")
    }

"""Writing output when the disk is full: one error line, exit 1, and no truncated or
empty file left behind (views, the report, synthetic worlds, the demo).

The child processes may not write files beyond a size limit (RLIMIT_FSIZE): the disk is
full as the program sees it (EFBIG, "File too large"), without needing a full disk."""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ENCIRCLE = str(Path(sys.executable).with_name("encircle"))


def _run_limited(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write beyond the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([ENCIRCLE, *args], capture_output=True, text=True, preexec_fn=limit_file_size)


def _files(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in sorted(folder.rglob("*")) if p.is_file()}


def test_synth_into_a_full_disk(tmp_path: Path) -> None:
    out = tmp_path / "world"
    child = _run_limited(20_000, "synth", "--entities", "1000", "-o", str(out))

    assert (child.returncode, child.stdout) == (1, "")
    assert child.stderr in (
        f"error: cannot write {out}/entities.csv: File too large\n",
        f"error: cannot write {out}/relations.csv: File too large\n",
    )
    assert _files(out) == {}  # neither a truncated CSV nor a temporary file


def test_view_into_a_full_disk_keeps_the_old_page(demo_db: str, tmp_path: Path) -> None:
    page = tmp_path / "zhou.html"
    page.write_text("the old view\n")

    child = _run_limited(50_000, "view", "--around", "p-zhou", "--store", demo_db, "-o", str(page))

    assert (child.returncode, child.stderr) == (1, f"error: cannot write {page}: File too large\n")
    assert _files(tmp_path) == {"zhou.html": 13}


def test_report_into_a_full_disk(demo_db: str, tmp_path: Path) -> None:
    out = tmp_path / "report"
    child = _run_limited(50_000, "report", "--store", demo_db, "-o", str(out))

    assert child.returncode == 1
    assert child.stderr.startswith(f"error: cannot write {out}/") and child.stderr.endswith(": File too large\n")
    assert child.stderr.count("\n") == 1
    # Every file there is complete: written whole (views are ~40 KB with the script inlined).
    for name, size in _files(out).items():
        assert size > 0 and not name.startswith("."), name


@pytest.mark.parametrize("limit", [20_000, 200_000])
def test_demo_into_a_full_disk(tmp_path: Path, limit: int) -> None:
    out = tmp_path / "demo"
    child = _run_limited(limit, "demo", "-o", str(out))

    assert child.returncode == 1
    assert child.stderr.count("\n") == 1 and child.stderr.startswith("error: cannot ")
    assert not [name for name in _files(out) if Path(name).name.startswith(".")]

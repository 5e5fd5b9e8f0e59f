"""How the `encircle` process ends (cli/main.py `main`): without tearing its objects down,
but with the exit status, the whole output and the exit handlers of a normal exit."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from encircle.cli.main import cli
from encircle.graph.stores import open_store
from encircle.loaders import load
from encircle.loaders.demo import demo_bundle

MAIN = """
import atexit, sys
from encircle.cli.main import main
sys.argv = ["encircle", *sys.argv[1:]]
atexit.register(lambda: print("exit handler ran", file=sys.stderr))
main()
print("not reached", file=sys.stderr)
"""


def encircle(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", MAIN, *args], capture_output=True, text=True, timeout=120)


def test_success_prints_everything_and_exits_0(tmp_path: Path) -> None:
    db = tmp_path / "case.db"
    with open_store(str(db)) as store:
        load([demo_bundle()], store)
    done = encircle("detect", "--store", str(db))
    assert done.returncode == 0
    assert done.stdout == CliRunner().invoke(cli, ["detect", "--store", str(db)]).stdout  # every line, flushed
    assert done.stderr == "exit handler ran\n"


def test_an_error_exits_1_with_its_line() -> None:
    done = encircle("stats", "--store", "/nonexistent/case.db")
    assert done.returncode == 1
    assert done.stderr == "error: no store at /nonexistent/case.db; load something first\nexit handler ran\n"


def test_a_usage_error_exits_2() -> None:
    done = encircle("paths", "only-one")
    assert done.returncode == 2
    assert "Missing argument 'TARGET'" in done.stderr
    assert done.stderr.endswith("exit handler ran\n")


def test_version_exits_0() -> None:
    done = encircle("--version")
    assert (done.returncode, done.stdout.split(",")[0]) == (0, "encircle")


GC_PROBE = """
import atexit, gc, sys
from encircle.cli.main import main
sys.argv = ["encircle", *sys.argv[1:]]
atexit.register(lambda: print("collector on" if gc.isenabled() else "collector off", file=sys.stderr))
main()
"""


def test_detect_and_report_turn_the_collector_off_only_in_their_own_process(tmp_path: Path) -> None:
    db = tmp_path / "case.db"
    with open_store(str(db)) as store:
        load([demo_bundle()], store)
    for args in (["detect"], ["report", "-o", str(tmp_path / "report")], ["stats"]):
        done = subprocess.run(
            [sys.executable, "-c", GC_PROBE, *args, "--store", str(db)], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr.endswith("collector on\n" if args == ["stats"] else "collector off\n")
    assert CliRunner().invoke(cli, ["detect", "--store", str(db)]).exit_code == 0
    assert gc.isenabled()  # a command run inside a longer-lived process leaves it as it was

"""The hostile corpus (``tests/data/hostile/``): each case's exit code and messages, no hang, no leak, nothing changed."""

from __future__ import annotations

import os
import re
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from claimcheck.cli import main

REPO = Path(__file__).resolve().parent.parent
HOSTILE = REPO / "tests" / "data" / "hostile"
CASES = sorted(HOSTILE.glob("*.yaml"))
SECRET = "TOP-SECRET-7f3a9c-NEVER-PUBLISH"


class Hung(Exception):
    """A command ran past its case's timeout."""


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Raise :class:`Hung` in this thread when the block runs longer than ``seconds``."""
    def ring(signum: int, frame: object) -> None:
        raise Hung(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def build(case: dict, project: Path) -> None:
    """Make a case's project: a copy of ``base/``, the secret beside it, then the case's files."""
    shutil.copytree(HOSTILE / "base", project)
    (project / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    for name in case.get("remove", []):
        (project / name).unlink()
    for name, text in (case.get("files") or {}).items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("{project}", str(project)), encoding="utf-8")
    for name, hexdata in (case.get("bytes") or {}).items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes.fromhex(hexdata))
    for name, target in (case.get("symlinks") or {}).items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.exists():
            path.unlink()
        path.symlink_to(target.replace("{project}", str(project)))
    for name in case.get("fifos", []):
        path = project / name
        if path.exists():
            path.unlink()
        os.mkfifo(path)


def snapshot(project: Path) -> dict[str, bytes | str]:
    """Every entry under the project: a regular file's bytes, else what it is (a link's target, a fifo)."""
    seen: dict[str, bytes | str] = {}
    for path in sorted(project.rglob("*")):
        name = str(path.relative_to(project))
        if path.is_symlink():
            seen[name] = f"link -> {os.readlink(path)}"
        elif path.is_fifo():
            seen[name] = "fifo"
        elif path.is_file():
            seen[name] = path.read_bytes()
        elif path.is_dir():
            seen[name] = "folder"
    return seen


def test_every_case_is_well_formed():
    allowed = {"what", "issue", "command", "files", "bytes", "symlinks", "fifos", "remove", "exit", "output",
               "writes", "timeout"}
    assert CASES
    for path in CASES:
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(case) <= allowed, f"{path.name}: unknown fields {set(case) - allowed}"
        assert {"what", "command", "exit", "output"} <= set(case), path.name
        assert case["output"], f"{path.name}: a case names what must be printed"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_hostile_case(path, tmp_path, monkeypatch, capsys):
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    project = tmp_path / "project"
    build(case, project)
    monkeypatch.chdir(project)
    before = snapshot(project)
    with deadline(int(case.get("timeout", 20))):
        code = main([str(arg).replace("{project}", str(project)).replace("{repo}", str(REPO))
                     for arg in case["command"]])
    out = capsys.readouterr()
    printed = out.out + out.err
    assert "Traceback" not in printed and "internal error" not in printed, printed
    assert code == case["exit"], f"exit {code}, expected {case['exit']}:\n{printed}"
    for pattern in case["output"]:
        assert re.search(pattern, printed, re.MULTILINE), f"{pattern!r} not in:\n{printed}"
    assert SECRET not in printed
    after = snapshot(project)
    may_write = tuple(case.get("writes", []))
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    unasked = {name for name in changed if not (name + "/").startswith(may_write)}
    assert unasked == set(), f"changed without being asked: {sorted(unasked)}"
    for name, content in after.items():
        assert not (isinstance(content, bytes) and SECRET.encode() in content and name != "secret.txt"), name

"""A corpus of bad inputs: each gives its own clear finding with file and line, never a traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from claimcheck import api
from claimcheck.cli import main
from tests.conftest import DEFAULT_QUANTITIES

BAD = Path(__file__).resolve().parent / "data" / "bad"
CASES = sorted(p for p in BAD.glob("*.yaml"))


def _setup(tmp_path: Path, claims_text: bytes | str, seed: bytes | None = None) -> tuple[Path, Path]:
    claims, seeds = tmp_path / "claims", tmp_path / "seeds"
    claims.mkdir()
    seeds.mkdir()
    (claims / "quantities.yaml").write_text(DEFAULT_QUANTITIES, encoding="utf-8")
    target = claims / "t.yaml"
    target.write_bytes(claims_text.encode("utf-8") if isinstance(claims_text, str) else claims_text)
    (seeds / "t.txt").write_bytes(seed if seed is not None else (BAD / "seed.txt").read_bytes())
    return claims, seeds


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_bad_input_gives_its_finding(case, tmp_path, monkeypatch, capsys):
    text = case.read_text(encoding="utf-8")
    expected = re.findall(r"^# expect: (CC\d{3}) (.+)$", text, re.MULTILINE)
    exit_code = int(re.search(r"^# exit: (\d)$", text, re.MULTILINE).group(1))
    claims, seeds = _setup(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    before = {p: p.read_bytes() for p in [*claims.iterdir(), *seeds.iterdir()]}
    result = api.check(claims, seeds, tmp_path / "none.yaml")
    for code, fragment in expected:
        hits = [f for f in result.findings if f.code == code and fragment in f.message]
        assert hits, f"{code} '{fragment}' not in {[str(f) for f in result.findings]}"
        assert hits[0].location is not None and hits[0].location.path == "claims/t.yaml"
    assert main(["check", "--quiet"]) == exit_code
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert {p: p.read_bytes() for p in before} == before


def test_claims_file_not_utf8(tmp_path, monkeypatch):
    text = (BAD / "unknown-hedge.yaml").read_text(encoding="utf-8").replace("allegedly", "about")
    claims, seeds = _setup(tmp_path, text.replace("Test", "Caf\u00e9").encode("latin-1"))
    monkeypatch.chdir(tmp_path)
    result = api.validate(claims, seeds)
    bad = [f for f in result.findings if f.code == "CC002"]
    assert bad and bad[0].location.path == "claims/t.yaml" and bad[0].location.line == 3
    assert main(["validate"]) == 2


def test_byte_order_marks_and_windows_line_endings_are_read(tmp_path, monkeypatch):
    good = (Path(__file__).resolve().parent / "test_validate.py").read_text(encoding="utf-8")
    claims_text = good.split('GOOD = """\\\n', 1)[1].split('"""', 1)[0]
    seed_text = good.split('SEED = """\\\n', 1)[1].split('"""', 1)[0]
    crlf = lambda s: s.replace("\n", "\r\n").encode("utf-8")  # noqa: E731
    claims, seeds = _setup(tmp_path, b"\xef\xbb\xbf" + crlf(claims_text), b"\xef\xbb\xbf" + crlf(seed_text))
    monkeypatch.chdir(tmp_path)
    result = api.validate(claims, seeds)
    assert [str(f) for f in result.findings] == []


def test_empty_claims_folder(tmp_path, monkeypatch):
    (tmp_path / "claims").mkdir()
    (tmp_path / "seeds").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2


def test_claims_per_file_limit_names_itself(tmp_path, monkeypatch):
    from claimcheck import loader

    monkeypatch.setattr(loader, "MAX_CLAIMS_PER_FILE", 1)
    text = (BAD / "cycle.yaml").read_text(encoding="utf-8")
    claims, seeds = _setup(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    result = api.validate(claims, seeds)
    assert any(f.code == "CC019" and "MAX_CLAIMS_PER_FILE" in f.message for f in result.findings)
    assert len(result.registry.claims) == 1


def test_corpus_is_complete():
    names = {p.stem for p in CASES}
    assert {"alias-bomb", "deep-nesting", "cycle", "self-reference", "nan", "infinity", "negative-count",
            "share-over-100", "percent-vs-points", "unit-clash-sum", "impossible-date", "unknown-hedge"} <= names
    assert shutil.which  # the remaining bad inputs are built above: not UTF-8, BOM, CRLF, empty folder


def test_claims_that_fail_validation_stay_out_of_the_engine(tmp_path, monkeypatch):
    text = (BAD / "percent-vs-points.yaml").read_text(encoding="utf-8")
    claims, seeds = _setup(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    result = api.check(claims, seeds, tmp_path / "none.yaml")
    assert any(f.code == "CC017" for f in result.findings)
    assert "t-a" not in result.context.net.statements

"""`claimcheck add` and `claimcheck extract`: seeds copied unchanged, drafts written, merged and reviewed.

Writes are atomic: a test kills a writing process midway and another makes ``os.replace`` fail,
and both show the original file intact.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from claimcheck import api
from claimcheck.cli import main
from claimcheck.extract import files
from claimcheck.files import write_atomic
from claimcheck.rules import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"

ARTICLE = textwrap.dedent("""\
    TOKYO, Feb. 3 (Kyodo) -- Toyota's global vehicle sales rose 3.7 percent to 10.8 million units in 2024, \
the company said on Monday.
    Its hybrid sales accounted for 38 percent of all vehicle sales in 2024, an increase of 4.1 percentage points from 2023.
    Toyota aims to sell 1.5 million electric vehicles by 2026.
    """)
QUANTITIES = textwrap.dedent("""\
    # entities and metrics (a comment that must survive)
    entities:
      world: {name: the world}
      japan: {name: Japan, parent: world}
    metrics:
      # sales first
      vehicle_sales: {unit: vehicles, description: vehicles sold}
    """)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project: claims/ with a small quantities.yaml, an article outside seeds/."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "quantities.yaml").write_text(QUANTITIES, encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "toyota.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def codes(result: api.Validation) -> list[str]:
    return [f.code for f in result.findings]


def in_order(lines: list[str], within: list[str]) -> bool:
    """Tell whether all lines occur in ``within`` in the same order."""
    rest = iter(within)
    return all(any(line == other for other in rest) for line in lines)


SEED = "China's NEV sales rose 35.5 percent to 12.87 million units in 2024.\n"
REVIEWED = """\
source: {seed: t.txt, publisher: Test, date: 2025-01-14}
claims:
  - id: t-nev-sales-2024
    quote: NEV sales rose 35.5 percent to 12.87 million units in 2024
    figure: 12.87 million
    unit: vehicles
    kind: value
    quantity: china/nev_sales/2024
  - id: t-nev-growth-2024
    quote: NEV sales rose 35.5 percent to 12.87 million units
    figure: 35.5 percent
    unit: percent
    kind: change
    quantity: china/nev_sales/2024
    derivation: growth(china/nev_sales/2024, china/nev_sales/2023)
"""


# --- add ----------------------------------------------------------------------------------------------

def test_add_copies_byte_for_byte_records_metadata_and_drafts(project, capsys):
    raw = ("\ufeff" + ARTICLE.replace("\n", "\r\n")).encode("utf-8")  # BOM and CRLF must survive as they are
    (project / "in" / "toyota.txt").write_bytes(raw)
    code = main(["add", "in/toyota.txt", "--url", "https://example.com/t", "--date", "2025-02-03",
                 "--publisher", "Kyodo News"])
    assert code == 0
    assert (project / "seeds" / "toyota.txt").read_bytes() == raw
    text = (project / "claims" / "toyota.yaml").read_text(encoding="utf-8")
    assert "publisher: Kyodo News" in text and "date: 2025-02-03" in text and "url: https://example.com/t" in text
    out = capsys.readouterr().out
    assert "seeds/toyota.txt: copied" in out and "claims/toyota.yaml: written" in out
    result = api.validate(Path("claims"), Path("seeds"))
    assert set(codes(result)) == {"CC020"}
    assert all(c.uncovered == 0 for c in result.coverage)


def test_add_the_same_article_again_is_a_no_op(project, capsys):
    assert main(["add", "in/toyota.txt", "--publisher", "Kyodo", "--date", "2025-02-03"]) == 0
    seed = project / "seeds" / "toyota.txt"
    claims = project / "claims" / "toyota.yaml"
    before = (seed.stat().st_mtime_ns, claims.read_bytes())
    capsys.readouterr()
    assert main(["add", "in/toyota.txt", "--publisher", "Kyodo", "--date", "2025-02-03"]) == 0
    assert (seed.stat().st_mtime_ns, claims.read_bytes()) == before
    out = capsys.readouterr().out
    assert "unchanged" in out and "0 claims and 0 ignore entries added" in out


def test_add_refuses_a_different_file_of_the_same_name(project, capsys):
    (project / "seeds").mkdir()
    (project / "seeds" / "toyota.txt").write_text("an older, different article\n", encoding="utf-8")
    assert main(["add", "in/toyota.txt", "--publisher", "Kyodo"]) == 2
    assert (project / "seeds" / "toyota.txt").read_text(encoding="utf-8") == "an older, different article\n"
    assert not (project / "claims" / "toyota.yaml").exists()
    assert "never overwritten" in capsys.readouterr().err
    assert main(["add", "in/toyota.txt", "--publisher", "Kyodo", "--name", "toyota-2025.txt"]) == 0
    assert (project / "seeds" / "toyota-2025.txt").read_text(encoding="utf-8") == ARTICLE


def test_add_refuses_text_that_is_not_utf8(project, capsys):
    (project / "in" / "latin.txt").write_bytes("Sales rose 5 percent in Malm\xf6.\n".encode("latin-1"))
    assert main(["add", "in/latin.txt"]) == 2
    assert "not UTF-8" in capsys.readouterr().err
    assert not (project / "seeds" / "latin.txt").exists()


def test_a_bad_date_is_a_usage_error(project):
    assert main(["add", "in/toyota.txt", "--date", "3 Feb 2025"]) == 2


# --- extract --------------------------------------------------------------------------------------------

def test_extract_prints_the_draft_and_proposals_without_writing(project, capsys):
    before = (project / "claims" / "quantities.yaml").read_bytes()
    assert main(["extract", "in/toyota.txt"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("# Draft written by `claimcheck extract`")
    assert "figure: \"10.8 million\"" in captured.out and "kind: change" in captured.out
    assert "publisher: Kyodo" in captured.out  # read from the dateline, and said so on stderr
    assert "publisher from the dateline" in captured.err
    assert "proposed additions to claims/quantities.yaml" in captured.err and "toyota" in captured.err
    assert not (project / "claims" / "toyota.yaml").exists()
    assert (project / "claims" / "quantities.yaml").read_bytes() == before


def test_extract_write_then_validate_leaves_only_review_warnings(project):
    assert main(["add", "in/toyota.txt", "--publisher", "Kyodo", "--date", "2025-02-03"]) == 0
    quantities = (project / "claims" / "quantities.yaml").read_text(encoding="utf-8")
    assert in_order(QUANTITIES.splitlines(), quantities.splitlines())  # comments and order kept
    assert "# proposed by claimcheck extract from toyota.txt: review" in quantities
    result = api.validate(Path("claims"), Path("seeds"))
    assert set(codes(result)) == {"CC020"}
    first = next(f for f in result.findings if f.code == "CC020")
    assert first.severity.value == "warning"
    assert first.location.path == "claims/toyota.yaml" and first.location.line
    assert "draft still marked for review" in first.message


def test_reviewed_claims_leave_validate_clean(project):
    assert main(["add", "in/toyota.txt", "--publisher", "Kyodo", "--date", "2025-02-03"]) == 0
    path = project / "claims" / "toyota.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept, skipping = [], False
    for line in lines:
        if line.startswith(("    review:", "    review_reason:")):
            skipping = line.startswith("    review_reason:") and line.rstrip().endswith(">-")
            continue
        if skipping and line.startswith("      "):
            continue
        skipping = False
        kept.append(line)
    path.write_text("".join(kept), encoding="utf-8")
    result = api.validate(Path("claims"), Path("seeds"))
    assert codes(result) == []


def test_merge_adds_only_what_is_missing_and_keeps_the_users_edits(project, capsys):
    assert main(["add", "in/toyota.txt", "--publisher", "Kyodo", "--date", "2025-02-03"]) == 0
    path = project / "claims" / "toyota.yaml"
    text = path.read_text(encoding="utf-8")
    # the user: a comment, an edited quantity, and one claim (the EV target) deleted
    head, _, rest = text.partition("claims:\n")
    body, _, ignores = rest.partition("ignore:\n")
    blocks = body.rstrip("\n").split("\n  - id: ")
    target = next(b for b in blocks if "1.5 million" in b)
    edited = head + "claims:\n  # reviewed by Ana\n" + "\n  - id: ".join(b for b in blocks if b is not target)
    edited += "\nignore:\n" + ignores
    edited = edited.replace("japan/vehicle_sales/2024", "toyota/vehicle_sales/2024", 1)
    if not edited.endswith("\n"):
        edited += "\n"
    path.write_text(edited, encoding="utf-8")
    capsys.readouterr()
    assert main(["extract", "in/toyota.txt", "--write"]) == 0
    merged = path.read_text(encoding="utf-8")
    assert "  # reviewed by Ana\n" in merged
    assert merged.count("toyota/vehicle_sales/2024") >= 1
    assert merged.count('figure: "1.5 million"') == 1  # the deleted claim's number was uncovered: added back
    assert merged.count('figure: "10.8 million"') == 1  # covered: not added twice
    assert "added by claimcheck extract from toyota.txt" in merged
    assert in_order(edited.splitlines(), merged.splitlines())  # every line of the user's file kept, in order
    assert "1 claims and 0 ignore entries added" in capsys.readouterr().out
    # and again: nothing left to add, the file is not touched
    before = path.read_bytes()
    assert main(["extract", "in/toyota.txt", "--write"]) == 0
    assert path.read_bytes() == before


def test_merge_fills_missing_source_fields_but_keeps_the_users(project):
    assert main(["add", "in/toyota.txt", "--date", "2025-02-03"]) == 0  # publisher read from the dateline
    path = project / "claims" / "toyota.yaml"
    text = path.read_text(encoding="utf-8").replace("  url: null", "  url:")
    path.write_text(text, encoding="utf-8")
    assert main(["extract", "in/toyota.txt", "--write", "--url", "https://example.com/x", "--publisher", "Other"]) == 0
    merged = path.read_text(encoding="utf-8")
    assert "url: https://example.com/x" in merged
    assert "publisher: Kyodo" in merged and "publisher: Other" not in merged


# --- atomic writes -----------------------------------------------------------------------------------------

def test_a_failed_replace_leaves_the_original_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "claims.yaml"
    target.write_text("original: true\n", encoding="utf-8")

    def broken(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new: content\n" * 1000)
    assert target.read_text(encoding="utf-8") == "original: true\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.yaml"]


def test_a_failure_while_pieces_are_produced_leaves_the_original(tmp_path):
    """A report is written as its template produces it: a failure midway must not reach the file."""
    target = tmp_path / "index.html"
    target.write_text("<p>old report</p>\n", encoding="utf-8")

    def pieces():
        yield "<p>new " * 10_000
        raise RuntimeError("template failed")

    with pytest.raises(RuntimeError, match="template failed"):
        write_atomic(target, pieces())
    assert target.read_text(encoding="utf-8") == "<p>old report</p>\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]
    write_atomic(target, iter(["<p>", "new", "</p>\n"]))
    assert target.read_text(encoding="utf-8") == "<p>new</p>\n"


def test_killing_a_writer_midway_leaves_the_original_intact(tmp_path):
    target = tmp_path / "claims.yaml"
    target.write_text("original: true\n", encoding="utf-8")
    script = textwrap.dedent(f"""\
        import os, sys, time
        sys.path.insert(0, {str(SRC)!r})
        from pathlib import Path
        from claimcheck import files
        def stuck(fd):
            print("writing", flush=True)
            time.sleep(60)
        files.os.fsync = stuck
        files.write_atomic(Path({str(target)!r}), "half: written\\n" * 100000)
        """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
        temps = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        assert temps and temps[0].stat().st_size > 0  # midway: the new content is in the temporary file
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert target.read_text(encoding="utf-8") == "original: true\n"
    # the leftover temporary file is not a claims file: validate's glob does not read it
    assert all(not p.name.endswith((".yaml", ".yml")) or p == target for p in tmp_path.iterdir())


def test_extract_write_survives_a_failed_replace(project, monkeypatch, capsys):
    assert main(["add", "in/toyota.txt", "--publisher", "Kyodo", "--date", "2025-02-03"]) == 0
    path = project / "claims" / "toyota.yaml"
    path.write_text(path.read_text(encoding="utf-8").split("claims:")[0] + "claims: []\n", encoding="utf-8")
    before = path.read_bytes()

    def broken(src: str, dst: str) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr(files.os, "replace", broken)
    assert main(["extract", "in/toyota.txt", "--write"]) == 2
    assert path.read_bytes() == before
    assert "cannot write" in capsys.readouterr().err
    assert not [p for p in (project / "claims").iterdir() if p.name.endswith(".tmp")]


# --- the review rule -------------------------------------------------------------------------------------

def test_review_fields_are_known_and_cc020_is_registered(make_registry):
    claims_dir, seeds_dir = make_registry(SEED, REVIEWED + "    review: true\n    review_reason: entity guessed\n")
    result = api.validate(claims_dir, seeds_dir)
    assert codes(result) == ["CC020"]  # and no CC011: review and review_reason are known fields
    finding = result.findings[0]
    assert str(finding.location) == "claims/t.yaml:16:5"
    assert "(entity guessed)" in finding.message and finding.claims == ("t-nev-growth-2024",)
    assert REGISTRY["CC020"].slug == "draft-needs-review"


def test_review_false_is_not_reported(make_registry):
    claims_dir, seeds_dir = make_registry(SEED, REVIEWED + "    review: false\n")
    assert codes(api.validate(claims_dir, seeds_dir)) == []


def test_the_commands_are_registered(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "extract" in out and "add" in out

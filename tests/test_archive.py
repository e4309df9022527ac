"""`claimcheck archive`: the YAML registry as a Parquet archive that checks the same, written all or nothing."""

from __future__ import annotations

import contextlib
import io
import shutil
from dataclasses import astuple, replace
from pathlib import Path

import pytest

from claimcheck import api
from claimcheck.cli import main
from claimcheck.loader import load

pytest.importorskip("pyarrow")

ROOT = Path(__file__).resolve().parent.parent
CLAIMS, SEEDS = ROOT / "claims", ROOT / "seeds"
ARCHIVE_FILES = ["claims.parquet", "sources.parquet", "ignore.parquet", "quantities.yaml"]


def archive(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["archive", "--seeds", str(SEEDS), *args])
    return code, err.getvalue()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def test_the_archive_reads_back_as_the_yaml_and_checks_the_same(tmp_path: Path) -> None:
    before = snapshot(CLAIMS)
    code, err = archive("--claims", str(CLAIMS), "--out", str(tmp_path / "claims"))
    assert (code, err) == (0, "")
    assert snapshot(CLAIMS) == before  # the YAML files are left as they were
    assert sorted(snapshot(tmp_path / "claims")) == sorted(ARCHIVE_FILES)
    assert (tmp_path / "claims" / "quantities.yaml").read_bytes() == (CLAIMS / "quantities.yaml").read_bytes()

    yaml, parquet = load(CLAIMS, SEEDS), load(tmp_path / "claims", SEEDS)
    assert parquet.findings == []

    def fields(claim):  # type: ignore[no-untyped-def]
        return astuple(replace(claim, file=Path(claim.file).name, location=None, fields={}))

    assert [fields(c) for c in parquet.claims] == [fields(c) for c in yaml.claims]
    assert [astuple(replace(s, location=None, seed_at=None)) for s in parquet.sources.values()] == \
           [astuple(replace(s, location=None, seed_at=None)) for s in yaml.sources.values()]
    assert [(Path(i.file).name, i.figure, i.quote, i.reason) for i in parquet.ignores] == \
           [(Path(i.file).name, i.figure, i.quote, i.reason) for i in yaml.ignores]

    checked = {name: api.check(folder, SEEDS, tmp_path / "none.yaml")
               for name, folder in (("yaml", CLAIMS), ("parquet", tmp_path / "claims"))}
    keys = {name: sorted((f.key, f.claims, f.message) for f in result.findings) for name, result in checked.items()}
    assert keys["yaml"] and keys["yaml"] == keys["parquet"]
    assert [str(f) for f in checked["parquet"].validation.findings] == []


def test_an_archive_already_there_is_replaced_only_with_force(tmp_path: Path) -> None:
    out = tmp_path / "claims"
    out.mkdir()
    (out / "sources.parquet").write_bytes(b"older archive")
    code, err = archive("--out", str(out), "--claims", str(CLAIMS))
    assert code == 2 and "already holds sources.parquet" in err and "--force" in err
    assert snapshot(out) == {"sources.parquet": b"older archive"}
    assert archive("--out", str(out), "--claims", str(CLAIMS), "--force")[0] == 0
    assert sorted(snapshot(out)) == sorted(ARCHIVE_FILES)


def test_the_claims_folder_itself_is_refused(tmp_path: Path) -> None:
    claims = tmp_path / "claims"
    shutil.copytree(CLAIMS, claims)
    before = snapshot(claims)
    code, err = archive("--claims", str(claims), "--out", str(claims))
    assert code == 2 and "is the claims folder" in err
    assert snapshot(claims) == before


@pytest.mark.parametrize("damage, message", [
    ("claims: [unclosed\n", "CC001"),
    ("review: true\n", "CC020"),
])
def test_a_registry_that_does_not_load_cleanly_is_not_archived(tmp_path: Path, damage: str, message: str) -> None:
    claims = tmp_path / "claims"
    shutil.copytree(CLAIMS, claims)
    first = sorted(claims.glob("0*.yaml"))[0]
    text = first.read_text(encoding="utf-8")
    if damage.startswith("review"):  # a draft claim still to be reviewed: its first claim gets the mark
        at = text.index("  - id:")
        at = text.index("\n", at) + 1
        text = text[:at] + "    " + damage + text[at:]
    else:
        text += damage
    first.write_text(text, encoding="utf-8")
    code, err = archive("--claims", str(claims), "--out", str(tmp_path / "archive"))
    assert code == 2 and message in err and "does not load cleanly" in err
    assert not (tmp_path / "archive").exists()


def test_a_failure_while_writing_leaves_the_old_archive_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "claims"
    out.mkdir()
    for name in ARCHIVE_FILES:  # an older archive, recognisable byte for byte
        (out / name).write_bytes(f"older {name}".encode())
    before = snapshot(out)
    real = pq.write_table
    calls = []

    def fail_on_the_second(table, where, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(where)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(table, where, *args, **kwargs)

    monkeypatch.setattr(pq, "write_table", fail_on_the_second)
    code, err = archive("--claims", str(CLAIMS), "--out", str(out), "--force")
    assert code == 2 and "cannot write the archive" in err and "disk full" in err
    assert snapshot(out) == before  # the first table written was not put in place either, and no temporary is left

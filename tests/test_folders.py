"""Which files of the claims and seeds folders are read, and that nothing else there goes unreported."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from claimcheck import api
from claimcheck.folders import list_folder, sort_claims_folder
from claimcheck.loader import load

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "data" / "hostile" / "base"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The hostile corpus's small valid project, as the working folder."""
    shutil.copytree(BASE, tmp_path / "project")
    monkeypatch.chdir(tmp_path / "project")
    return tmp_path / "project"


def shown(findings: list) -> list[str]:
    return [f"{f.location}: {f.code}" for f in findings]


def test_claims_files_in_any_case_and_in_subfolders_are_read_in_path_order(project: Path) -> None:
    claims = project / "claims"
    text = (claims / "t.yaml").read_text(encoding="utf-8")
    (claims / "t.yaml").unlink()
    (claims / "2025").mkdir()
    (claims / "2025" / "t.yml").write_text(text.replace("id: t-", "id: u-"), encoding="utf-8")
    (claims / "t.YAML").write_text(text, encoding="utf-8")
    registry = load(claims, project / "seeds")
    assert shown(registry.findings) == []
    assert list(registry.sources) == ["claims/2025/t.yml", "claims/t.YAML"]
    assert {c.file for c in registry.claims} == {"claims/2025/t.yml", "claims/t.YAML"}
    assert registry.claims_files == [claims / "2025" / "t.yml", claims / "t.YAML"]


def test_every_other_file_under_claims_is_reported_as_not_read(project: Path) -> None:
    claims = project / "claims"
    for name in ("notes.txt", "t.yaml.bak", "2025/quantities.yaml", "2025/x.json", ".git/HEAD", ".t.yaml.swp",
                 "claims.parquet.old"):
        (claims / name).parent.mkdir(exist_ok=True)
        (claims / name).write_text("x\n", encoding="utf-8")
    (project / "elsewhere").mkdir()
    (claims / "linked").symlink_to(project / "elsewhere", target_is_directory=True)
    findings = [f for f in load(claims, project / "seeds").findings]
    assert {str(f.location): f.message for f in findings} == {
        "claims/2025/quantities.yaml": "not read: quantities.yaml is read only at the top of the claims folder",
        "claims/2025/x.json": "not read: claims files end in .yaml or .yml",
        "claims/claims.parquet.old": "not read: claims files end in .yaml or .yml",
        "claims/linked": "not read: a link to a folder is not followed: move its files into the folder",
        "claims/notes.txt": "not read: claims files end in .yaml or .yml",
        "claims/t.yaml.bak": "not read: claims files end in .yaml or .yml",
    }
    assert {f.code for f in findings} == {"CC008"}


def test_a_seed_no_claims_file_names_is_an_error_once_the_registry_loads(project: Path) -> None:
    seeds = project / "seeds"
    (seeds / "2025").mkdir()
    (seeds / "2025" / "u.txt").write_text("Sales rose 3 percent.\n", encoding="utf-8")
    (seeds / ".u.txt.swp").write_text("x", encoding="utf-8")
    result = api.validate(project / "claims", seeds)
    assert shown(result.findings) == ["seeds/2025/u.txt: CC009"]
    assert "source.seed: 2025/u.txt" in result.findings[0].message
    # while a claims file cannot be read, which seed it names is unknown: only its own finding
    (project / "claims" / "t.yaml").write_text("source: [\n", encoding="utf-8")
    assert [f.code for f in api.validate(project / "claims", seeds).findings] == ["CC001"]


def test_a_seed_in_a_subfolder_is_read_and_named(project: Path) -> None:
    seeds = project / "seeds"
    (seeds / "2025").mkdir()
    (seeds / "t.txt").rename(seeds / "2025" / "t.txt")
    claims = project / "claims" / "t.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("seed: t.txt", "seed: 2025/t.txt"), encoding="utf-8")
    assert shown(api.validate(project / "claims", seeds).findings) == []


@pytest.mark.parametrize(("seed", "code"), [
    ("../secret.txt", "CC005"), ("/etc/hostname", "CC005"), ("2025", "CC006"), ('"t\\0.txt"', "CC002"),
])
def test_a_seed_path_is_refused_at_its_line(project: Path, seed: str, code: str) -> None:
    (project / "secret.txt").write_text("secret\n", encoding="utf-8")
    (project / "seeds" / "2025").mkdir()
    claims = project / "claims" / "t.yaml"
    claims.write_text(f"source:\n  seed: {seed}\n  publisher: Test\n  date: 2025-01-14\n", encoding="utf-8")
    findings = load(project / "claims", project / "seeds").findings
    assert shown(findings) == [f"claims/t.yaml:2:9: {code}"], [str(f) for f in findings]
    assert findings[0].message.startswith("seed ")


def test_the_bundled_registry_reads_the_same_files_as_before() -> None:
    listing = sort_claims_folder(list_folder(ROOT / "claims"))
    assert listing.unread == []
    assert listing.claims_files == sorted(p.name for p in (ROOT / "claims").glob("*.yaml") if p.name != "quantities.yaml")
    assert sorted(os.listdir(ROOT / "seeds")) == list_folder(ROOT / "seeds").files

"""Reading YAML: syntax errors where they can be fixed, characters YAML refuses, keys written twice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from claimcheck import loader
from claimcheck.loader import read_yaml

LOADERS = [yaml.SafeLoader] + ([loader._CLoader] if loader._CLoader is not None else [])


@pytest.fixture(params=LOADERS, ids=lambda c: c.__name__)
def composer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> type:
    """Read with libyaml and with the pure-Python loader: their errors differ in offsets and wording."""
    monkeypatch.setattr(loader, "_loader_for", lambda text: request.param)
    return request.param


def problems(tmp_path: Path, text: str | bytes) -> list[str]:
    path = tmp_path / "t.yaml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return [f"{f.location}: {f.code} {f.message}" for f in read_yaml(path, "t.yaml")[1]]


@pytest.mark.parametrize(("text", "expected"), [
    # a NUL or control character: at its own line and column, after characters of several bytes
    ("a: \u00e9\u00e9\nb: x\0y\n", "t.yaml:2:5: CC001 invalid YAML: character U+0000 (a NUL byte) is not allowed"),
    ("a: 1\nb: x\x07\n", "t.yaml:2:5: CC001 invalid YAML: character U+0007 (a control character)"),
    # an unclosed quote: where it opens, whatever follows
    ('a: 1\nb: "abc\nc: 2\n\n', 't.yaml:2:4: CC001 invalid YAML: a quoted value opens here and is never closed'),
    ("a: 1\nb: 'abc\n---\nc: 2\n", "t.yaml:2:4: CC001 invalid YAML: a quoted value opens here and is never closed"),
    # a bad escape inside a closed quote: at the escape (libyaml at the backslash, PyYAML after it)
    ('a: 1\nb: "ab\\qc"\n', r"t\.yaml:2:[78]: CC001 invalid YAML: while \w+ a (double-)?quoted scalar found unknown escape"),
    # a bracket still open at the end of the file: where it opens
    ("a: 1\nb: [1, 2\n", "t.yaml:2:4: CC001 invalid YAML: while parsing a flow sequence"),
])
def test_yaml_errors_point_where_they_can_be_fixed(tmp_path: Path, composer: type, text: str, expected: str) -> None:
    found = problems(tmp_path, text)
    assert len(found) == 1 and (found[0].startswith(expected) or re.match(expected, found[0])), found


def test_a_key_written_twice_is_reported_at_the_second_and_the_first_is_read(tmp_path: Path, composer: type) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("a: 1\nb:\n  c: 2\n  c: 3\nb: 4\n", encoding="utf-8")
    root, found = read_yaml(path, "t.yaml")
    assert [str(f.location) for f in found] == ["t.yaml:4:3", "t.yaml:5:1"]
    assert found[0].message.startswith("duplicate key 'c' (first at line 3)") and {f.code for f in found} == {"CC007"}
    assert root is not None and root.mapping is not None and root.mapping["b"].mapping is not None
    assert root.mapping["b"].mapping["c"].scalar() == "2"

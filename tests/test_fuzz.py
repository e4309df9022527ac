"""Fuzzing: the readers of untrusted text raise only their own errors, and a run never crashes or hangs.

- ``parse_figure`` on any text returns a Figure or raises FigureError;
- the derivation parser on any text returns a tree or raises ExpressionError, quickly;
- ``api.check`` on a registry whose claims file is random YAML-ish bytes, or a random mutation of a
  valid claims file, returns findings: it never raises and never hangs.

A coverage-guided version of the same harnesses (atheris) is ``benchmarks/fuzz_atheris.py``.
"""

from __future__ import annotations

import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck import api
from claimcheck.expr import ExpressionError, Node, parse
from claimcheck.figures import Figure, FigureError, parse_figure
from claimcheck.network import parse_derivation
from tests.conftest import DEFAULT_QUANTITIES

FEW = max(10, settings.default.max_examples // 4)

FIGURE_ALPHABET = "0123456789.,-−% $€¥USDRMBmillionbthousandpercentagepointsfold\u00a0\t "
EXPR_ALPHABET = "growthsharepoint_changefoldsumconvert(),+-*/ 0123456789.abcxyz_QH"


@contextmanager
def deadline(seconds: int):  # type: ignore[no-untyped-def]
    """Fail (instead of hanging) when the block runs longer than ``seconds``."""
    def expired(signum, frame):  # type: ignore[no-untyped-def]
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@given(st.one_of(st.text(), st.text(alphabet=FIGURE_ALPHABET, max_size=40)))
def test_parse_figure_returns_a_figure_or_figure_error(text: str) -> None:
    try:
        result = parse_figure(text)
    except FigureError:
        return
    assert isinstance(result, Figure)


@given(st.one_of(st.text(max_size=300), st.text(alphabet=EXPR_ALPHABET, max_size=300),
                 st.lists(st.sampled_from(["growth(", "share(", "a/b/2024", "x/y/2023-Q1", ", ", ")", "(", "-", "*",
                                           "/", "+", "1.5", "sum("]), max_size=80).map("".join)))
def test_derivation_parser_returns_a_tree_or_expression_error(text: str) -> None:
    started = time.perf_counter()
    for reader in (parse, parse_derivation):
        try:
            result = reader(text)
        except ExpressionError:
            continue
        assert isinstance(result, Node.__args__)  # type: ignore[attr-defined]
    assert time.perf_counter() - started < 1.0


@given(st.text(alphabet=EXPR_ALPHABET, max_size=120))
def test_fast_derivation_path_agrees_with_the_parser(text: str) -> None:
    try:
        expected: object = parse(text)
    except ExpressionError as err:
        expected = ("error", str(err))
    try:
        got: object = parse_derivation(text)
    except ExpressionError as err:
        got = ("error", str(err))
    assert got == expected
    if not isinstance(got, tuple):
        assert _positions(got) == _positions(expected)  # type: ignore[arg-type]


#: YAML 1.1 booleans and nulls in every case PyYAML knows, and look-alikes it reads otherwise
PLAIN_WORDS = [*(w for base in ("yes", "no", "true", "false", "on", "off", "null") for w in (base, base.title(), base.upper())),
               "yES", "nULL", "~", "y", "n", "1", "0", "1.5", "0x1F", "2024-01-02", "nan", ".inf", "=", "<<", "e00001", " ",
               "-", "a", ""]


@pytest.mark.parametrize("quote", ["", "'", '"'])
@pytest.mark.parametrize("word", PLAIN_WORDS)
def test_fast_yaml_resolver_reads_each_word_as_the_full_resolver_does(word: str, quote: str) -> None:
    """claimcheck's libyaml loader resolves only null and booleans: Node reads every scalar as PyYAML's would."""
    _assert_same_reading(f"{quote}{word}{quote}")


@given(st.lists(st.sampled_from(PLAIN_WORDS), min_size=2, max_size=3).map("".join), st.sampled_from(["", "'", '"']))
def test_fast_yaml_resolver_reads_run_together_words_as_the_full_resolver_does(word: str, quote: str) -> None:
    _assert_same_reading(f"{quote}{word}{quote}")


def _assert_same_reading(scalar: str) -> None:
    import yaml

    from claimcheck.loader import _CLoader, _convert

    if _CLoader is None:
        pytest.skip("PyYAML without libyaml")
    text = f"a: {scalar}\nb: [{scalar}]\n"
    try:
        full = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return
    a, b = (_convert(root, "f.yaml", set(), []) for root in (full, yaml.compose(text, Loader=_CLoader)))
    assert a.mapping is not None and b.mapping is not None
    read = [[(n.scalar(), n.boolean()) for n in (m["a"], *(m["b"].sequence or []))] for m in (a.mapping, b.mapping)]
    assert read[0] == read[1]


def _positions(node: Node) -> list[tuple[str, int | None]]:
    from claimcheck.expr import walk

    return [(type(n).__name__, n.pos) for n in walk(node)]


SEED = "NEV sales rose 35.5 percent to 12.87 million units in 2024, up from 9.5 million in 2023.\n"
VALID = """\
source:
  seed: t.txt
  publisher: Test
  date: 2025-01-14
claims:
  - id: t-sales-2024
    quote: NEV sales rose 35.5 percent to 12.87 million units in 2024
    figure: 12.87 million
    unit: vehicles
    kind: value
    quantity: china/nev_sales/2024
  - id: t-growth-2024
    quote: NEV sales rose 35.5 percent to 12.87 million units in 2024
    figure: 35.5 percent
    unit: percent
    kind: change
    quantity: china/nev_sales/2024
    derivation: growth(china/nev_sales/2024, china/nev_sales/2023)
  - id: t-sales-2023
    quote: up from 9.5 million in 2023
    figure: 9.5 million
    unit: vehicles
    kind: value
    quantity: china/nev_sales/2023
"""


def _registry(root: Path, claims: bytes) -> tuple[Path, Path]:
    claims_dir, seeds_dir = root / "claims", root / "seeds"
    claims_dir.mkdir(parents=True, exist_ok=True)
    seeds_dir.mkdir(parents=True, exist_ok=True)
    (seeds_dir / "t.txt").write_text(SEED, encoding="utf-8")
    (claims_dir / "quantities.yaml").write_text(DEFAULT_QUANTITIES, encoding="utf-8")
    (claims_dir / "t.yaml").write_bytes(claims)
    return claims_dir, seeds_dir


def _check(tmp: Path, claims: bytes) -> None:
    claims_dir, seeds_dir = _registry(tmp, claims)
    with deadline(30):
        result = api.check(claims_dir, seeds_dir, acknowledgements=tmp / "none.yaml")
    assert isinstance(result.findings, list)


def test_the_valid_file_is_clean(tmp_path: Path) -> None:
    claims_dir, seeds_dir = _registry(tmp_path, VALID.encode())
    result = api.check(claims_dir, seeds_dir, acknowledgements=tmp_path / "none.yaml")
    assert [str(f) for f in result.validation.findings] == []


YAMLISH = st.lists(st.sampled_from(["claims:", "source:", "ignore:", "\n", "  ", "- ", "id: ", "figure: ", "quote: ",
                                    "&a ", "*a ", "[", "]", "{", "}", ": ", "'", '"', "#", "!!str ", "!!float ", "~",
                                    "null", "true", "12.87 million", "nan", ".inf", "-1", "\t", "\x00", "é", "%YAML"]),
                   max_size=60).map(lambda parts: "".join(parts).encode("utf-8"))


@settings(max_examples=FEW, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=400), YAMLISH))
def test_random_yamlish_claims_files_give_findings(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    _check(tmp_path_factory.mktemp("fuzz"), data)


@st.composite
def mutations(draw: st.DrawFn) -> bytes:
    """The valid file with a few random edits: bytes deleted, inserted, replaced, lines swapped or repeated."""
    data = bytearray(VALID.encode())
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "insert", "replace", "swap", "repeat"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "delete":
            del data[at:at + draw(st.integers(1, 20))]
        elif op == "insert":
            data[at:at] = draw(st.sampled_from([b":", b"-", b"  ", b"\n", b"'", b"[", b"{", b"&x ", b"*x", b"0", b"%",
                                                b"growth(", b"/", b"\xff", b"1e309", b"9" * 30]))
        elif op == "replace" and data:
            data[at] = draw(st.integers(0, 255))
        else:
            lines = bytes(data).split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if op == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines.insert(j, lines[i])
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@settings(max_examples=FEW, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutations())
def test_mutated_claims_files_give_findings(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    _check(tmp_path_factory.mktemp("fuzz"), data)

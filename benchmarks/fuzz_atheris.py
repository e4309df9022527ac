"""Coverage-guided fuzzing of claimcheck's readers with atheris (libFuzzer); not run in CI.

Targets (the same contracts as tests/test_fuzz.py):

- ``figure``: ``parse_figure`` returns a Figure or raises FigureError;
- ``derivation``: ``parse`` and the fast ``parse_derivation`` agree, and raise nothing but ExpressionError;
- ``claims``: ``api.check`` on a registry whose claims file is the input never raises.

Usage (``pip install atheris``)::

    python benchmarks/fuzz_atheris.py figure -atheris_runs=200000
    python benchmarks/fuzz_atheris.py derivation -max_total_time=60
    python benchmarks/fuzz_atheris.py claims -max_total_time=60 CORPUS_DIR

Any exception other than the allowed ones is a crash: libFuzzer saves the input as ``crash-*``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports():
    from claimcheck import api
    from claimcheck.expr import ExpressionError, parse
    from claimcheck.figures import FigureError, parse_figure
    from claimcheck.network import parse_derivation


def figure(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(200)
    try:
        parse_figure(text)
    except FigureError:
        pass


def derivation(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(400)
    try:
        expected: object = parse(text)
    except ExpressionError as err:
        expected = str(err)
    try:
        got: object = parse_derivation(text)
    except ExpressionError as err:
        got = str(err)
    if got != expected:
        raise AssertionError(f"fast path {got!r} != parser {expected!r} for {text!r}")


_ROOT = Path(tempfile.mkdtemp(prefix="claimcheck-fuzz-"))


def claims(data: bytes) -> None:
    from tests.conftest import DEFAULT_QUANTITIES
    from tests.test_fuzz import SEED

    claims_dir, seeds_dir = _ROOT / "claims", _ROOT / "seeds"
    claims_dir.mkdir(exist_ok=True)
    seeds_dir.mkdir(exist_ok=True)
    (seeds_dir / "t.txt").write_text(SEED, encoding="utf-8")
    (claims_dir / "quantities.yaml").write_text(DEFAULT_QUANTITIES, encoding="utf-8")
    (claims_dir / "t.yaml").write_bytes(data)
    api.check(claims_dir, seeds_dir, acknowledgements=_ROOT / "none.yaml")


TARGETS = {"figure": figure, "derivation": derivation, "claims": claims}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        raise SystemExit(f"usage: fuzz_atheris.py {{{'|'.join(TARGETS)}}} [libFuzzer flags] [CORPUS_DIR]")
    target = TARGETS[sys.argv.pop(1)]
    if target is claims:
        from tests.test_fuzz import VALID

        corpus = _ROOT / "corpus"
        corpus.mkdir(exist_ok=True)
        (corpus / "valid.yaml").write_text(VALID, encoding="utf-8")
        if not any(not a.startswith("-") for a in sys.argv[1:]):
            sys.argv.append(str(corpus))
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

"""Tracing a figure inside its quote: the plain-text lookup finds exactly what the pattern finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.provenance import _figure_pattern, find_figure
from claimcheck.seedtext import SeedText

# letters that fold unusually under re.IGNORECASE (Kelvin sign, dotted and dotless i, long s),
# word and punctuation characters the pattern's lookarounds look at, and every kind of space
_ALPHABET = "ab kKsSiI\u212a\u0130\u0131\u017f1 2.,_-\n\t\u00a0\u00e9"
_PLAIN = "ab ksi1 2.,_-"  # what most figures and quotes are made of: ASCII, single spaces
_TEXTS = st.one_of(st.text(_PLAIN, max_size=6), st.text(_ALPHABET, max_size=6))


def _by_pattern(seed: SeedText, start: int, end: int, figure: str) -> tuple[int, int] | None:
    pattern = _figure_pattern(figure)
    match = pattern.search(seed.text, start, end) if pattern else None
    return (match.start(), match.end()) if match else None


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(_PLAIN, min_size=1, max_size=8), st.text(_ALPHABET, min_size=1, max_size=8)),
       st.lists(_TEXTS, max_size=6), st.data())
def test_find_figure_agrees_with_its_pattern(figure: str, pieces: list[str], data: st.DataObject) -> None:
    # the figure, its case changed, between random pieces: matches and near misses are common
    copies = [data.draw(st.sampled_from([figure, figure.upper(), figure.lower(), " ".join(figure.split())]))
              for _ in pieces]
    text = "".join(piece + copy for piece, copy in zip(pieces, copies)) + data.draw(_TEXTS)
    seed = SeedText("s", text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert find_figure(seed, start, end, figure) == _by_pattern(seed, start, end, figure)


def test_find_figure_is_whole_token_and_case_insensitive() -> None:
    seed = SeedText("s", "Sales of 13 Million rose to 3 million, not 1.3 million")
    assert find_figure(seed, 0, len(seed.text), "3 million") == (28, 37)
    assert find_figure(seed, 0, len(seed.text), "13 million") == (9, 19)
    assert find_figure(seed, 0, 20, "3 million") is None
    for text, span in (("2_ 2", (3, 4)), ("1.2 2", (4, 5)), ("1,2 2", (4, 5)), ("k2 2", (3, 4)), ("2", (0, 1))):
        assert find_figure(SeedText("s", text), 0, len(text), "2") == span, text
    assert find_figure(SeedText("s", "a 2b"), 0, 3, "2") == (2, 3)  # the span ends where the figure does


def test_a_19_mb_quote_not_in_its_seed_is_reported_in_seconds(tmp_path, monkeypatch) -> None:
    # the nearest-sentence hint once compared the whole quote with every sentence: about 52 s per MB
    import signal
    import time

    from claimcheck import api
    from tests.conftest import DEFAULT_QUANTITIES

    monkeypatch.chdir(tmp_path)
    (tmp_path / "claims").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "t.txt").write_text("NEV sales rose 35.5 percent. Exports reached 5.86 million vehicles.\n"
                                              * 50, encoding="utf-8")
    quote = "Exports hit 5.86 million vehicles " * (19 * 2**20 // 34)
    (tmp_path / "claims" / "quantities.yaml").write_text(DEFAULT_QUANTITIES, encoding="utf-8")
    (tmp_path / "claims" / "t.yaml").write_text(
        "source: {seed: t.txt, publisher: Test, date: 2025-01-14}\nclaims:\n  - id: t-exports\n"
        f"    quote: {quote}\n    figure: 5.86 million\n    unit: vehicles\n    kind: value\n"
        "    quantity: china/vehicle_exports/2024\n", encoding="utf-8")

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("still searching after 60 s")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        started = time.perf_counter()
        result = api.validate(tmp_path / "claims", tmp_path / "seeds")
        elapsed = time.perf_counter() - started
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    missing = [f for f in result.findings if f.code == "CC030"]
    assert len(missing) == 1 and "nearest sentence: 'Exports reached 5.86 million vehicles.'" in missing[0].message
    assert elapsed < 10, f"{elapsed:.1f} s"

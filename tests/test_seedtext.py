"""Seed texts: sentences, and the 'nearest sentence' hint bounded whatever the sizes of quote and seed."""

from __future__ import annotations

import difflib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck import seedtext
from claimcheck.seedtext import HINT_CANDIDATES, HINT_QUOTE_CHARS, HINT_SENTENCE_CHARS, HINT_SHOWN_CHARS, SeedText

#: the sentence pattern as first written (lazy): the greedy one must split exactly as it does
_LAZY_SENTENCE = re.compile(r"\S[^\n]*?(?:[.!?](?=\s|$)|$)", re.MULTILINE)


@settings(max_examples=1000, deadline=None)
@given(st.text("ab .!?\n\t\r\x0b\x1c\u00a0\u2029", max_size=40))
def test_sentences_split_as_the_lazy_pattern_does(text: str) -> None:
    expected = []
    for m in _LAZY_SENTENCE.finditer(text):
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
        if m.group().strip():
            expected.append((start, m.end()))
    assert SeedText("s", text).sentences == expected


def test_the_hint_compares_bounded_texts_whatever_the_quote_and_seed(monkeypatch) -> None:
    seen: list[tuple[int, int]] = []
    real = difflib.SequenceMatcher

    def recording(isjunk: object, a: str, b: str, autojunk: bool = True) -> difflib.SequenceMatcher:
        seen.append((len(a), len(b)))
        return real(isjunk, a, b, autojunk=autojunk)

    monkeypatch.setattr(seedtext.difflib, "SequenceMatcher", recording)
    sentences = [f"Sentence {i} says sales rose {i} percent." for i in range(500)]
    seed = SeedText("s", " ".join(sentences) + " " + "x" * 50_000 + ".")
    hint = seed.nearest_sentence("Sentence 321 says sales fell 321 percent. " * 10_000)
    assert hint == "Sentence 321 says sales rose 321 percent."
    assert 0 < len(seen) <= HINT_CANDIDATES
    assert all(a <= HINT_QUOTE_CHARS and b <= HINT_SENTENCE_CHARS for a, b in seen)


def test_a_long_sentence_is_shown_cut() -> None:
    seed = SeedText("s", "Short one. " * 20 + "long " * 400 + "end.")
    hint = seed.nearest_sentence("long long long")
    assert len(hint) == HINT_SHOWN_CHARS and hint.startswith("long long") and hint.endswith("\u2026")


def test_the_hint_picks_among_every_sentence_when_there_are_few() -> None:
    seed = SeedText("s", "NEV sales rose. Exports reached 5.86 million vehicles. Prices fell.")
    assert seed.nearest_sentence("Exports hit 5.86 million vehicles") == "Exports reached 5.86 million vehicles."
    assert seed.nearest_sentence("") == ""  # nothing is like nothing

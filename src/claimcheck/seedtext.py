"""An article's text: decoding, whitespace-normalised search, positions, sentences and the numbers in it."""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from claimcheck.location import Location
from claimcheck.reading import ReadRefused, read_bytes

#: typographic characters an analyst may type plainly; used only to explain a failed match
_TYPOGRAPHIC = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})

_DIGITS_RE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?:(?:k|m|bn|mn|tn)\b)?(?!\w)")
#: number words the coverage scan looks for ("one" is left out: it is a pronoun far more often)
NUMBER_WORDS = (
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
    "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty",
    "seventy", "eighty", "ninety", "hundred", "dozens?", "double[ds]?", "doubling", "triple[ds]?", "tripling",
    "quadrupl(?:e[ds]?|ing)", "twofold", "threefold", "fourfold",
)


def _by_first_letter(words: tuple[str, ...]) -> str:
    """An alternation of lower-case words grouped by first letter, which re scans far faster than a flat one."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


#: word searches run case-sensitively on the text folded by :func:`_fold` (where they match exactly
#: what they would match case-insensitively in the text) and without a leading ``\b``, which would
#: stop re skipping ahead to the first letters; :meth:`SeedText._words` checks the start instead
_WORDS_RE = re.compile(rf"(?:{_by_first_letter(NUMBER_WORDS)})\b")
_SCALE_WORD_RE = re.compile(r"(?:thousand|million|billion|trillion)\b")
#: the characters that match an ASCII letter case-insensitively but do not lower-case to it
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
_ENDS_IN_DIGIT_RE = re.compile(r"\d[\s-]*$")
_YEAR_RE = re.compile(r"^(19|20)\d\d$")
_YEAR_DIGITS_RE = re.compile(r"(?:19|20)\d\d")  # _YEAR_RE on four characters of a text, without slicing
#: a sentence: from a character that is not whitespace to the first '.', '!' or '?' followed by
#: whitespace or the end of the line, or to the end of the line (written greedily: no backtracking)
_SENTENCE_RE = re.compile(r"\S(?:[^\n.!?]+|[.!?](?!\s|$))*(?:[.!?]|$)", re.MULTILINE)
_WORD_RE = re.compile(r"\w+")
#: a 'did you mean' hint (:meth:`SeedText.nearest_sentence`) compares the start of a quote, this long,
HINT_QUOTE_CHARS = 300
#: with the start of a sentence, this long,
HINT_SENTENCE_CHARS = 600
#: for the sentences sharing the most words with it, this many,
HINT_CANDIDATES = 10
#: and shows the sentence it picks up to this many characters
HINT_SHOWN_CHARS = 1000
#: ASCII code points that are whitespace (str.isspace)
_ASCII_SPACE = np.array([chr(c).isspace() for c in range(128)])
#: ASCII code points that are word characters (re's \\w)
_ASCII_WORD = np.array([chr(c).isalnum() or chr(c) == "_" for c in range(128)])


def _fold(text: str) -> str:
    """The text with each character lower-cased as re.IGNORECASE compares it with an ASCII letter.

    Same length, same word characters; a lower-case ASCII pattern matches the folded text exactly
    where it matches the text case-insensitively (including the dotless i, long s and Kelvin sign).
    """
    return (text if text.isascii() else text.translate(_FOLD)).lower()


def _is_space(codes: np.ndarray) -> np.ndarray:
    """Mask of the code points that are whitespace, as str.isspace (and re's \\s) tell it."""
    return _classify(codes, _ASCII_SPACE, str.isspace)


def _is_word(codes: np.ndarray) -> np.ndarray:
    """Mask of the code points that are word characters, as re's \\w tells them (str.isalnum, or '_').

    >>> _is_word(np.array([ord(c) for c in "a_1 é-\u0663"], dtype=np.uint32)).tolist()
    [True, True, True, False, True, False, True]
    """
    return _classify(codes, _ASCII_WORD, lambda char: char.isalnum() or char == "_")


def _classify(codes: np.ndarray, ascii_table: np.ndarray, test: Callable[[str], bool]) -> np.ndarray:
    """Mask of the code points a test holds for: ASCII from a table, the others once per distinct code point."""
    mask = ascii_table[np.minimum(codes, 127)]
    wide = codes > 127
    if wide.any():
        distinct, inverse = np.unique(codes[wide], return_inverse=True)
        mask[wide] = np.array([test(chr(c)) for c in distinct.tolist()])[inverse]
    return mask


class SeedError(Exception):
    """A seed that cannot be read as text: refused (missing, not a regular file, too large, unreadable) or not UTF-8."""

    def __init__(self, message: str, location: Location) -> None:
        super().__init__(message)
        self.message = message
        self.location = location


@dataclass(frozen=True)
class NumberToken:
    """A number found in a seed: its text and character span."""

    text: str
    start: int
    end: int

    @property
    def is_year(self) -> bool:
        """Tell whether the token is a four-digit year 1900-2099."""
        return bool(_YEAR_RE.match(self.text))


@dataclass
class SeedText:
    """A seed's decoded text with whitespace-normalised search.

    :param path: the file it came from (as shown in messages).
    :param text: the decoded text (a byte-order mark is not part of it).
    """

    path: str
    text: str
    _norm: str = field(init=False, repr=False, compare=False)
    _norm_to_orig: np.ndarray = field(init=False, repr=False, compare=False)
    _odd_spaces: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # every whitespace run becomes one space, leading whitespace goes; _norm_to_orig maps back
        codes = np.frombuffer(self.text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        space = _is_space(codes)
        after_space = np.ones_like(space)
        after_space[1:] = space[:-1]
        kept = np.flatnonzero(~space | ~after_space)
        normed = np.where(space[kept], np.uint32(32), codes[kept])
        self._norm = normed.tobytes().decode("utf-32-le", "surrogatepass")
        self._norm_to_orig = kept
        before_space = np.zeros_like(space)
        before_space[:-1] = space[1:]
        self._odd_spaces = np.flatnonzero(space & ((codes != 32) | after_space | before_space)).tolist()

    @classmethod
    def read(cls, path: Path, shown: str | None = None) -> SeedText:
        """Read a seed file as UTF-8 (a leading byte-order mark is allowed and skipped).

        The file must be a regular file within :data:`claimcheck.reading.MAX_FILE_BYTES`
        (:func:`claimcheck.reading.read_bytes`); the loader reads seeds itself, inside the seeds folder.

        :raises SeedError: when the file is refused or not UTF-8, with the line of the first bad byte.
        """
        shown = shown or str(path)
        try:
            data = read_bytes(path)
        except ReadRefused as refused:
            raise SeedError(f"seed file {refused.message}", Location(shown)) from None
        return cls.decode(data, shown)

    @classmethod
    def decode(cls, data: bytes, shown: str) -> SeedText:
        """Decode a seed's bytes as UTF-8 (a leading byte-order mark is allowed and skipped).

        :param shown: the seed's path as messages show it.
        :raises SeedError: when the bytes are not UTF-8, with the line and column of the first bad byte.

        >>> SeedText.decode(b"ab\\ncd\\xff", "s.txt")
        Traceback (most recent call last):
        ...
        claimcheck.seedtext.SeedError: seed is not UTF-8 (byte 0xff at offset 5): convert it with `iconv -f <encoding> -t UTF-8`
        """
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = data.count(b"\n", 0, err.start) + 1
            col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
            raise SeedError(
                f"seed is not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}): "
                "convert it with `iconv -f <encoding> -t UTF-8`",
                Location(shown, line, col),
            ) from None
        return cls(shown, text)

    def find(self, quote: str) -> tuple[int, int] | None:
        """Find a quote, whitespace-normalised; return its span in the original text.

        >>> SeedText("s", "NEV  sales\\nrose 35.5 percent.").find("sales rose 35.5")
        (5, 20)
        """
        needle = " ".join(quote.split())
        if not needle:
            return None
        at = self._norm.find(needle)
        if at < 0:
            return None
        return int(self._norm_to_orig[at]), int(self._norm_to_orig[at + len(needle) - 1]) + 1

    def single_spaced(self, start: int, end: int) -> bool:
        """Tell whether every whitespace run that touches a span is one plain space.

        There, a phrase whose words are joined by single spaces is found as written.

        >>> s = SeedText("s", "up 5 percent\\nto  9")
        >>> s.single_spaced(0, 12), s.single_spaced(0, 14), s.single_spaced(16, 18)
        (True, False, False)
        """
        at = bisect.bisect_left(self._odd_spaces, start)
        return at == len(self._odd_spaces) or self._odd_spaces[at] >= end

    @cached_property
    def _plain_typography(self) -> str:
        """The whitespace-normalised text with curly quotes and dashes made plain (:meth:`typographic_hint`)."""
        return self._norm.translate(_TYPOGRAPHIC)

    @cached_property
    def folded(self) -> str:
        """The text, lower-cased as re.IGNORECASE compares it with ASCII letters (:func:`_fold`): same offsets."""
        return _fold(self.text)

    def typographic_hint(self, quote: str) -> str | None:
        """Explain a failed match that differs only in curly quotes or dashes, or return None."""
        needle = " ".join(quote.split()).translate(_TYPOGRAPHIC)
        if needle and needle in self._plain_typography:
            return "the quote differs from the seed only in typographic quotes or dashes (’ “ ” –): copy them from the seed"
        return None

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of a character offset.

        >>> SeedText("s", "ab\\ncd").position(4)
        (2, 2)
        """
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, col

    def location(self, offset: int) -> Location:
        """Return the location of a character offset in this seed."""
        return Location(self.path, *self.position(offset))

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Spans of the sentences (or lines) of the text.

        >>> SeedText("s", "  Up 3.5% in 2024. Sales rose... to 9.5 million!\\nNo stop").sentences
        [(2, 18), (19, 32), (33, 48), (49, 56)]
        """
        return [m.span() for m in _SENTENCE_RE.finditer(self.text)]

    def sentence_around(self, start: int, end: int) -> tuple[int, int]:
        """Return the span of the sentence(s) that contain a span."""
        first = next((s for s in self.sentences if s[0] <= start < s[1]), (start, end))
        last = next((s for s in self.sentences if s[0] < end <= s[1]), first)
        return first[0], max(last[1], end)

    def nearest_sentence(self, quote: str) -> str:
        """Return the sentence most like a quote, for a 'did you mean' hint.

        Bounded by design, whatever the sizes: the first :data:`HINT_QUOTE_CHARS` characters of
        the quote are compared, by :mod:`difflib`, with the start (:data:`HINT_SENTENCE_CHARS`)
        of the :data:`HINT_CANDIDATES` sentences that share the most words with them, found in an
        index of the seed's words built once (linear in the seed). The sentence is shown up to
        :data:`HINT_SHOWN_CHARS` characters.

        >>> SeedText("s", "NEV sales rose. Exports reached 5.86 million.").nearest_sentence("Exports hit 5.86 million")
        'Exports reached 5.86 million.'
        """
        needle = " ".join(quote[:4 * HINT_QUOTE_CHARS].split())[:HINT_QUOTE_CHARS]
        best, best_ratio = "", 0.0
        for start, end in self._candidates(needle):
            sentence = " ".join(self.text[start:min(end, start + 2 * HINT_SENTENCE_CHARS)].split())
            compared = sentence[:HINT_SENTENCE_CHARS]
            matcher = difflib.SequenceMatcher(None, needle, compared, autojunk=False)
            ratio = matcher.find_longest_match(0, len(needle), 0, len(compared)).size / max(len(needle), 1)
            ratio += matcher.ratio() / 10
            if ratio > best_ratio:
                best, best_ratio = sentence, ratio
        return best if len(best) <= HINT_SHOWN_CHARS else best[:HINT_SHOWN_CHARS - 1] + "\u2026"

    def _candidates(self, needle: str) -> list[tuple[int, int]]:
        """Pick the spans of the sentences holding the most occurrences of a text's words.

        At most :data:`HINT_CANDIDATES`, in text order; ties go to the earlier sentence.
        """
        sentences = self.sentences
        if len(sentences) <= HINT_CANDIDATES:
            return sentences
        vocabulary, word_code, word_sentence = self._sentence_words
        wanted = [vocabulary[w] for w in set(_WORD_RE.findall(_fold(needle))) if w in vocabulary]
        shared = np.bincount(word_sentence[np.isin(word_code, wanted)], minlength=len(sentences))
        chosen = np.lexsort((np.arange(len(sentences)), -shared))[:HINT_CANDIDATES]
        return [sentences[i] for i in sorted(chosen.tolist())]

    @cached_property
    def _sentence_words(self) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
        """Index every word of the text: the vocabulary (folded word -> code), and each word's code and sentence."""
        folded = self.folded
        word = _is_word(np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32))
        edges = np.flatnonzero(np.diff(np.concatenate(([False], word, [False])).astype(np.int8)))
        at, stop = edges[0::2], edges[1::2]
        codes, uniques = pd.factorize(pd.Series([folded[a:b] for a, b in zip(at.tolist(), stop.tolist())], dtype=object))
        starts = np.array([start for start, _ in self.sentences], dtype=np.int64)
        vocabulary = {str(word): code for code, word in enumerate(uniques)}
        return vocabulary, codes.astype(np.int64), np.searchsorted(starts, at, side="right") - 1

    def numbers(self) -> list[NumberToken]:
        """Every number the coverage check must account for: digits, number words and lone scale words.

        >>> [t.text for t in SeedText("s", "Lafa5 sold 1,214 cars, up 9.5%, in nine years (M9).").numbers()]
        ['1,214', '9.5', 'nine']
        >>> [t.text for t in SeedText("s", "a 4 million, multi-billion-dollar plan").numbers()]
        ['4', 'billion']
        >>> [t.text for t in SeedText("s", "sold 10k units for 3.2bn (model 9X)").numbers()]
        ['10k', '3.2bn']
        """
        starts, ends, _ = self.number_spans()
        return [NumberToken(self.text[s:e], s, e) for s, e in zip(starts.tolist(), ends.tolist())]

    def number_spans(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Starts, ends and year flags (:attr:`NumberToken.is_year`) of :meth:`numbers`, in text order, as arrays.

        >>> starts, ends, years = SeedText("s", "in 2024, nine 1999s and 1899").number_spans()
        >>> starts.tolist(), ends.tolist(), years.tolist()
        ([3, 9, 24], [7, 13, 28], [True, False, False])
        """
        text = self.text
        spans = [m.span() for m in _DIGITS_RE.finditer(text)]
        years = [e - s == 4 and _YEAR_DIGITS_RE.fullmatch(text, s, e) is not None for s, e in spans]
        folded = _fold(text)
        spans += self._words(_WORDS_RE, folded)
        spans += [(s, e) for s, e in self._words(_SCALE_WORD_RE, folded)
                  if not _ENDS_IN_DIGIT_RE.search(text[max(0, s - 8):s])]
        years += [False] * (len(spans) - len(years))
        table = np.array(spans, dtype=np.int64).reshape(-1, 2)
        order = np.argsort(table[:, 0], kind="stable")
        return table[order, 0], table[order, 1], np.array(years, dtype=bool)[order]

    @staticmethod
    def _words(pattern: re.Pattern[str], folded: str) -> list[tuple[int, int]]:
        """Spans of a word pattern's matches in a folded text that start a word (the ``\\b`` it leaves out)."""
        return [m.span() for m in pattern.finditer(folded)
                if m.start() == 0 or not (folded[m.start() - 1].isalnum() or folded[m.start() - 1] == "_")]

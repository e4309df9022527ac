"""An article's text: decoding, whitespace-normalised search, positions, sentences and the numbers in it."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from claimcheck.location import Location

#: typographic characters an analyst may type plainly; used only to explain a failed match
_TYPOGRAPHIC = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})

_DIGITS_RE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?:(?:k|m|bn|mn|tn)\b)?(?!\w)")
#: number words the coverage scan looks for ("one" is left out: it is a pronoun far more often)
NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
    "dozens?|double[ds]?|doubling|triple[ds]?|tripling|quadrupl(?:e[ds]?|ing)|"
    "twofold|threefold|fourfold"
)
_WORDS_RE = re.compile(rf"\b(?:{NUMBER_WORDS})\b", re.IGNORECASE)
_SCALE_WORD_RE = re.compile(r"\b(?:thousand|million|billion|trillion)\b", re.IGNORECASE)
_ENDS_IN_DIGIT_RE = re.compile(r"\d[\s-]*$")
_YEAR_RE = re.compile(r"^(19|20)\d\d$")
_SENTENCE_RE = re.compile(r"\S[^\n]*?(?:[.!?](?=\s|$)|$)", re.MULTILINE)


class SeedError(Exception):
    """A seed that cannot be read as text: missing, not UTF-8, or unreadable."""

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
    _norm: str = field(init=False, repr=False)
    _norm_to_orig: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        chars: list[str] = []
        index: list[int] = []
        in_space = False
        for i, ch in enumerate(self.text):
            if ch.isspace():
                if not in_space and chars:
                    chars.append(" ")
                    index.append(i)
                in_space = True
            else:
                chars.append(ch)
                index.append(i)
                in_space = False
        self._norm = "".join(chars)
        self._norm_to_orig = index

    @classmethod
    def read(cls, path: Path, shown: str | None = None) -> SeedText:
        """Read a seed file as UTF-8 (a leading byte-order mark is allowed and skipped).

        :raises SeedError: when the file is missing or not UTF-8, with the line of the first bad byte.
        """
        shown = shown or str(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise SeedError("seed file not found: put the article in seeds/ or fix source.seed", Location(shown)) from None
        except OSError as err:
            raise SeedError(f"cannot read seed file: {err.strerror}", Location(shown)) from None
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
        start = self._norm_to_orig[at]
        end = self._norm_to_orig[at + len(needle) - 1] + 1
        return start, end

    def typographic_hint(self, quote: str) -> str | None:
        """Explain a failed match that differs only in curly quotes or dashes, or return None."""
        needle = " ".join(quote.split()).translate(_TYPOGRAPHIC)
        if needle and needle in self._norm.translate(_TYPOGRAPHIC):
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
        """Spans of the sentences (or lines) of the text."""
        spans = []
        for m in _SENTENCE_RE.finditer(self.text):
            start = m.start() + (len(m.group()) - len(m.group().lstrip()))
            if m.group().strip():
                spans.append((start, m.end()))
        return spans

    def sentence_around(self, start: int, end: int) -> tuple[int, int]:
        """Return the span of the sentence(s) that contain a span."""
        first = next((s for s in self.sentences if s[0] <= start < s[1]), (start, end))
        last = next((s for s in self.sentences if s[0] < end <= s[1]), first)
        return first[0], max(last[1], end)

    def nearest_sentence(self, quote: str) -> str:
        """Return the sentence most like a quote, for a 'did you mean' hint."""
        needle = " ".join(quote.split())
        best, best_ratio = "", 0.0
        for start, end in self.sentences:
            sentence = " ".join(self.text[start:end].split())
            matcher = difflib.SequenceMatcher(None, needle, sentence, autojunk=False)
            ratio = matcher.find_longest_match(0, len(needle), 0, len(sentence)).size / max(len(needle), 1)
            ratio += matcher.ratio() / 10
            if ratio > best_ratio:
                best, best_ratio = sentence, ratio
        return best

    def numbers(self) -> list[NumberToken]:
        """Every number the coverage check must account for: digits, number words and lone scale words.

        >>> [t.text for t in SeedText("s", "Lafa5 sold 1,214 cars, up 9.5%, in nine years (M9).").numbers()]
        ['1,214', '9.5', 'nine']
        >>> [t.text for t in SeedText("s", "a 4 million, multi-billion-dollar plan").numbers()]
        ['4', 'billion']
        >>> [t.text for t in SeedText("s", "sold 10k units for 3.2bn (model 9X)").numbers()]
        ['10k', '3.2bn']
        """
        tokens = [NumberToken(m.group(), m.start(), m.end()) for m in _DIGITS_RE.finditer(self.text)]
        tokens += [NumberToken(m.group(), m.start(), m.end()) for m in _WORDS_RE.finditer(self.text)]
        tokens += [
            NumberToken(m.group(), m.start(), m.end())
            for m in _SCALE_WORD_RE.finditer(self.text)
            if not _ENDS_IN_DIGIT_RE.search(self.text[max(0, m.start() - 8) : m.start()])
        ]
        return sorted(tokens, key=lambda t: t.start)

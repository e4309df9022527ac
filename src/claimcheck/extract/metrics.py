"""What a figure measures: measure words ("sales", "exported"), subjects ("NEV", "passenger cars").

A metric name is ``<subject>_<measure>`` (``nev_sales``, ``vehicle_exports``), a share of one
in another (``nev_share``), or the counted noun itself (``signature_products``). Acronyms the
article defines ("intelligent connected vehicles (ICVs)") become subjects of their own. A name
that ``quantities.yaml`` already declares is reused when its unit fits; otherwise it is proposed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimcheck.extract.entities import slug
from claimcheck.extract.vocab import MEASURES, SUBJECTS, UNIT_NOUNS

CURRENCIES = frozenset({"CNY", "USD", "EUR"})


@dataclass(frozen=True)
class Term:
    """A measure or subject word in the text, with its canonical name."""

    start: int
    end: int
    canon: str


def acronyms(text: str) -> dict[str, tuple[str, ...]]:
    """Find acronyms an article defines: "intelligent connected vehicles (ICVs)" -> ``icv``.

    >>> acronyms("targeting intelligent connected vehicles (ICVs) as an engine")
    {'icv': ('intelligent connected vehicles', 'icvs', 'icv')}
    """
    found: dict[str, tuple[str, ...]] = {}
    for m in re.finditer(r"(?P<long>(?:[A-Za-z][\w-]*\s+){1,6})\((?P<acr>[A-Z]{2,6})s?\)", text):
        acr = m["acr"]
        words = m["long"].split()
        long = " ".join(words[-len(acr):]).lower()
        if len(words) < len(acr):
            continue
        initials = "".join(w[0] for w in words[-len(acr):]).upper()
        if initials != acr and not long.replace("-", " ").split()[0].startswith(acr[0].lower()):
            continue
        found[acr.lower()] = (long, acr.lower() + "s", acr.lower())
    return found


class Lexicon:
    """Measure and subject words, with the article's own acronyms added.

    :param text: the article (for its acronyms).
    """

    def __init__(self, text: str) -> None:
        subjects = {k: list(v) for k, v in SUBJECTS.items()}
        for canon, names in acronyms(text).items():
            subjects.setdefault(canon, []).extend(n for n in names if n not in subjects.get(canon, []))
        self.subject_words = subjects
        self._measure_re = _alternation(MEASURES)
        self._subject_re = _alternation({k: tuple(v) for k, v in subjects.items()}, prefix_ok=("new energy",))
        self._lookup = {w: k for k, ws in MEASURES.items() for w in ws}
        self._subject_lookup = {w: k for k, ws in subjects.items() for w in ws}

    def measures(self, text: str, start: int, end: int) -> list[Term]:
        """Measure words between two offsets."""
        return [Term(m.start(), m.end(), self._lookup[" ".join(m.group().lower().split())])
                for m in self._measure_re.finditer(text, start, end)]

    def subjects(self, text: str, start: int, end: int) -> list[Term]:
        """Subject words between two offsets ("new energy" alone counts as ``nev``)."""
        out = []
        for m in self._subject_re.finditer(text, start, end):
            word = " ".join(m.group().lower().split())
            out.append(Term(m.start(), m.end(), self._subject_lookup.get(word, "nev" if word == "new energy" else word)))
        return out

    def subject_of_noun(self, noun: str) -> str | None:
        """The subject a noun phrase names, leftmost and longest ("passenger cars" -> ``passenger_car``,
        "vehicle sales in" -> ``vehicle``), or None ("units").
        """
        words = noun.split()
        for start in range(len(words)):
            for size in range(min(4, len(words) - start), 0, -1):
                phrase = " ".join(words[start:start + size])
                if phrase in self._subject_lookup:
                    return self._subject_lookup[phrase]
        return None


def _alternation(table: dict[str, tuple[str, ...]], prefix_ok: tuple[str, ...] = ()) -> re.Pattern[str]:
    words = sorted({w for ws in table.values() for w in ws} | set(prefix_ok), key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w])", re.IGNORECASE)


def level_metric(subject: str | None, measure: str | None, unit: str) -> str | None:
    """Name the metric of a level: ``<subject>_<measure>``, or what there is of it.

    Money made is ``output`` rather than ``production``.

    >>> level_metric("nev", "sales", "vehicles"), level_metric(None, "production", "CNY")
    ('nev_sales', 'output')
    """
    if measure == "production" and unit in CURRENCIES:
        measure = "output"
    if measure == "share":
        measure = None
    if subject and measure:
        return f"{subject}_{measure}"
    return measure or (subject if subject and unit in ("vehicles", "count") else None)


def noun_metric(noun: str) -> str | None:
    """Name a count after its noun: "signature products" -> ``signature_products``.

    >>> noun_metric("battery-swap and charging stations"), noun_metric("units")
    ('battery_swap_charging_stations', None)
    """
    words = [w for w in noun.split() if w not in ("and", "or")]
    if not words or (len(words) == 1 and words[0] in UNIT_NOUNS):
        return None
    return slug(" ".join(words))


def singular(word: str) -> str:
    """Drop a plural ending from a word in a metric name.

    >>> singular("costs"), singular("speeds"), singular("batteries"), singular("sales")
    ('cost', 'speed', 'battery', 'sales')
    """
    if word in ("sales", "series", "news", "gas", "glass", "bus"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word

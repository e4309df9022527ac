"""The registry's objects: quantity keys and periods, metrics, sources, claims and ignore entries."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from claimcheck.location import Location

KINDS = (
    "value", "change", "share", "point_change", "fold", "sum", "bound",
    "conversion", "forecast", "target", "first_time", "rank",
)
#: kinds whose figure must be stated by a derivation
DERIVED_KINDS = frozenset({"change", "share", "point_change", "fold", "sum", "conversion"})
#: kinds that predict rather than report: compared with outcomes, never constraints
PREDICTION_KINDS = frozenset({"forecast", "target"})
UNITS = ("vehicles", "count", "percent", "pp", "ratio", "CNY", "USD", "EUR", "CNY_per_USD", "years", "km", "rank")

_NAME = r"[a-z][a-z0-9_]*"
PERIOD_PATTERN = r"\d{4}(?:-(?:Q[1-4]|H[12]|\d{2}(?:-\d{2})?))?"
KEY_RE = re.compile(rf"^(?P<entity>{_NAME})/(?P<metric>{_NAME})/(?P<period>{PERIOD_PATTERN})(?:/(?P<basis>{_NAME}))?$")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class KeyError_(ValueError):
    """A quantity key or period that does not follow the grammar."""


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: a year, half, quarter, month or day, with its first and last day.

    >>> p = Period.parse("2024-H1"); (p.start, p.end)
    (datetime.date(2024, 1, 1), datetime.date(2024, 6, 30))
    >>> Period.parse("2023-02-30")
    Traceback (most recent call last):
    ...
    claimcheck.model.KeyError_: period '2023-02-30' is not a real date
    >>> Period.parse("0000-Q1")
    Traceback (most recent call last):
    ...
    claimcheck.model.KeyError_: period '0000-Q1' has no year 0: the years run from 0001
    """

    start: date
    end: date
    text: str

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``YYYY``, ``YYYY-Qn``, ``YYYY-Hn``, ``YYYY-MM`` or ``YYYY-MM-DD``.

        :raises KeyError_: when the text is not one of these or not a real date.
        """
        if not re.fullmatch(PERIOD_PATTERN, text):
            raise KeyError_(f"period {text!r} is not YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM or YYYY-MM-DD")
        year = int(text[:4])
        if year == 0:
            raise KeyError_(f"period {text!r} has no year 0: the years run from 0001")
        rest = text[5:]
        if not rest:
            return cls(date(year, 1, 1), date(year, 12, 31), text)
        if rest[0] in "QH":
            n = int(rest[1])
            months = 3 if rest[0] == "Q" else 6
            first = (n - 1) * months + 1
            last = first + months - 1
            return cls(date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]), text)
        month = int(rest[:2])
        if not 1 <= month <= 12:
            raise KeyError_(f"period {text!r} has no month {month}")
        if len(rest) == 2:
            return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), text)
        try:
            day = date(year, month, int(rest[3:]))
        except ValueError:
            raise KeyError_(f"period {text!r} is not a real date") from None
        return cls(day, day, text)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class QuantityKey:
    """``entity/metric/period[/basis]``.

    >>> k = QuantityKey.parse("china/nev_share/2023-07/retail")
    >>> (k.entity, k.metric, k.period.text, k.basis, k.family)
    ('china', 'nev_share', '2023-07', 'retail', 'china/nev_share')
    """

    entity: str
    metric: str
    period: Period
    basis: str | None = None

    @classmethod
    def parse(cls, text: str) -> QuantityKey:
        """Parse a key.

        :raises KeyError_: when it does not follow the grammar.
        """
        match = KEY_RE.match(text or "")
        if not match:
            raise KeyError_(f"quantity key {text!r} is not entity/metric/period[/basis] (lower-case names)")
        return cls(match["entity"], match["metric"], Period.parse(match["period"]), match["basis"])

    @property
    def family(self) -> str:
        """Entity and metric: keys of one family measure the same thing over time or bases."""
        return f"{self.entity}/{self.metric}"

    def with_(self, *, entity: str | None = None, metric: str | None = None) -> QuantityKey:
        """Return the key with another entity or metric."""
        return QuantityKey(entity or self.entity, metric or self.metric, self.period, self.basis)

    def __str__(self) -> str:
        tail = f"/{self.basis}" if self.basis else ""
        return f"{self.entity}/{self.metric}/{self.period.text}{tail}"


@dataclass(frozen=True)
class Entity:
    """Something quantities are about; ``parent`` makes rank claims checkable."""

    name: str
    label: str
    parent: str | None = None


@dataclass(frozen=True)
class Metric:
    """What a quantity measures.

    :param definition: an identity over bare metric names, e.g. ``share(nev_sales, vehicle_sales)``.
    :param part_of: the metric of the whole this one is part of.
    """

    name: str
    unit: str
    description: str
    bases: dict[str, str] = field(default_factory=dict)
    definition: str | None = None
    part_of: str | None = None
    location: Location | None = None


@dataclass(frozen=True)
class Source:
    """An article: its seed file and metadata.

    :param location: where the source is written (its ``source:`` line, or its archive row).
    :param seed_at: where its ``seed:`` value is written, when it has a line of its own.
    """

    seed: str
    publisher: str
    date: str
    title: str | None = None
    url: str | None = None
    note: str | None = None
    location: Location | None = None
    seed_at: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Claim:
    """One statement by one source about a quantity, as the analyst wrote it.

    ``fields`` keeps the location of every field, so a problem points at its own line.
    """

    id: str
    file: str
    seed: str
    quote: str
    figure: str
    unit: str
    kind: str
    quantity: str
    hedge: str | None = None
    derivation: str | None = None
    exact: bool = False
    made: str | None = None
    among: str | None = None
    note: str | None = None
    location: Location | None = None
    fields: dict[str, Location] = field(default_factory=dict, compare=False, hash=False)

    def where(self, name: str) -> Location | None:
        """Location of a field, or of the claim when the field is absent."""
        return self.fields.get(name, self.location)


@dataclass(frozen=True)
class IgnoreEntry:
    """A number in a seed that is deliberately not a claim, and why."""

    file: str
    seed: str
    figure: str
    quote: str
    reason: str
    location: Location | None = None

"""The entities and metrics a draft may use: those quantities.yaml declares, and those it proposes.

A draft is only useful if it validates, so every quantity key it writes must name a declared
entity and metric with the right unit. The book hands out names: a declared one when it fits,
else a new one, recorded as a proposal for ``quantities.yaml`` with a description a reviewer can
check. A declared metric is never redefined: when its unit does not fit, a new name is made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimcheck.extract.vocab import PLACES

#: built-in parents for places the extractor knows (a proposal says so)
_COUNTRY_KEYS = frozenset(v for v in PLACES.values() if v not in
                          {"shanghai", "beijing", "guangdong", "shenzhen", "chongqing", "jiangsu", "zhejiang",
                           "anhui", "hubei", "wuhan", "tianjin", "hainan", "hong_kong", "europe", "eu"})
_CHINESE_PLACES = frozenset({"shanghai", "beijing", "guangdong", "shenzhen", "chongqing", "jiangsu", "zhejiang",
                             "anhui", "hubei", "wuhan", "tianjin", "hainan", "hong_kong"})


@dataclass
class Book:
    """Declared and proposed entities and metrics.

    :param entities: declared entity key -> (label, parent).
    :param metrics: declared metric name -> unit.
    :param definitions: declared metric name -> its ``definition`` (``share(nev_sales, vehicle_sales)``).
    :param bases: declared metric name -> its declared bases.
    """

    entities: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    metrics: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    bases: dict[str, set[str]] = field(default_factory=dict)
    new_entities: dict[str, dict[str, str]] = field(default_factory=dict)
    new_metrics: dict[str, dict[str, str]] = field(default_factory=dict)

    def entity(self, key: str, name: str) -> str:
        """Use an entity key, proposing it when it is not declared.

        :param name: the name as the article writes it.
        """
        if key in self.entities or key in self.new_entities:
            return key
        for other in self.new_entities:
            if other.startswith(key + "_") or key.startswith(other + "_"):
                return other
        proposal = {"name": name}
        if key in _CHINESE_PLACES and ("china" in self.entities or "china" in self.new_entities):
            proposal["parent"] = "china"
        elif key in _COUNTRY_KEYS and ("world" in self.entities or "world" in self.new_entities):
            proposal["parent"] = "world"
        self.new_entities[key] = proposal
        return key

    def is_new_entity(self, key: str) -> bool:
        """Tell whether an entity is proposed by this draft."""
        return key in self.new_entities

    def parent(self, key: str) -> str | None:
        """The parent of an entity, declared or proposed."""
        if key in self.entities:
            return self.entities[key][1]
        return self.new_entities.get(key, {}).get("parent")

    def metric(self, name: str, unit: str, description: str) -> str:
        """Use a metric in a unit: the declared one when the unit fits, else a proposal.

        :returns: the name to use (a suffix is added when a declared metric has another unit).

        >>> b = Book(metrics={"nev_sales": "vehicles"})
        >>> b.metric("nev_sales", "vehicles", "x"), b.metric("nev_sales", "CNY", "value of NEVs sold")
        ('nev_sales', 'nev_sales_cny')
        """
        for candidate in (name, f"{name}_{_UNIT_SUFFIX.get(unit, unit.lower())}"):
            have = self.metrics.get(candidate) or self.new_metrics.get(candidate, {}).get("unit")
            if have == unit:
                return candidate
            if have is None:
                self.new_metrics[candidate] = {"unit": unit, "description": description}
                return candidate
        n = 2
        while f"{name}_{n}" in self.metrics or f"{name}_{n}" in self.new_metrics:
            n += 1
        self.new_metrics[f"{name}_{n}"] = {"unit": unit, "description": description}
        return f"{name}_{n}"

    def is_new_metric(self, name: str) -> bool:
        """Tell whether a metric is proposed by this draft."""
        return name in self.new_metrics

    def unit_of(self, name: str) -> str | None:
        """The unit of a declared or proposed metric."""
        return self.metrics.get(name) or self.new_metrics.get(name, {}).get("unit")

    def share_metric(self, part: str, whole: str) -> str | None:
        """The declared metric defined as ``share(part, whole)``, if any."""
        for name, definition in self.definitions.items():
            args = re.fullmatch(r"\s*share\(\s*(\w+)\s*,\s*(\w+)\s*\)\s*", definition)
            if args and (args[1], args[2]) == (part, whole):
                return name
        return None

    def countries(self) -> frozenset[str]:
        """Entity keys that are countries: declared with parent ``world``, or known places that are."""
        declared = {k for k, (_, parent) in self.entities.items() if parent == "world"}
        return frozenset(declared | _COUNTRY_KEYS)

    def has_basis(self, metric: str, basis: str) -> bool:
        """Tell whether a metric declares a basis."""
        return basis in self.bases.get(metric, set())


_UNIT_SUFFIX = {"percent": "share", "CNY": "cny", "USD": "usd", "EUR": "eur", "count": "count",
                "vehicles": "vehicles", "years": "years", "ratio": "ratio", "km": "km", "pp": "pp"}


def book_from_yaml(data: dict[str, object] | None) -> Book:
    """Build a book from the parsed ``quantities.yaml`` (a plain or round-trip mapping)."""
    book = Book()
    if not isinstance(data, dict):
        return book
    entities = data.get("entities") or {}
    if isinstance(entities, dict):
        for key, value in entities.items():
            label, parent = str(key), None
            if isinstance(value, dict):
                label = str(value.get("name") or key)
                parent = value.get("parent")
            book.entities[str(key)] = (label, str(parent) if parent else None)
    metrics = data.get("metrics") or {}
    if isinstance(metrics, dict):
        for name, value in metrics.items():
            if not isinstance(value, dict):
                continue
            book.metrics[str(name)] = str(value.get("unit") or "")
            if value.get("definition"):
                book.definitions[str(name)] = str(value["definition"])
            if isinstance(value.get("bases"), dict):
                book.bases[str(name)] = {str(b) for b in value["bases"]}
    return book

"""The trusted identities of a network: metric definitions and part-of relations, made when read.

For every quantity the claims touch, a metric with a definition adds ``key - definition = 0``
(``nev_share = share(nev_sales, vehicle_sales)``) and a metric that is part of another adds
``whole - part >= 0``. Identities are never blamed. Bulk screening reads only their keys,
targets and shape templates, so those are kept as lists and each :class:`Constraint` (its tree
and label) is made the first time something reads it: the exact search, a finding, the report.
"""

from __future__ import annotations

import math
import re
from collections import deque
from dataclasses import dataclass, field

from claimcheck.expr import BinOp, ExpressionError, Node, Ref, expand, refs, rename_refs
from claimcheck.intervals import Interval
from claimcheck.loader import Registry
from claimcheck.model import QuantityKey
from claimcheck.network import (
    _ZERO,
    Constraint,
    MadeWhenRead,
    _period,
    _template,
    key_ref,
    parse_derivation,
    parse_key,
)

_BARE_NAME = re.compile(r"(?<![/\w])([a-z][a-z0-9_]*)(?![\w/(])")
_PART_OF_TARGET = Interval(0, math.inf)


def _definition(key: QuantityKey, text: str, metrics: set[str]) -> Node | None:
    """Instantiate a metric definition for one key: bare metric names become keys of its entity and period."""
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        return f"{key.entity}/{name}/{key.period.text}" if name in metrics else name
    try:
        return parse_derivation(_BARE_NAME.sub(sub, text))
    except ExpressionError:
        return None


def _definition_text(key: QuantityKey, definition: str) -> str:
    return _BARE_NAME.sub(lambda m: f"{key.entity}/{m.group(1)}/{key.period.text}", definition)


@dataclass
class _Definition:
    """A metric definition parsed and expanded once, over slots ``a/<name>/2000`` for its bare metric names."""

    tree: Node
    template: object
    #: the definition names quantities only by bare metric names (so every key in the tree is a slot)
    bare_names: bool
    #: the metric names of the slots, in :func:`refs` order
    names: tuple[str, ...]

    @classmethod
    def of(cls, definition: str, metrics: set[str]) -> _Definition | None:
        tree = _definition(QuantityKey("a", "slot", _period("2000")), definition, metrics)
        if tree is None:
            return None
        bare = all(k.count("/") == 2 and k.startswith("a/") and k.endswith("/2000") for k in refs(tree))
        expanded = expand(tree)
        return cls(expanded, _template(tree), bare and "/" not in definition,
                   tuple(k.split("/")[1] for k in refs(expanded)))

    def instance(self, entity: str, period: str) -> Node:
        """The expanded tree for one entity and period (only when :attr:`bare_names`)."""
        return rename_refs(self.tree, lambda slot: f"{entity}/{slot.split('/')[1]}/{period}")


@dataclass
class Identities(MadeWhenRead):
    """The trusted identities, in the order they were found: keys, targets and templates as lists, constraints when read."""

    #: per identity: its keys in :func:`refs` order, target ends, and shape template (None: unknown)
    keys: list[tuple[str, ...]] = field(default_factory=list)
    lo: list[float] = field(default_factory=list)
    hi: list[float] = field(default_factory=list)
    templates: list[object] = field(default_factory=list)
    #: per identity, how to make it: (key, parsed key, metric definition, its parsed form or the instantiated tree),
    #: or (whole, part)
    _recipes: list[tuple[object, ...]] = field(default_factory=list)
    _made: dict[int, Constraint] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.keys)

    def keys_of(self, i: int) -> tuple[str, ...]:
        return self.keys[i]

    def _make(self, i: int) -> Constraint:
        recipe = self._recipes[i]
        if len(recipe) == 2:
            whole, part = recipe
            return Constraint(BinOp("-", Ref(whole), Ref(part)), _PART_OF_TARGET, None, self.keys[i],
                              f"part of a whole: {part} ≤ {whole}")
        text, key, definition, made = recipe
        assert isinstance(text, str) and isinstance(key, QuantityKey) and isinstance(definition, str)
        expanded = made.instance(key.entity, key.period.text) if isinstance(made, _Definition) else made
        identity = BinOp("-", key_ref(text), expanded)  # type: ignore[arg-type]
        return Constraint(identity, _ZERO, None, self.keys[i], f"definition: {text} = {_definition_text(key, definition)}")

    def _add(self, keys: tuple[str, ...], target: Interval, template: object, recipe: tuple[object, ...]) -> None:
        self.keys.append(keys)
        self.lo.append(target.lo)
        self.hi.append(target.hi)
        self.templates.append(template)
        self._recipes.append(recipe)


def trusted_identities(registry: Registry, keys: dict[str, None]) -> Identities:
    """The metric definitions and part-of relations of every key the claims touch (to a fixed point).

    :param keys: the quantities the claims' constraints use, in order; the definitions' quantities are added.
    """
    metrics = set(registry.metrics)
    definitions: dict[str, _Definition | None] = {}
    found = Identities()
    pending = deque(keys)
    while pending:
        text = pending.popleft()
        key = parse_key(text)
        if key is None:
            continue
        metric = registry.metrics.get(key.metric)
        if metric is None or key.basis or not metric.definition:
            continue
        if metric.name not in definitions:
            definitions[metric.name] = _Definition.of(metric.definition, metrics)
        made = definitions[metric.name]
        if made is None or not made.bare_names:  # keys written out in the definition: instantiate it from its text
            tree = _definition(key, metric.definition, metrics)
            if tree is None:
                continue
            expanded: Node | _Definition = expand(tree)
            template = _template(tree)
            identity_keys = refs(BinOp("-", key_ref(text), expanded))  # type: ignore[arg-type]
        else:  # the slots renamed, as :meth:`_Definition.instance` renames them (distinct names stay distinct)
            entity, period = key.entity, key.period.text
            expanded, template = made, made.template
            identity_keys = tuple(dict.fromkeys((text, *(f"{entity}/{name}/{period}" for name in made.names))))
        found._add(identity_keys, _ZERO, ("identity", template) if template else None, (text, key, metric.definition, expanded))
        for k in identity_keys:
            if k not in keys:
                keys[k] = None
                pending.append(k)
    parts = {name: metric.part_of for name, metric in registry.metrics.items() if metric.part_of}
    for text in sorted(t for t in keys if (k := parse_key(t)) is not None and k.metric in parts and not k.basis):
        key = parse_key(text)
        assert key is not None
        whole = f"{key.entity}/{parts[key.metric]}/{key.period.text}"  # str(key.with_(metric=...)), without a basis
        if whole in keys:
            found._add((whole, text), _PART_OF_TARGET, ("part_of",), (whole, text))
    return found

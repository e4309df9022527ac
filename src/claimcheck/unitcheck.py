"""Units must agree: the figure's own words, the claim's unit, the quantity's metric, the derivation.

Figures, derivations and quantity keys repeat across claims, so each distinct one is read once
and the comparisons with every claim's unit run on arrays.
"""

from __future__ import annotations

import functools
from itertools import chain

import numpy as np

from claimcheck.columns import distinct
from claimcheck.expr import ExpressionError, Node, UnitError, unit_of
from claimcheck.figures import FigureError, parse_figure
from claimcheck.gcpause import gc_paused
from claimcheck.loader import Registry, problem
from claimcheck.network import operand_keys, parse_derivation, parse_key
from claimcheck.results import Finding


@functools.lru_cache(maxsize=1 << 16)
def _unit_hint(figure: str) -> str | None:
    try:
        return parse_figure(figure).unit_hint
    except FigureError:
        return None


def _trees(texts: list[object]) -> dict[object, Node | None]:
    """Each distinct derivation parsed (None when it cannot be)."""
    trees: dict[object, Node | None] = {}
    for text in texts:
        try:
            trees[text] = parse_derivation(text) if text else None
        except ExpressionError:
            trees[text] = None
    return trees


def metric_units(registry: Registry) -> dict[str, str]:
    """Map a quantity key to its metric's unit, for every key the claims mention."""
    claims = registry.claims
    derivations = [c.derivation if c.derivation and c.kind != "rank" else None for c in claims]
    return _metric_units(registry, [c.quantity for c in claims], derivations, _trees(list(dict.fromkeys(derivations))))


def _metric_units(registry: Registry, quantities: list[str], derivations: list[object],
                  trees: dict[object, Node | None]) -> dict[str, str]:
    """:func:`metric_units` from the claims' quantities and (non-rank) derivations, each derivation parsed once."""
    operands = {text: operand_keys(tree) for text, tree in trees.items() if tree is not None}
    keys = dict.fromkeys(chain.from_iterable((q, *operands.get(d, ())) for q, d in zip(quantities, derivations)))
    units: dict[str, str] = {}
    for key in keys:
        parsed = parse_key(key)
        metric = registry.metrics.get(parsed.metric) if parsed is not None else None
        if metric is not None:
            units[key] = metric.unit
    return units


def _derived_units(trees: dict[object, Node | None], units: dict[str, str]) -> dict[object, tuple[str, str] | None]:
    """Each derivation's unit (``("unit", u)``) or unit error (``("mixes", message)``); None when it has neither."""
    derived: dict[object, tuple[str, str] | None] = {}
    for text, tree in trees.items():
        try:
            derived[text] = None if tree is None else ("unit", unit_of(tree, units))
        except (ExpressionError, KeyError):
            derived[text] = None
        except UnitError as err:
            derived[text] = ("mixes", str(err))
    return derived


@gc_paused
def check_units(registry: Registry) -> list[Finding]:
    """Report every claim whose units disagree (CC017)."""
    claims = registry.claims
    if not claims:
        return []
    unit = np.array([c.unit for c in claims], dtype=object)
    figure_codes, figures = distinct(c.figure for c in claims)
    active = np.array([bool(c.unit) for c in claims]) & np.array([bool(f) for f in figures])[figure_codes]
    ranked = np.array([c.kind == "rank" for c in claims])
    derivations = [c.derivation if c.derivation and c.kind != "rank" else None for c in claims]
    derivation_codes, texts = distinct(derivations)
    trees = _trees(texts)
    quantities = [c.quantity for c in claims]
    units = _metric_units(registry, quantities, derivations, trees)

    hint = np.array([_unit_hint(f) if f else None for f in figures], dtype=object)[figure_codes]
    has_hint = np.array([bool(_unit_hint(f)) if f else False for f in figures], dtype=bool)[figure_codes]
    wrong_hint = active & has_hint & (hint != unit)
    derived = _derived_units(trees, units)
    kinds = np.array([d[0] if d else "" for d in derived.values()], dtype=object)[derivation_codes]
    derived_unit = np.array([d[1] if d else None for d in derived.values()], dtype=object)[derivation_codes]
    checked = active & ~wrong_hint
    mixes = checked & (kinds == "mixes")
    wrong_derived = checked & (kinds == "unit") & (derived_unit != unit)
    quantity_codes, keys = distinct(quantities)
    key_unit = np.array([units.get(k) for k in keys], dtype=object)[quantity_codes]
    has_key_unit = np.array([bool(units.get(k)) for k in keys], dtype=bool)[quantity_codes]
    wrong_quantity = (checked & ~ranked & np.array([not c.derivation for c in claims], dtype=bool) & has_key_unit
                      & (key_unit != unit))

    found = [(i, problem("CC017", claims[i].where("unit"), f"figure {claims[i].figure!r} is in {hint[i]} but the "
                         f"claim's unit is {claims[i].unit}", (claims[i].id,)))
             for i in np.flatnonzero(wrong_hint).tolist()]
    found += [(i, problem("CC017", claims[i].where("derivation"), f"derivation mixes units: {derived_unit[i]}",
                          (claims[i].id,)))
              for i in np.flatnonzero(mixes).tolist()]
    found += [(i, problem("CC017", claims[i].where("derivation"), f"derivation gives {derived_unit[i]} but the "
                          f"claim's unit is {claims[i].unit}", (claims[i].id,)))
              for i in np.flatnonzero(wrong_derived).tolist()]
    found += [(i, problem("CC017", claims[i].where("unit"), f"claim unit {claims[i].unit} differs from the unit of "
                          f"{claims[i].quantity} ({key_unit[i]})", (claims[i].id,)))
              for i in np.flatnonzero(wrong_quantity).tolist()]
    return [finding for _, finding in sorted(found, key=lambda item: item[0])]

"""Units must agree: the figure's own words, the claim's unit, the quantity's metric, the derivation."""

from __future__ import annotations

import functools

from claimcheck.expr import ExpressionError, UnitError, refs, unit_of
from claimcheck.figures import FigureError, parse_figure
from claimcheck.gcpause import gc_paused
from claimcheck.loader import Registry, problem
from claimcheck.network import parse_derivation as parse
from claimcheck.network import parse_key
from claimcheck.results import Finding


@functools.lru_cache(maxsize=1 << 16)
def _unit_hint(figure: str) -> str | None:
    try:
        return parse_figure(figure).unit_hint
    except FigureError:
        return None


def metric_units(registry: Registry) -> dict[str, str]:
    """Map a quantity key to its metric's unit, for every key the claims mention."""
    units: dict[str, str] = {}
    for claim in registry.claims:
        keys = [claim.quantity]
        if claim.derivation and claim.kind != "rank":
            try:
                keys += list(refs(parse(claim.derivation)))
            except ExpressionError:
                pass
        for key in keys:
            parsed = parse_key(key)
            if parsed is None:
                continue
            metric = registry.metrics.get(parsed.metric)
            if metric is not None:
                units[key] = metric.unit
    return units


@gc_paused
def check_units(registry: Registry) -> list[Finding]:
    """Report every claim whose units disagree (CC017)."""
    out: list[Finding] = []
    units = metric_units(registry)
    for claim in registry.claims:
        if not claim.unit or not claim.figure:
            continue
        ids = (claim.id,)
        hint = _unit_hint(claim.figure)
        if hint and hint != claim.unit:
            out.append(problem("CC017", claim.where("unit"), f"figure {claim.figure!r} is in {hint} but the claim's "
                               f"unit is {claim.unit}", ids))
            continue
        quantity_unit = units.get(claim.quantity)
        if claim.derivation and claim.kind != "rank":
            try:
                derived = unit_of(parse(claim.derivation), units)
            except (ExpressionError, KeyError):
                continue
            except UnitError as err:
                out.append(problem("CC017", claim.where("derivation"), f"derivation mixes units: {err}", ids))
                continue
            if derived != claim.unit:
                out.append(problem("CC017", claim.where("derivation"), f"derivation gives {derived} but the claim's "
                                   f"unit is {claim.unit}", ids))
        elif claim.kind != "rank" and quantity_unit and quantity_unit != claim.unit:
            out.append(problem("CC017", claim.where("unit"), f"claim unit {claim.unit} differs from the unit of "
                               f"{claim.quantity} ({quantity_unit})", ids))
    return out

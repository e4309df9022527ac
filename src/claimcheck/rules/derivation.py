"""CC102-CC105: every stated derivation recomputed from the figures it rests on.

Operands come from the same article when it states them, otherwise from what the rest of the
registry says (see :meth:`Context.known`). A recomputation that contradicts the stated figure is
not reported here: the same contradiction is a conflicting set, reported once by CC101/CC201/CC202.
Here go the notes a reviewer needs beside them: a fit owed only to a hedge, the reading a
"fold" figure fits, and a division by a value that may be zero.
"""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.engine import Context
from claimcheck.expr import BinOp, Call, Num, evaluate, refs
from claimcheck.intervals import Interval, ZeroDivisionInterval
from claimcheck.network import Statement, intersect_all
from claimcheck.numfmt import fmt_interval, fmt_number, gap
from claimcheck.results import Finding
from claimcheck.rules import get as get_rule


def operands(ctx: Context, s: Statement) -> tuple[dict[str, Interval], tuple[str, ...]] | None:
    """Bind every quantity of a derivation to what claims state of it directly; None if one is not stated.

    The claim's own article is preferred; otherwise every other article's statements of the
    quantity are intersected. Values that are only implied are left to triangulation: using
    them here would recompute a claim from itself.
    """
    bindings: dict[str, Interval] = {}
    used: list[str] = []
    for key in refs(s.expression):
        stated = [o for o in ctx.direct.get(key, []) if o.claim.id != s.claim.id]
        own = [o for o in stated if o.claim.file == s.claim.file]
        chosen = own or stated
        value = intersect_all(chosen) if chosen else None
        if value is None:
            return None
        bindings[key] = value
        used += [o.claim.id for o in chosen]
    return bindings, tuple(used)


def _fits(iv: Interval, target: Interval) -> bool:
    return iv.intersect(target) is not None


def check(ctx: Context) -> Iterator[Finding]:
    """Recompute every derivation whose operands are known."""
    for s in ctx.net.statements.values():
        c = s.claim
        if not c.derivation or c.kind in ("rank", "forecast", "target", "conversion"):
            continue
        bound = operands(ctx, s)
        if bound is None:
            ctx.recomputations.append({"claim": c.id, "what": c.derivation, "recomputed": None, "stated": c.figure,
                                       "status": "operands unknown"})
            continue
        bindings, used = bound
        try:
            value = evaluate(s.expression, bindings)
        except ZeroDivisionInterval:
            yield Finding("CC105", get_rule("CC105").severity,
                          f"{c.id}: {c.derivation} divides by a value that may be zero",
                          c.where("derivation"), claims=(c.id, *used), quantities=refs(s.expression),
                          explanation="A divisor's interval contains zero, so the ratio is unbounded; "
                                      "check the base figure (a growth from zero has no rate).")
            continue
        status = "consistent" if _fits(value, s.printed) else "consistent with hedge" if _fits(value, s.interval) \
            else "inconsistent"
        ctx.recomputations.append({"claim": c.id, "what": c.derivation, "recomputed": fmt_interval(value, c.unit),
                                   "stated": fmt_interval(s.interval, c.unit), "status": status, "operands": used})
        if status == "consistent with hedge":
            yield Finding("CC102", get_rule("CC102").severity,
                          f"{c.id}: {c.derivation} = {fmt_interval(value, c.unit)} fits {c.hedge} {c.figure} only "
                          f"thanks to the hedge (printed {fmt_interval(s.printed, c.unit)})",
                          c.location, claims=(c.id, *used), quantities=refs(s.expression),
                          explanation=f"Recomputed from {', '.join(used)}, the value is {fmt_interval(value, c.unit)}. "
                                      f"As printed, “{c.figure}” allows {fmt_interval(s.printed, c.unit)}; the hedge "
                                      f"'{c.hedge}' ({s.why}) widens it to {fmt_interval(s.interval, c.unit)}.",
                          stated=fmt_interval(s.printed, c.unit), recomputed=fmt_interval(value, c.unit),
                          gap=gap(value, s.printed))
        if c.kind == "fold":
            yield from _fold_reading(ctx, s, value, bindings, used)


def _fold_reading(ctx: Context, s: Statement, ratio: Interval, bindings: dict[str, Interval],
                  used: tuple[str, ...]) -> Iterator[Finding]:
    """CC103/CC104: say which reading of "N-fold increase" fits: new/old, or new/old - 1."""
    c = s.claim
    expression = s.expression
    if not (isinstance(expression, Call) and expression.name == "fold"):
        return
    increase = evaluate(BinOp("-", expression, Num(1.0, "1")), bindings)
    ratio_fits, increase_fits = _fits(ratio, s.interval), _fits(increase, s.interval)
    readings = (f"as a ratio (new / old) it is {fmt_interval(ratio, 'ratio')}, as an increase (new / old - 1) "
                f"{fmt_interval(increase, 'ratio')}; stated {fmt_interval(s.interval, 'ratio')}")
    if ratio_fits and not increase_fits:
        code, fits = "CC103", "ratio"
    elif increase_fits and not ratio_fits:
        code, fits = "CC104", "increase"
    else:
        return
    yield Finding(code, get_rule(code).severity, f"{c.id}: '{c.figure}' fits only as {'a ratio' if fits == 'ratio' else 'an increase'}: {readings}",
                  c.location, claims=(c.id, *used), quantities=refs(expression),
                  explanation=(f"“{c.figure} increase” is ambiguous: {readings}. Only the {fits} reading fits"
                               + (", so the article used 'N-fold increase' to mean 'N times as many'."
                                  if fits == "ratio" else "; as a ratio the figure is off by one.")),
                  stated=fmt_interval(s.interval, "ratio"),
                  recomputed=fmt_interval(ratio if fits == "ratio" else increase, "ratio"),
                  gap=gap(increase if fits == "ratio" else ratio, s.interval),
                  extra={"ratio": fmt_number(ratio.lo, "ratio", 3), "increase": fmt_number(increase.lo, "ratio", 3)})

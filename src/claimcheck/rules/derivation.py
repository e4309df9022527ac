"""CC102-CC105: every stated derivation recomputed from the figures it rests on.

Operands come from the same article when it states them, otherwise from what the rest of the
registry says (see :func:`~claimcheck.rules.recompute.operands`). A recomputation that contradicts
the stated figure is not reported here: the same contradiction is a conflicting set, reported once
by CC101/CC201/CC202. Here go the notes a reviewer needs beside them: a fit owed only to a hedge,
the reading a "fold" figure fits, and a division by a value that may be zero (one that can only be
zero makes the claims a conflicting set, reported there).

All derivations are recomputed at once (:func:`~claimcheck.rules.recompute.recompute`); findings
are built only for the few rows that have one.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from claimcheck.engine import Context, Recomputation
from claimcheck.expr import Call, number_interval
from claimcheck.intervals import Interval, IntervalArray
from claimcheck.network import Statement
from claimcheck.numfmt import fmt_interval, fmt_number, gap
from claimcheck.results import Finding
from claimcheck.rules import get as get_rule
from claimcheck.rules.recompute import Rows, recompute

#: kinds whose derivation is not a figure to recompute
_SKIP = ("rank", "forecast", "target", "conversion")
_STATUS = ("operands unknown", "consistent", "consistent with hedge", "inconsistent")
_UNKNOWN, _CONSISTENT, _HEDGE, _INCONSISTENT, _ZERO = range(5)  # _ZERO: no row, a CC105 finding
#: which reading of a fold figure alone fits it (CC103, CC104), if one does
_READINGS = (None, "ratio", "increase")


def check(ctx: Context) -> Iterator[Finding]:
    """Recompute every derivation whose operands are known."""
    rows = Rows.derived(ctx, _SKIP)
    r = recompute(ctx, rows)
    values = IntervalArray(r.lo, r.hi)
    stated = rows.stated
    fits = values.overlaps(stated)
    status = np.where(values.overlaps(rows.printed), _CONSISTENT, np.where(fits, _HEDGE, _INCONSISTENT))
    status[r.zero] = _ZERO
    status[~r.known] = _UNKNOWN
    increase = values - number_interval("1")  # what evaluate gives for fold(...) - 1
    increase_fits = increase.overlaps(stated)
    readings = np.where(fits & ~increase_fits, 1, np.where(increase_fits & ~fits, 2, 0))  # into _READINGS
    recomputations = ctx.recomputations
    columns = zip(rows.ids, rows.texts, rows.figures, rows.units, rows.intervals, status.tolist(),
                  zip(r.lo.tolist(), r.hi.tolist()), r.operands)
    for i, (claim_id, derivation, figure, unit, interval, code, bounds, used) in enumerate(columns):
        if code == _UNKNOWN:
            recomputations.append(Recomputation(claim_id, derivation, _STATUS[code], figure))
        elif code == _ZERO:
            c = rows.statement(i).claim
            if _conflicting(ctx, c.id, used):
                continue  # reported once, as the conflicting set (CC101, CC201, CC202)
            yield Finding("CC105", get_rule("CC105").severity,
                          f"{c.id}: {c.derivation} divides by a value that may be zero",
                          c.where("derivation"), claims=(c.id, *used), quantities=r.quantities[i],
                          explanation="A divisor's interval contains zero, so the ratio is unbounded; "
                                      "check the base figure (a growth from zero has no rate).")
        else:
            recomputations.append(Recomputation(claim_id, derivation, _STATUS[code], figure, unit, bounds,
                                                interval, used))
            if code == _HEDGE:
                yield _hedge_only(rows.statement(i), values[i], used, r.quantities[i])
            expression = rows.expressions[i]
            if rows.kinds[i] == "fold" and readings[i] and isinstance(expression, Call) and expression.name == "fold":
                yield _fold_reading(rows.statement(i), _READINGS[readings[i]], values[i], increase[i], used,
                                    r.quantities[i])


def _conflicting(ctx: Context, claim_id: str, used: tuple[str, ...]) -> bool:
    """Whether a claim and the claims its operands come from hold a conflicting set with the claim in it.

    A division by an operand that can only be zero is such a set: no ratio over zero exists.
    """
    named = {claim_id, *used}
    return any(claim_id in conflict and conflict <= named for conflict in ctx.conflicts)


def _hedge_only(s: Statement, value: Interval, used: tuple[str, ...], quantities: tuple[str, ...]) -> Finding:
    """CC102: the recomputed value fits the figure only thanks to its hedge."""
    c = s.claim
    recomputed, printed = fmt_interval(value, c.unit), fmt_interval(s.printed, c.unit)
    return Finding("CC102", get_rule("CC102").severity,
                   f"{c.id}: {c.derivation} = {recomputed} fits {c.hedge} {c.figure} only "
                   f"thanks to the hedge (printed {printed})",
                   c.location, claims=(c.id, *used), quantities=quantities,
                   explanation=f"Recomputed from {', '.join(used)}, the value is {recomputed}. "
                               f"As printed, “{c.figure}” allows {printed}; the hedge "
                               f"'{c.hedge}' ({s.why}) widens it to {fmt_interval(s.interval, c.unit)}.",
                   stated=printed, recomputed=recomputed, gap=gap(value, s.printed))


def _fold_reading(s: Statement, fits: str, ratio: Interval, increase: Interval, used: tuple[str, ...],
                  quantities: tuple[str, ...]) -> Finding:
    """CC103/CC104: say which reading of "N-fold increase" fits: new/old, or new/old - 1."""
    c = s.claim
    code = "CC103" if fits == "ratio" else "CC104"
    shown = {"ratio": fmt_interval(ratio, "ratio"), "increase": fmt_interval(increase, "ratio")}
    stated = fmt_interval(s.interval, "ratio")
    readings = (f"as a ratio (new / old) it is {shown['ratio']}, as an increase (new / old - 1) "
                f"{shown['increase']}; stated {stated}")
    return Finding(code, get_rule(code).severity,
                   f"{c.id}: '{c.figure}' fits only as {'a ratio' if fits == 'ratio' else 'an increase'}: {readings}",
                   c.location, claims=(c.id, *used), quantities=quantities,
                   explanation=(f"“{c.figure} increase” is ambiguous: {readings}. Only the {fits} reading fits"
                                + (", so the article used 'N-fold increase' to mean 'N times as many'."
                                   if fits == "ratio" else "; as a ratio the figure is off by one.")),
                   stated=stated, recomputed=shown[fits],
                   gap=gap(increase if fits == "ratio" else ratio, s.interval),
                   extra={"ratio": fmt_number(ratio.lo, "ratio", 3), "increase": fmt_number(increase.lo, "ratio", 3)})

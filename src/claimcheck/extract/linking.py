"""Figures of one statement, linked: a change to its level, a share's points to the share, a fold to
its two ends, a conversion to its amount, a rank to what it ranks, a total to its parts.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from claimcheck.extract.context import Sentence
from claimcheck.extract.guess import (
    NEXT_YEARS_RE,
    SMALL_NUMBERS,
    Guess,
    base_level,
    has_words,
    measure_of,
    reached_level,
)
from claimcheck.extract.metrics import CURRENCIES, level_metric
from claimcheck.extract.naming import Naming, share_name
from claimcheck.extract.periods import following_years, previous, same_part
from claimcheck.extract.vocab import DOWN_WORDS, SUM_INTRO, WHOLE_OF, YEAR_ON_YEAR


class Linking(Naming):
    """The linking steps of :class:`~claimcheck.extract.classify.Classifier`."""

    def _subject_measures(self, g: Guess) -> list[str]:
        """Measures coordinated before a figure ("both production and sales exceeded"), or []."""
        m, s, a = g.mention, g.sentence, self.a
        end = a.clause_end(s, m.end) if g.kind == "rank" else m.left
        window = a.text[max(s.start, m.left - 60):end]
        for pair in re.finditer(r"\b([a-z]+)\s+and\s+([a-z]+)\b", window):
            one, two = measure_of(pair.group(1)), measure_of(pair.group(2))
            if one and two and one != two and "share" not in (one, two):
                return [one, two]
        return []

    def _link(self, found: list[Guess], s: Sentence) -> list[Guess]:
        """Link the figures of one sentence and fill in derivations; expand coordinated figures."""
        out: list[Guess] = []
        for one, two in pairwise(found):
            gap = self.a.lower(one.mention.end, two.mention.left)
            if re.fullmatch(r"(?:-|–|—|to|and)", gap) and one.unit == two.unit and two.kind == "value" and \
                    one.kind in ("forecast", "target", "value", "bound", "change") and not two.mention.in_parens:
                two.kind, two.hedge = one.kind, two.hedge or one.hedge
                for g in (one, two):
                    g.reasons.append(f"range {self.a.text[one.mention.start:two.mention.end]!r}: two claims, one "
                                     "per end; keep them as bounds (at least / up to) or note the range")
                if one.kind == "change":
                    two.entity, two.metric, two.period = one.entity, one.metric, one.period
        levels = [g for g in found if g.kind in ("value", "bound", "target", "forecast", "sum")
                  and g.unit not in ("percent", "pp", "ratio")]
        for g in found:
            if g.kind == "change":
                self._link_change(g, levels, s)
            elif g.kind == "point_change":
                shares = [x for x in found if x.kind in ("share", "value", "bound") and x.unit == "percent"
                          and x.mention.start < g.mention.start]
                to = [x for x in found if x.kind in ("share", "value") and x.unit == "percent"
                      and x.mention.start > g.mention.start
                      and re.fullmatch(r"to", self.a.lower(g.mention.end, x.mention.left))]
                if to:
                    to[0].metric = g.metric if to[0].metric in ("share",) else to[0].metric
                    g.entity, g.metric, g.period, g.basis = to[0].entity, to[0].metric, to[0].period, to[0].basis
                elif shares:
                    g.entity, g.metric, g.period, g.basis = shares[-1].entity, shares[-1].metric, \
                        shares[-1].period, shares[-1].basis
                else:
                    g.reasons.append("no share stated next to the percentage points: quantity guessed")
                base = self._base(g, s, g.period)
                g.derivation = f"point_change({g.key}, {g.at(base)})"
                self._down(g)
            elif g.kind == "share":
                self._link_share(g)
            elif g.kind == "fold":
                self._link_fold(g, levels, s)
            elif g.kind == "conversion":
                self._link_conversion(g, found)
            elif g.kind == "first_time":
                same = [x for x in found if x is not g and x.unit == "percent" and x.kind in ("share", "value")]
                if same and g.unit == "percent":
                    g.entity, g.metric, g.period, g.basis = same[0].entity, same[0].metric, same[0].period, \
                        same[0].basis
            elif g.kind == "rank":
                self._link_rank(g, found)
            out.append(g)
            measures = self._subject_measures(g) if g.kind in ("value", "bound", "rank", "target", "forecast") \
                and g.unit not in ("years", "percent", "km") else []
            if measures and g.measure not in measures:
                out[-1] = g = self._twin(g, measures[0])
            for measure in measures:
                if measure != g.measure:
                    out.append(self._twin(g, measure))
            if g.kind in ("value", "bound", "target", "forecast", "sum") and g.unit not in ("percent",):
                self.last["key_metric"] = g.metric
                self.last["level_unit"] = g.unit
        return self._next_years(out, s)

    def _twin(self, g: Guess, measure: str) -> Guess:
        """The same figure for a second coordinated measure ("production and sales exceeded 31 million")."""
        twin = replace(g, reasons=list(g.reasons), measure=measure)
        name = level_metric(g.subject, measure, g.level_unit) or measure
        twin.metric = self.book.metric(name, self._metric_unit(twin, name), f"{(g.subject or '').replace('_', ' ')} "
                                       f"{measure} ({g.level_unit}) (proposed by claimcheck extract from {self.seed}: "
                                       "check the name and definition)")
        if g.derivation and g.kind == "rank":
            twin.derivation = g.derivation.replace(f"/{g.metric}/", f"/{twin.metric}/")
        return twin

    def _base(self, g: Guess, s: Sentence, period: str) -> str:
        text = self.a.lower(g.mention.end, s.end)
        for p in s.periods:
            if p.start >= g.mention.end and (p.role in ("base",) or p.role == "from") and p.period != period:
                if p.period == "earlier":
                    return previous(period)
                return same_part(p.period, period)  # "the first quarter ... compared with the same period last year"
        if has_words(self.a.lower(s.start, s.end), YEAR_ON_YEAR) or re.search(r"\byear\b", text):
            return previous(period)
        g.reasons.append(f"base period not stated: year on year assumed ({previous(period)})")
        return previous(period)

    def _down(self, g: Guess) -> None:
        left = self.a.left(g.mention) + " " + " ".join(self.a.right(g.mention).split()[:2])
        down = has_words(left, tuple(DOWN_WORDS))
        if down and g.derivation:
            g.derivation = "-" + g.derivation
            g.reasons.append(f"a fall ('{down}'): the figure is the size of the drop, so the derivation is negated")

    def _link_change(self, g: Guess, levels: list[Guess], s: Sentence) -> None:
        start = base_level(self.a, g.mention, s)  # "up 4 percent from 735": 735 is the base, not the level
        ends = [x for x in levels if x.mention != start]
        level = self._partner(g, ends)
        if level is None:
            level = self._attached(g, ends, s)
            if level is not None and level.measure is None and g.measure and g.metric != level.metric:
                # "profit rose 10 percent ... to 6.7 trillion won": the change names what the level measures
                level.metric = self.book.metric(g.metric, self._metric_unit(level, g.metric),
                                                f"{g.metric.replace('_', ' ')} ({level.unit}) (proposed by claimcheck "
                                                f"extract from {self.seed}: check the name and definition)")
                level.measure, level.subject = g.measure, g.subject
        if level is not None:
            g.entity, g.metric, g.period, g.basis = level.entity, level.metric, level.period, level.basis
            g.level_unit = level.unit
        old = self._from_level(g, level, levels, s)
        base = old.period if old is not None and old.period != g.period else self._base(g, s, g.period)
        g.derivation = f"growth({g.key}, {g.at(base)})"
        self._down(g)

    def _partner(self, g: Guess, levels: list[Guess]) -> Guess | None:
        """The level figure a change is about: same metric, nearest, not across another level of another metric."""
        same = [x for x in levels if x.metric == g.metric or x.measure == g.measure and x.subject == g.subject]
        if not same:
            return None
        return min(same, key=lambda x: abs(x.mention.start - g.mention.start))

    def _attached(self, g: Guess, levels: list[Guess], s: Sentence) -> Guess | None:
        """The level a change or multiple is written onto, whatever the two were named after.

        The level it reached ("rose 3.2 percent to €45.1 billion", "doubled to 417,000 units"), else the
        level right before it in the same statement ("sold 4.27 million vehicles in 2024, up 41 percent"):
        no figure between them, no other measure named between them, no "while" or "but" turning to
        another subject.
        """
        levels = [x for x in levels if self._is_level(x)]
        reached = reached_level(self.a, g.mention, s)
        found = next((x for x in levels if x.mention == reached), None) if reached else None
        if found is not None:
            return found
        before = [x for x in levels if x.mention.end <= g.mention.left]
        if not before:
            return None
        x = before[-1]
        lo, hi = x.mention.end, g.mention.left
        gap = self.a.lower(lo, hi)
        if any(y.start >= lo and y.end <= hi for y in s.mentions) or len(gap) > 80 or \
                re.search(r"\b(?:while|whereas|but|although|though|compared)\b|;", gap) or \
                any(lo <= t.start < hi and t.canon not in ("share", x.measure) for t in s.measures) or \
                self.a.clause_start(s, hi) != self.a.clause_start(s, lo) and not self._change_opens_clause(g, s):
            return None
        return x

    def _is_level(self, x: Guess) -> bool:
        """Tell whether a figure is a level a change or multiple can be of (not a count of years, not a rate)."""
        unit = self.book.unit_of(x.metric) or x.unit
        return unit not in ("percent", "pp", "ratio", "rank", "years") and x.unit not in ("years",)

    def _change_opens_clause(self, g: Guess, s: Sentence) -> bool:
        """Tell whether a figure's clause is only its change phrase: ", up 41 percent", ", a 7.3% increase"."""
        head = self.a.lower(self.a.clause_start(s, g.mention.left), g.mention.left)
        return re.fullmatch(r"(?:(?:up|down|rising|falling|growing|increasing|declining|dropping|or|an?|"
                            r"representing|marking|which (?:is|was)|by|roughly|about|nearly|almost|some|over|"
                            r"more than|less than|around)\s*)*", head) is not None

    def _from_level(self, g: Guess, level: Guess | None, levels: list[Guess], s: Sentence) -> Guess | None:
        """The level a change or multiple started from ("up 4 percent from 735 a year earlier",
        "tripled to $12 billion from $4.1 billion in 2021"): the same quantity at its own period."""
        start = base_level(self.a, g.mention, s)
        if start is None and level is not None and level.mention.start > g.mention.start:
            start = base_level(self.a, level.mention, s)
        old = next((x for x in levels if x.mention == start), None) if start else None
        if old is None or level is None or old is level or old.unit != level.unit:
            return None
        if old.period == level.period:
            return None  # "from" something else, not from an earlier time
        old.entity, old.metric, old.basis = level.entity, level.metric, level.basis
        old.period = same_part(old.period, level.period)  # "from 27,000 in the same quarter of 2023"
        return old

    def _link_share(self, g: Guess) -> None:
        """Write a share's derivation ``share(part, whole)``, or make it a value when part and whole are unclear."""
        if g.share_of is None:
            g.kind = "value"
            g.reasons.append("share of what in what is not clear: registered as the value of a percent metric")
            return
        part, whole = g.share_of
        if g.share_part is not None and g.share_part.metric != part:
            # linking renamed the part ("rose 11 percent to 1.4 billion pounds" named by the change): follow it
            part = g.share_part.metric
            if g.share_whole_guessed:
                guessed, whole = whole, f"total_{g.share_part.measure or part}"
                g.reasons = [r.replace(repr(guessed), repr(whole)) for r in g.reasons]
            g.share_of = (part, whole)
            declared = self.book.share_metric(part, whole)
            g.metric = declared or self.book.metric(share_name(part), "percent", f"share of {part.replace('_', ' ')} in "
                                                    f"{whole.replace('_', ' ')} (proposed by claimcheck extract from "
                                                    f"{self.seed}: check the name and definition)")
        unit = g.level_unit if g.level_unit not in ("percent", "pp", "ratio", "rank", "") else "vehicles"
        if g.level_unit in ("", "count") and (g.subject in WHOLE_OF or g.subject == "vehicle"):
            unit = "vehicles"
        declared = self.book.unit_of(whole) or self.book.unit_of(part)
        if declared and declared not in ("percent", "pp", "ratio", "rank"):
            unit = declared  # part and whole are counted alike: follow the one quantities.yaml declares
        part = self.book.metric(part, unit, f"{part.replace('_', ' ')} ({unit}) (proposed by claimcheck extract "
                                f"from {self.seed}: check the name and definition)")
        whole = self.book.metric(whole, unit, f"{whole.replace('_', ' ')} ({unit}) (proposed by claimcheck "
                                 f"extract from {self.seed}: check the name and definition)")
        g.derivation = f"share({g.entity}/{part}/{g.period}, {g.entity}/{whole}/{g.period})"

    def _link_fold(self, g: Guess, levels: list[Guess], s: Sentence) -> None:
        before = [x for x in levels if x.mention.start < g.mention.start and self._is_level(x)]
        joined = len(before) >= 2 and before[-2].unit == before[-1].unit and before[-2].key != before[-1].key and \
            re.search(r"\bto\b", self.a.lower(before[-2].mention.end, before[-1].mention.left))
        if joined:
            new, old = before[-1], before[-2]
            g.entity, g.metric, g.period = new.entity, new.metric, new.period
            g.derivation = f"fold({new.key}, {old.key})"
            return
        reached = reached_level(self.a, g.mention, s)
        level = next((x for x in levels if x.mention == reached and self._is_level(x)), None) if reached else None
        if level is not None:  # "more than doubled to 417,000 units": the multiple of that quantity
            g.entity, g.metric, g.period, g.basis = level.entity, level.metric, level.period, level.basis
            g.level_unit = level.unit
            old = self._from_level(g, level, levels, s)
            if old is not None:
                g.derivation = f"fold({g.key}, {old.key})"
                return
        base = next((p.period for p in s.periods if p.role in ("since", "from", "base")
                     and p.period not in ("earlier", g.period)), None)
        if base is not None:
            base = same_part(base, g.period)  # "the first half ... compared with the same period last year"
        if base is None and any(p.period == "earlier" for p in s.periods):
            base = previous(g.period)
        if base is None:
            base = previous(g.period)
            g.reasons.append(f"base of the multiple not stated: {base} assumed")
        g.derivation = f"fold({g.key}, {g.at(base)})"

    def _link_conversion(self, g: Guess, found: list[Guess]) -> None:
        amount = [x for x in found if x.mention.end <= g.mention.start and x.unit in CURRENCIES]
        if not amount:
            g.kind = "value"
            return
        src = amount[-1]
        g.entity, g.metric, g.period, g.basis = src.entity, src.metric, src.period, src.basis
        frm, to = src.unit, g.unit
        rate_metric = self.book.metric(f"{frm.lower()}_per_{to.lower()}", f"{frm}_per_{to}",
                                       f"{frm} per {to} exchange rate (proposed by claimcheck extract from {self.seed})")
        self.book.entity("fx", "foreign-exchange markets")
        fx_period = self.a.date.month_period
        g.derivation = f"convert({src.key}, fx/{rate_metric}/{fx_period})"
        if self.a.date_guessed:
            g.reasons.append(f"rate period {fx_period} from a guessed article date")

    def _link_rank(self, g: Guess, found: list[Guess]) -> None:
        before = [x for x in found if x.mention.start < g.mention.start and x.kind in ("value", "bound", "change")
                  and x.unit not in ("years", "km")]
        levels = [x for x in before if x.kind != "change"]
        text = self.a.lower(g.mention.start, self.a.clause_end(g.sentence, g.mention.end))
        if levels:
            level = levels[-1]
            g.entity, g.metric, g.period, g.basis = level.entity, level.metric, level.period, level.basis
            g.measure, g.subject = level.measure, level.subject
            changes = [x for x in before if x.kind == "change"]
            if re.search(r"\bgrowth\b|\bgrowing\b", text) and changes:
                g.derivation = changes[-1].derivation
        elif re.search(r"\bgrowth\b", text):
            g.derivation = f"growth({g.key}, {g.at(previous(g.period))})"
            g.reasons.append("rank of a growth rate with no growth figure: base period assumed")

    def _next_years(self, found: list[Guess], s: Sentence) -> list[Guess]:
        """Expand a figure that holds "annually for the next three years" into one claim per year."""
        out: list[Guess] = []
        for g in found:
            m = NEXT_YEARS_RE.search(self.a.text, g.mention.end, s.end)
            if m is None or g.kind not in ("value", "bound") or g.unit in ("years",) or \
                    any(x.mention.start < m.start() and x.mention.start > g.mention.end for x in found):
                out.append(g)
                continue
            years = following_years(g.period, SMALL_NUMBERS[m["n"].lower()])
            for year in years:
                copy = replace(g, reasons=list(g.reasons), period=year)
                copy.reasons.append(f"'{m.group().strip()}' after {g.period}: one claim per year ({', '.join(years)})")
                out.append(copy)
            for x in found:
                if x.mention.start >= m.start("n") and x.mention.end <= m.end("n"):
                    x.consumed = True
                    x.ignore_reason = (f"counts the years ({', '.join(years)}) of the claims on {g.mention.text!r}, "
                                       "one claim per year")
        return [g for g in out if not (g.consumed and g.ignore_reason and g.kind)] + \
            [g for g in out if g.consumed and g.ignore_reason]

    def _sum(self, earlier: list[Guess], found: list[Guess], s: Sentence) -> None:
        """Make a total a ``sum`` of the parts a following "This included ..." sentence lists."""
        text = self.a.lower(s.start, s.end)
        if not any(text.startswith(intro) for intro in SUM_INTRO):
            return
        parts = [g for g in found if g.kind in ("value", "bound") and g.unit not in ("percent", "pp", "ratio")]
        totals = [g for g in earlier if g.sentence.paragraph == s.paragraph and g.kind == "value"
                  and g.unit not in ("percent", "pp", "ratio") and not g.consumed]
        if len(parts) < 2 or not totals:
            return
        total = totals[-1]
        if any(p.unit != total.unit for p in parts):
            return
        total.kind = "sum"
        total.derivation = "sum(" + ", ".join(p.key for p in parts) + ")"
        total.reasons.append(f"total of the parts listed in the next sentence ('{text[:14]}...'): check they add up "
                             "to it as stated")

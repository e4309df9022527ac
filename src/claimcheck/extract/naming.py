"""Who and what a figure is about, and when: entity, period, and the metric's name (declared or proposed).

Entities come from the figure's clause, then the sentence's subject, then an earlier sentence
(said so in the review reason), then the article's main entity. Periods come from the words
next to the figure, then its sentence, then an earlier sentence or the publication year. A
metric is named ``<subject>_<measure>`` ("nev_sales"), after a counted noun ("signature_products"),
a share of one thing in another ("nev_share", or the declared metric so defined), or the noun
phrase the sentence opens with; :class:`~claimcheck.extract.book.Book` reuses declared names.
"""

from __future__ import annotations

import re

from claimcheck.extract.book import Book
from claimcheck.extract.context import Article, Sentence
from claimcheck.extract.entities import slug
from claimcheck.extract.guess import (
    COUNTED,
    LEAD_RE,
    PASSIVE_RE,
    PRESENT_RE,
    Guess,
    has_words,
    is_subject_phrase,
    measure_of,
    noun_end,
    sentence_start,
    share_word,
    unit_of,
)
from claimcheck.extract.metrics import CURRENCIES, level_metric, noun_metric, singular
from claimcheck.extract.periods import PeriodMention, previous
from claimcheck.extract.ranks import rank_scope
from claimcheck.extract.scanner import Mention, noun_after
from claimcheck.extract.vocab import (
    CHANGE_WORDS,
    COUNTRY_SCOPE,
    DOWN_WORDS,
    MEASURES,
    NOT_SUBJECT_WORDS,
    POLICY_WORDS,
    VAGUE_BASE,
    WHOLE_OF,
)

#: a measure's subject written after it, before the verb: "Deliveries of its A320 family rose", "Output at its
#: El Teniente mine slipped"
_OF_THING_RE = re.compile(r"\s+(?:of|at)\s+(?:its|their|the|his|her)\s+(?P<thing>(?:[A-Za-z0-9][\w-]*\s+){1,3}?)"
                          r"(?=(?:rose|fell|grew|increased|decreased|declined|climbed|dropped|jumped|slipped|"
                          r"was|were|is|are|reached|hit|stood|totalled|totaled|came|more|nearly|almost)\b)")


#: verbs written before a measure that do not name what is measured ("plans to lift production")
_VERBS_BEFORE_MEASURE = frozenset({"lift", "lifts", "raise", "boost", "boosts", "double", "triple", "reach", "hit",
                                   "grow", "expand", "keep", "maintain", "increase", "reduce", "cut", "halve"})
#: words that say a share's whole is everything ("of the group total", "of its overall sales")
_TOTAL_WORDS = frozenset({"total", "overall", "whole", "combined", "group", "company", "group's", "company's",
                          "group’s", "company’s", "entire"})
#: words that end the name of a share's whole ("of the total in 2024", "of all exports last year")
_NOT_WHOLE_WORDS = frozenset({"in", "for", "during", "last", "this", "that", "a", "an", "at", "from", "to", "by",
                              "on", "and", "the", "so", "according", "said", "says", "up", "down", "which"})


def share_name(part: str) -> str:
    """The name of a share metric after its part: ``nev_sales`` -> ``nev_share``, ``deliveries`` -> ``deliveries_share``."""
    return f"{part.rsplit('_', 1)[0]}_share" if "_" in part else f"{part}_share"


class Naming:
    """Entity, period and metric choices of :class:`~claimcheck.extract.classify.Classifier`."""

    a: Article
    book: Book
    seed: str
    last: dict[str, str | None]
    current: list[Guess]
    history: list[Guess]
    horizon: str | None
    last_period: str | None

    def _entity(self, m: Mention, s: Sentence, reasons: list[str]) -> str:
        before = [e for e in s.entities if e.end <= m.left and not self._scope(e.start, s)]
        clause = [e for e in before if e.start >= self.a.clause_start(s, m.left)]
        subjects = [e for e in before if e.subject]
        pick = (clause or subjects or before)[-1] if (clause or subjects or before) else None
        if pick is None:
            after = [e for e in s.entities if e.start >= m.end and e.subject and not e.home]
            pick = after[0] if after else None
        if pick is not None and pick.home:
            key = self.a.home_country or self.a.home or ""
            if not key:
                reasons.append(f"'{pick.name}' names no country the article states: entity guessed")
                key = "world"
        elif pick is not None:
            key = pick.key
        else:
            carried = self.last.get("entity")
            if carried:
                key = carried
                reasons.append(f"entity not named in the sentence: {key!r} carried from an earlier sentence")
            elif self.a.home:
                key = self.a.home
                reasons.append(f"entity not named in the sentence: the article's main entity {key!r}")
            else:
                key = "unknown_entity"
                reasons.append("no entity named in the article: rename 'unknown_entity'")
        name = pick.name if pick is not None and not pick.home else key.replace("_", " ").title()
        return self.book.entity(key, name)

    def _scope(self, start: int, s: Sentence) -> bool:
        """Tell whether an entity is the scope of a rank ("the highest in China")."""
        before = self.a.lower(max(s.start, start - 60), start)
        return bool(re.search(r"\b(?:highest|largest|biggest|fastest|greatest|first|top|leading|leader)\b"
                              r"(?:\s+[\w-]+){0,6}\s+(?:in|among|across)\s+(?:the\s+)?$", before))

    def _period(self, m: Mention, s: Sentence, g: Guess) -> str:
        """The period a figure is for: written next to it, else in its sentence, else carried or assumed."""
        left_word = self.a.lower(max(s.start, m.left - 12), m.left).split()[-1:] or [""]
        starts = [p for p in s.periods if p.role in ("since", "from") and p.period != "earlier"]
        cands = [p for p in s.periods if p.role not in ("base", "since", "from") or p.period == "earlier"]
        if g.kind in ("change", "point_change", "fold"):
            # "up 41 percent from a year earlier": the base of the change, not the change's own period
            cands = [p for p in cands if p.period != "earlier"]
        pick: PeriodMention | None = None
        if left_word[0] == "from":
            after = self._adjacent_after(m, s, base_ok=True)
            before = [p for p in starts if p.end <= m.left]
            pick = after or (before[-1] if before else None)
        if pick is None and (g.kind == "fold" or g.mention.form == "multiplier"):
            later = [p for p in cands if p.period != "earlier" and not self._owned_by_base(p, m, s)]
            pick = later[-1] if later else None
            if pick is None and starts:
                g.reasons.append(f"period not stated: the publication year {self.a.date.year} (the multiple runs "
                                 f"since {starts[0].period})")
                return str(self.a.date.year)
        if pick is None:
            pick = self._adjacent_after(m, s, cands)
        if pick is None:
            clean_before = [p for p in cands if p.end <= m.left and not self._crosses(p.end, m.left, s, m)]
            clean_after = [p for p in cands if p.start >= m.end and not self._crosses(m.end, p.start, s, m)]
            if clean_before:
                pick = clean_before[-1]
            elif clean_after:
                pick = clean_after[0]
            else:
                # "to $12 billion from $4.1 billion in 2021": 2021 is the base figure's, not this one's
                free = [p for p in cands if not self._owned_by_base(p, m, s)]
                pick = min(free, key=lambda p: abs(p.start - m.start)) if free else None
        if pick is not None and pick.period == "earlier":
            own = [p for p in s.periods if p.period != "earlier" and p.role not in ("base", "since", "from")]
            if own:
                return previous(own[0].period)
            if self.last_period:
                g.reasons.append(f"'{self.a.text[pick.start:pick.end]}' counted back from {self.last_period}, "
                                 "carried from an earlier sentence")
                return previous(self.last_period)
            g.reasons.append(f"'{self.a.text[pick.start:pick.end]}' with no period to count back from: "
                             f"{self.a.date.year - 1} assumed")
            return str(self.a.date.year - 1)
        if re.search(r"\bquarterly\b|\bthe quarter\b", self.a.lower(s.start, s.end)) and \
                not (pick is not None and "-Q" in pick.period):
            g.reasons.append("a quarterly figure with no quarter named: set the period to YYYY-Qn")
        if pick is not None:
            if pick.relative and self.a.date_guessed:
                g.reasons.append(f"period {pick.period} from {self.a.text[pick.start:pick.end]!r} and a guessed "
                                 "article date")
            if left_word[0] != "from":  # a base figure's period is not the one later sentences go on with
                self.last_period = pick.period
            if pick.role == "by":
                self.horizon = pick.period
            return pick.period
        sentence = self.a.lower(s.start, s.end)
        if g.kind in ("target", "forecast") and self.horizon:
            g.reasons.append(f"period not stated in the sentence: the horizon {self.horizon} stated earlier")
            return self.horizon
        if PRESENT_RE.search(sentence) or not self.last_period:
            g.reasons.append(f"period not stated in the sentence: the publication year {self.a.date.year} "
                             "(present tense)")
            return str(self.a.date.year)
        g.reasons.append(f"period not stated in the sentence: {self.last_period} carried from an earlier sentence")
        return self.last_period

    def _adjacent_after(self, m: Mention, s: Sentence, cands: list[PeriodMention] | None = None, *,
                        base_ok: bool = False) -> PeriodMention | None:
        """A period written right after a figure and its noun ("1.4 million units in 2020").

        :param base_ok: the figure is itself a base ("from 27,000 in the same quarter of 2023"), so a
            base period after it is its own.
        """
        end = m.end + len(m.noun) + 2 if m.noun else m.end
        for p in (s.periods if cands is None else cands):
            if p.role == "base" and p.period != "earlier" and not base_ok or p.start < m.end:
                continue
            gap = self.a.text[m.end:p.start]
            near = p.start - end <= 12 or base_ok and re.fullmatch(
                r"\s+(?:in|during)\s+the\s+same\s+(?:period|quarter|month|half)\s+(?:of|in)\s+", gap)
            if near and not any(x.start >= m.end and x.end <= p.start for x in s.mentions) \
                    and "," not in gap and len(gap) < 40:
                return p
        return None

    def _owned_by_base(self, p: PeriodMention, m: Mention, s: Sentence) -> bool:
        """Tell whether a period is written right after another figure that a "from" introduces (its base)."""
        for x in s.mentions:
            if x is m or x.start >= p.start:
                continue
            word = self.a.lower(max(s.start, x.left - 12), x.left).split()[-1:]
            if word == ["from"] and self._adjacent_after(x, s, base_ok=True) == p:
                return True
        return False

    @staticmethod
    def _crosses(start: int, end: int, s: Sentence, m: Mention) -> bool:
        return any(x is not m and start <= x.start and x.end <= end and x.form != "rank" for x in s.mentions)

    def _metric(self, g: Guess) -> None:
        """Choose subject, measure and metric (and propose the metric) for a guess."""
        m, s, a = g.mention, g.sentence, self.a
        clause_start = a.clause_start(s, m.left)
        prev_fig = max([x.end for x in s.mentions if x.end <= m.left] + [s.start])
        terms = [t for t in s.measures if t.canon != "share"]  # a share word names no measure of its own
        local_measures = [t for t in terms if max(clause_start, prev_fig) <= t.start < m.left]
        before_measures = [t for t in terms if t.end <= m.left]
        clause_end = a.clause_end(s, m.end)
        passive = PASSIVE_RE.match(a.text, noun_end(a.text, m))
        after_rank = [t for t in terms if m.end <= t.start < clause_end] if g.kind == "rank" else []
        after_measures = [t for t in terms if passive and t.start == passive.start("verb")]
        noun_subject = a.lexicon.subject_of_noun(m.noun)
        noun_is_subject = noun_subject is not None and is_subject_phrase(m.noun, a.lexicon.subject_words)
        right = a.text[m.end:m.end + 100]
        after_word = re.match(r"\s*(?:\([^()]*\)\s*)?(?:in|of)?\s*([A-Za-z]+)", right)
        measure_after = after_word and measure_of(after_word.group(1).lower())
        measure: str | None = None
        level_unit = self._level_unit(g)
        if g.unit in CURRENCIES and measure_after:
            measure = measure_after
        elif local_measures:
            measure = local_measures[-1].canon
        elif g.unit in ("count", "vehicles") and noun_metric(m.noun) and not noun_is_subject \
                and not m.foreign_unit:
            measure = None
        elif g.kind == "rank" and after_rank:
            measure = after_rank[0].canon
        elif after_measures and g.kind not in ("change", "share"):
            measure = after_measures[0].canon
        elif before_measures:
            measure = before_measures[-1].canon
        if g.unit == "percent" and measure == "share":
            measure = None
        if measure is None and g.unit in CURRENCIES and self.last.get("money_measure"):
            measure = self.last["money_measure"]
            g.reasons.append(f"measure not named in the clause: {measure!r} carried from an earlier amount")
        g.level_unit = level_unit
        subject = noun_subject if noun_is_subject else self._subject(g, measure)
        named_thing = m.foreign_unit and re.match(r"\s*\w*\s+of\b", a.text[m.end:m.end + 40])
        carry = self.last.get(f"measure:{m.foreign_unit}") if m.foreign_unit else None
        carry = carry or self.last.get("measure")
        own_topic = self._topic(s) if g.kind == "change" and subject is None else None
        if measure is None and g.kind in ("change", "share", "value", "bound", "target", "forecast", "sum") \
                and carry and not own_topic and (noun_is_subject or level_unit in ("vehicles",) and not m.noun
                                                 or g.unit in ("percent",) or m.foreign_unit and not named_thing):
            measure = carry
            g.reasons.append(f"measure not named in the clause: {measure!r} carried from an earlier figure")
        g.subject, g.measure, g.level_unit = subject, measure, level_unit
        name, description = self._name(g)
        g.metric = self.book.metric(name, self._metric_unit(g, name), description)
        if re.search(r"\bretail\b", a.lower(s.start, s.end)) and self.book.has_basis(g.metric, "retail"):
            g.basis = "retail"
        if measure and measure != "share":
            self.last["measure"] = measure
            if m.foreign_unit:
                self.last[f"measure:{m.foreign_unit}"] = measure
            if g.unit in CURRENCIES:
                self.last["money_measure"] = measure

    def _level_unit(self, g: Guess) -> str:
        """The unit of the level a figure is about (a change of sales is about vehicles)."""
        if g.unit not in ("percent", "pp", "ratio", "rank") or g.kind in ("value", "bound", "target", "forecast",
                                                                           "first_time"):
            return g.unit if g.unit != "rank" else "vehicles"
        for x in g.sentence.mentions:
            if x.unit_hint not in ("percent", "pp", "ratio") and x.form != "rank":
                unit, _ = unit_of(x)
                return unit
        return self.last.get("level_unit") or "count"

    def _subject(self, g: Guess, measure: str | None) -> str | None:
        m, s, a = g.mention, g.sentence, self.a
        if g.kind == "rank":
            after = [x for x in s.subjects if m.end <= x.start < a.clause_end(s, m.end)]
            if after:
                return after[0].canon
        measure_terms = [t for t in s.measures if measure and t.canon == measure and t.end <= m.left]
        if measure_terms:
            t = measure_terms[-1]
            near = [x for x in s.subjects if 0 <= t.start - x.end <= 24]
            if near:
                return near[-1].canon
            written = self._words_before_term(t.start, s)
            if written:
                return written
            of = re.match(r"\s+(?:of\s+)?(?:the\s+)?(?:both\s+)?(?:[\w-]+\s+and\s+[\w-]+\s+of\s+)?", a.text[t.end:])
            after = [x for x in s.subjects if of and t.end <= x.start <= t.end + (of.end() if of else 0) + 2]
            if after:
                return after[0].canon
            thing = _OF_THING_RE.match(a.text, t.end, m.left)
            if thing:  # "Deliveries of its A320 family rose to 602 aircraft" -> a320_family
                return slug(thing["thing"])
        before = [x for x in s.subjects if x.end <= m.left]
        if before:
            return before[-1].canon
        after = [x for x in s.subjects if x.start >= m.end and x.start <= a.clause_end(s, m.end)]
        if after:
            return after[0].canon
        carried = self.last.get("subject")
        if carried and (measure in COUNTED or g.unit in ("percent",)):
            g.reasons.append(f"subject not named in the sentence: {carried!r} carried from an earlier figure")
            return carried
        return "vehicle" if g.level_unit == "vehicles" and measure else None

    def _name(self, g: Guess) -> tuple[str, str]:
        """Name the metric of a guess and describe it for a proposal."""
        m, a = g.mention, self.a
        text = a.lower(g.sentence.start, g.sentence.end)
        where = f"(proposed by claimcheck extract from {self.seed}: check the name and definition)"
        if g.unit == "years" and g.kind == "value":
            if re.match(r"-\s*year", a.text[m.end:m.end + 6]) and m.noun.split()[1:]:
                thing = slug(m.noun.split(" ", 1)[1])
                return f"{thing}_length", f"length in years of the {m.noun.split(' ', 1)[1]} {where}"
            if LEAD_RE.search(text):
                subject = g.subject or (g.sentence.subjects[-1].canon if g.sentence.subjects else None)
                name = f"{subject}_lead_years" if subject else "lead_years"
                return name, f"consecutive years the entity has led, counted up to the period {where}"
            phrase = self._phrase_before(m, g.sentence)
            name = f"{phrase}_years" if phrase else "duration_years"
            return name, f"a span of years written as {m.text!r} {where}"
        if g.unit == "km":
            phrase = self._phrase_before(m, g.sentence) or "distance"
            return f"{phrase}_km", f"a distance in km {where}"
        if g.kind in ("value", "bound") and g.unit in ("percent", "ratio") and has_words(text, VAGUE_BASE):
            phrase = (self._words_before(m) if m.form == "multiplier" else None) or \
                self._phrase_before(m, g.sentence, verb=True) or g.subject or "value"
            down = has_words(a.left(m), tuple(DOWN_WORDS))
            suffix = "decline" if down else "gain"
            what = "fall" if down else "rise"
            relative = "percent of the earlier level" if g.unit == "percent" else "a multiple"
            return f"{phrase}_{suffix}", (f"{what} of {phrase.replace('_', ' ')} with no stated base ({relative}) "
                                          f"{where}")
        if g.unit == "percent" and g.kind != "change" or g.unit == "pp":
            return self._share_name(g, where)
        if m.form == "multiplier" and not g.measure:
            phrase = self._words_before(m, singular_last=False)
            if phrase:
                return phrase, f"{phrase.replace('_', ' ')} (the level that was multiplied) {where}"
        if g.unit in CURRENCIES and not g.measure:
            of = re.match(r"\s*(?:\([^()]*\)\s*)?of\s+(?:(?:the|its|their|a|an)\s+)?", a.text[m.end:m.end + 40])
            noun = noun_metric(noun_after(a.text, m.end + of.end())[0]) if of else None
            noun = noun or noun_metric(m.noun) or self._phrase_before(m, g.sentence, verb=True)
            if noun:
                return noun, f"{noun.replace('_', ' ')} ({g.unit}) {where}"
        if m.foreign_unit and not g.measure:
            of = re.match(r"\s*\w*\s+of\s+(?:(?:the|its|their|new|a|an)\s+)*", a.text[m.end:m.end + 60])
            thing = noun_metric(noun_after(a.text, m.end + of.end())[0]) if of else None
            thing = thing or self._phrase_before(m, g.sentence, verb=True) or "amount"
            unit_word = slug(m.foreign_unit)
            return f"{thing}_{unit_word}", f"{thing.replace('_', ' ')} in {m.foreign_unit} {where}"
        if g.kind == "rank" and not g.measure:
            return "rank_subject", f"what the rank compares {where}"
        topic = self._topic(g.sentence) if g.kind == "change" and not g.measure and not g.subject else None
        if topic:  # "Fares fell 7 percent": what the sentence opens with changed, not the measure before
            return topic, f"{topic.replace('_', ' ')} ({g.level_unit}) {where}"
        name = level_metric(g.subject, g.measure, g.level_unit)
        if name is None or (g.level_unit in ("count", "vehicles") and not g.measure and noun_metric(m.noun)):
            noun = noun_metric(m.noun.split(" of ", 1)[-1]) if m.noun else None
            if noun is None and m.form in ("word", "scale"):
                of = re.match(r"\s+of\s+", a.text[m.end:m.end + 10])
                noun = noun_metric(noun_after(a.text, m.end + of.end())[0]) if of else None
            name = noun or name or "count"
            return name, f"number of {name.replace('_', ' ')} {where}"
        return name, f"{name.replace('_', ' ')} ({g.level_unit}) {where}"

    def _share_name(self, g: Guess, where: str) -> tuple[str, str]:
        """Name a percent level: a global share, a share of the figure before, a declared share, or a new one."""
        a, m = self.a, g.mention
        right = a.right(m, words=10)
        left = a.left(m)
        measure = g.measure or self._measure_in(right) or self.last.get("measure") or "sales"
        part_subject = g.subject
        of_all = re.search(r"\bof\s+(?:all|the|total)?\s*(?:new\s+)?((?:[\w-]+\s*){1,4})", right)
        whole_subject = a.lexicon.subject_of_noun(" ".join(of_all.group(1).split()[:3])) if of_all else None
        if re.search(r"\b(?:global|world|worldwide)\b", right):
            subject = part_subject or whole_subject
            if subject:
                return f"{subject}_global_share", f"the entity's share of the world's {subject} {measure} {where}"
        levels = [x for x in self.current if x.unit not in ("percent", "pp", "ratio", "rank", "years", "km")]
        if re.search(r"\bof\s+(?:that|this|them|which)\b", right) and (levels or self.last.get("key_metric")):
            whole = levels[-1].metric if levels else self.last["key_metric"] or ""
            after = [x for x in g.sentence.subjects if m.end <= x.start < a.clause_end(g.sentence, m.end)]
            subject = after[0].canon if after else part_subject
            if subject and "_" in whole:
                return self._declared_share(g, f"{subject}_{whole.split('_', 1)[1]}", whole, where)
        of_whole = self._share_of_whole(g, levels, where)
        if of_whole is not None:
            return of_whole
        if share_word(left, right):
            if whole_subject is None and part_subject in WHOLE_OF:
                whole_subject = WHOLE_OF[part_subject]
            if part_subject and whole_subject and part_subject != whole_subject:
                return self._declared_share(g, f"{part_subject}_{measure}", f"{whole_subject}_{measure}", where)
        of_noun = re.match(r"\s*of\s+(?:(?:the|all|a|an|its|their|his|her|our)\s+)*", a.text[m.end:m.end + 24])
        if of_noun:
            words = [w for w in noun_after(a.text, m.end + of_noun.end())[0].split()
                     if w not in ("new", "all", "the", "total", "and")]
            if words:
                noun = slug(" ".join(words[:-1] + [singular(words[-1])]))
                return f"{noun}_share", f"share of {noun.replace('_', ' ')} (what is counted: see the quote) {where}"
        if part_subject:
            return f"{part_subject}_share", f"share of {part_subject.replace('_', ' ')} in {measure} {where}"
        topic = self._topic(g.sentence)
        if topic:
            return topic, f"{topic.replace('_', ' ')} in percent {where}"
        return "share", f"a share (what of what: see the quote) {where}"

    def _share_of_whole(self, g: Guess, levels: list[Guess], where: str) -> tuple[str, str] | None:
        """A percent of the figure before it in a whole: "417,000 units, about 9.8 percent of the total".

        The part is the level stated just before in the sentence. The whole is the article's total for the
        same entity and period: unnamed ("of the total", "of its total", "of all"), named by a measure
        ("of its revenue") or by a metric the article already uses ("of all fruit exports"). Returns None
        when the words do not say this, for the other share rules.
        """
        a, m = self.a, g.mention
        tail = a.lower(m.end, a.clause_end(g.sentence, m.end))
        words = re.match(r"(?:of|in)\s+(?P<det>(?:(?:the|its|their|all|his|her|our)\s+)*)(?P<rest>.*)$", tail)
        before = [x for x in levels if x.mention.end <= m.left]
        if not words or not before:
            return None
        rest = re.findall(r"[a-z][\w'’-]*", words["rest"])
        cut = next((i for i, w in enumerate(rest) if w in _NOT_WHOLE_WORDS), len(rest))
        rest = rest[:cut]
        total = [w for w in rest if w in _TOTAL_WORDS]
        if not words["det"] and not total:
            return None
        rest = [w for w in rest if w not in _TOTAL_WORDS]
        part = before[-1]
        if any(x is not part and x.metric == part.metric and x.entity == part.entity and x.period == part.period
               for x in self.history + levels):
            return None  # the part is not told apart from another figure: no share() over one name for both
        earlier = [x for x in self.history + levels if x is not part and not x.consumed
                   and x.entity == part.entity and x.period == part.period and x.unit == part.unit
                   and x.kind in ("value", "bound", "sum") and x.metric != part.metric]
        phrase = " ".join(tail.split()[:len(words["det"].split()) + 1 + len(total) + len(rest)]).rstrip(".!?")
        if not rest:
            same = [x for x in earlier if x.measure == part.measure] or earlier
            whole = same[0].metric if same else f"total_{part.measure or part.metric}"
            how = f"the article's {same[0].mention.text!r}" if same else "no total stated in the article"
            g.reasons.append(f"the whole of the share ('{phrase}') is not named: read as {whole!r} for "
                             f"{part.entity} in {part.period} ({how}); check it")
        else:
            named = slug(" ".join(rest))
            measure = measure_of(rest[0]) if len(rest) == 1 else None
            metrics = {x.metric for x in self.history + levels} | set(self.book.metrics) | set(self.book.new_metrics)
            if measure is not None:
                same = [x for x in earlier if x.measure == measure]
                plain = [x for x in same if x.metric == measure]
                whole = (plain or same)[0].metric if same else measure
            elif named in metrics:
                whole = named
            else:
                return None
        if whole == part.metric:
            return None
        g.entity, g.period = part.entity, part.period
        g.share_part, g.share_whole_guessed = part, not rest and whole.startswith("total_")
        return self._declared_share(g, part.metric, whole, where)

    def _declared_share(self, g: Guess, part: str, whole: str, where: str) -> tuple[str, str]:
        """The share of ``part`` in ``whole``: the declared metric so defined, or ``<part subject>_share``."""
        g.share_of = (part, whole)
        declared = self.book.share_metric(part, whole)
        if declared:
            return declared, ""
        return share_name(part), f"share of {part.replace('_', ' ')} in {whole.replace('_', ' ')} {where}"

    def _topic(self, s: Sentence) -> str | None:
        """The noun phrase a sentence opens with, before its first verb: "Punctuality improved ..." -> punctuality."""
        m = re.match(r"\s*((?:[A-Za-z][\w-]*\s+){1,3}?)(?:improved|rose|fell|grew|increased|decreased|declined|"
                     r"climbed|dropped|was|were|is|are|reached|hit|stood|averaged|jumped|slipped)\b",
                     self.a.text[s.start:s.end])
        if not m:
            return None
        words = [w.lower() for w in m.group(1).split() if w.lower() not in NOT_SUBJECT_WORDS]
        return slug(" ".join(words)) if words else None

    def _words_before_term(self, start: int, s: Sentence) -> str | None:
        """The one or two plain words right before a measure word: "Royalty revenue" -> ``royalty``."""
        text = self.a.text[max(s.start, start - 40):start]
        picked: list[str] = []
        # an entity's name says who, not what: "BYD sales" are the sales of BYD, not "byd_sales"
        named = {w for e in s.entities if not e.home for w in e.name.lower().split()} | \
            ({self.a.home} if self.a.home else set())
        for word in reversed(re.findall(r"[A-Za-z][\w'’-]*|[^\sA-Za-z]", text)):
            low = word.lower()
            if not word[0].isalpha() or low in NOT_SUBJECT_WORDS or low in CHANGE_WORDS or \
                    low in _VERBS_BEFORE_MEASURE or low.endswith(("'s", "’s")) or \
                    (word[0].isupper() and picked == [] and self.a.finder.key_of(word)[1]) or len(picked) == 2 or \
                    word[0].isupper() and (low in named or slug(word) in named):
                break
            if word[0].isupper() and not sentence_start(self.a.text, s, word):
                break
            picked.insert(0, low)
        return slug(" ".join(picked)) if picked else None

    def _words_before(self, m: Mention, *, singular_last: bool = True) -> str | None:
        """Up to three words right before a figure's phrase ("charging speeds more than tripling")."""
        before = self.a.text[max(0, m.left - 60):m.left]
        words: list[str] = []
        for word in reversed(re.findall(r"[A-Za-z][\w-]*|[^\sA-Za-z]", before)):
            low = word.lower()
            if not words and low in ("have", "has", "had", "been", "be", "is", "are", "was", "were", "more", "than",
                                     "almost", "nearly", "by", "about", "roughly", "over"):
                continue
            if not word[0].isalpha() or low in ("and", "or", "with", "the", "a", "of", "while", "its", "their",
                                                "his", "her", "our") or len(words) == 3:
                break
            words.insert(0, low)
        if not words:
            return None
        last = singular(words[-1]) if singular_last else words[-1]
        return slug(" ".join(words[:-1] + [last]))

    def _measure_in(self, text: str) -> str | None:
        for canon, words in MEASURES.items():
            if canon != "share" and has_words(text, words):
                return canon
        return None

    def _phrase_before(self, m: Mention, s: Sentence, *, verb: bool = False) -> str | None:
        """The noun phrase just before a figure or its verb: "battery cell costs dropping by" -> battery_cell_cost."""
        a = self.a
        text = a.text[s.start:m.left]
        if verb:
            cut = re.search(r"(\b[\w-]+(?:\s+[\w-]+){0,2})\s+(?:more than\s+)?(?:\w+ing|\w+ed|fell|rose|grew)"
                            r"(?:\s+by)?\s*(?:more than\s+)?$", text)
            if cut:
                words = [w for w in cut.group(1).lower().split() if w not in ("with", "and", "the", "a", "its")]
                if words:
                    return slug(" ".join(words[:-1] + [singular(words[-1])]))
        parts = re.split(r"\s+--\s+|,\s+|\(\s*|;\s+", text)
        for part in reversed(parts[:-1] if len(parts) > 1 else parts):
            words = [w for w in re.findall(r"[a-z][\w-]*", part.lower())
                     if w not in ("the", "a", "an", "of", "its", "in", "and", "for", "with")]
            if words:
                return slug(" ".join(words[-2:]))
        return None

    def _metric_unit(self, g: Guess, name: str) -> str:
        """The unit the quantity's metric must be declared in (a declared metric keeps its own)."""
        if g.kind in ("value", "bound", "target", "forecast", "first_time"):
            return g.unit
        if g.kind in ("share", "point_change"):
            return "percent"
        declared = self.book.unit_of(name)
        if declared and declared not in ("percent", "pp", "ratio", "rank"):
            return declared
        return g.level_unit if g.level_unit not in ("", "rank") else "count"

    def _exact(self, g: Guess) -> bool:
        if g.hedge or g.kind in ("conversion", "change", "share", "fold", "point_change", "rank"):
            return False
        if g.mention.form == "word" and g.mention.text.lower() not in ("dozens", "dozen", "a dozen"):
            return True
        if g.kind == "target" and g.mention.form == "digits":
            return True
        if g.unit in CURRENCIES and g.kind == "value":
            near = self.a.left(g.mention) + " " + self.a.right(g.mention, words=4) + " " + g.mention.noun
            return bool(has_words(near, POLICY_WORDS))
        return False

    def _among(self, g: Guess) -> None:
        m, s, a = g.mention, g.sentence, self.a
        tail = a.text[m.end:a.clause_end(s, m.end)]
        head = a.text[max(s.start, m.left - 40):m.left]
        scope = rank_scope(tail) or (rank_scope(head) if re.search(r"\b(?:global|world)\b", head, re.IGNORECASE) else None)
        if scope == "world":
            g.among = self.book.entity("world", "the world")
        elif scope == "country" or scope is None and has_words(a.lower(m.end, s.end), COUNTRY_SCOPE):
            g.among = self.book.parent(g.entity) or self.a.home or "world"
            if g.among == g.entity:
                g.among = self.book.parent(g.entity) or "world"
        elif scope:
            key, _ = a.finder.key_of(scope)
            g.among = self.book.entity(key, scope)
        else:
            g.among = self.book.parent(g.entity) or "world"
            g.reasons.append(f"rank with no scope written: among {g.among!r} guessed")

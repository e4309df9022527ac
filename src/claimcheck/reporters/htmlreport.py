"""The HTML report: one self-contained file a reviewer opens offline.

Jinja2 renders it with autoescaping on; every string from claims and seeds is escaped (and
``=`` with it, so no text can read like an attribute). The page loads nothing: CSS and JS
are inlined from ``templates/report.css`` and ``templates/report.js``, charts are SVG drawn
in Python (:mod:`claimcheck.reporters.charts`), and a Content-Security-Policy with the
scripts' and stylesheet's hashes forbids every other script, style, request and inline
event handler. The JS only toggles ``hidden`` and reorders rows: all content is in the HTML,
and readable without it.

This module reads a finished :class:`~claimcheck.api.RunResult`; the one computation it adds
is, per article, propagating that article's claims alone (``net.propagate``) to draw what each
article implies for a quantity beside what the others state.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from claimcheck import __version__
from claimcheck.api import CheckResult, RunResult, counts
from claimcheck.exceptions import ClaimcheckError
from claimcheck.files import write_atomic
from claimcheck.intervals import Interval
from claimcheck.model import (
    PREDICTION_KINDS,
    Claim,
    IgnoreEntry,
    KeyError_,
    QuantityKey,
)
from claimcheck.network import Statement
from claimcheck.numfmt import fmt_interval, fmt_number
from claimcheck.reporters.charts import Bar, esc, interval_chart
from claimcheck.results import Finding, Severity
from claimcheck.rules import REGISTRY
from claimcheck.rules import get as get_rule
from claimcheck.rules.consistency import reference_rates

#: findings shown at first, and added by each "show more"
PAGE_SIZE = 200
SEVERITIES = [s.value for s in Severity]


# --- Jinja -------------------------------------------------------------------------------------

def _finalize(value: Any) -> Any:
    """Escape every expression like autoescape does, and ``=`` too; ``None`` prints as nothing."""
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return value
    return esc(value)


def _json_script(value: Any) -> Markup:
    """JSON for a ``<script type="application/json">``: Jinja's ``tojson`` (escapes < > & '), and ``=``."""
    from jinja2.utils import htmlsafe_json_dumps

    return Markup(str(htmlsafe_json_dumps(value)).replace("=", "\\u003d"))


def environment() -> Environment:
    """The Jinja2 environment: package templates, autoescape on for every template."""
    env = Environment(loader=PackageLoader("claimcheck", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True, finalize=_finalize)
    env.filters["json_script"] = _json_script
    env.filters["num"] = lambda n: f"{n:,}"
    return env


def _asset(env: Environment, name: str) -> str:
    assert env.loader is not None
    return env.loader.get_source(env, name)[0]


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def anchor(prefix: str, text: str) -> str:
    """A safe, stable element id for any text (ids from data may hold anything).

    Slashes become ``--`` (quantity keys); any other unsafe character is replaced and a short
    hash of the text keeps the id unique.

    >>> anchor("qk", "china/nev_production/2020")
    'qk-china--nev_production--2020'
    >>> anchor("claim", '<x">')[:8]
    'claim-x-'
    """
    plain = text.replace("/", "--")
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", plain).strip("-")[:80]
    if slug != plain:
        slug += "-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{prefix}-{slug}"


# --- view model --------------------------------------------------------------------------------

#: above this many claims the report is focused: the quantity charts, the claims table and the
#: article texts show only what some finding involves, and say how much they leave out
FULL_DETAIL_CLAIMS = 2000
#: the report shows at most this many findings, the first in review order (errors first); it
#: counts the others, which the JSON, SARIF and JUnit outputs hold in full
MAX_FINDINGS_SHOWN = 10_000


@dataclass
class SourceView:
    """One article: its claims file, seed, labels and counts."""

    index: int
    file: str
    stem: str
    publisher: str
    date: str
    title: str | None
    url: str | None
    note: str | None
    seed: str
    seed_path: str
    anchor: str
    token: str
    claims: int = 0
    findings: Counter[str] = field(default_factory=Counter)
    segments: list[dict[str, Any]] = field(default_factory=list)
    has_text: bool = False
    #: some finding the report shows involves the article
    in_shown: bool = False
    #: the text is left out of a focused report (no finding it shows involves the article)
    text_omitted: bool = False
    coverage: Any = None

    @property
    def label(self) -> str:
        """``000 · Xinhua · 2025-01-14``."""
        return " · ".join(x for x in (self.stem, self.publisher, self.date) if x)


def _stem(file: str) -> str:
    return file.rsplit("/", 1)[-1].split("_", 1)[0].rsplit(".", 1)[0]


def _key(text: str) -> QuantityKey | None:
    try:
        return QuantityKey.parse(text)
    except (KeyError_, ValueError):
        return None


def _family(text: str) -> str | None:
    key = _key(text)
    return key.family if key else None


def _same(a: Interval, b: Interval) -> bool:
    def eq(x: float, y: float) -> bool:
        if math.isinf(x) or math.isinf(y):
            return x == y
        return abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1.0)
    return eq(a.lo, b.lo) and eq(a.hi, b.hi)


def _bounded(iv: Interval | None, start: Interval | None) -> bool:
    if iv is None or (math.isinf(iv.lo) and math.isinf(iv.hi)):
        return False
    return start is None or not _same(iv, start)


def iv_text(iv: Interval, unit: str) -> str:
    """An interval as people read it; an exact value as one number."""
    if iv.lo == iv.hi:
        return f"{fmt_number(iv.lo, unit)} (exact)"
    return fmt_interval(iv, unit)


_SUFFIX_RE = re.compile(r"[\])]\s*(?P<suffix>.*)$")


def gap_text(f: Finding) -> str:
    """The absolute gap in the scale and unit of the stated interval's text (``0.14 million``).

    A Finding carries no unit for its gap; the stated interval's printed suffix is the unit the
    gap is measured in, with ``%`` read as percentage points.
    """
    if f.gap is None:
        return ""
    suffix = ""
    m = _SUFFIX_RE.search(f.stated or "")
    if m:
        suffix = m.group("suffix").strip()
    factor = {"million": 1e6, "billion": 1e9, "trillion": 1e12}.get(suffix.split(" ", 1)[0], 1.0)
    if suffix == "%":
        suffix = "pp"
    value = f.gap / factor
    text = f"{value:,.4f}".rstrip("0").rstrip(".") if value else "0"
    return f"{text} {suffix}".strip()


def rel_gap_text(f: Finding) -> str:
    """The relative gap, already a percentage in the finding."""
    return "" if f.rel_gap is None else f"{f.rel_gap:.2f} %"


class ReportModel:
    """Everything the template shows, computed once from a RunResult."""

    def __init__(self, run: RunResult) -> None:
        self.run = run
        self.check: CheckResult = run.check
        v = self.check.validation
        self.registry = v.registry
        self.ctx = self.check.context
        self.net = self.ctx.net
        self.findings = self.check.findings
        self.shown = self.findings[:MAX_FINDINGS_SHOWN]
        #: the findings beyond MAX_FINDINGS_SHOWN per severity, as text ("" when all are shown)
        self.not_shown = ", ".join(f"{n:,} {sev}" for sev, n in counts(self.findings[len(self.shown):]).items() if n)
        #: a focused report (see FULL_DETAIL_CLAIMS) and what it leaves out: claims, quantity families, article texts
        self.focused = len(self.registry.claims) > FULL_DETAIL_CLAIMS
        self.omitted: Counter[str] = Counter()
        self._sources()
        self._provenance()
        self._claims()
        self._families()
        self._findings()
        self._articles()
        self._quantity_views()

    # -- sources and claims --

    def _sources(self) -> None:
        self.sources: list[SourceView] = []
        self.source_by_file: dict[str, SourceView] = {}
        self.source_by_seed_path: dict[str, SourceView] = {}
        for i, (file, src) in enumerate(sorted(self.registry.sources.items())):
            seed = self.registry.seeds.get(src.seed)
            view = SourceView(i, file, _stem(file), src.publisher, src.date, src.title, src.url, src.note, src.seed,
                              seed.path if seed else src.seed, anchor("article", _stem(file) or file), f"a{i}")
            view.coverage = next((c for c in self.check.validation.coverage if c.seed == src.seed), None)
            self.sources.append(view)
            self.source_by_file[file] = view
            if seed is not None:
                self.source_by_seed_path.setdefault(seed.path, view)

    def _provenance(self) -> None:
        """Where each claim and ignore entry was traced: (kind, quote start, quote end, figure start, figure end, line).

        As tuples, first row per id: a million row dicts would cost a gigabyte.
        """
        self.traces: dict[str, tuple[Any, ...]] = {}
        table = self.check.validation.provenance
        if table is None or table.empty:
            return
        columns = [table[name].tolist() for name in
                   ("id", "kind", "quote_start", "quote_end", "figure_start", "figure_end", "line")]
        for row in zip(*columns):
            self.traces.setdefault(str(row[0]), row[1:])

    def _claims(self) -> None:
        self.claims_by_id: dict[str, Claim] = {}
        for claim in self.registry.claims:
            self.claims_by_id.setdefault(claim.id, claim)
        involved: Counter[str] = Counter(cid for f in self.shown for cid in set(f.claims))
        self.findings_per_claim = involved
        self.claim_rows: list[dict[str, Any]] = []
        self.claim_context: dict[str, dict[str, Any]] = {}
        contested = self.ctx.contested
        for claim in self.registry.claims:
            source = self.source_by_file.get(claim.file)
            if source:
                source.claims += 1
            if self.focused and claim.id not in involved and claim.id not in contested:
                self.omitted["claims"] += 1
                continue
            s = self.net.statements.get(claim.id)
            stated = fmt_interval(s.interval, claim.unit) if s else ""
            sort = s.interval.lo if s and not math.isinf(s.interval.lo) else (-1e308 if s else None)
            self.claim_rows.append({
                "claim": claim, "anchor": anchor("claim", claim.id), "source": source,
                "stated": stated, "sort": "" if sort is None else repr(sort), "findings": involved.get(claim.id, 0),
                "family": _family(claim.quantity), "contested": claim.id in contested,
            })
            if claim.id not in self.claim_context:
                self.claim_context[claim.id] = self._context(claim, source, stated)

    def _context(self, claim: Claim, source: SourceView | None, stated: str) -> dict[str, Any]:
        """The claim's sentence cut into parts: text, quote, figure (marked), quote, text."""
        row = self.traces.get(claim.id)
        seed = self.registry.seeds.get(claim.seed)
        parts: list[tuple[str, str]] = []
        where = ""
        if row is not None and seed is not None:
            qs, qe, fs, fe = (int(x) for x in row[1:5])
            start, end = seed.sentence_around(qs, qe)
            text = seed.text
            parts = [("", text[start:qs]), ("q", text[qs:fs]), ("fig", text[fs:fe]), ("q", text[fe:qe]),
                     ("", text[qe:end])]
            parts = [(k, t) for k, t in parts if t]
            where = f"{seed.path}:{int(row[5])}"
        return {"claim": claim, "anchor": anchor("claim", claim.id), "source": source, "parts": parts,
                "where": where, "stated": stated, "location": str(claim.location) if claim.location else ""}

    # -- quantities --

    def _families(self) -> None:
        claims_per_family: Counter[str] = Counter()
        keys_per_family: dict[str, set[str]] = defaultdict(set)
        for claim in self.registry.claims:
            fam = _family(claim.quantity)
            if fam:
                claims_per_family[fam] += 1
                keys_per_family[fam].add(claim.quantity)
        with_findings: set[str] = set()
        self.finding_keys: dict[str, list[str]] = {}
        for f in self.shown:
            keys = list(dict.fromkeys(list(f.quantities) + [self.claims_by_id[c].quantity for c in f.claims
                                                            if c in self.claims_by_id]))
            keys = [k for k in keys if _family(k)]
            self.finding_keys[f.key] = keys
            for k in keys:
                with_findings.add(_family(k) or "")
                keys_per_family[_family(k) or ""].add(k)
        shown = [fam for fam in keys_per_family if fam and (fam in with_findings or claims_per_family[fam] >= 2)]
        self.family_names = sorted(fam for fam in shown if fam in with_findings or not self.focused)
        self.omitted["families"] = len(shown) - len(self.family_names)
        all_keys = sorted({k for ks in keys_per_family.values() for k in ks}, key=self._key_order)
        self.family_token = {fam: f"f{i}" for i, fam in enumerate(sorted(keys_per_family))}
        self.key_token = {k: f"k{i}" for i, k in enumerate(all_keys)}
        self.keys_per_family = keys_per_family
        self.claims_per_family = claims_per_family
        self.quantity_options = [
            {"family": fam, "token": self.family_token[fam],
             "periods": [{"key": k, "token": self.key_token[k]} for k in sorted(keys_per_family[fam], key=self._key_order)]}
            for fam in sorted(keys_per_family) if fam
        ]

    @staticmethod
    def _key_order(text: str) -> tuple[Any, ...]:
        key = _key(text)
        if key is None:
            return ("", "", None, "", text)
        return (key.entity, key.metric, key.period.start, key.period.end, key.basis or "", text)

    def _implied_by_source(self) -> dict[str, dict[str, Interval] | None]:
        """Per article: what its reporting claims imply alone; None when they cannot all hold.

        Every article at once (:func:`~claimcheck.apart.propagate_apart`). A focused report takes
        only the articles whose constraints reach a family it charts.
        """
        from claimcheck.apart import propagate_apart

        shown = set(self.family_names)
        owners: dict[str, set[str]] = defaultdict(set)
        for owner in self.net.owners():
            if owner in self.net.statements:
                owners[self.net.claim(owner).file].add(owner)
        files = [file for file, ids in owners.items()
                 if not self.focused or any(_family(k) in shown for c in self.net.of(ids) for k in c.keys)]
        return dict(zip(files, propagate_apart(self.net, [owners[file] for file in files])))

    def _quantity_views(self) -> None:
        """One view per quantity family: a chart per key, with every stated and implied interval."""
        self.implied = self._implied_by_source() if self.family_names else {}
        self.rates = reference_rates()
        self.predictions: dict[str, list[Statement]] = defaultdict(list)
        for s in self.net.of_kinds(PREDICTION_KINDS):
            self.predictions[s.claim.quantity].append(s)
        findings_per_key: dict[str, list[Finding]] = defaultdict(list)
        for f in self.shown:
            for k in self.finding_keys.get(f.key, []):
                findings_per_key[k].append(f)
        implied_keys: dict[str, set[str]] = defaultdict(set)
        for domains in [*self.implied.values(), self.ctx.domains]:
            for k in domains or {}:
                if (fam := _family(k)) is not None:
                    implied_keys[fam].add(k)
        #: per key, what each article implies for it, in file order (read once per chart)
        self.implied_by_key: dict[str, list[tuple[str, Interval]]] = defaultdict(list)
        for file in sorted(self.implied):
            for k, iv in (self.implied[file] or {}).items():
                self.implied_by_key[k].append((file, iv))
        infeasible_files = {file for file, d in self.implied.items() if d is None}
        families_of_file: dict[str, set[str]] = defaultdict(set)
        for c in self.registry.claims:
            if c.file in infeasible_files and (fam := _family(c.quantity)):
                families_of_file[c.file].add(fam)
        self.families: list[dict[str, Any]] = []
        for fam in self.family_names:
            entity, metric = fam.split("/", 1)
            m = self.registry.metrics.get(metric)
            e = self.registry.entities.get(entity)
            charts = []
            for key in sorted(self.keys_per_family[fam] | implied_keys[fam], key=self._key_order):
                if self.focused and key not in findings_per_key:
                    self.omitted["charts"] += 1
                    continue
                unit = self.ctx.unit(key)
                bars = self._bars(key, unit)
                svg = interval_chart(key, unit, bars, caption=f"Intervals stated and implied for {key}") if bars else ""
                if not svg:
                    continue
                dom = self.ctx.domains.get(key)
                charts.append({"key": key, "anchor": anchor("qk", key), "unit": unit, "svg": svg, "bars": bars,
                               "findings": [{"key": f.key, "code": f.code, "severity": f.severity.value,
                                             "anchor": anchor("f", f.key)} for f in findings_per_key.get(key, [])],
                               "no_domain": not _bounded(dom, self.net.start.get(key))})
            if not charts:
                continue
            infeasible = sorted(self.source_by_file[f].label if f in self.source_by_file else f
                                for f in infeasible_files if fam in families_of_file[f])
            fam_findings = {f.key: f for k in self.keys_per_family[fam] for f in findings_per_key.get(k, [])}
            worst = min((f.severity.rank for f in fam_findings.values()), default=None)
            self.families.append({
                "family": fam, "anchor": anchor("q", fam), "token": self.family_token.get(fam, ""),
                "entity": e.label if e else entity, "metric": metric,
                "description": m.description if m else "", "unit": m.unit if m else "",
                "charts": charts, "infeasible": infeasible, "findings": len(fam_findings),
                "claims": self.claims_per_family.get(fam, 0), "worst": SEVERITIES[worst] if worst is not None else None,
            })
        self.family_anchor = {f["family"]: f["anchor"] for f in self.families}
        self.chart_anchor = {c["key"]: c["anchor"] for f in self.families for c in f["charts"]}

    def _bars(self, key: str, unit: str) -> list[Bar]:
        """The rows of one key's chart: stated, predicted, implied per article, reference, all uncontested."""
        bars: list[Bar] = []
        start = self.net.start.get(key)
        contested = self.ctx.contested
        own: dict[str, Interval | None] = {}  # per article: what it states directly, intersected

        def who(s: Statement) -> tuple[str, str]:
            src = self.source_by_file.get(s.claim.file)
            return (src.label, src.stem) if src else (s.claim.file, "")

        def figure(s: Statement) -> str:
            return f"{s.claim.hedge + ' ' if s.claim.hedge else ''}{s.claim.figure}"

        for s in sorted(self.ctx.direct.get(key, []), key=lambda s: (s.claim.file, s.claim.id)):
            label, stem = who(s)
            style = "contested" if s.claim.id in contested else "stated"
            text = iv_text(s.interval, unit)
            bars.append(Bar(label, f"{s.claim.id} · “{figure(s)}”", s.interval.lo, s.interval.hi, style, text,
                            f"{s.claim.id} ({label}) states “{figure(s)}”: {text}"
                            f"{' — part of a conflict' if style == 'contested' else ''}", stem, s.claim.id))
            prev = own.get(s.claim.file, s.interval)
            own[s.claim.file] = prev.intersect(s.interval) if prev else None
        for s in sorted(self.predictions.get(key, []), key=lambda s: (s.claim.file, s.claim.id)):
            if unit and s.claim.unit != unit:
                continue
            label, stem = who(s)
            src = self.source_by_file.get(s.claim.file)
            made = s.claim.made or (src.date if src else "")
            when = f" made {made}" if made else ""
            bars.append(Bar(label, f"{s.claim.kind}{when} · {s.claim.id}", s.interval.lo, s.interval.hi, s.claim.kind,
                            iv_text(s.interval, unit), f"{s.claim.kind} by {label}{when}: “{figure(s)}” ({s.claim.id})",
                            stem, s.claim.id))
        for file, iv in self.implied_by_key.get(key, ()):
            if not _bounded(iv, start):
                continue
            mine = own.get(file)
            if mine is not None and _same(mine, iv):
                continue  # nothing beyond what the article states directly
            src = self.source_by_file.get(file)
            label = src.label if src else file
            bars.append(Bar(label, "implied by this article's own figures", iv.lo, iv.hi, "implied", iv_text(iv, unit),
                            f"what {label} implies for {key} from its own claims alone: {iv_text(iv, unit)}",
                            src.stem if src else ""))
        ref = self.rates.get(key.rsplit("/", 1)[-1]) if unit == "CNY_per_USD" and bars else None
        if ref is not None:
            bars.append(Bar("reference rate", ref[1].split(",", 1)[0], ref[0], ref[0], "reference",
                            fmt_number(ref[0], unit), f"reference rate for {key}: {ref[0]} ({ref[1]})"))
        dom = self.ctx.domains.get(key)
        if dom is not None and _bounded(dom, start) and bars:
            bars.append(Bar("all articles", "every claim not in a conflict", dom.lo, dom.hi, "domain", iv_text(dom, unit),
                            f"{key} from every uncontested claim together: {iv_text(dom, unit)}"))
        return bars

    # -- findings --

    def _finding_sources(self, f: Finding) -> list[SourceView]:
        found: dict[int, SourceView] = {}
        for cid in f.claims:
            claim = self.claims_by_id.get(cid)
            if claim and claim.file in self.source_by_file:
                src = self.source_by_file[claim.file]
                found[src.index] = src
        if not found and f.location:
            src = self.source_by_file.get(f.location.path) or self.source_by_seed_path.get(f.location.path)
            if src:
                found[src.index] = src
        return [found[i] for i in sorted(found)]

    def _findings(self) -> None:
        self.finding_views: list[dict[str, Any]] = []
        status = self.run.status
        for f in self.findings[len(self.shown):]:  # counted in their articles, not shown
            for src in self._finding_sources(f):
                src.findings[f.severity.value] += 1
        for i, f in enumerate(self.shown):
            rule = REGISTRY.get(f.code)
            ack = self.check.acknowledged(f)
            sources = self._finding_sources(f)
            for src in sources:
                src.findings[f.severity.value] += 1
                src.in_shown = True
            keys = self.finding_keys.get(f.key, [])
            q_tokens = [self.key_token[k] for k in keys if k in self.key_token]
            q_tokens += sorted({self.family_token[fam] for k in keys if (fam := _family(k)) in self.family_token})
            st = status.get(f.key, "")
            tokens = ["ack" if ack else "open"] + ([st] if st else [])
            self.finding_views.append({
                "f": f, "i": i, "anchor": anchor("f", f.key), "title": rule.title if rule else "",
                "ack": ack, "status": st, "sources": sources, "qkeys": keys,
                "data_src": " ".join(s.token for s in sources), "data_q": " ".join(q_tokens),
                "data_status": " ".join(tokens), "gap": gap_text(f), "rel_gap": rel_gap_text(f),
                "claims": [(cid, self.claim_context.get(cid)) for cid in f.claims],
                "beyond": i >= PAGE_SIZE,
            })

    # -- articles --

    def _articles(self) -> None:
        """Cut each article's text into plain and marked segments (claims' figures, ignored numbers)."""
        spans_of: dict[str, list[tuple[int, int, str, str, str]]] = defaultdict(list)  # start, end, kind, id, note
        for cid, (kind, _, _, figure_start, figure_end, _) in self.traces.items():
            if kind == "ignore":
                entry = self._ignore_entry(cid)
                if entry is not None:
                    spans_of[entry.file].append((int(figure_start), int(figure_end), "ignore", "",
                                                 f"ignored: {entry.reason}"))
            elif (claim := self.claims_by_id.get(cid)) is not None:
                spans_of[claim.file].append((int(figure_start), int(figure_end), "claim", cid, ""))
        for src in self.sources:
            seed = self.registry.seeds.get(src.seed)
            if seed is None:
                continue
            if self.focused and not src.in_shown:
                src.text_omitted = True
                self.omitted["texts"] += 1
                continue
            src.has_text = True
            spans = spans_of.get(src.file, [])
            spans.sort()
            merged: list[dict[str, Any]] = []
            for start, end, kind, cid, note in spans:
                if merged and start < merged[-1]["end"]:
                    m = merged[-1]
                    m["end"] = max(m["end"], end)
                    if cid and cid not in m["ids"]:
                        m["ids"].append(cid)
                    if note:
                        m["notes"].append(note)
                    if kind == "claim":
                        m["kind"] = "claim"
                else:
                    merged.append({"start": start, "end": end, "kind": kind, "ids": [cid] if cid else [],
                                   "notes": [note] if note else []})
            text = seed.text
            pos = 0
            segments: list[dict[str, Any]] = []
            for m in merged:
                if m["start"] > pos:
                    segments.append({"text": text[pos:m["start"]]})
                flagged = any(self.findings_per_claim.get(c, 0) for c in m["ids"])
                segments.append({"text": text[m["start"]:m["end"]], "kind": m["kind"],
                                 "title": ", ".join(m["ids"]) if m["ids"] else "; ".join(m["notes"]),
                                 "href": "#" + anchor("claim", m["ids"][0]) if m["ids"] else "",
                                 "flagged": flagged})
                pos = m["end"]
            if pos < len(text):
                segments.append({"text": text[pos:]})
            src.segments = segments

    def _ignore_entry(self, row_id: str) -> IgnoreEntry | None:
        try:
            index = int(row_id.rsplit(":", 1)[1])
            return self.registry.ignores[index]
        except (ValueError, IndexError):
            return None

    # -- summary --

    def summary(self) -> dict[str, Any]:
        by_sev = counts(self.findings)
        open_by_sev = counts([f for f in self.findings if not self.check.acknowledged(f)])
        rules: dict[str, Counter[str]] = defaultdict(Counter)
        for f in self.findings:
            rules[f.code][f.severity.value] += 1
        rule_rows = [{"code": code, "title": get_rule(code).title if code in REGISTRY else "",
                      "counts": rules[code], "total": sum(rules[code].values()),
                      "worst": min((Severity(s).rank for s in rules[code]), default=2)}
                     for code in sorted(rules)]
        rule_rows.sort(key=lambda r: (r["worst"], r["code"]))
        cov = self.check.validation.coverage
        recomputed = Counter(r.status for r in self.ctx.recomputations)
        baseline = None
        if self.run.baseline is not None:
            st = Counter(self.run.status.get(f.key, "new") for f in self.findings)
            baseline = {"path": str(self.run.baseline), "new": st.get("new", 0), "unchanged": st.get("unchanged", 0),
                        "resolved": len(self.run.resolved)}
        suites = self.run.suites
        return {
            "by_severity": by_sev, "open_by_severity": open_by_sev, "total": len(self.findings),
            "acknowledged": sum(1 for f in self.findings if self.check.acknowledged(f)),
            "rules": rule_rows, "claims": len(self.registry.claims), "statements": len(self.net.statements),
            "recomputed": len(self.ctx.recomputations), "recomputed_status": sorted(recomputed.items()),
            "conflicts": len(self.ctx.conflicts), "coverage": cov,
            "numbers": sum(c.numbers for c in cov), "uncovered": sum(c.uncovered for c in cov),
            "by_claims": sum(c.by_claims for c in cov), "by_ignores": sum(c.by_ignores for c in cov),
            "baseline": baseline,
            "suites": {"total": len(suites), "passed": sum(1 for s in suites if s.success)} if suites else None,
            "open_errors": len(self.check.open_errors), "failing": len(self.run.failing), "gate": self.run.gate()[1],
        }

    def rule_options(self) -> list[dict[str, str]]:
        codes = sorted({f.code for f in self.shown})
        return [{"code": c, "title": get_rule(c).title if c in REGISTRY else ""} for c in codes]

    def page_data(self, summary: dict[str, Any]) -> dict[str, Any]:
        """What the script reads: page size and the counts the summary shows (numbers only)."""
        return {"pageSize": PAGE_SIZE, "total": summary["total"], "counts": summary["by_severity"],
                "open": summary["open_by_severity"], "acknowledged": summary["acknowledged"],
                "rules": {r["code"]: r["total"] for r in summary["rules"]}}


# --- rendering ---------------------------------------------------------------------------------

def _as_run(result: RunResult | CheckResult) -> RunResult:
    if isinstance(result, RunResult):
        return result
    if isinstance(result, CheckResult):
        return RunResult(result)
    raise TypeError(f"write_report needs a RunResult (or a CheckResult), not {type(result).__name__}")


def render(result: RunResult | CheckResult) -> str:
    """Render the report as one self-contained HTML document."""
    return "".join(stream(result))


def stream(result: RunResult | CheckResult) -> Iterator[str]:
    """The report (:func:`render`) in pieces, so that a large one is written without being held whole."""
    run = _as_run(result)
    env = environment()
    css = _asset(env, "report.css")
    js = _asset(env, "report.js")
    boot = "document.documentElement.classList.add('js');"
    csp = "; ".join([
        "default-src 'none'", f"style-src '{_sha256(css)}'", f"script-src '{_sha256(js)}' '{_sha256(boot)}'",
        "img-src data:", "base-uri 'none'", "form-action 'none'",
    ])
    model = ReportModel(run)
    summary = model.summary()
    claim_block = env.get_template("claim_context.html.j2").module.claim_context  # type: ignore[attr-defined]
    claim_html = {cid: Markup(claim_block(ctx)) for cid, ctx in model.claim_context.items()}
    return env.get_template("report.html.j2").generate(
        version=__version__, run=run, model=model, summary=summary, claim_html=claim_html,
        findings=model.finding_views, sources=model.sources, families=model.families,
        claims=model.claim_rows, rules=model.rule_options(), severities=SEVERITIES,
        page_data=model.page_data(summary), css=Markup(css), js=Markup(js), boot=Markup(boot), csp=csp,
        page_size=PAGE_SIZE, gx_results=_local_link(run.gx_results), get_rule=get_rule, chart_anchor=model.chart_anchor,
        family_anchor=model.family_anchor, full_detail=FULL_DETAIL_CLAIMS,
    )


def _local_link(path: str | None) -> str | None:
    """A relative link the report may hold (never a URL to another host)."""
    if not path:
        return None
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^\\\\", path):
        return None
    return path


def write_report(result: RunResult | CheckResult, out_dir: Path) -> Path:
    """Render the report into ``out_dir/index.html`` and return its path.

    :raises ClaimcheckError: when the folder cannot be written.
    """
    path = out_dir / "index.html"
    try:
        write_atomic(path, stream(result))
    except OSError as err:
        raise ClaimcheckError(f"cannot write the report to {out_dir}: {err.strerror or err}") from None
    return path


def page_json(html: str) -> dict[str, Any]:
    """Read back the data a report embeds for its script (used by tests and tools)."""
    m = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1)) if m else {}

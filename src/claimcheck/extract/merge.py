"""Write a draft as YAML, or merge it into an existing claims file and ``quantities.yaml``.

Merging uses ruamel.yaml's round-trip mode, so the user's comments, ordering, quoting and edits
survive: nothing already in the file is changed. Only what the file does not yet cover is
added — a draft claim whose number is already a figure (or ignored, or a year inside a quote)
is left out, and so is an ignore proposal for covered numbers. Claims with no number in their
figure (rank words, "majority") are added only to a new file: the coverage check cannot say
whether a reviewed file dropped them on purpose.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString

from claimcheck.extract.book import Book
from claimcheck.extract.draft import Draft, DraftClaim, DraftIgnore
from claimcheck.provenance import find_figure
from claimcheck.seedtext import SeedText

HEADER = (
    "Draft written by `claimcheck extract` from {seed}.\n"
    "Every claim marked `review: true` says why in review_reason: check it against the article,\n"
    "fix what is wrong, then delete review and review_reason. `claimcheck validate` reports each\n"
    "claim still marked (CC020).\n"
)


def yaml_rt() -> YAML:
    """A round-trip YAML reader/writer that keeps the registry's layout (2-space maps, indented lists)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)

    def null(representer: Any, _data: None) -> Any:
        return representer.represent_scalar("tag:yaml.org,2002:null", "null")

    yaml.representer.add_representer(type(None), null)
    return yaml


def dump(data: Any) -> str:
    """Dump a round-trip document to text."""
    out = io.StringIO()
    yaml_rt().dump(data, out)
    return out.getvalue()


def _folded(text: str, width: int = 96) -> Any:
    """A long text as a folded block scalar (``>-``), wrapped for reading; short text stays plain."""
    if len(text) <= width:
        return text
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    scalar = FoldedScalarString(" ".join(lines))
    positions, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        positions.append(at)
        at += 1
    scalar.fold_pos = positions  # type: ignore[attr-defined]
    return scalar


def claim_map(claim: DraftClaim) -> CommentedMap:
    """A draft claim as a round-trip mapping in registry style (quote and figure double-quoted)."""
    out = CommentedMap()
    for key, value in claim.as_dict().items():
        if key in ("quote", "figure"):
            value = DoubleQuotedScalarString(str(value))
        elif key in ("review_reason", "note"):
            value = _folded(str(value))
        out[key] = value
    return out


def ignore_map(entry: DraftIgnore) -> CommentedMap:
    """An ignore proposal as a round-trip mapping."""
    out = CommentedMap()
    out["figure"] = DoubleQuotedScalarString(entry.figure)
    out["quote"] = DoubleQuotedScalarString(entry.quote)
    out["reason"] = _folded(entry.reason)
    return out


def _source_map(draft: Draft) -> CommentedMap:
    out = CommentedMap()
    for key, value in draft.source_dict().items():
        if key == "date" and isinstance(value, str) and len(value) == 10:
            import datetime

            value = datetime.date.fromisoformat(value)
        elif key == "note":
            value = _folded(str(value))
        out[key] = value
    return out


def render(draft: Draft) -> str:
    """The draft as a new claims file."""
    doc = CommentedMap()
    doc["source"] = _source_map(draft)
    doc["claims"] = CommentedSeq([claim_map(c) for c in draft.claims])
    doc["ignore"] = CommentedSeq([ignore_map(i) for i in draft.ignores])
    doc.yaml_set_start_comment(HEADER.format(seed=draft.source.seed))
    if not draft.ignores:
        doc["ignore"] = CommentedSeq()
    return dump(doc)


@dataclass
class MergeReport:
    """What a merge added and left out."""

    claims: list[DraftClaim] = field(default_factory=list)
    ignores: list[DraftIgnore] = field(default_factory=list)
    skipped_words: list[DraftClaim] = field(default_factory=list)
    source_filled: list[str] = field(default_factory=list)
    source_kept: list[str] = field(default_factory=list)


def _covered_spans(doc: Any, seed: SeedText) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Figure spans (claims and ignores) and claim quote spans an existing file already has."""
    figures: list[tuple[int, int]] = []
    quotes: list[tuple[int, int]] = []
    for section, is_claim in (("claims", True), ("ignore", False)):
        items = doc.get(section) if isinstance(doc, dict) else None
        for item in items or []:
            if not isinstance(item, dict) or not item.get("quote") or not item.get("figure"):
                continue
            span = seed.find(str(item["quote"]))
            if span is None:
                continue
            fig = find_figure(seed, span[0], span[1], str(item["figure"]))
            if fig is not None:
                figures.append(fig)
            if is_claim:
                quotes.append(span)
    return figures, quotes


def merge(existing: str, draft: Draft, seed: SeedText, given: dict[str, str | None] | None = None) -> tuple[str, MergeReport]:
    """Merge a draft into an existing claims file's text; return the new text and what was added.

    :param existing: the claims file as it is.
    :param seed: the article the file is about.
    :param given: source fields given on the command line: filled in where the file has none.
    """
    yaml = yaml_rt()
    doc = yaml.load(existing) or CommentedMap()
    report = MergeReport()
    figures, quotes = _covered_spans(doc, seed)
    tokens = seed.numbers()

    def covered(span: tuple[int, int]) -> bool | None:
        inside = [t for t in tokens if span[0] <= t.start and t.end <= span[1]]
        if not inside:
            return None
        return all(any(s <= t.start and t.end <= e for s, e in figures)
                   or t.is_year and any(s <= t.start and t.end <= e for s, e in quotes) for t in inside)

    for claim in draft.claims:
        state = covered(claim.figure_span)
        if state is None:
            if claim.figure_span not in figures:
                report.skipped_words.append(claim)
        elif not state:
            report.claims.append(claim)
    for entry in draft.ignores:
        if covered(entry.figure_span) is False:
            report.ignores.append(entry)
    source = doc.setdefault("source", CommentedMap())
    for key, value in (given or {}).items():
        if not value:
            continue
        if source.get(key) in (None, ""):
            source[key] = value
            report.source_filled.append(key)
        elif str(source.get(key)) != value:
            report.source_kept.append(key)
    _append(doc, "claims", [claim_map(c) for c in report.claims], draft.source.seed)
    _append(doc, "ignore", [ignore_map(i) for i in report.ignores], draft.source.seed)
    return dump(doc), report


def _append(doc: Any, section: str, items: list[CommentedMap], seed: str) -> None:
    if not items:
        return
    seq = doc.get(section)
    if not isinstance(seq, list):
        seq = CommentedSeq()
        doc[section] = seq
    first = len(seq)
    seq.extend(items)
    if isinstance(seq, CommentedSeq) and first:
        seq.yaml_set_comment_before_after_key(first, before=f"--- added by claimcheck extract from {seed}: review ---",
                                              indent=2)


def merge_quantities(existing: str | None, book: Book, seed: str) -> tuple[str, list[str]]:
    """Add a draft's proposed entities and metrics to ``quantities.yaml``, keeping everything else.

    :returns: the new text and the names added (``entity:x``, ``metric:y``).
    """
    yaml = yaml_rt()
    doc = (yaml.load(existing) if existing else None) or CommentedMap()
    added: list[str] = []
    note = f"proposed by claimcheck extract from {seed}: review"
    for section, proposals in (("entities", book.new_entities), ("metrics", book.new_metrics)):
        table = doc.get(section)
        if not isinstance(table, dict):
            table = CommentedMap()
            doc[section] = table
        first = True
        for name, fields in proposals.items():
            if name in table:
                continue
            value = CommentedMap(fields)
            if section == "entities":
                value.fa.set_flow_style()
            elif "description" in value:
                value["description"] = _folded(str(value["description"]), 88)
            table[name] = value
            if first and isinstance(table, CommentedMap):
                table.yaml_set_comment_before_after_key(name, before=note, indent=2)
                first = False
            added.append(f"{section[:-1] if section == 'metrics' else 'entity'}:{name}")
    return dump(doc), added


def proposals_text(book: Book, seed: str) -> str:
    """The proposed additions to quantities.yaml as a YAML snippet (for stderr)."""
    if not book.new_entities and not book.new_metrics:
        return ""
    text, _ = merge_quantities(None, book, seed)
    return text

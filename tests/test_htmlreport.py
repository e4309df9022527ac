"""The HTML report: self-contained, escaped, complete, and still usable at 10,000 findings."""

from __future__ import annotations

import dataclasses
import math
import os
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from claimcheck import api
from claimcheck.exceptions import ClaimcheckError
from claimcheck.location import Location
from claimcheck.reporters import charts, htmlreport
from claimcheck.results import Finding
from claimcheck.rules import REGISTRY

ROOT = Path(__file__).resolve().parent.parent

EXTERNAL = re.compile(r"""(src|href)\s*=\s*["']?(https?:)?//""", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT = '<script>alert(1)</script>'
ATTR = '" onmouseover="alert(1)'


class Page(HTMLParser):
    """Collect tags with attributes, scripts, and which svg each element sits in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.svg_bars: dict[str, list[dict[str, str | None]]] = {}
        self._svg: list[str] = []
        self._script: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "svg":
            self._svg.append(a.get("data-quantity") or "")
            self.svg_bars.setdefault(self._svg[-1], [])
        elif tag == "g" and self._svg and "bar" in (a.get("class") or "").split():
            self.svg_bars[self._svg[-1]].append(a)
        elif tag == "script":
            self._script, self._text = a, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg" and self._svg:
            self._svg.pop()
        elif tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def shipped_result(tmp_path_factory: pytest.TempPathFactory) -> api.RunResult:
    none = tmp_path_factory.mktemp("acks") / "acknowledgements.yaml"
    return api.RunResult(api.check(ROOT / "claims", ROOT / "seeds", none))


@pytest.fixture(scope="module")
def shipped_html(shipped_result: api.RunResult) -> str:
    return htmlreport.render(shipped_result)


def assert_self_contained(html: str) -> None:
    """No external URL, no inline handler, no attribute named on*, and only our three scripts."""
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    assert not HANDLER.search(html), html[max(0, HANDLER.search(html).start() - 80):HANDLER.search(html).end() + 80]
    page = parse(html)
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.lower().startswith("on")], (tag, attrs)
        assert tag not in ("link", "img", "iframe", "object", "embed", "base", "form"), tag
        for name in ("src", "href", "action", "xlink:href"):
            value = attrs.get(name) or ""
            assert not re.match(r"^\s*([a-z][a-z0-9+.-]*:|//)", value, re.I), (tag, name, value)
    kinds = [a.get("type") for a, _ in page.scripts]
    assert kinds.count("application/json") == 1
    assert len(page.scripts) == 3, kinds  # the class toggle, the data, the script


# --- the shipped data ----------------------------------------------------------------------------

def test_writes_one_self_contained_file(shipped_result: api.RunResult, tmp_path: Path) -> None:
    path = htmlreport.write_report(shipped_result, tmp_path / "report")
    assert path == tmp_path / "report" / "index.html"
    assert [p.name for p in path.parent.iterdir()] == ["index.html"]
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert_self_contained(html)
    csp = next(a["content"] for t, a in parse(html).tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp and "unsafe-inline" not in csp


def test_every_finding_is_shown_with_its_key_rule_and_acknowledgement_state(shipped_html: str,
                                                                            shipped_result: api.RunResult) -> None:
    findings = shipped_result.check.findings
    assert findings, "the shipped data has findings"
    for f in findings:
        assert f'data-key="{f.key}"' in shipped_html
        assert REGISTRY[f.code].title.replace("'", "&#39;") in shipped_html
    page = parse(shipped_html)
    cards = [a for t, a in page.tags if t == "article" and "finding" in (a.get("class") or "")]
    assert [a["data-key"] for a in cards] == [f.key for f in findings]  # the review order
    assert shipped_html.count("not acknowledged</span>") == len(findings)


def test_finding_shows_arithmetic_steps_and_claims_in_context(shipped_html: str, shipped_result: api.RunResult) -> None:
    f = next(f for f in shipped_result.check.findings if f.code == "CC202")
    start = shipped_html.index(f'data-key="{f.key}"')
    card = shipped_html[start:shipped_html.index("</article>", start)]
    assert "[9.4425, 9.4435] million" in card and "[9.5835, 9.5981] million" in card
    assert "0.14 million" in card and "1.48 %" in card
    assert card.count("<li>") >= len(f.steps)
    for cid in f.claims:
        assert f'href="#claim-{cid}"' in card
    assert "<mark>9.443 million</mark>" in card
    assert "<mark>12.89 million</mark>" in card
    assert str(f.location) in card


def test_summary_counts_match_the_results_table(shipped_html: str, shipped_result: api.RunResult) -> None:
    frame = api.results_frame(shipped_result.check)
    data = htmlreport.page_json(shipped_html)
    expected = {s: int((frame["severity"] == s).sum()) for s in ("error", "warning", "info")}
    assert data["counts"] == expected
    assert data["total"] == len(frame)
    assert data["rules"] == frame["code"].value_counts().to_dict()
    for sev, n in expected.items():
        assert re.search(rf'data-count="{sev}">{n}<', shipped_html)
    assert f'data-stat="recomputed">{len(shipped_result.check.context.recomputations)}<' in shipped_html
    assert f'data-stat="claims">{len(shipped_result.check.validation.registry.claims)}<' in shipped_html


def test_quantity_chart_for_nev_production_shows_both_2020_baselines(shipped_html: str) -> None:
    page = parse(shipped_html)
    bars = page.svg_bars["china/nev_production/2020"]
    assert {b.get("data-source") for b in bars} >= {"002", "003"}
    claims = {b.get("data-claim") for b in bars}
    assert {"002-nev-production-2020", "003-nev-production-2020"} <= claims
    assert all(b.get("data-style") == "contested" for b in bars if b.get("data-claim"))
    # the 2023 conflict: 003 states it, 000 implies it through its growth rate
    styles_2023 = {(b.get("data-source"), b.get("data-style")) for b in page.svg_bars["china/nev_production/2023"]}
    assert ("003", "contested") in styles_2023 and ("000", "implied") in styles_2023
    # 2024: "over 13 million" is half-open, drawn to the edge with an arrow
    i = shipped_html.index('data-quantity="china/nev_production/2024"')
    svg = shipped_html[i:shipped_html.index("</svg>", i)]
    assert 'data-claim="002-nev-production-bound-2024"' in svg and "arrow-open" in svg
    assert "[13, ∞) million" in svg


def test_forecast_is_drawn_beside_the_outcome(shipped_html: str) -> None:
    page = parse(shipped_html)
    bars = page.svg_bars["china/nev_sales/2024"]
    styles = {b.get("data-claim"): b.get("data-style") for b in bars}
    assert styles["001-nev-sales-forecast-2024"] == "forecast"
    assert styles["000-nev-sales-2024"] == "stated"


def test_every_quantity_in_a_finding_has_a_view(shipped_html: str, shipped_result: api.RunResult) -> None:
    page = parse(shipped_html)
    families = {a.get("id") for t, a in page.tags if t == "details" and "family" in (a.get("class") or "")}
    for f in shipped_result.check.findings:
        for key in f.quantities:
            family = "/".join(key.split("/")[:2])
            assert htmlreport.anchor("q", family) in families, key


def test_article_view_marks_claims_and_ignored_numbers(shipped_html: str, shipped_result: api.RunResult) -> None:
    registry = shipped_result.check.validation.registry
    page = parse(shipped_html)
    marks = [a for t, a in page.tags if t == "mark"]
    titled = {cid for a in marks if "m-claim" in (a.get("class") or "") for cid in (a.get("title") or "").split(", ")}
    traced = set(shipped_result.check.validation.provenance["id"])
    assert {c.id for c in registry.claims if c.id in traced} <= titled
    ignored = [a for a in marks if "m-ignore" in (a.get("class") or "") and a.get("title")]  # not the legend's
    assert len(ignored) >= len(registry.ignores) // 2
    assert all(a["title"].startswith("ignored: ") for a in ignored)
    for source in shipped_result.check.validation.registry.sources:
        stem = source.rsplit("/", 1)[-1].split("_", 1)[0]
        assert f'id="article-{stem}"' in shipped_html


def test_claims_table_lists_every_claim_with_sort_buttons(shipped_html: str, shipped_result: api.RunResult) -> None:
    registry = shipped_result.check.validation.registry
    i = shipped_html.index('id="claims-table"')
    table = shipped_html[i:shipped_html.index("</table>", i)]
    assert table.count("<tr id=") == len(registry.claims)
    heads = re.findall(r'<button type="button" class="sort" data-col="\d" data-type="(\w+)">([^<]+)</button>', table)
    assert [h for _, h in heads] == ["id", "source", "kind", "quantity", "hedge", "figure", "stated interval",
                                     "unit", "findings"]


def test_acknowledged_finding_shows_reason_by_and_date(tmp_path: Path) -> None:
    first = api.check(ROOT / "claims", ROOT / "seeds", tmp_path / "none.yaml").findings[0]
    acks = tmp_path / "acks.yaml"
    acks.write_text(f"acknowledgements:\n  - key: {first.key}\n    reason: both CAAM releases are quoted\n"
                    "    by: A. Reviewer\n    date: 2026-01-05\n", encoding="utf-8")
    html = htmlreport.render(api.RunResult(api.check(ROOT / "claims", ROOT / "seeds", acks)))
    start = html.index(f'data-key="{first.key}"')
    card = html[start:html.index("</article>", start)]
    assert "acknowledged" in card and "A. Reviewer" in card and "2026-01-05" in card
    assert "both CAAM releases are quoted" in card
    assert htmlreport.page_json(html)["acknowledged"] == 1


def test_baseline_and_expectation_suites_are_rendered(shipped_result: api.RunResult) -> None:
    findings = shipped_result.check.findings
    gate = api.ExpectationOutcome("expect_column_values_to_not_be_in_set", "severity", f"no severity is one of: {SCRIPT}",
                                  False, notes=ATTR, unexpected=2, checked=9, rows=[SCRIPT, ATTR], values=[SCRIPT])
    status = {f.key: ("new" if i % 2 == 0 else "unchanged") for i, f in enumerate(findings)}
    run = api.RunResult(
        shipped_result.check, baseline=Path("baseline.json"), status=status,
        resolved=[{"key": "CC201-0123456789", "code": "CC201", "severity": "error", "message": f"old {SCRIPT}"}],
        suites=[api.SuiteOutcome("claims_table", "claims", True, 7),
                api.SuiteOutcome("results_gate", "results", False, 3, [gate.line()], [gate])],
        gx_results="gx-results.json",
    )
    html = htmlreport.render(run)
    assert_self_contained(html)
    new = sum(1 for s in status.values() if s == "new")
    assert f'data-baseline="new">{new}<' in html
    assert f'data-baseline="unchanged">{len(findings) - new}<' in html
    assert 'data-baseline="resolved">1<' in html
    assert "CC201-0123456789" in html and SCRIPT not in html
    assert html.count('<span class="badge new" title="not in the baseline">NEW</span>') == new
    assert "claims_table" in html and "results_gate" in html and "expect_column_values_to_not_be_in_set" in html
    gx = html[html.index('<section id="gx"'):]
    gx = gx[:gx.index("</section>")]
    assert "2 of 9" in gx and "no severity is one of: &lt;script&gt;" in gx and ATTR not in html
    assert "&#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34;" in gx  # the value, as JSON text, escaped
    assert 'href="gx-results.json"' in html
    # a results "path" that is a URL is never linked
    remote = htmlreport.render(dataclasses.replace(run, gx_results="https://example.com/docs"))
    assert 'id="gx-results-link"' not in remote and not EXTERNAL.search(remote)


def test_check_result_is_accepted_too(shipped_result: api.RunResult) -> None:
    assert htmlreport.render(shipped_result.check) == htmlreport.render(shipped_result)


# --- hostile input -----------------------------------------------------------------------------

HOSTILE_SEED = f"""\
Headline {SCRIPT} and {ATTR} here.
NEV sales rose 35.5 percent to 12.87 million units in 2024 {SCRIPT}.
Others said 13.5 million {ATTR}.
"""

HOSTILE_CLAIMS = f"""\
source:
  seed: t.txt
  publisher: 'Pub {SCRIPT}'
  date: 2025-01-14
  title: '{SCRIPT}{ATTR}'
  url: 'https://evil.example/{ATTR}'
  note: '{ATTR}'
claims:
  - id: 't-nev-sales-2024{SCRIPT}'
    quote: 'NEV sales rose 35.5 percent to 12.87 million units in 2024 {SCRIPT}'
    figure: 12.87 million
    unit: vehicles
    kind: value
    quantity: china/nev_sales/2024
    note: '{ATTR}'
  - id: 't-other{ATTR}'
    quote: 'Others said 13.5 million {ATTR}'
    figure: 13.5 million
    unit: vehicles
    kind: value
    quantity: china/nev_sales/2024
  - id: t-odd-key
    quote: 'Others said 13.5 million'
    figure: 13.5 million
    unit: vehicles
    kind: value
    quantity: 'china/{SCRIPT}/2024'
ignore:
  - figure: 35.5 percent
    quote: NEV sales rose 35.5 percent
    reason: 'because {SCRIPT} {ATTR}'
"""


def hostile_result(make_registry) -> api.RunResult:
    claims_dir, seeds_dir = make_registry(HOSTILE_SEED, HOSTILE_CLAIMS)
    return api.RunResult(api.check(claims_dir, seeds_dir, claims_dir.parent / "acks.yaml"))


def test_hostile_strings_are_escaped_everywhere(make_registry) -> None:
    result = hostile_result(make_registry)
    assert result.check.findings, "the hostile registry has findings to render"
    html = htmlreport.render(result)
    assert SCRIPT not in html
    assert ATTR not in html
    assert "alert(1)" in html  # shown, as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "evil.example" in html and 'href="https://evil.example' not in html
    assert_self_contained(html)
    # claims whose ids fail validation stay out of the engine (no chart bars), but the claims
    # table and the findings still show them, escaped
    page = parse(html)
    assert html.count("t-nev-sales-2024&lt;script&gt;") >= 2
    ids = [a["id"] for _, a in page.tags if a.get("id")]
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+", i) for i in ids), ids
    assert len(ids) == len(set(ids))


def test_embedded_json_cannot_close_its_script(make_registry) -> None:
    html = htmlreport.render(hostile_result(make_registry))
    m = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    assert m and "<" not in m.group(1) and "=" not in m.group(1)
    assert htmlreport.page_json(html)["total"] >= 1


# --- writing -----------------------------------------------------------------------------------

def test_writing_into_an_unwritable_path_fails_cleanly(shipped_result: api.RunResult, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the report folder should be", encoding="utf-8")
    with pytest.raises(ClaimcheckError, match="cannot write the report"):
        htmlreport.write_report(shipped_result, blocker / "report")
    with pytest.raises(ClaimcheckError):
        htmlreport.write_report(shipped_result, blocker)
    assert blocker.read_text(encoding="utf-8").startswith("a file")


def test_rewriting_replaces_the_file_and_leaves_no_temporary_files(shipped_result: api.RunResult,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "report"
    out.mkdir()
    (out / "index.html").write_text("old", encoding="utf-8")
    htmlreport.write_report(shipped_result, out)
    htmlreport.write_report(shipped_result, out)
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert (out / "index.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    umask = os.umask(0)
    os.umask(umask)
    assert (out / "index.html").stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's private 0600


# --- scale -------------------------------------------------------------------------------------

def synthetic(result: api.CheckResult, n: int, seed: int = 7) -> api.CheckResult:
    """The shipped check with ``n`` synthetic findings over its real claims."""
    claims = result.validation.registry.claims
    codes = list(REGISTRY)
    rnd = random.Random(seed)
    findings = []
    for i in range(n):
        a, b = rnd.choice(claims), rnd.choice(claims)
        code = codes[i % len(codes)]
        findings.append(Finding(
            code, REGISTRY[code].severity, f"synthetic finding {i}: {a.id} against {b.id}",
            Location(f"claims/synthetic_{i % 40}.yaml", i + 1, 5), claims=(a.id, b.id), quantities=(a.quantity,),
            explanation="A synthetic finding to exercise the report at scale.", stated="[12.865, 12.875] million",
            recomputed="[9.5835, 9.5981] million", gap=1000.0 * i, rel_gap=i / 100, steps=("step one", "step two"),
            subject=f"synthetic-{i}",
        ))
    return dataclasses.replace(result, findings=api.order_for_review(findings))


def test_ten_thousand_findings_render(shipped_result: api.RunResult) -> None:
    n = 10_000
    html = htmlreport.render(synthetic(shipped_result.check, n))
    assert html.count('<article class="finding ') == n
    beyond = re.findall(r'<article class="finding [^"]*\bbeyond\b', html)
    assert len(beyond) == n - htmlreport.PAGE_SIZE  # hidden until "show more"
    assert 'id="finding-list" class="many"' in html
    data = htmlreport.page_json(html)
    assert data["total"] == n and sum(data["counts"].values()) == n
    assert data["pageSize"] == htmlreport.PAGE_SIZE


def test_a_large_registry_gets_a_report_focused_on_its_findings(shipped_result: api.RunResult,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Above FULL_DETAIL_CLAIMS, charts, claims and article texts are only those findings involve, and it says so."""
    check = shipped_result.check
    registry = check.validation.registry
    file_of = {c.id: c.file for c in registry.claims}
    first = sorted(registry.sources)[0]
    kept = [f for f in check.findings if f.claims and {file_of.get(c) for c in f.claims} == {first}]
    assert kept and len(kept) < len(check.findings)
    focused = dataclasses.replace(check, findings=kept)
    full = htmlreport.render(focused)
    monkeypatch.setattr(htmlreport, "FULL_DETAIL_CLAIMS", len(registry.claims) - 1)
    html = htmlreport.render(focused)
    assert len(html) < len(full)

    named = {c for f in kept for c in f.claims} | set(check.context.contested)
    table = html[html.index('id="claims-table"'):]
    rows = re.findall(r'<tr id="claim-[^"]*"', table[:table.index("</table>")])
    assert len(rows) == len({c.id for c in registry.claims if c.id in named})
    assert f"the {len(registry.claims) - len(rows):,} others are left out" in html

    keys = {k for f in kept for k in f.quantities} | {c.quantity for c in registry.claims if c.id in named}
    charted = set(parse(html).svg_bars) - {""}
    assert charted and charted <= keys
    full_bars = parse(full).svg_bars
    for key in charted:  # a focused report leaves charts out, and never changes one
        assert parse(html).svg_bars[key] == full_bars[key], key
    assert "more periods with no finding are left out" in html

    shown = {m for m in re.findall(r'<details class="article" id="([^"]+)"', html)}
    assert len(shown) == len(registry.sources)
    texts = html.count('<div class="article-text">')
    assert texts == 1 and html.count("Text left out: no finding shown here involves this article") == len(shown) - 1
    assert "Text left out" not in full and "left out" not in full[full.index('id="claims-h"'):]


def test_a_focused_chart_keeps_what_an_article_implies_through_a_definition(make_registry,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Article w names no charted family, but its sales imply the charted 2024 share: its bar stays."""
    claims_dir, seeds_dir = make_registry(
        "The NEV share reached 40.2 percent in 2024. A rival count put the NEV share at 45.1 percent in 2024.\n",
        """\
        source: {seed: t.txt, publisher: T, date: 2025-01-14}
        claims:
          - {id: t-share, quote: The NEV share reached 40.2 percent in 2024, figure: 40.2 percent, unit: percent,
             kind: value, quantity: china/nev_share/2024}
          - {id: t-rival, quote: put the NEV share at 45.1 percent in 2024, figure: 45.1 percent, unit: percent,
             kind: value, quantity: china/nev_share/2024}
        """)
    (seeds_dir / "w.txt").write_text("NEVs sold 4.02 million in 2024 out of 10.0 million vehicles sold in 2024.\n",
                                     encoding="utf-8")
    (claims_dir / "w.yaml").write_text("""\
source: {seed: w.txt, publisher: W, date: 2025-01-15}
claims:
  - {id: w-nev, quote: NEVs sold 4.02 million in 2024, figure: 4.02 million, unit: vehicles, kind: value,
     quantity: china/nev_sales/2024}
  - {id: w-all, quote: out of 10.0 million vehicles sold in 2024, figure: 10.0 million, unit: vehicles, kind: value,
     quantity: china/vehicle_sales/2024}
""", encoding="utf-8")
    result = api.RunResult(api.check(claims_dir, seeds_dir, claims_dir.parent / "acks.yaml"))
    assert not {"w-nev", "w-all"} & {c for f in result.check.findings for c in f.claims}
    full = parse(htmlreport.render(result)).svg_bars["china/nev_share/2024"]
    monkeypatch.setattr(htmlreport, "FULL_DETAIL_CLAIMS", 0)
    focused = parse(htmlreport.render(result)).svg_bars["china/nev_share/2024"]
    assert {"class": "bar bar-implied", "data-style": "implied", "data-source": "w"} in full
    assert focused == full


def test_findings_beyond_the_cap_are_counted_not_shown(shipped_result: api.RunResult,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    n, cap = 300, 120
    result = synthetic(shipped_result.check, n)
    monkeypatch.setattr(htmlreport, "MAX_FINDINGS_SHOWN", cap)
    html = htmlreport.render(result)
    assert html.count('<article class="finding ') == cap
    shown = [m for m in re.findall(r'<article class="finding [^"]*" id="([^"]+)"', html)]
    assert shown == [htmlreport.anchor("f", f.key) for f in result.findings[:cap]]
    rest = api.counts(result.findings[cap:])
    text = ", ".join(f"{k:,} {sev}" for sev, k in rest.items() if k)
    assert f"shows the first {cap} of {n} findings" in html and f"the others ({text})" in html
    assert htmlreport.page_json(html)["total"] == n  # the summary counts every finding
    assert "the others (" not in htmlreport.render(shipped_result)


# --- pieces ------------------------------------------------------------------------------------

def test_gap_text_uses_the_stated_scale() -> None:
    f = Finding("CC201", REGISTRY["CC201"].severity, "m", stated="[9.4425, 9.4435] million", gap=139988.2856,
                rel_gap=1.4824)
    assert htmlreport.gap_text(f) == "0.14 million"
    assert htmlreport.rel_gap_text(f) == "1.48 %"
    pct = Finding("CC303", REGISTRY["CC303"].severity, "m", stated="[31.263, 31.3003] %", gap=11.912963)
    assert htmlreport.gap_text(pct) == "11.913 pp"
    assert htmlreport.gap_text(Finding("CC301", REGISTRY["CC301"].severity, "m")) == ""


def test_anchor_is_safe_and_stable() -> None:
    assert htmlreport.anchor("qk", "china/nev_production/2020") == "qk-china--nev_production--2020"
    hostile = htmlreport.anchor("claim", SCRIPT)
    assert re.fullmatch(r"claim-[A-Za-z0-9_.-]+", hostile)
    assert hostile != htmlreport.anchor("claim", "<script>alert(2)</script>")


def test_chart_axis_fits_the_informative_bars() -> None:
    bars = [
        charts.Bar("002", "a", 1.35e6, 1.45e6, "contested", "[1.35, 1.45] million"),
        charts.Bar("003", "b", 1.4555e6, 1.4565e6, "contested", "[1.4555, 1.4565] million"),
        charts.Bar("all", "c", 0.0, 31.3e6, "domain", "[0, 31.3] million"),
        charts.Bar("002", "d", 1.3e6, math.inf, "stated", "[1.3, ∞) million"),
    ]
    lo, hi = charts.fit_axis(bars)
    assert 1.3e6 - 0.2e6 < lo < 1.3e6 and 1.4565e6 < hi < 1.6e6  # the wide domain does not squash the rest
    svg = str(charts.interval_chart("china/nev_production/2020", "vehicles", bars))
    assert svg.count('class="bar ') == 4
    assert "arrow-cut" in svg and "arrow-open" in svg
    assert "million vehicles" in svg
    assert charts.interval_chart("x/y/2020", "vehicles", []) == ""


def test_chart_escapes_labels() -> None:
    bar = charts.Bar(SCRIPT, ATTR, 1.0, 2.0, "stated", ATTR, title=SCRIPT, source=ATTR, claim=SCRIPT)
    svg = str(charts.interval_chart(SCRIPT, "count", [bar]))
    assert SCRIPT not in svg and ATTR not in svg and not HANDLER.search(svg)

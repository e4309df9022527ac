"""Time claimcheck at 10^3 ... 10^6 claims: each stage's wall time, claims per second and peak memory.

For each N a synthetic registry is built by ``benchmarks/synth.py`` (with injected
inconsistencies) and checked in a fresh subprocess, so each N's peak memory
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``, read after every stage) is its own. Stages are the
ones ``api.check`` runs, in its order: load (YAML or Parquet), tables (pandas + pandera), units,
provenance, coverage, then check (network, bulk screening, conflict search, every rule). The run
also times Great Expectations validating the claims table with the shipped suite
(``expectations/claims.json``), writes the HTML report up to 10^5 claims (time and size), and
reports detection (:func:`detection`, one code path for both modes): injected inconsistencies
named by a conflict finding (recall), conflict findings that name no injected claim (false
positives), injections never named although conflicts were reported in their article group or
topic (misblamed), and the number of conflict findings (CC101/CC201/CC202) and of minimal
conflicting sets the engine found.

``--mode sparse`` (the default) builds the sparse registries (groups of four entities); ``--mode
topic`` builds dense ones (``synth.py --mode topic``: one market of about 10,000 claims per topic,
with one injected slip per 100 claims).

Usage::

    python benchmarks/scale.py [--mode sparse|topic] [--max 1000000] [--format yaml|parquet] [--work DIR]
                               [--json OUT] [--timeout SECONDS]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000, 100_000, 1_000_000)
CONFLICT_CODES = {"CC101", "CC201", "CC202"}
INJECT = {1_000: 5, 10_000: 20, 100_000: 50, 1_000_000: 100}
#: topic mode: one injected slip per this many claims (100 in a topic of 10,000)
TOPIC_CLAIMS_PER_INJECTION = 100
#: the HTML report is written (and timed) up to this many claims
REPORT_UP_TO = 100_000


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(n: int, folder: Path, with_gx: bool, with_report: bool) -> dict[str, object]:
    """Run every stage once on one registry and return the measurements (runs in its own process)."""
    sys.path.insert(0, str(ROOT / "src"))
    stages: list[dict[str, object]] = []

    def stage(name: str, started: float, count: int) -> None:
        seconds = time.perf_counter() - started
        stages.append({"stage": name, "seconds": seconds, "per_second": count / seconds if seconds else math.inf,
                       "peak_rss_mib": _rss_mib()})

    t = time.perf_counter()
    from claimcheck import api
    from claimcheck.acknowledge import load_acknowledgements, unused
    from claimcheck.coverage import check_coverage
    from claimcheck.engine import run_rules
    from claimcheck.frame import build_tables
    from claimcheck.loader import load
    from claimcheck.provenance import trace
    from claimcheck.results import Severity
    from claimcheck.unitcheck import check_units
    stage("import", t, 0)

    claims_dir, seeds_dir = folder / "claims", folder / "seeds"
    t = time.perf_counter()
    registry = load(claims_dir, seeds_dir)
    count = len(registry.claims)
    stage("load", t, count)
    t = time.perf_counter()
    tables, schema = build_tables(registry)
    stage("tables+pandera", t, count)
    t = time.perf_counter()
    units = check_units(registry)
    stage("units", t, count)
    t = time.perf_counter()
    provenance, traced = trace(registry)
    stage("provenance", t, count)
    t = time.perf_counter()
    coverage, covered = check_coverage(registry, provenance)
    stage("coverage", t, count)
    findings = registry.findings + schema + units + traced + covered
    validation = api.Validation(registry, tables, provenance, coverage, api.sort_findings(findings))
    t = time.perf_counter()
    broken = frozenset(c for f in validation.findings if f.severity == Severity.ERROR for c in f.claims)
    context, found = run_rules(registry, broken, tables.claims)  # as api.check: the engine reads the claims table
    acks, ack_problems = load_acknowledgements(folder / "none.yaml")
    all_findings = validation.findings + found + ack_problems
    all_findings += unused(acks, all_findings)
    result = api.CheckResult(validation, context, api.order_for_review(all_findings), acks)
    stage("check", t, count)
    load_total = sum(s["seconds"] for s in stages if s["stage"] not in ("import", "check"))
    out: dict[str, object] = {"n": count, "stages": stages, "validation_findings": len(validation.findings),
                              "findings": len(result.findings), "load_total": load_total,
                              "end_to_end": load_total + stages[-1]["seconds"],
                              "conflicts": len(context.conflicts)}

    injected = json.loads((folder / "injected.json").read_text())
    conflicts = [tuple(f.claims) for f in result.findings if f.code in CONFLICT_CODES]
    out["detection"] = detection(injected, conflicts, len(context.conflicts))

    if with_gx:
        out["gx"] = _time_gx(result)
        out["pandera"] = _time_pandera(result)
    if with_report:
        out["report"] = _time_report(result, folder)
    out["peak_rss_mib"] = _rss_mib()
    return out


def detection(injected: list[dict[str, object]], conflicts: list[tuple[str, ...]], minimal_sets: int) -> dict[str, object]:
    """Score the conflict findings against the injections (both modes).

    :param injected: ``injected.json``: per injection its ``claim`` id and ``group`` (article group or topic).
    :param conflicts: the claims each conflict finding (CC101/CC201/CC202) names.
    :param minimal_sets: how many minimal conflicting sets the engine found.
    :returns: injected, found (named by some finding), recall, conflict findings, false positives (findings
        naming no injected claim), misblamed (injections never named although findings name claims of their
        group), the minimal sets, and up to ten missed and misblamed ids.
    """
    import synth  # benchmarks/ is this script's folder

    ids = {str(i["claim"]) for i in injected}
    named = {c for claims in conflicts for c in claims}
    found = ids & named
    groups_in_conflict = {synth.group_of(c) for c in named}
    misblamed = sorted(str(i["claim"]) for i in injected
                       if i["claim"] not in found and int(i["group"]) in groups_in_conflict)  # type: ignore[call-overload]
    false_positives = [claims for claims in conflicts if not ids & set(claims)]
    missed_by_slip: dict[str, int] = {}
    for i in injected:
        if i["claim"] not in found:
            slip = str(i.get("slip", "moved"))  # the sparse mode moves a value by x1.1-1.5
            missed_by_slip[slip] = missed_by_slip.get(slip, 0) + 1
    return {"injected": len(ids), "found": len(found), "recall": len(found) / len(ids) if ids else 1.0,
            "conflict_findings": len(conflicts), "false_positives": len(false_positives), "misblamed": len(misblamed),
            "minimal_sets": minimal_sets, "missed": sorted(ids - found)[:10], "misblamed_ids": misblamed[:10],
            "missed_by_slip": dict(sorted(missed_by_slip.items()))}


def _time_gx(result) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Validate the claims table with the shipped suite (or a few column expectations) and time it."""
    import pandas as pd

    suite_path = ROOT / "expectations" / "claims.json"
    claims = result.validation.tables.claims.copy()
    provenance = result.validation.provenance
    traced = set(provenance.loc[provenance["kind"] != "ignore", "id"]) if not provenance.empty else set()
    claims["provenance_verified"] = claims["id"].isin(traced).astype(bool)
    t = time.perf_counter()
    import great_expectations  # noqa: F401
    imported = time.perf_counter() - t
    t = time.perf_counter()
    try:
        from claimcheck import expectations
        suite = expectations.read_suite(suite_path) if suite_path.is_file() else None
        if suite is None or not hasattr(expectations, "_validate"):
            raise ImportError("no suite or no claimcheck.expectations API")
        with expectations.quiet():
            outcomes = expectations._validate([suite], {"claims": claims}, None)
        how = f"claimcheck.expectations with {suite_path.name} ({len(suite['expectations'])} expectations)"
        success = all(o.success for o in outcomes)
    except ImportError:
        import great_expectations as gx

        context = gx.get_context(mode="ephemeral")
        batch = context.data_sources.add_pandas("p").add_dataframe_asset("claims") \
            .add_batch_definition_whole_dataframe("whole").get_batch(batch_parameters={"dataframe": claims})
        expectations_ = [gx.expectations.ExpectColumnValuesToNotBeNull(column="id"),
                         gx.expectations.ExpectColumnValuesToBeUnique(column="id"),
                         gx.expectations.ExpectColumnValuesToBeInSet(column="kind", value_set=sorted(set(claims["kind"])))]
        success = all(batch.validate(e).success for e in expectations_)
        how = "direct GX validation of 3 column expectations"
    del pd
    return {"seconds": time.perf_counter() - t, "import_seconds": imported, "how": how, "success": success}


def _time_pandera(result) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Validate the same claims table with claimcheck's own pandera schema (part of the tables stage) and time it."""
    import pandera.pandas as pa

    from claimcheck.frame import claims_schema

    t = time.perf_counter()
    try:
        claims_schema().validate(result.validation.tables.claims, lazy=True)
    except pa.errors.SchemaErrors:
        pass  # failures are findings; the time is what is measured
    return {"seconds": time.perf_counter() - t}


def _time_report(result, folder: Path) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Write the HTML report and time it; its size in MiB."""
    from claimcheck.api import RunResult
    from claimcheck.reporters.htmlreport import write_report

    t = time.perf_counter()
    path = write_report(RunResult(result), folder / "report")
    return {"seconds": time.perf_counter() - t, "mib": path.stat().st_size / 2**20}


def injections(n: int, mode: str) -> int:
    """How many errors to inject into a registry of ``n`` claims."""
    if mode == "topic":
        return max(1, n // TOPIC_CLAIMS_PER_INJECTION)
    return INJECT.get(n, max(5, n // 10_000))


def ensure_registry(n: int, work: Path, fmt: str, mode: str = "sparse") -> Path:
    """Build (once) the registry of ``n`` claims in ``mode`` and format ``fmt`` under ``work``."""
    folder = work / (f"{fmt}-{n}" if mode == "sparse" else f"{mode}-{fmt}-{n}")
    if not (folder / "injected.json").is_file():
        sys.path.insert(0, str(ROOT / "src"))
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import synth

        started = time.perf_counter()
        articles, injected, quantities = synth.generate(mode, n, injections(n, mode))
        count = synth.write(articles, folder, fmt, quantities)
        (folder / "injected.json").write_text(json.dumps(injected, indent=1), encoding="utf-8")
        print(f"  built {count:,} claims ({fmt}) in {time.perf_counter() - started:.1f} s -> {folder}", file=sys.stderr)
    return folder


def machine() -> str:
    free = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.strip().splitlines()
    mem = free[1].split()[1] if len(free) > 1 else "?"
    return f"{os.cpu_count()} cores (nproc), {mem} GiB RAM (free -g), Python {sys.version.split()[0]}"


def table(results: list[dict[str, object]]) -> str:
    lines = ["| N | stage | wall s | claims/s | peak RSS MiB |", "|---:|---|---:|---:|---:|"]
    for r in results:
        for s in r["stages"]:  # type: ignore[union-attr]
            if s["stage"] == "import":
                continue
            lines.append(f"| {r['n']:,} | {s['stage']} | {s['seconds']:.2f} | {s['per_second']:,.0f} | "
                         f"{s['peak_rss_mib']:,.0f} |")
        lines.append(f"| {r['n']:,} | **load total** | {r['load_total']:.2f} | {r['n'] / r['load_total']:,.0f} | |")
        lines.append(f"| {r['n']:,} | **end to end** | {r['end_to_end']:.2f} | {r['n'] / r['end_to_end']:,.0f} | "
                     f"{r['peak_rss_mib']:,.0f} |")
        gx = r.get("gx")
        if gx:
            lines.append(f"| {r['n']:,} | GX claims suite | {gx['seconds']:.2f} | {r['n'] / gx['seconds']:,.0f} | |")
        report = r.get("report")
        if report:
            lines.append(f"| {r['n']:,} | HTML report ({report['mib']:,.1f} MiB) | {report['seconds']:.2f} | | |")
    lines += ["", "| N | injected | found | recall | conflict findings | false positives | misblamed | minimal sets |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        d = r["detection"]
        lines.append(f"| {r['n']:,} | {d['injected']} | {d['found']} | {d['recall']:.0%} | {d['conflict_findings']} | "
                     f"{d['false_positives']} | {d['misblamed']} | {d['minimal_sets']} |")
    return "\n".join(lines)


def growth(results: list[dict[str, object]]) -> str:
    """Time per N log N at the largest N over the same at 10^4 (1.0 = exactly N log N)."""
    by_n = {r["n"]: r for r in results}
    small = min((r for r in results if r["n"] >= 9_000), key=lambda r: r["n"], default=None)
    large = max(results, key=lambda r: r["n"])
    if small is None or large is small:
        return "growth check needs 10^4 and a larger N"
    out = []
    for what in ("check", "end_to_end"):
        def per(r: dict[str, object]) -> float:
            t = r["end_to_end"] if what == "end_to_end" else next(s["seconds"] for s in r["stages"] if s["stage"] == "check")
            return t / (r["n"] * math.log(r["n"]))
        out.append(f"{what}: time/(N log N) at N={large['n']:,} is {per(large) / per(small):.2f}x that at "
                   f"N={small['n']:,} (<= 1 means no worse than N log N)")
    del by_n
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("sparse", "topic"), default="sparse",
                        help="sparse registries (groups of four entities) or dense topics (one market per 10^4 claims)")
    parser.add_argument("--max", type=int, default=1_000_000, help="largest N to run")
    parser.add_argument("--timeout", type=float, help="give up on an N whose check takes longer (seconds)")
    parser.add_argument("--format", choices=("yaml", "parquet"), default="yaml")
    parser.add_argument("--work", type=Path, default=Path("/tmp/claimcheck-scale"), help="where registries are built")
    parser.add_argument("--json", type=Path, help="write the measurements here")
    parser.add_argument("--no-gx", action="store_true", help="skip the Great Expectations timing")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--report", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child, args.folder, not args.no_gx, args.report)))
        return 0
    print(f"machine: {machine()}", file=sys.stderr)
    results = []
    for n in (s for s in SIZES if s <= args.max):
        folder = ensure_registry(n, args.work, args.format, args.mode)
        cmd = [sys.executable, __file__, "--child", str(n), "--folder", str(folder)]
        if args.no_gx:
            cmd.append("--no-gx")
        if n <= REPORT_UP_TO:
            cmd.append("--report")
        started = time.perf_counter()
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout,
                                  env={**os.environ, "GX_ANALYTICS_ENABLED": "False"})
        except subprocess.TimeoutExpired:
            print(f"  N={n:,}: gave up after {args.timeout:.0f} s (--timeout)", file=sys.stderr)
            continue
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            return 1
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        result["format"] = args.format
        result["mode"] = args.mode
        results.append(result)
        print(f"  N={result['n']:,}: end to end {result['end_to_end']:.1f} s, check "
              f"{result['stages'][-1]['seconds']:.1f} s, peak {result['peak_rss_mib']:,.0f} MiB "
              f"(child wall {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    if not results:
        return 1
    print(table(results))
    for r in results:
        if r["detection"]["missed_by_slip"]:
            print(f"N={r['n']:,}: missed by slip kind: {r['detection']['missed_by_slip']}")
    print()
    print(growth(results))
    for r in results:
        if r.get("gx"):
            check = next(s["seconds"] for s in r["stages"] if s["stage"] == "check")
            print(f"N={r['n']:,}: check {check:.2f} s vs GX {r['gx']['seconds']:.2f} s ({r['gx']['how']}); "
                  f"GX import {r['gx']['import_seconds']:.1f} s; the same table through claimcheck's pandera "
                  f"schema {r['pandera']['seconds']:.2f} s")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "results": results}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

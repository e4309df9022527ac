"""Great Expectations: run the suites in ``expectations/`` against a run's tables, and build Data Docs.

Suites are stored as Great Expectations 1.x stores them (``gx/expectations/<name>.json`` of a
file context: ``name``, ``id``, ``expectations`` with ``type``/``kwargs``/``meta``, ``meta``,
``notes``). Each suite names the table it validates in ``meta.claimcheck.table``, and the column
that identifies a row in ``meta.claimcheck.index`` (shown for each unexpected row)::

    "meta": {"claimcheck": {"table": "claims", "index": "id"}}

Tables (see :func:`tables`): ``claims`` (the claims table plus ``provenance_verified``),
``results`` (the results table plus ``status``, ``open_error`` and ``blocking``),
``quantities`` and ``relations``.

Great Expectations is imported here only, lazily, because importing it takes seconds and
``claimcheck check`` must stay fast. It runs in an ephemeral context (nothing is written but the
Data Docs folder), with progress bars off and its output swallowed. GX 1.x has no command line,
so a suite's ``success`` becomes an exit code in :mod:`claimcheck.cli`.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import re
import shutil
import tempfile
import warnings
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from claimcheck.api import RunResult, SuiteOutcome, results_frame
from claimcheck.exceptions import ClaimcheckError
from claimcheck.files import umask

DEFAULT_DIR = Path("expectations")
DOCS_FOLDER = "gx-docs"
SITE = "claimcheck_docs"
TABLES = ("claims", "results", "quantities", "relations")
#: how many unexpected rows a failed expectation names
SHOW_UNEXPECTED = 5


def claims_table(run_result: RunResult) -> pd.DataFrame:
    """The claims table with ``provenance_verified``: the claim's quote and figure were found in its seed."""
    validation = run_result.check.validation
    claims = validation.tables.claims.copy()
    provenance = validation.provenance
    traced = set(provenance.loc[provenance["kind"] != "ignore", "id"]) if not provenance.empty else set()
    claims["provenance_verified"] = claims["id"].isin(traced).astype(bool)
    return claims


def results_table(run_result: RunResult) -> pd.DataFrame:
    """The results table with ``status`` (new/unchanged, with a baseline), ``open_error`` and ``blocking``.

    ``open_error``: an error no reviewer has acknowledged. ``blocking``: an open error that fails the
    gate (:attr:`claimcheck.api.RunResult.failing`: with a baseline, only new ones).
    """
    frame = results_frame(run_result.check)
    failing = {f.key for f in run_result.failing}
    frame["status"] = pd.Series([run_result.status.get(k) for k in frame["key"]], index=frame.index, dtype=object)
    frame["open_error"] = ((frame["severity"] == "error") & ~frame["acknowledged"].astype(bool)).astype(bool)
    frame["blocking"] = frame["key"].isin(failing).astype(bool)
    return frame


def tables(run_result: RunResult) -> dict[str, pd.DataFrame]:
    """Every table a suite may name, by name."""
    t = run_result.check.validation.tables
    return {"claims": claims_table(run_result), "results": results_table(run_result),
            "quantities": t.quantities, "relations": t.relations}


def read_suite(path: Path) -> dict[str, Any]:
    """Read one suite file and check what claimcheck needs of it (a name, expectations, a known table).

    :raises ClaimcheckError: for an unreadable or malformed suite.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise ClaimcheckError(f"cannot read suite {path}: {getattr(err, 'strerror', None) or err}") from None
    except json.JSONDecodeError as err:
        raise ClaimcheckError(f"suite {path} is not JSON (line {err.lineno}: {err.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("name"), str) \
            or not isinstance(data.get("expectations"), list):
        raise ClaimcheckError(f"suite {path} is not a Great Expectations suite (needs name and expectations)")
    table = ((data.get("meta") or {}).get("claimcheck") or {}).get("table")
    if table not in TABLES:
        raise ClaimcheckError(f"suite {path} must name its table in meta.claimcheck.table: one of {', '.join(TABLES)}")
    return data


def load_suites(folder: Path) -> list[dict[str, Any]]:
    """Read every ``*.json`` suite in a folder, sorted by file name.

    :raises ClaimcheckError: for a malformed suite or two suites with one name.
    """
    suites = [read_suite(path) for path in sorted(folder.glob("*.json"))]
    names = [s["name"] for s in suites]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ClaimcheckError(f"suites in {folder} share a name: {', '.join(duplicates)}")
    return suites


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Swallow what Great Expectations prints, warns and logs while it runs."""
    logger = logging.getLogger("great_expectations")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    sink = io.StringIO()
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _context(docs_dir: Path | None) -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    sites = {}
    if docs_dir is not None:
        sites[SITE] = {
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir.resolve())},
        }
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        analytics_enabled=False,
        data_docs_sites=sites,
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _describe(result: Any, index: str | None) -> str:
    """One line for a failed expectation: its type, column, how many rows, and which."""
    config = result.expectation_config
    column = config.kwargs.get("column")
    head = f"{config.type}({column})" if column else config.type
    info = result.exception_info or {}
    # GX gives one dict, or one per metric (keyed by the metric's id)
    raised = [i for i in [info, *info.values()] if isinstance(i, dict) and i.get("raised_exception")]
    if raised:
        return f"{head}: raised {' '.join(str(raised[0].get('exception_message')).split())[:200]}"
    details = result.result or {}
    count = details.get("unexpected_count")
    if count is None:
        observed = details.get("observed_value")
        return f"{head}: observed {observed!r}" if observed is not None else head
    rows = details.get("partial_unexpected_index_list") or []
    names = [str(r.get(index)) for r in rows if isinstance(r, dict) and index and r.get(index) is not None]
    if not names:
        names = [repr(v) for v in details.get("partial_unexpected_list") or []]
    shown = ", ".join(names[:SHOW_UNEXPECTED]) + (", …" if count > min(len(names), SHOW_UNEXPECTED) else "")
    return f"{head}: {count} unexpected" + (f": {shown}" if shown else "")


def run_suites(run_result: RunResult, folder: Path, docs_dir: Path | None = None) -> list[SuiteOutcome]:
    """Run every suite in ``folder`` against the run's tables; build Data Docs into ``docs_dir`` if given.

    The Data Docs are built in a temporary folder beside ``docs_dir`` and swapped in when complete,
    with every external stylesheet, script and image removed (see :func:`make_offline`).

    :raises ClaimcheckError: for a malformed suite, or when the Data Docs cannot be written.
    """
    suites = load_suites(folder)
    if not suites:
        return []
    frames = tables(run_result)
    building = None
    try:
        if docs_dir is not None:
            docs_dir.parent.mkdir(parents=True, exist_ok=True)
            building = Path(tempfile.mkdtemp(prefix=f".{docs_dir.name}.", dir=docs_dir.parent))
            building.chmod(0o777 & ~umask())  # mkdtemp makes it private; a report folder is not
        with quiet():
            outcomes = _validate(suites, frames, building)
        if building is not None and docs_dir is not None:
            make_offline(building)
            _swap(building, docs_dir)
            building = None
    except OSError as err:
        raise ClaimcheckError(f"cannot write Data Docs to {docs_dir}: {err.strerror or err}") from None
    finally:
        if building is not None:
            shutil.rmtree(building, ignore_errors=True)
    return outcomes


def _validate(suites: list[dict[str, Any]], frames: dict[str, pd.DataFrame], docs: Path | None) -> list[SuiteOutcome]:
    context = _context(docs)
    import great_expectations as gx
    from great_expectations.core.expectation_suite import ExpectationSuite
    from great_expectations.core.run_identifier import RunIdentifier

    source = context.data_sources.add_pandas("claimcheck")
    batches = {}
    run_id = RunIdentifier(run_name="claimcheck", run_time=datetime.now(timezone.utc))
    outcomes = []
    for data in suites:
        meta = data["meta"]["claimcheck"]
        table, index = meta["table"], meta.get("index")
        try:
            suite = context.suites.add(ExpectationSuite(**data))
        except Exception as err:  # noqa: BLE001  (GX raises many kinds for a bad suite)
            why = " ".join(str(err).split())[:300]
            raise ClaimcheckError(f"suite {data['name']!r} cannot be loaded: {why}") from None
        # GX logs and drops an expectation it cannot build: a gate must not lose one silently
        if len(suite.expectations) != len(data["expectations"]):
            wanted = Counter(str(e.get("type")) if isinstance(e, dict) else "?" for e in data["expectations"])
            lost = sorted((wanted - Counter(e.expectation_type for e in suite.expectations)).elements())
            raise ClaimcheckError(f"suite {data['name']!r} cannot be loaded: Great Expectations cannot build "
                                  f"{', '.join(lost) or 'an entry'}")
        if table not in batches:
            batches[table] = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe("whole")
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=data["name"], data=batches[table], suite=suite))
        result_format: dict[str, Any] = {"result_format": "SUMMARY"}
        if index and index in frames[table].columns:
            result_format["unexpected_index_column_names"] = [index]
        result = definition.run(batch_parameters={"dataframe": frames[table]}, result_format=result_format,
                                run_id=run_id)
        failed = [_describe(r, index) for r in result.results if not r.success]
        outcomes.append(SuiteOutcome(data["name"], table, bool(result.success),
                                     int(result.statistics.get("evaluated_expectations", len(result.results))),
                                     failed))
    if docs is not None:
        context.build_data_docs(site_names=[SITE])
    return outcomes


def _swap(built: Path, target: Path) -> None:
    """Put a finished folder in place of ``target``: rename the old one aside, rename, delete the old one."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.replace(target, old / target.name)
    os.replace(built, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# --- Data Docs without the network --------------------------------------------------------------

_EXTERNAL = r"""(?:https?:)?//"""
_LINK = re.compile(rf"""<link\b[^>]*\bhref\s*=\s*["']?{_EXTERNAL}[^>]*>""", re.IGNORECASE)
_SCRIPT = re.compile(rf"""<script\b[^>]*\bsrc\s*=\s*["']?{_EXTERNAL}[^>]*>\s*</script\s*>""", re.IGNORECASE)
_IMG = re.compile(rf"""<img\b[^>]*\bsrc\s*=\s*["']?{_EXTERNAL}[^>]*>""", re.IGNORECASE)
_CSS_URL = re.compile(rf"""url\(\s*["']?{_EXTERNAL}[^)]*\)""", re.IGNORECASE)
_IMPORT = re.compile(rf"""@import\s+(?:url\()?\s*["']?{_EXTERNAL}[^;]*;""", re.IGNORECASE)
#: what the removed Bootstrap gave the pages, just enough to read them
OFFLINE_STYLE = """<style>/* claimcheck: external stylesheets removed so the report works offline */
body{font:14px/1.45 system-ui,sans-serif;margin:1rem 2rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.25rem .5rem;vertical-align:top}
.d-none,.modal,.sticky-top .btn{display:none}</style>"""


def offline_html(text: str, static_prefix: str) -> str:
    """Remove every external stylesheet, script, image and CSS ``url()`` from a Data Docs page.

    The Great Expectations logo (fetched from a CDN) is replaced by the copy in ``static/``.

    :param static_prefix: the relative path from the page to the docs root (``""``, ``"../../"``).

    >>> offline_html('<link rel="stylesheet" href="https://cdn/x.css"/><script src="https://cdn/j.js"></script>'
    ...              '<img src="https://s3/logo-long.png?d=1"><a href="https://gx.io">GX</a>', "../")
    '<img src="../static/images/logo-long.png"><a href="https://gx.io">GX</a>'
    """
    text = _LINK.sub("", text)
    text = _SCRIPT.sub("", text)
    text = _IMG.sub(lambda m: f'<img src="{static_prefix}static/images/logo-long.png">'
                    if "logo" in m.group(0) else "", text)
    text = _IMPORT.sub("", _CSS_URL.sub("none", text))
    return text.replace("</head>", OFFLINE_STYLE.replace("\n", "") + "</head>", 1)


def make_offline(root: Path) -> None:
    """Rewrite every HTML and CSS file under a Data Docs folder so that opening it makes no network request."""
    for path in root.rglob("*"):
        if path.suffix == ".html":
            depth = len(path.relative_to(root).parts) - 1
            path.write_text(offline_html(path.read_text(encoding="utf-8"), "../" * depth), encoding="utf-8")
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            path.write_text(_IMPORT.sub("", _CSS_URL.sub("none", text)), encoding="utf-8")


def external_references(text: str) -> list[str]:
    """The external resources a page or stylesheet would fetch (links a reader must click are not counted).

    >>> external_references('<a href="https://x">x</a><script src="//cdn/j.js"></script>')
    ['<script src="//cdn/j.js"></script>']
    """
    found = []
    for pattern in (_LINK, _SCRIPT, _IMG, _CSS_URL, _IMPORT):
        found += [m.group(0) for m in pattern.finditer(text)]
    found += re.findall(rf"""<(?:iframe|source|video|audio|embed|object)\b[^>]*{_EXTERNAL}[^>]*>""", text, re.I)
    return found

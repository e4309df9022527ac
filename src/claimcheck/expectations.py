"""Great Expectations: run the suites in ``expectations/`` against a run's tables.

Suites are stored as Great Expectations 1.x stores them (``gx/expectations/<name>.json`` of a
file context: ``name``, ``id``, ``expectations`` with ``type``/``kwargs``/``meta``, ``meta``,
``notes``). Each suite names the table it validates in ``meta.claimcheck.table``, and the column
that identifies a row in ``meta.claimcheck.index`` (shown for each unexpected row)::

    "meta": {"claimcheck": {"table": "claims", "index": "id"}}

Tables (see :func:`tables`): ``claims`` (the claims table plus ``provenance_verified``),
``results`` (the results table plus ``status``, ``open_error`` and ``blocking``),
``quantities`` and ``relations``.

Each expectation's outcome is read out of Great Expectations' result as plain data
(:class:`claimcheck.api.ExpectationOutcome`) and shown by claimcheck's own reporters; Great
Expectations' Data Docs are not built, because GX renders table values into HTML unescaped
(see the README, "Machine outputs and the CI gate"). GX's validation results are written as
JSON data, ``gx-results.json`` (:func:`write_results`).

Great Expectations is imported here only, lazily, because importing it takes seconds and
``claimcheck check`` must stay fast. It runs in an ephemeral context (it writes nothing), with
progress bars off and its output swallowed. GX 1.x has no command line, so a suite's
``success`` becomes an exit code in :mod:`claimcheck.cli`.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import math
import os
import string
import warnings
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from claimcheck.api import SHOW_UNEXPECTED, ExpectationOutcome, RunResult, SuiteOutcome, json_text, results_frame
from claimcheck.exceptions import ClaimcheckError
from claimcheck.files import write_atomic

DEFAULT_DIR = Path("expectations")
#: Great Expectations' validation results of a run, in the report folder
RESULTS_FILE = "gx-results.json"
TABLES = ("claims", "results", "quantities", "relations")


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


def _context() -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        analytics_enabled=False,
        data_docs_sites={},
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _listing(values: Any) -> str:
    """One argument in words: a list as ``a, b, c``, a string as it is, anything else as JSON text."""
    items = list(values) if isinstance(values, (list, tuple, set, frozenset)) else [values]
    return ", ".join(json_text(v) if not isinstance(v, str) else v for v in items)


def _bounds(kwargs: Mapping[str, Any]) -> str:
    """``min_value`` and ``max_value`` in words."""
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    if low is not None and high is not None:
        return f"between {low} and {high}"
    if low is not None:
        return f"at least {low}"
    if high is not None:
        return f"at most {high}"
    return "any number"


#: what an expectation asks, by type: each ``{argument}`` is filled in, ``{bounds}`` from min_value and
#: max_value; any argument a phrase does not name is listed after it
_PHRASES = {
    "expect_table_row_count_to_be_between": "the number of rows is {bounds}",
    "expect_table_row_count_to_equal": "the number of rows is {value}",
    "expect_column_to_exist": "the table has a column {column}",
    "expect_column_values_to_not_be_null": "every {column} is set",
    "expect_column_values_to_be_null": "every {column} is empty",
    "expect_column_values_to_be_unique": "every {column} is unique",
    "expect_column_values_to_match_regex": "every {column} matches the regular expression {regex}",
    "expect_column_values_to_not_match_regex": "no {column} matches the regular expression {regex}",
    "expect_column_values_to_be_in_set": "every {column} is one of: {value_set}",
    "expect_column_values_to_not_be_in_set": "no {column} is one of: {value_set}",
    "expect_column_values_to_be_between": "every {column} is {bounds}",
}
#: arguments that say how GX runs, not what an expectation asks
_MECHANICS = {"batch_id", "result_format", "catch_exceptions", "include_config", "meta", "rendered_content"}


def expectation_words(type_: str, kwargs: Mapping[str, Any]) -> str:
    """Say what an expectation asks, in words, from its type and arguments.

    :param type_: the expectation type (``expect_column_values_to_be_in_set``).
    :param kwargs: its arguments, as the suite states them.

    >>> expectation_words("expect_column_values_to_be_in_set", {"column": "kind", "value_set": ["value", "share"]})
    'every kind is one of: value, share'
    >>> expectation_words("expect_column_values_to_be_in_set", {"column": "blocking", "value_set": [False]})
    'every blocking is one of: false'
    >>> expectation_words("expect_table_row_count_to_be_between", {"min_value": 1, "batch_id": "x"})
    'the number of rows is at least 1'
    >>> expectation_words("expect_column_values_to_be_unique", {"column": "id", "mostly": 0.95})
    'every id is unique (for at least 95% of rows)'
    >>> expectation_words("expect_column_values_to_be_between", {"column": "gap", "min_value": 0, "strict_min": True})
    'every gap is at least 0; strict_min true'
    >>> expectation_words("expect_column_mean_to_be_between", {"column": "gap", "min_value": 0, "strict_min": True})
    'column mean to be between: column gap, min_value 0, strict_min true'
    """
    given = {k: v for k, v in kwargs.items() if k not in _MECHANICS and v is not None}
    mostly = given.pop("mostly", None)
    phrase = _PHRASES.get(type_)
    if phrase is None:
        listed = ", ".join(f"{k} {_listing(v)}" for k, v in given.items())
        words = type_.removeprefix("expect_").replace("_", " ") + (f": {listed}" if listed else "")
    else:
        named = {name for _, name, _, _ in string.Formatter().parse(phrase) if name} - {"bounds"}
        words = phrase.format(bounds=_bounds(given), **{k: _listing(given.get(k)) for k in named})
        consumed = named | ({"min_value", "max_value"} if "{bounds}" in phrase else set())
        rest = {k: v for k, v in given.items() if k not in consumed}
        if rest:
            words += "; " + ", ".join(f"{k} {_listing(v)}" for k, v in rest.items())
    if isinstance(mostly, (int, float)) and not isinstance(mostly, bool) and mostly < 1:
        words += f" (for at least {mostly * 100:g}% of rows)"
    return words


def _notes(value: Any) -> str | None:
    """An expectation's notes (GX takes a string or a list of strings) as one string."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, list):
        return " ".join(str(v) for v in value) or None
    return None


def _outcome(result: Any, index: str | None) -> ExpectationOutcome:
    """Read one expectation's outcome out of Great Expectations' result, as plain data."""
    config = result.expectation_config
    kwargs = {k: v for k, v in dict(config.kwargs).items() if k != "batch_id"}
    column = kwargs.get("column")
    outcome = ExpectationOutcome(
        type=str(config.type), column=str(column) if column is not None else None,
        words=expectation_words(str(config.type), kwargs), success=bool(result.success),
        kwargs=_json_data(kwargs), notes=_notes(getattr(config, "notes", None)))
    info = result.exception_info or {}
    # GX gives one dict, or one per metric (keyed by the metric's id)
    raised = [i for i in [info, *info.values()] if isinstance(i, dict) and i.get("raised_exception")]
    if raised:
        outcome.error = " ".join(str(raised[0].get("exception_message")).split())[:200]
        return outcome
    details = result.result or {}
    if details.get("observed_value") is not None:
        outcome.observed = _json_data(details["observed_value"])
    count = details.get("unexpected_count")
    if count is None:
        return outcome
    outcome.unexpected = int(count)
    if details.get("element_count") is not None:
        outcome.checked = int(details["element_count"])
    rows = details.get("partial_unexpected_index_list") or []
    outcome.rows = [str(r[index]) for r in rows if isinstance(r, dict) and index and r.get(index) is not None]
    outcome.rows = outcome.rows[:SHOW_UNEXPECTED]
    values = details.get("partial_unexpected_list") or []
    outcome.values = [_json_data(v) for v in values[:SHOW_UNEXPECTED]]
    return outcome


def run_suites(run_result: RunResult, folder: Path) -> list[SuiteOutcome]:
    """Run every suite in ``folder`` against the run's tables.

    :raises ClaimcheckError: for a malformed suite.
    """
    suites = load_suites(folder)
    if not suites:
        return []
    frames = tables(run_result)
    with quiet():
        return _validate(suites, frames)


def _validate(suites: list[dict[str, Any]], frames: dict[str, pd.DataFrame]) -> list[SuiteOutcome]:
    context = _context()
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
        expectations = [_outcome(r, index) for r in result.results]
        outcomes.append(SuiteOutcome(data["name"], table, bool(result.success),
                                     int(result.statistics.get("evaluated_expectations", len(result.results))),
                                     [e.line() for e in expectations if not e.success], expectations,
                                     _json_data(result.to_json_dict())))
    return outcomes


def _json_data(value: Any) -> Any:
    """A value from Great Expectations as plain JSON data (what JSON cannot hold becomes text or ``None``).

    >>> _json_data({"when": __import__("datetime").date(2025, 1, 14), "n": float("inf")})
    {'when': '2025-01-14', 'n': None}
    """
    return _finite(json.loads(json.dumps(value, default=str)))


def _finite(value: Any) -> Any:
    """JSON data with every infinite or NaN float made ``None`` (JSON has neither).

    >>> _finite({"a": [1.5, float("nan")], "b": float("inf")})
    {'a': [1.5, None], 'b': None}
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def results_json(run_result: RunResult) -> str:
    """Great Expectations' validation results of a run, one per suite, as a JSON document.

    ``{"great_expectations_version": ..., "validations": [...]}``: each validation is GX's own
    ``ExpectationSuiteValidationResult`` as JSON, in the suites' order. Data, never HTML.
    """
    import great_expectations as gx

    document = {"great_expectations_version": gx.__version__,
                "validations": [s.validation for s in run_result.suites]}
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False, default=str) + "\n"


def write_results(run_result: RunResult, out_dir: Path) -> Path | None:
    """Write :func:`results_json` to ``out_dir/gx-results.json`` when suites ran, atomically.

    :returns: the path written, or ``None`` when no suite ran.
    :raises ClaimcheckError: when the file cannot be written.
    """
    if not run_result.suites:
        return None
    path = out_dir / RESULTS_FILE
    try:
        write_atomic(path, results_json(run_result))
    except OSError as err:
        raise ClaimcheckError(f"cannot write {path}: {err.strerror or err}") from None
    return path

"""The report in a real browser (headless Chromium through Playwright): offline, quiet, and explorable.

Skipped when Playwright for Python is not installed or no Chromium binary is found. To run it:
``apt-get install -y chromium`` and ``pip install playwright`` (no ``playwright install``: the
system binary is used). With ``CLAIMCHECK_SCREENSHOT`` set, the screenshot is also written to
``docs/report-screenshot.png`` for the README.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from claimcheck import api
from claimcheck.reporters import htmlreport

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    """The Chromium to drive; skip without one, unless CLAIMCHECK_REQUIRE_BROWSER is set (CI sets it)."""
    missing = pytest.fail if os.environ.get("CLAIMCHECK_REQUIRE_BROWSER") else pytest.skip
    if importlib.util.find_spec("playwright") is None:
        missing("playwright is not installed (pip install -e '.[test]')")
    for candidate in CHROMIUM:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    missing(f"no chromium binary at {' or '.join(CHROMIUM)} (apt-get install chromium)")
    raise AssertionError("unreachable")


@dataclass
class Session:
    """One page with everything it tried to do recorded."""

    page: object
    #: every request but the page's own and ``data:`` (remote ones are aborted, files are served)
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def open_report(browser) -> Iterator:
    contexts = []

    def open_(path: Path, width: int = 1280, height: int = 900) -> Session:
        context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
        contexts.append(context)
        page = context.new_page()
        session = Session(page)
        own = path.resolve().as_uri()

        def route(route, request) -> None:
            if request.url.startswith("file://"):
                route.continue_()
            else:
                route.abort()

        def request(r) -> None:  # every request but the page itself (a file next to it counts too)
            if r.url.split("#")[0] != own and not r.url.startswith("data:"):
                session.requests.append(r.url)

        context.route("**/*", route)
        page.on("request", request)
        page.on("console", lambda m: session.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: session.page_errors.append(str(e)))

        def dialog(d) -> None:
            session.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(path.resolve().as_uri(), wait_until="load")
        return session

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[api.RunResult, Path]:
    out = tmp_path_factory.mktemp("browser") / "report"
    result = api.RunResult(api.check(ROOT / "claims", ROOT / "seeds", out.parent / "acknowledgements.yaml"))
    return result, htmlreport.write_report(result, out)


def visible_findings(page) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        "#finding-list > .finding",
        "els => els.filter(e => !e.hidden && e.offsetParent !== null)"
        ".map(e => ({severity: e.dataset.severity, src: e.dataset.src, key: e.dataset.key}))",
    )


def test_shipped_report_offline_quiet_and_explorable(shipped, open_report) -> None:
    result, path = shipped
    s = open_report(path)
    page = s.page
    frame = api.results_frame(result.check)

    # the summary counts shown match the results table
    for sev in ("error", "warning", "info"):
        shown = page.text_content(f'[data-count="{sev}"]').strip()
        assert int(shown.replace(",", "")) == int((frame["severity"] == sev).sum()), sev
    assert len(visible_findings(page)) == len(frame)
    assert page.text_content("#flt-count").strip().startswith(f"{len(frame)} finding")

    # severity 'error' hides every other finding
    page.select_option("#flt-severity", "error")
    shown = visible_findings(page)
    assert shown and {f["severity"] for f in shown} == {"error"}
    assert len(shown) == int((frame["severity"] == "error").sum())
    page.select_option("#flt-severity", "")

    # an article changes what is shown, and shows only findings that touch it
    option = page.eval_on_selector(
        "#flt-source", "s => Array.from(s.options).find(o => o.textContent.startsWith('001')).value")
    page.select_option("#flt-source", option)
    shown = visible_findings(page)
    assert 0 < len(shown) < len(frame)
    assert all(option in f["src"].split() for f in shown)
    page.click("#flt-reset")
    assert len(visible_findings(page)) == len(frame)

    # a quantity family shows only the findings about it
    family = page.eval_on_selector(
        "#flt-quantity", "s => Array.from(s.options).find(o => o.textContent.startsWith('china/nev_production (')).value")
    page.select_option("#flt-quantity", family)
    shown = visible_findings(page)
    expected = {f.key for f in result.check.findings
                if any(q.startswith("china/nev_production/") for q in f.quantities)}
    assert expected and expected <= {f["key"] for f in shown} and len(shown) < len(frame)
    page.click("#flt-reset")

    # the text search narrows too
    page.fill("#flt-text", "6.5-fold")
    page.wait_for_timeout(500)  # the search waits for typing to pause (150 ms)
    assert 0 < len(visible_findings(page)) < len(frame)
    page.click("#flt-reset")

    # a summary tile sets the filter
    page.click('a.tile[data-value="warning"]')
    assert {f["severity"] for f in visible_findings(page)} == {"warning"}
    page.click("#flt-reset")

    # the chart for china/nev_production: 2020 bars from 002 and 003, visible
    chart = page.locator('svg[data-quantity="china/nev_production/2020"]')
    assert chart.count() == 1
    assert chart.locator('g.bar[data-source="002"]').count() >= 1
    assert chart.locator('g.bar[data-source="003"]').count() >= 1
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 40
    page.locator("#q-china--nev_production").screenshot(path=str(path.parent / "screenshot-nev-production.png"))

    # the claims table sorts on a header click
    page.click('#claims-table button.sort[data-col="0"]')
    ids = page.eval_on_selector_all("#claims-table tbody tr td:first-child", "tds => tds.map(t => t.textContent.trim())")
    assert ids == sorted(ids, key=str.lower)
    page.click('#claims-table button.sort[data-col="0"]')
    ids_desc = page.eval_on_selector_all("#claims-table tbody tr td:first-child", "tds => tds.map(t => t.textContent.trim())")
    assert ids_desc == list(reversed(ids))

    # a link into a closed article opens it
    page.goto(path.resolve().as_uri() + "#article-003", wait_until="load")
    assert page.eval_on_selector("#article-003", "d => d.open")

    assert s.requests == []
    assert s.console_errors == []
    assert s.page_errors == []
    assert s.dialogs == []

    page.goto(path.resolve().as_uri(), wait_until="load")
    page.set_viewport_size({"width": 1280, "height": 1500})
    shot = path.parent / "screenshot.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("CLAIMCHECK_SCREENSHOT"):
        docs = ROOT / "docs"
        docs.mkdir(exist_ok=True)
        shutil.copyfile(shot, docs / "report-screenshot.png")


def test_paging_shows_more_on_request(shipped, open_report, tmp_path: Path) -> None:
    from test_htmlreport import synthetic  # the same synthetic findings as the render test

    result, _ = shipped
    n = 2 * htmlreport.PAGE_SIZE + 50
    path = htmlreport.write_report(api.RunResult(synthetic(result.check, n)), tmp_path / "report")
    s = open_report(path)
    page = s.page
    assert len(visible_findings(page)) == htmlreport.PAGE_SIZE
    page.click("#show-more")
    assert len(visible_findings(page)) == 2 * htmlreport.PAGE_SIZE
    page.click("#show-more")
    assert len(visible_findings(page)) == n
    assert page.is_hidden("#show-more")
    # a link to a finding beyond the page reveals it
    last = page.eval_on_selector("#finding-list > .finding:last-child", "e => e.id")
    page.goto(path.resolve().as_uri() + "#" + last, wait_until="load")
    assert page.eval_on_selector("#" + last, "e => !e.hidden")
    assert s.requests == [] and s.console_errors == [] and s.page_errors == []


def test_hostile_report_runs_no_script_from_data(make_registry, open_report, tmp_path: Path) -> None:
    from test_htmlreport import SCRIPT, hostile_result

    result = hostile_result(make_registry)
    path = htmlreport.write_report(result, tmp_path / "hostile")
    s = open_report(path)
    page = s.page
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    # hover and click every place hostile text is shown
    for selector in ("mark", ".claim-ctx blockquote", ".art-title", "svg.qchart g.bar .label", ".message", "td code"):
        for i in range(min(page.locator(selector).count(), 10)):
            element = page.locator(selector).nth(i)
            if element.is_visible():
                element.hover(timeout=5000)
    page.wait_for_timeout(200)
    assert s.dialogs == []
    assert page.evaluate("document.scripts.length") == 3
    assert page.evaluate("Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes))"
                         ".filter(a => a.name.toLowerCase().startsWith('on')).length") == 0
    assert page.locator("text=" + SCRIPT).count() >= 1  # shown as text
    assert s.requests == []
    assert s.console_errors == []
    assert s.page_errors == []
    page.screenshot(path=str(path.parent / "screenshot.png"))


def test_without_javascript_every_finding_is_readable(browser, shipped, tmp_path: Path) -> None:
    from test_htmlreport import synthetic

    result, _ = shipped
    n = htmlreport.PAGE_SIZE + 30
    path = htmlreport.write_report(api.RunResult(synthetic(result.check, n)), tmp_path / "report")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(path.resolve().as_uri(), wait_until="load")
        assert len(visible_findings(page)) == n  # no paging without the script
        assert page.locator('svg[data-quantity="china/nev_production/2020"]').count() == 1
        page.click("#article-002 > summary")  # <details> open without script
        assert page.eval_on_selector("#article-002", "d => d.open")
    finally:
        context.close()


#: hostile corpus cases (tests/data/hostile/) that run `claimcheck run` with every format and the shipped suites
HOSTILE_RUNS = ("html-in-every-field", "html-in-every-user-field")


@pytest.mark.parametrize("name", HOSTILE_RUNS)
def test_no_page_a_hostile_run_writes_runs_fetches_or_fails(name: str, open_report, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Every HTML file `claimcheck run` writes for a hostile registry: no dialog, error, request or handler."""
    import yaml
    from test_hostile import HOSTILE, REPO, build

    from claimcheck.cli import main
    from claimcheck.reporters.base import FORMAT_NAMES

    case = yaml.safe_load((HOSTILE / f"{name}.yaml").read_text(encoding="utf-8"))
    args = [str(a).replace("{repo}", str(REPO)) for a in case["command"]]
    assert args[0] == "run" and {f"--format={f}" for f in FORMAT_NAMES} <= {
        f"{a}={b}" for a, b in zip(args, args[1:])}, "the case must ask for every format"
    assert "--expectations" in args
    project = tmp_path / "project"
    build(case, project)
    monkeypatch.chdir(project)
    assert main(args) == case["exit"], capsys.readouterr()
    out = project / args[args.index("--out") + 1]
    pages = sorted(out.rglob("*.html"))
    assert out / "index.html" in pages

    problems: list[str] = []
    for path in pages:
        s = open_report(path)
        page = s.page
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        for selector in ("mark", "td", "code", ".message", "a"):
            shown = page.locator(selector)
            for i in range(min(shown.count(), 15)):
                if shown.nth(i).is_visible():
                    shown.nth(i).hover(timeout=5000)
        page.wait_for_timeout(300)
        handlers = page.evaluate(
            "() => Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes))"
            ".filter(a => /^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value)).map(a => a.name)")
        seen = {"dialogs": s.dialogs, "console errors": s.console_errors, "page errors": s.page_errors,
                "requests": s.requests, "handlers or javascript: urls": handlers}
        problems += [f"{path.relative_to(out)}: {what}: {found}" for what, found in seen.items() if found]
    assert problems == [], "\n".join(problems)

    # the hostile values did reach the report, as text
    s = open_report(out / "index.html")
    assert "onerror=alert(2)" in s.page.inner_text("body")

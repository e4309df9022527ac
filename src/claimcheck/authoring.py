"""``claimcheck extract`` and ``claimcheck add``: draft the claims of a new article and bring it in.

``extract ARTICLE.txt`` prints a draft claims file (or, with ``--write``, writes or merges it
into ``claims/<stem>.yaml`` and adds the proposed entities and metrics to
``claims/quantities.yaml``). ``add ARTICLE.txt`` first copies the article into ``seeds/`` byte
for byte, then does what ``extract --write`` does with the metadata given. Every write is
atomic; nothing under ``seeds/`` is ever modified. Exit codes: 0 done, 2 unusable input.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click
import yaml

from claimcheck.extract.draft import Draft, Drafter
from claimcheck.extract.files import AuthoringError, copy_seed
from claimcheck.extract.merge import merge, merge_quantities, proposals_text, render
from claimcheck.files import write_atomic
from claimcheck.loader import QUANTITIES_FILE
from claimcheck.seedtext import SeedError, SeedText

OK, UNUSABLE = 0, 2
_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _DATE_RE.match(value):
        raise click.BadParameter("write the date as YYYY-MM-DD, YYYY-MM or YYYY")
    return value


def _options(func: Any) -> Any:
    for option in reversed((
        click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path)),
        click.option("--claims", "claims_dir", type=click.Path(path_type=Path), default=Path("claims"),
                     show_default=True, help="folder of claims YAML files"),
        click.option("--seeds", "seeds_dir", type=click.Path(path_type=Path), default=Path("seeds"),
                     show_default=True, help="folder of seed articles"),
        click.option("--date", callback=_date, help="publication date (YYYY-MM-DD, YYYY-MM or YYYY)"),
        click.option("--publisher", help="who published the article"),
        click.option("--url", help="where the article was published"),
    )):
        func = option(func)
    return func


def _err(message: str) -> None:
    click.echo(message, err=True)


def _registry_state(claims_dir: Path, own: Path) -> tuple[dict[str, Any] | None, set[str]]:
    """Read quantities.yaml and every claim id already used in the registry."""
    quantities = None
    qpath = claims_dir / QUANTITIES_FILE
    if qpath.is_file():
        try:
            quantities = yaml.safe_load(qpath.read_text(encoding="utf-8-sig"))
        except yaml.YAMLError:
            _err(f"{qpath}: not valid YAML; proposals are made as if it were empty (fix it: claimcheck validate)")
    ids: set[str] = set()
    for path in sorted(claims_dir.glob("*.yaml")) if claims_dir.is_dir() else []:
        if path.name == QUANTITIES_FILE:
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except (yaml.YAMLError, OSError):
            if path != own:
                _err(f"{path}: cannot be read; its claim ids are not checked for clashes")
            continue
        for claim in (data or {}).get("claims") or [] if isinstance(data, dict) else []:
            if isinstance(claim, dict) and claim.get("id"):
                ids.add(str(claim["id"]))
    return quantities if isinstance(quantities, dict) else None, ids


def _recorded(target: Path) -> dict[str, str]:
    """The source metadata an existing claims file records (its date, publisher, url)."""
    try:
        data = yaml.safe_load(target.read_text(encoding="utf-8-sig")) if target.is_file() else None
    except (yaml.YAMLError, OSError):
        return {}
    source = data.get("source") if isinstance(data, dict) else None
    if not isinstance(source, dict):
        return {}
    return {k: str(source[k]) for k in ("date", "publisher", "url") if source.get(k) not in (None, "")}


def _draft(article: Path, seed_name: str, claims_dir: Path, date: str | None, publisher: str | None,
           url: str | None) -> tuple[Draft, SeedText]:
    seed = SeedText.read(article)
    target = claims_dir / f"{Path(seed_name).stem}.yaml"
    recorded = _recorded(target)
    date = date or recorded.get("date")
    publisher = publisher or recorded.get("publisher")
    url = url or recorded.get("url")
    quantities, ids = _registry_state(claims_dir, target)
    drafter = Drafter(seed.text, seed_name, quantities=quantities, taken_ids=ids, date=date, publisher=publisher,
                      url=url)
    return drafter.run(), seed


def _summary(draft: Draft) -> str:
    review = sum(1 for c in draft.claims if c.reasons)
    return f"{len(draft.claims)} claims ({review} marked review: true), {len(draft.ignores)} ignore proposals"


def _report_source(draft: Draft) -> None:
    for guess in draft.source.guessed:
        _err(f"note: {guess}: check source: in the draft")
    if not draft.source.publisher:
        _err("warning: no publisher given or found: pass --publisher (validate reports CC010 until it is set)")
    for warning in draft.warnings:
        _err(f"warning: {warning}")


def write_draft(draft: Draft, seed: SeedText, claims_dir: Path, given: dict[str, str | None]) -> None:
    """Write (or merge) a draft into ``claims/<stem>.yaml`` and its proposals into quantities.yaml."""
    target = claims_dir / f"{Path(draft.source.seed).stem}.yaml"
    if target.exists():
        text, report = merge(target.read_text(encoding="utf-8-sig"), draft, seed, given)
        if report.claims or report.ignores or report.source_filled:
            write_atomic(target, text)
        click.echo(f"{target}: merged: {len(report.claims)} claims and {len(report.ignores)} ignore entries added "
                   "(the rest was already covered); existing entries unchanged")
        if report.skipped_words:
            words = ", ".join(sorted({c.figure for c in report.skipped_words}))
            _err(f"note: not added to an existing file (figures with no number: {words}): add them by hand "
                 "if they are claims")
        for key in report.source_kept:
            _err(f"note: source.{key} in {target} differs from --{key}: the file's value is kept")
    else:
        write_atomic(target, render(draft))
        click.echo(f"{target}: written: {_summary(draft)}")
    qpath = claims_dir / QUANTITIES_FILE
    if draft.book.new_entities or draft.book.new_metrics:
        old = qpath.read_text(encoding="utf-8-sig") if qpath.exists() else None
        text, added = merge_quantities(old, draft.book, draft.source.seed)
        if added:
            write_atomic(qpath, text)
            click.echo(f"{qpath}: proposed {', '.join(added)}")


@click.command()
@_options
@click.option("--write", is_flag=True, help="write (or merge into) claims/<stem>.yaml instead of printing")
def extract(article: Path, claims_dir: Path, seeds_dir: Path, date: str | None, publisher: str | None,
            url: str | None, write: bool) -> int:
    """Draft the claims of ARTICLE: every number, with kind, quantity and period guessed.

    Prints the draft (and the proposed quantities.yaml additions, on stderr), or with --write
    merges it into claims/<stem>.yaml, adding only what the file does not cover yet.
    """
    try:
        draft, seed = _draft(article, article.name, claims_dir, date, publisher, url)
    except SeedError as err:
        _err(f"{err.location}: {err.message}")
        return UNUSABLE
    _report_source(draft)
    if not write:
        click.echo(render(draft), nl=False)
        proposals = proposals_text(draft.book, draft.source.seed)
        if proposals:
            _err(f"# proposed additions to {claims_dir / QUANTITIES_FILE} (written with --write):")
            _err(proposals.rstrip("\n"))
        _err(_summary(draft))
        return OK
    seed_copy = seeds_dir / article.name
    if not seed_copy.exists() or seed_copy.read_bytes() != article.read_bytes():
        _err(f"warning: {seed_copy} is not this article: run `claimcheck add {article}` so validate can find it")
    try:
        write_draft(draft, seed, claims_dir, {"publisher": publisher, "date": date, "url": url})
    except OSError as err:
        _err(f"claimcheck: error: cannot write: {err}")
        return UNUSABLE
    return OK


@click.command()
@_options
@click.option("--name", help="file name in seeds/ (default: the article's own name)")
def add(article: Path, claims_dir: Path, seeds_dir: Path, date: str | None, publisher: str | None,
        url: str | None, name: str | None) -> int:
    """Copy ARTICLE into seeds/ unchanged, record its metadata and write its draft claims file."""
    if name is not None and (Path(name).name != name or not name.endswith(".txt")):
        raise click.BadParameter("give a plain file name ending in .txt", param_hint="--name")
    try:
        dest, copied = copy_seed(article, seeds_dir, name)
        draft, seed = _draft(dest, dest.name, claims_dir, date, publisher, url)
    except (AuthoringError, SeedError) as err:
        _err(f"claimcheck: error: {getattr(err, 'message', err)}")
        return UNUSABLE
    click.echo(f"{dest}: {'copied' if copied else 'already there (same bytes): unchanged'}")
    _report_source(draft)
    try:
        write_draft(draft, seed, claims_dir, {"publisher": publisher, "date": date, "url": url})
    except OSError as err:
        _err(f"claimcheck: error: cannot write: {err}")
        return UNUSABLE
    click.echo("next: review the claims marked review: true, then run `claimcheck validate`")
    return OK

"""The `truceline` commands: parse options, call the library, render. No logic of their own."""

from __future__ import annotations

import json
import os
import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from truceline import __version__
from truceline.errors import InputError, OutputError, TrucelineError
from truceline.settings import get_setting

F = TypeVar("F", bound=Callable[..., Any])
console = Console(stderr=False)
err_console = Console(stderr=True)

# Control characters (C0, DEL, C1) as visible escapes: a file name or a page
# holding ESC sequences or a newline must not recolour the terminal or forge a line.
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))}
_CONTROLS.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def printable(text: str) -> str:
    """`text` for one terminal line: control characters written as escapes."""
    return text.translate(_CONTROLS)


def say(text: str, *, err: bool = False, style: str | None = None) -> None:
    """Print one line of text that may hold names from the input: no rich markup is
    read in it ("[/red]" in a file name), no control character reaches the terminal."""
    (err_console if err else console).print(
        printable(text), style=style, markup=False, highlight=False, soft_wrap=True
    )


class _Output:
    """An open output whose refused writes (full disk, closed pipe, permissions) are
    OutputErrors naming it."""

    def __init__(self, stream: TextIO, name: str) -> None:
        self.stream, self.name = stream, name

    def _refused(self, exc: OSError) -> OutputError:
        if self.stream is sys.stdout:
            # nothing more can reach this stdout: let the exit's flush write nowhere
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OutputError(exc.strerror or str(exc), source=self.name)

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except OSError as exc:
            raise self._refused(exc) from exc

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as exc:
            raise self._refused(exc) from exc


@contextmanager
def output_stream(path: Path | None) -> Iterator[_Output]:
    """The file `path` (or standard output) to write into as the text is produced."""
    if path is None:
        out = _Output(sys.stdout, "standard output")
        yield out
        out.flush()
        return
    try:
        stream = path.open("w", encoding="utf-8")
    except OSError as exc:
        raise OutputError(exc.strerror or str(exc), source=str(path)) from exc
    try:
        out = _Output(stream, str(path))
        yield out
        out.flush()
    finally:
        with suppress(OSError):  # a refused write was reported already
            stream.close()


def check_output_folder(path: Path | None) -> None:
    """Refuse an output file whose folder does not exist before any work is done."""
    if path is not None and not path.resolve().parent.is_dir():
        raise OutputError(f"no folder {path.resolve().parent} to write into", source=str(path))


def db_option(fn: F) -> F:
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=lambda: str(get_setting("db")),
        show_default="./truceline.db",
        help="SQLite store file (env TRUCELINE_DB).",
    )(fn)


def open_store(db: Path, *, readonly: bool = False):  # type: ignore[no-untyped-def]
    from truceline.store import Store

    if readonly and not db.exists():
        raise click.ClickException(f"{db}: no store here yet; run `truceline run PATH` first")
    return Store(db, readonly=readonly)


class TrucelineGroup(click.Group):
    """Turns library errors into one-line messages with their exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TrucelineError as exc:
            say(str(exc), err=True, style="red")
            sys.exit(exc.exit_code)


@click.group(cls=TrucelineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="truceline")
def main() -> None:
    """Follow ceasefires, de-escalation deals and the conflict events around them
    through the news: sourced, dated, geolocated, with contradictions shown."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=lambda: int(get_setting("workers")),
    show_default="1",
    help="Worker processes for the per-document stages.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 10_000),
    default=lambda: int(get_setting("batch_size")),
    show_default="16",
    help="Documents per batch (one transaction each).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Run the per-document stages in local processes, or on Ray Data (needs truceline[ray]).",
)
@click.option(
    "--address",
    help="With --engine ray: the Ray cluster to join (default: a local Ray on loopback).",
)
@click.option(
    "--depth",
    type=click.Choice(["selective", "lean", "full"]),
    default="selective",
    show_default=True,
    help="Parse only paragraphs that can hold an event (selective; lean: named entities there only "
    "too) or every sentence (full).",
)
@click.option("--retry-failed", is_flag=True, help="Also retry inputs that failed in earlier runs.")
@click.option(
    "--fuse",
    "force_fusion",
    is_flag=True,
    help="Fuse the whole store, every block, even if nothing was stored since the last "
    "fusion (a run otherwise re-fuses only the blocks its new pages reach; the result is "
    "the same). With --workers or --engine ray, blocks are fused side by side.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the HTML report here.",
)
@click.option(
    "--timeline/--no-timeline",
    "show_timeline",
    default=False,
    help="Print the timeline after the run.",
)
@click.option(
    "--actors",
    "actors_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A YAML or CSV actor table extending the packaged one.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def run(
    paths: tuple[Path, ...],
    db: Path,
    workers: int,
    batch_size: int,
    engine: str,
    address: str | None,
    depth: str,
    retry_failed: bool,
    force_fusion: bool,
    report_path: Path | None,
    show_timeline: bool,
    actors_file: Path | None,
    quiet: bool,
) -> None:
    """Ingest PATHS (files or folders of .html/.htm/.txt/.jsonl/.warc/.wet) and process what
    is new."""
    from truceline.run.driver import make_executor
    from truceline.run.driver import run as run_pipeline

    check_output_folder(report_path)
    store = open_store(db)
    # workers (other processes) read the user's gazetteer entries from this store
    os.environ["TRUCELINE_GAZETTEER_DB"] = str(db)
    if address and engine != "ray":
        raise click.UsageError("--address needs --engine ray")
    executor = make_executor(
        workers, engine=engine, address=address, depth=depth, actors_file=actors_file
    )
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}", markup=False),
        console=err_console,
        disable=quiet,
        transient=False,
    )
    with progress, store:
        task = progress.add_task("processing", total=None, current="")

        def on_progress(report: Any, current: str) -> None:
            name = printable(Path(current).name[:40])
            progress.update(task, completed=report.seen, current=name)

        try:
            report = run_pipeline(
                paths,
                store,
                executor=executor,
                batch_size=batch_size,
                retry_failed=retry_failed,
                on_progress=on_progress,
                force_fusion=force_fusion,
            )
        finally:
            executor.close()
        progress.update(task, total=report.seen, completed=report.seen, current="done")
        _print_failures(report)
        if report.failed_before:
            click.secho(
                f"{report.failed_before} inputs failed in an earlier run and were skipped "
                "(`truceline errors` lists them; --retry-failed tries them again).",
                fg="yellow",
                err=True,
            )
        if report.nothing_new:
            stored = report.skipped - report.failed_before
            click.echo(
                f"Nothing new: {stored} inputs are already in {db}, {report.failed_before} "
                "failed before (skipped)."
                if report.failed_before
                else f"Nothing new: all {report.skipped} inputs are already in {db} (skipped)."
            )
        else:
            click.echo(
                f"{report.processed} new inputs → {report.documents} documents, "
                f"{report.events} event mentions; "
                f"{report.skipped} already stored (skipped); {report.failed} failed. Store: {db}"
            )
        if report.relooked:
            click.echo(
                f"Read {report.relooked} inputs again with the corpus's geography: a place "
                "name their own text left to a guess among namesakes."
            )
        if report.fused:
            click.echo("Fused the store: events and agreements rebuilt.")
        else:
            click.echo(
                "Fusion skipped: nothing stored since the last fusion, the fused events are "
                "current."
            )
        if show_timeline:
            from truceline.outputs.timeline import print_timeline

            print_timeline(store.events(), console)
        if report_path:
            _write_report(store, report_path)
    if report.failed:  # finished, but not everything could be used: say so in the status
        sys.exit(InputError.exit_code)


def _print_failures(report: Any) -> None:
    """All failures when they are few; else their counts by code and the first ones."""
    if not report.failed:
        return
    shown = report.failures
    if report.failed > len(shown):
        codes = ", ".join(f"{code} ×{n}" for code, n in sorted(report.failure_codes.items()))
        say(f"{report.failed} inputs failed ({codes}); the first {len(shown)}:", err=True)
    for failure in shown:
        say(f"  {failure.error}" if report.failed > len(shown) else str(failure.error), err=True)
    if report.failed > len(shown):
        say("`truceline errors` lists them all.", err=True)


def _write_report(store: Any, path: Path, fmt: str = "html") -> None:
    from truceline.outputs.report import write_html_report
    from truceline.outputs.report_md import write_markdown_report
    from truceline.store.stream import snapshot

    write = write_html_report if fmt == "html" else write_markdown_report
    with snapshot(store) as rows, output_stream(path) as out:
        write(rows, out)
    click.echo(f"Report written to {path}")


@main.command()
@db_option
@click.option("--type", "types", multiple=True, help="Only these PLOVER types (repeatable).")
@click.option("--since", help="Only events on or after this ISO date.")
@click.option("--until", help="Only events on or before this ISO date.")
@click.option(
    "--background/--no-background",
    default=False,
    help="Also list events told as background (history long before the reports).",
)
def timeline(
    db: Path, types: tuple[str, ...], since: str | None, until: str | None, background: bool
) -> None:
    """Print the timeline of fused events."""
    from truceline.outputs.timeline import print_timeline

    with open_store(db, readonly=True) as store:
        events = store.events()
    history = [e for e in events if e.background]
    if not background:
        events = [e for e in events if not e.background]
    wanted = {t.upper() for t in types}
    events = [
        e
        for e in events
        if (not wanted or e.type in wanted)
        and (since is None or (e.date is not None and e.date.resolved and e.date.value >= since))
        and (
            until is None
            or (e.date is not None and e.date.resolved and e.date.value[: len(until)] <= until)
        )
    ]
    print_timeline(events, console)
    if history and not background:
        console.print(
            f"{len(history)} events told as background left out (--background lists them).",
            style="dim",
        )


@main.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "geojson"]),
    default="jsonl",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: stdout).",
)
def export(db: Path, fmt: str, output: Path | None) -> None:
    """Export documents, events and agreements (JSON Lines, ACLED-style CSV or GeoJSON)."""
    from truceline.outputs.export import write_export
    from truceline.store.stream import snapshot

    check_output_folder(output)
    with (
        open_store(db, readonly=True) as store,
        snapshot(store) as rows,
        output_stream(output) as out,
    ):
        write_export(fmt, rows, out)
    if output is not None:
        say(f"Wrote {fmt} to {output}", err=True)


@main.command()
@db_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: report.html, or report.md with --format md).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["html", "md"]), default="html", show_default=True
)
def report(db: Path, output: Path | None, fmt: str) -> None:
    """Write the report: timeline, agreements, contradictions, coverage (HTML or Markdown)."""
    output = output or Path(f"report.{fmt}")
    check_output_folder(output)
    with open_store(db, readonly=True) as store:
        _write_report(store, output, fmt)


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON line.")
def stats(db: Path, as_json: bool) -> None:
    """Counts of what the store holds."""
    with open_store(db, readonly=True) as store:
        figures = store.stats()
    if as_json:
        console.print_json(json.dumps(figures))
        return
    for name, value in figures.items():
        console.print(f"{name:>16}: {value}")


@main.command()
@db_option
@click.option(
    "--all", "include_resolved", is_flag=True, help="Include errors that a later run resolved."
)
def errors(db: Path, include_resolved: bool) -> None:
    """List inputs that could not be processed, with the reason."""
    with open_store(db, readonly=True) as store:
        rows = store.errors(include_resolved=include_resolved)
    if not rows:
        console.print("No input errors.")
    for row in rows:
        say(f"{row['at']}  {row['code']}  {row['message']}")


@main.command()
@db_option
@click.option(
    "--host",
    default=lambda: str(get_setting("host")),
    show_default="127.0.0.1",
    help="Address to bind; loopback only unless you say otherwise.",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=lambda: int(get_setting("port")),
    show_default="8765",
    help="Port to listen on.",
)
@click.option(
    "--token",
    envvar="TRUCELINE_TOKEN",
    default=None,
    help="Bearer token that enables write endpoints (env TRUCELINE_TOKEN); reads never need it.",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    help="A host name the server answers to besides the allowed_hosts setting (default "
    "localhost, 127.0.0.1, ::1) and --host (repeatable; * for any: no DNS-rebinding guard).",
)
def serve(db: Path, host: str, port: int, token: str | None, allow_hosts: tuple[str, ...]) -> None:
    """Serve the HTTP API and the web page (map, timeline, agreement cards) over the store."""
    from truceline.serve.api import serve as serve_app

    serve_app(db, host, port, token=token, allow_hosts=allow_hosts)


@main.command()
@db_option
@click.option(
    "--metadata",
    "metadata_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write Datasette's metadata (default: beside the store, NAME.datasette.json).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(1, 65535), default=8001, show_default=True)
@click.option(
    "--write-only",
    is_flag=True,
    help="Only write the metadata file and print the Datasette command that uses it.",
)
def datasette(db: Path, metadata_path: Path | None, host: str, port: int, write_only: bool) -> None:
    """Open the store in Datasette with full-text search and facets set up (needs the
    `datasette` extra: pip install 'truceline[datasette]')."""
    from truceline.outputs.datasette import datasette_metadata

    if not db.exists():
        raise click.ClickException(f"{db}: no store here yet; run `truceline run PATH` first")
    path = metadata_path or db.with_name(db.stem + ".datasette.json")
    path.write_text(json.dumps(datasette_metadata(db.stem), indent=2) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "datasette", "serve", str(db), "--metadata", str(path)]
    command += ["--host", host, "--port", str(port)]
    err_console.print(f"Datasette metadata written to {path}")
    if write_only:
        click.echo(shlex.join(command[2:]))
        return
    try:
        import datasette as _  # noqa: F401
    except ImportError:
        raise click.ClickException(
            "Datasette is not installed: pip install 'truceline[datasette]' (or use --write-only)"
        ) from None
    os.execv(sys.executable, command)


@main.group()
def gazetteer() -> None:
    """The gazetteer: load a full GeoNames country dump to extend the packaged places."""


@gazetteer.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
def gazetteer_load(file: Path, db: Path) -> None:
    """Load FILE, a GeoNames country dump (e.g. SY.txt, tab-separated, or the SY.zip
    GeoNames publishes), into the store.

    Loading the same file again replaces its entries. Documents processed after the load
    use the new places; run `truceline run` on a fresh store to apply them to old ones."""
    from truceline.understand.places import Gazetteer, parse_geonames_dump

    codes = Gazetteer.default().index.admin1_codes
    with open_store(db) as store:
        count = store.save_gazetteer(parse_geonames_dump(file, codes), file.name)
    click.echo(f"Loaded {count} places from {file} into {db}")


@main.command()
@db_option
@click.argument("agreement_id", required=False)
def agreements(db: Path, agreement_id: str | None) -> None:
    """List agreements, or show one (by id or id prefix) in detail with its quotes."""
    from truceline.outputs.agreements_view import print_agreement, print_agreements

    with open_store(db, readonly=True) as store:
        found = store.agreements()
    if agreement_id is None:
        print_agreements(found, console)
        return
    matches = [a for a in found if a.id.startswith(agreement_id)]
    if len(matches) != 1:
        raise click.ClickException(
            f"{len(matches)} agreements match {agreement_id!r}; give a longer id"
        )
    print_agreement(matches[0], console)


from truceline.cli.eval import eval_group  # noqa: E402  (subcommand groups live in their own modules)

main.add_command(eval_group)

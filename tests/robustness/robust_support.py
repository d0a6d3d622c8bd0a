"""Shared helpers for the robustness tests (imported by name: pytest puts this folder on
sys.path): the CLI in a subprocess, a hand-made WARC
writer and a gzip bomb, and a page of our own words that yields events."""

from __future__ import annotations

import os
import subprocess
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
# Every CLI call here is bounded: a hang is a failure, not a stuck CI job.
CLI_TIMEOUT_S = 120

# A short news item written for these tests (not from the seeds or datasets).
ARTICLE = (
    "Shells hit the market in Kafr Nabl\n\n"
    "Artillery shells struck the market of Kafr Nabl on Wednesday 3 May 2017, killing three "
    "people, "
    "local activists said. Rescue workers searched the rubble for survivors until the evening, and "
    "the market stayed closed on Thursday while residents buried the dead.\n"
)


def cli_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, COLUMNS="400", NO_COLOR="1", TERM="dumb")
    env.pop("TRUCELINE_MAX_INPUT_BYTES", None)
    env.update(extra)
    return env


def run_cli(
    *args: str | Path, env: dict[str, str] | None = None, timeout: float = CLI_TIMEOUT_S
) -> subprocess.CompletedProcess[str]:
    """`truceline ARGS` in a subprocess, bounded in time; output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "truceline.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env or cli_env(),
        cwd=ROOT,
    )


def warc_record(
    uri: str, body: bytes, *, ctype: str = "text/html", content_length: int | None = None
) -> bytes:
    """One WARC/1.0 response record around an HTTP 200 reply carrying `body`."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype.encode() + b"\r\n\r\n" + body
    length = len(http) if content_length is None else content_length
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash(uri)):032x}>\r\n"
        "WARC-Date: 2017-05-04T10:00:00Z\r\n"
        f"WARC-Target-URI: {uri}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {length}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


def gzip_bomb_warc(inflated: int) -> bytes:
    """A .warc.gz of one record whose payload inflates to `inflated` bytes of NULs
    (about 1000:1, so 200 MB costs 200 kB on disk)."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = warc_record("http://bomb.example/", b"", content_length=inflated)
    head = head[: -len(b"\r\n\r\n")]  # the header and HTTP head, without the closing CRLFs
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: a gzip member
    parts = [packer.compress(head)]
    chunk = b"\0" * 1_000_000
    left = inflated - len(http)
    while left > 0:
        parts.append(packer.compress(chunk[:left]))
        left -= len(chunk)
    parts += [packer.compress(b"\r\n\r\n"), packer.flush()]
    return b"".join(parts)


def html_page(title: str, body: str) -> bytes:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{body}</p></article></body></html>"
    ).encode()


def run_cli_measured(
    *args: str | Path, env: dict[str, str] | None = None, timeout: float = CLI_TIMEOUT_S
) -> tuple[subprocess.CompletedProcess[str], float]:
    """`run_cli`, with the peak resident memory of the CLI process in MB: measured by a
    small parent process whose only child it is (RUSAGE_CHILDREN)."""
    measure = (  # the timeout is the wrapper's: on expiry it kills the CLI, then says so
        "import resource, subprocess, sys; "
        "done = subprocess.run(sys.argv[2:], timeout=float(sys.argv[1])); "
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
        "print(f'PEAK_KB {peak}', file=sys.stderr); sys.exit(done.returncode)"
    )
    command = [sys.executable, "-m", "truceline.cli", *map(str, args)]
    done = subprocess.run(
        [sys.executable, "-c", measure, str(timeout), *command],
        capture_output=True,
        text=True,
        timeout=timeout + 30,
        env=env or cli_env(),
        cwd=ROOT,
    )
    assert "PEAK_KB " in done.stderr, done.stderr[-2000:]
    peak_kb = int(done.stderr.rsplit("PEAK_KB ", 1)[1].split()[0])
    return done, peak_kb / 1024


def no_traceback(done: subprocess.CompletedProcess[str]) -> bool:
    return "Traceback" not in (done.stderr or "") + (done.stdout or "")


def error_lines(done: subprocess.CompletedProcess[str]) -> list[str]:
    """The `error E...:` lines a command printed on stderr."""
    return [line for line in done.stderr.splitlines() if line.startswith("error E")]

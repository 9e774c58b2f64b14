"""Time every initiatief command as a whole process, each beside its floor.

    python benchmarks/run.py                     # N = 1k, 10k, 50k, 100k (long: see docs/performance.md)
    python benchmarks/run.py --quick             # small sizes, few repeats: under two minutes
    python benchmarks/run.py --sizes 1000,10000  # choose the sizes
    python benchmarks/run.py --markdown          # the tables in Markdown, for docs/performance.md
    python benchmarks/run.py --json out.json     # also save every run

For each size it writes a synthetic round (benchmarks/generate.py) into a temporary folder,
with YAML score files and again with CSV score files, and runs each command in a fresh
process, several times: the median wall time, and the peak resident memory the OS reports
for that process (wait4's ru_maxrss). Beside each command, in the same run, its floor:

- start-up (--help, --version): ``python -c "import typer, rich, yaml, tabulate"``;
- a command that reads a round: benchmarks/floor.py, which parses the same files with
  libyaml (yaml.CSafeLoader) and the csv module and does nothing else (its time), and the
  same keeping every parsed file in memory (its memory).

Then the growth exponent of each command over the sizes measured: the least-squares slope
of log(time) against log(N); 1 is linear, 2 quadratic. Nothing here is a test: no figure is
checked against a limit.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, cast

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import (  # noqa: E402 - benchmarks/ is not a package
    SCORES_FORMATS,
    ScoresFormat,
    Spec,
    Summary,
    write_round,
)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FLOOR_SCRIPT = HERE / "floor.py"
ROUND = "{round}"
"""Placeholder in a command's arguments for the round folder."""

FloorKind = Literal["startup", "load"]
STARTUP_FLOOR = "python -c 'import typer, rich, yaml, tabulate'"
PARSE_FLOOR = "floor: parse (CSafeLoader, csv, openpyxl)"
KEEP_FLOOR = "floor: parse, keep all"


@dataclass(frozen=True)
class Command:
    """One command line to time."""

    what: str
    args: tuple[str, ...]
    floor: FloorKind
    formats: tuple[str, ...] = ()
    """The score formats it runs with; empty for commands that read no round."""
    optimal: bool = False
    """The optimal method: runs at the sizes up to OPTIMAL_UP_TO, and at --optimal-sizes."""


JSON = ("--format", "json")
OPTIMAL_UP_TO = 10_000
"""Submissions up to which `--method optimal` runs (10,000: about 5,300 passing plans); larger rounds
take the solver minutes and end at its work limit (docs/method.md)."""
COMMANDS: tuple[Command, ...] = (
    Command("initiatief --help", ("--help",), "startup"),
    Command("initiatief --version", ("--version",), "startup"),
    Command("validate", ("validate", ROUND), "load", ("yaml", "csv", "xlsx")),
    Command("score --format json", ("score", ROUND, *JSON), "load", ("yaml", "csv", "xlsx")),
    Command("score (table, to a pipe)", ("score", ROUND), "load", ("yaml",)),
    Command("compare-methods --format json", ("compare-methods", ROUND, *JSON), "load", ("yaml",)),
    Command("score -f json --method pro-rata", ("score", ROUND, *JSON, "--method", "pro-rata"), "load", ("yaml",)),
    Command("score -f json --method equal", ("score", ROUND, *JSON, "--method", "equal"), "load", ("yaml",)),
    Command("score -f json --method lottery", ("score", ROUND, *JSON, "--method", "lottery"), "load", ("yaml",)),
    Command("score -f json --method arrival", ("score", ROUND, *JSON, "--method", "arrival"), "load", ("yaml",)),
    Command(
        "score -f json --method optimal",
        ("score", ROUND, *JSON, "--method", "optimal"),
        "load",
        ("yaml",),
        optimal=True,
    ),
)


@dataclass
class Run:
    """One process: what the OS says about it."""

    seconds: float
    cpu_seconds: float
    max_rss_mib: float
    exit_code: int | None
    """None when it was killed at the timeout."""
    stdout_bytes: int
    message: str
    """The first line of stderr; for a traceback, its last line."""
    out_of_memory: bool = False
    """It stopped with a MemoryError (it hit --memory-limit)."""


@dataclass
class Measurement:
    """One command (or floor) at one size, run one or more times."""

    what: str
    argv: list[str]
    size: int | None = None
    scores: str | None = None
    is_floor: bool = False
    floor_time: str | None = None
    """The `what` of the measurement whose time is this one's floor (same size and scores)."""
    floor_memory: str | None = None
    plans: int | None = None
    runs: list[Run] = field(default_factory=list)
    skipped: str | None = None

    @property
    def timed_out(self) -> bool:
        return any(run.exit_code is None for run in self.runs)

    @property
    def out_of_memory(self) -> bool:
        return any(run.out_of_memory for run in self.runs)

    @property
    def median_seconds(self) -> float | None:
        done = [run.seconds for run in self.runs if run.exit_code is not None]
        return statistics.median(done) if done and not self.timed_out else None

    @property
    def median_cpu(self) -> float | None:
        done = [run.cpu_seconds for run in self.runs if run.exit_code is not None]
        return statistics.median(done) if done and not self.timed_out else None

    @property
    def peak_mib(self) -> float | None:
        return max(run.max_rss_mib for run in self.runs) if self.runs else None

    @property
    def exit_code(self) -> int | None:
        return self.runs[-1].exit_code if self.runs else None


@dataclass
class Options:
    """What to run, from the command line."""

    sizes: list[int]
    optimal_sizes: list[int]
    formats: list[ScoresFormat]
    repeats: int
    once_above: float
    timeout: float
    memory_limit_gib: float | None
    assessors: int
    districts: int
    seed: int
    initiatief: list[str]
    keep: bool
    only: list[str]


# -- running one process ---------------------------------------------------------------------


def _drain(stream: IO[bytes], sink: list[int], head: bytearray | None, tail: bytearray | None) -> None:
    """Read a pipe to its end, as a consumer of the output would; count it, and keep its start and end."""
    while chunk := stream.read(1 << 16):
        sink[0] += len(chunk)
        if head is not None and len(head) < 1 << 16:
            head += chunk
        if tail is not None:
            tail += chunk
            del tail[: max(0, len(tail) - (1 << 13))]


def _limit_memory(limit: int | None) -> Callable[[], None] | None:
    """A preexec_fn capping the child's address space at `limit` bytes, so a runaway run gets a
    MemoryError instead of pushing the shared machine into the OOM killer."""
    if limit is None:
        return None

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def _message(head: bytes, tail: bytes) -> str:
    lines = [line.strip() for line in head.decode("utf-8", "replace").splitlines() if line.strip()]
    if lines and lines[0].startswith("Traceback"):
        lines = [line.strip() for line in tail.decode("utf-8", "replace").splitlines() if line.strip()]
        return lines[-1] if lines else ""
    return lines[0] if lines else ""


def run_once(argv: Sequence[str], env: dict[str, str], timeout: float, memory_limit: int | None = None) -> Run:
    """Run `argv` in a fresh process with stdout and stderr to pipes; time it and ask the OS its peak memory."""
    out_count, err_count = [0], [0]
    err_head, err_tail = bytearray(), bytearray()
    killed = threading.Event()
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(argv),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,  # its own process group, so a timeout kills all of it
        preexec_fn=_limit_memory(memory_limit),
    )
    assert proc.stdout is not None and proc.stderr is not None
    readers = [
        threading.Thread(target=_drain, args=(proc.stdout, out_count, None, None), daemon=True),
        threading.Thread(target=_drain, args=(proc.stderr, err_count, err_head, err_tail), daemon=True),
    ]
    for reader in readers:
        reader.start()

    def kill() -> None:
        killed.set()
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(timeout, kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
    for reader in readers:
        reader.join()
    proc.stdout.close()
    proc.stderr.close()
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    rss_mib = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
    message = _message(bytes(err_head), bytes(err_tail))
    return Run(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        max_rss_mib=rss_mib,
        exit_code=None if killed.is_set() else proc.returncode,
        stdout_bytes=out_count[0],
        message=message[:200],
        out_of_memory=proc.returncode != 0 and message.startswith("MemoryError"),
    )


def measure(m: Measurement, env: dict[str, str], opts: Options, log: Callable[[str], None]) -> Measurement:
    """Run `m` up to opts.repeats times (once if a run takes longer than opts.once_above)."""
    for _ in range(opts.repeats):
        limit = int(opts.memory_limit_gib * 2**30) if opts.memory_limit_gib else None
        run = run_once(m.argv, env, opts.timeout, limit)
        m.runs.append(run)
        if run.exit_code is None or run.out_of_memory or run.seconds > opts.once_above:
            break
    log(_progress_line(m))
    return m


def _progress_line(m: Measurement) -> str:
    where = f" N={m.size} {m.scores}" if m.size is not None else ""
    if m.timed_out:
        return f"  {m.what}{where}: timeout"
    if m.out_of_memory:
        return f"  {m.what}{where}: out of memory"
    seconds, peak = m.median_seconds, m.peak_mib
    code = m.exit_code
    tail = f", exit {code}: {m.runs[-1].message}" if code else ""
    return f"  {m.what}{where}: {seconds:.3f} s median of {len(m.runs)}, {peak:.0f} MiB{tail}"


# -- the benchmark ---------------------------------------------------------------------------


def child_env(cache: Path) -> dict[str, str]:
    """The environment of every timed process.

    Bytecode is cached (in a private folder, not in the working tree), as for any installed
    package: without it every run would compile initiatief's modules again. Output goes to
    a pipe, 100 columns wide.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    env["COLUMNS"] = "100"
    for name in ("PYTHONPROFILEIMPORTTIME", "PYTHONTRACEMALLOC", "PYTHONDEVMODE", "PYTHONWARNINGS"):
        env.pop(name, None)
    return env


def default_initiatief() -> list[str]:
    """The installed `initiatief` script next to this Python, else `python -m initiatief`."""
    script = Path(sys.executable).parent / "initiatief"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "initiatief"]


def command_argv(opts: Options, command: Command, folder: Path | None) -> list[str]:
    """The command's full argv, with the round folder put in."""
    args = [str(folder) if arg == ROUND and folder is not None else arg for arg in command.args]
    return [*opts.initiatief, *args]


@contextmanager
def generated(
    parent: Path, size: int, scores: ScoresFormat, opts: Options, log: Callable[[str], None]
) -> Iterator[tuple[Path, Summary]]:
    """Write the round for `size` and `scores`; remove it afterwards unless --keep."""
    folder = parent / f"round-{size}-{scores}"
    start = time.perf_counter()
    summary = write_round(
        folder,
        Spec(submissions=size, assessors=opts.assessors, districts=opts.districts, scores=scores, seed=opts.seed),
    )
    log(
        f"N={size} {scores}: wrote {summary.files} files, {summary.bytes / 2**20:.1f} MiB"
        f" ({summary.plans} plans, {summary.eligible_plans} eligible) in {time.perf_counter() - start:.1f} s"
        f" -> {folder}"
    )
    try:
        yield folder, summary
    finally:
        if not opts.keep:
            shutil.rmtree(folder, ignore_errors=True)


def benchmark(opts: Options, work: Path, log: Callable[[str], None]) -> list[Measurement]:
    """Run every measurement; return them in the order of the table."""
    env = child_env(work / "pycache")
    py = sys.executable
    wanted = [c for c in COMMANDS if not opts.only or any(word in c.what for word in opts.only)]
    results: list[Measurement] = []
    gave_up: dict[tuple[str, str], str] = {}
    """A command that timed out or ran out of memory is not run at larger sizes."""

    # Warm up: compile and cache the bytecode of everything the commands import, and let
    # the OS cache the files, so no timed run pays for that.
    with generated(work, 40, "yaml", opts, log) as (tiny, _):
        for command in COMMANDS:
            run_once(command_argv(opts, command, tiny), env, opts.timeout)
        run_once([py, "-c", "import typer, rich, yaml, tabulate"], env, opts.timeout)
        run_once([py, str(FLOOR_SCRIPT), str(tiny)], env, opts.timeout)

    startup = [c for c in wanted if c.floor == "startup"]
    if startup:
        log("start-up")
        results.append(
            measure(
                Measurement(STARTUP_FLOOR, [py, "-c", "import typer, rich, yaml, tabulate"], is_floor=True),
                env,
                opts,
                log,
            )
        )
        for command in startup:
            m = Measurement(command.what, command_argv(opts, command, None), floor_time=STARTUP_FLOOR)
            m.floor_memory = STARTUP_FLOOR
            results.append(measure(m, env, opts, log))

    plan: list[tuple[int, ScoresFormat, list[Command]]] = []
    for size in opts.sizes:
        for scores in opts.formats:
            plan.append((size, scores, [c for c in wanted
                                        if scores in c.formats and not (c.optimal and size > OPTIMAL_UP_TO)]))
    for size in opts.optimal_sizes:
        if size not in opts.sizes and "yaml" in opts.formats:
            plan.append((size, "yaml", [c for c in wanted if c.optimal]))
    plan.sort(key=lambda item: (item[0], opts.formats.index(item[1])))

    for size, scores, commands in plan:
        if not commands:
            continue
        with generated(work, size, scores, opts, log) as (folder, summary):
            for what, extra in ((PARSE_FLOOR, []), (KEEP_FLOOR, ["--keep"])):
                floor = Measurement(what, [py, str(FLOOR_SCRIPT), *extra, str(folder)], size, scores, is_floor=True)
                results.append(measure(floor, env, opts, log))
            for command in commands:
                m = Measurement(
                    command.what,
                    command_argv(opts, command, folder),
                    size,
                    scores,
                    floor_time=PARSE_FLOOR,
                    floor_memory=KEEP_FLOOR,
                    plans=summary.plans,
                )
                earlier = gave_up.get((command.what, scores))
                if earlier is not None:
                    m.skipped = f"skipped: {earlier}"
                    results.append(m)
                    log(f"  {command.what} N={size} {scores}: {m.skipped}")
                    continue
                results.append(measure(m, env, opts, log))
                if m.timed_out or m.out_of_memory:
                    why = "timed out" if m.timed_out else "out of memory"
                    gave_up[(command.what, scores)] = f"{why} at N={size:,}"
    return results


# -- the tables ------------------------------------------------------------------------------


def _find(results: Sequence[Measurement], what: str | None, size: int | None, scores: str | None) -> Measurement | None:
    for m in results:
        if m.what == what and m.size == size and m.scores == scores:
            return m
    return None


def _fmt(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _ratio(value: float | None, floor: float | None) -> str:
    if value is None or floor is None or floor <= 0:
        return ""
    return f"{value / floor:.1f}×"


def _outcome(m: Measurement, notes: list[str]) -> str:
    if m.skipped:
        return m.skipped
    if m.timed_out:
        return "timeout"
    if m.out_of_memory:
        return "out of memory"
    code = m.exit_code
    if code:
        line = m.runs[-1].message
        if line not in notes:
            notes.append(line)
        return f"exit {code} [{notes.index(line) + 1}]"
    return "ok"


def result_rows(results: Sequence[Measurement], opts: Options) -> tuple[list[list[str]], list[str]]:
    """The main table: each measurement with its floor; and the notes (first lines of errors)."""
    rows: list[list[str]] = []
    notes: list[str] = []
    for m in results:
        floor_t = _find(results, m.floor_time, m.size, m.scores) if m.floor_time else None
        floor_m = _find(results, m.floor_memory, m.size, m.scores) if m.floor_memory else None
        seconds = m.median_seconds
        peak = m.peak_mib if not m.skipped else None
        ft = floor_t.median_seconds if floor_t else None
        fm = floor_m.peak_mib if floor_m else None
        outcome = _outcome(m, notes)
        if m.timed_out:
            outcome = f"timeout (> {opts.timeout:g} s)"
        elif m.out_of_memory and opts.memory_limit_gib:
            outcome = f"out of memory (> {opts.memory_limit_gib:g} GiB)"
        rows.append(
            [
                m.what,
                "" if m.size is None else f"{m.size:,}",
                m.scores or "",
                "" if m.plans is None else f"{m.plans:,}",
                str(len(m.runs)) if m.runs else "",
                _fmt(seconds, 3),
                _fmt(m.median_cpu, 3),
                _fmt(peak, 0),
                _fmt(ft, 3),
                _fmt(fm, 0),
                _ratio(seconds, ft),
                _ratio(peak, fm),
                outcome,
            ]
        )
    return rows, notes


RESULT_HEADER = [
    "what",
    "N",
    "scores",
    "plans",
    "runs",
    "median s",
    "cpu s",
    "peak MiB",
    "floor s",
    "floor MiB",
    "× floor s",
    "× floor MiB",
    "outcome",
]


def slope(points: Sequence[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(y) against log(x); None with fewer than two distinct x."""
    logs = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len({x for x, _ in logs}) < 2:
        return None
    mean_x = statistics.fmean(x for x, _ in logs)
    mean_y = statistics.fmean(y for _, y in logs)
    sxx = sum((x - mean_x) ** 2 for x, _ in logs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in logs)
    return sxy / sxx


def _left_out_why(m: Measurement) -> str:
    if m.timed_out:
        return "timeout"
    if m.out_of_memory:
        return "out of memory"
    return m.skipped or f"exit {m.exit_code}"


def growth_rows(results: Sequence[Measurement]) -> list[list[str]]:
    """Per command and score format: how time and memory grow with N."""
    rows: list[list[str]] = []
    keys: list[tuple[str, str]] = []
    for m in results:
        if m.size is not None and m.scores is not None and (m.what, m.scores) not in keys:
            keys.append((m.what, m.scores))
    for what, scores in keys:
        series = sorted(
            (m for m in results if m.what == what and m.scores == scores and m.size is not None),
            key=lambda m: m.size or 0,
        )
        timed = [(float(m.size or 0), m.median_seconds or 0.0) for m in series if m.median_seconds and not m.exit_code]
        memory = [(float(m.size or 0), m.peak_mib or 0.0) for m in series if m.median_seconds and not m.exit_code]
        if len(timed) < 2:
            continue
        exponent = slope(timed)
        last = slope(timed[-2:])
        mem = slope(memory)
        left_out = [m for m in series if not (m.median_seconds and not m.exit_code)]
        note = ""
        if left_out:
            note = "left out: " + ", ".join(f"N={m.size:,} ({_left_out_why(m)})" for m in left_out)
        rows.append(
            [
                what,
                scores,
                ", ".join(f"{int(x):,}" for x, _ in timed),
                _fmt(exponent, 2),
                f"{_fmt(last, 2)} ({int(timed[-2][0]):,}→{int(timed[-1][0]):,})",
                _fmt(mem, 2),
                note,
            ]
        )
    return rows


GROWTH_HEADER = ["what", "scores", "N measured", "time exponent", "last step", "memory exponent", "note"]


def render(header: Sequence[str], rows: Sequence[Sequence[str]], markdown: bool) -> str:
    """A table as aligned text, or as a Markdown pipe table."""
    numeric = {i for i, name in enumerate(header) if name not in ("what", "scores", "outcome", "note", "N measured")}
    if markdown:
        out = ["| " + " | ".join(header) + " |"]
        out.append("|" + "|".join("---:" if i in numeric else "---" for i in range(len(header))) + "|")
        for row in rows:
            out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
        return "\n".join(out)
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i]) for i, cell in enumerate(cells)
        ).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(row) for row in rows)])


# -- the machine -----------------------------------------------------------------------------


def _first(path: str, key: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            for row in handle:
                name, _, value = row.partition(":")
                if name.strip() == key:
                    return value.strip()
    except OSError:
        return None
    return None


def _git(*args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def machine(opts: Options) -> dict[str, Any]:
    """What the figures were measured on."""
    mem = _first("/proc/meminfo", "MemTotal")
    version = subprocess.run([*opts.initiatief, "--version"], capture_output=True, text=True, check=False)
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
    return {
        "cpu": _first("/proc/cpuinfo", "model name") or platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "memory": f"{int(mem.split()[0]) / 2**20:.1f} GiB" if mem else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "initiatief": version.stdout.strip(),
        "commit": f"{commit}{' + uncommitted changes' if dirty else ''}" if commit else None,
        "load average before": [round(x, 2) for x in os.getloadavg()],
    }


def describe(info: dict[str, Any]) -> str:
    """The machine as one paragraph."""
    return (
        f"{info['cpu']}, {info['cores']} cores, {info['memory']} memory; {info['os']}; Python {info['python']};"
        f" {info['initiatief']} at {info['commit']}; load average before {info['load average before']},"
        f" after {info.get('load average after')}; total {info.get('total seconds', 0):.0f} s."
    )


# -- the command line ------------------------------------------------------------------------


def _default_memory_limit() -> float:
    total = _first("/proc/meminfo", "MemTotal")
    return round(int(total.split()[0]) / 2**20 / 2, 1) if total else 0.0


def _sizes(text: str) -> list[int]:
    sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    if any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError("sizes must be at least 1")
    return sorted(set(sizes))


def parse_args(argv: Sequence[str] | None) -> tuple[Options, argparse.Namespace]:
    """The options; --quick changes the defaults only."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="sizes 1000,2000, 2 runs (1 above 2 s): under two minutes",
    )
    parser.add_argument(
        "--sizes", type=_sizes, help="submissions per round, comma-separated (default 1000,10000,50000,100000)"
    )
    parser.add_argument(
        "--optimal-sizes",
        type=_sizes,
        help="extra sizes at which only --method optimal runs (default none; it runs at --sizes up to 10000)",
    )
    parser.add_argument("--formats", help="score file formats (default yaml,csv,xlsx; --quick yaml,csv)")
    parser.add_argument("--repeats", type=int, help="runs per measurement; the median is shown (default 3, --quick 2)")
    parser.add_argument(
        "--once-above",
        type=float,
        help="a measurement whose first run takes longer is not repeated (default 60 s, --quick 2 s)",
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="kill a run after this many seconds (default 300)")
    parser.add_argument(
        "--memory-limit",
        type=float,
        default=_default_memory_limit(),
        help="cap each run's address space at this many GiB; 0: no cap (default: half the machine's memory)",
    )
    parser.add_argument("--assessors", type=int, default=5, help="assessors per round (default 5)")
    parser.add_argument("--districts", type=int, default=7, help="districts, 5-10 (default 7)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated rounds (default 1)")
    parser.add_argument("--initiatief", help="how to start initiatief (default: the script beside this Python)")
    parser.add_argument(
        "--only", default="", help="only the commands whose name contains one of these words, comma-separated"
    )
    parser.add_argument("--markdown", action="store_true", help="print the tables in Markdown")
    parser.add_argument("--json", type=Path, help="also write every run to this JSON file")
    parser.add_argument("--keep", action="store_true", help="keep the generated rounds (their folder is printed)")
    args = parser.parse_args(argv)

    formats: list[ScoresFormat] = []
    for name in (part.strip() for part in (args.formats or ("yaml,csv" if args.quick else "yaml,csv,xlsx")).split(",")
                 if part.strip()):
        if name in SCORES_FORMATS:
            formats.append(cast(ScoresFormat, name))
        else:
            parser.error(f"unknown score format {name!r}; choose from {', '.join(SCORES_FORMATS)}")
    quick = args.quick
    opts = Options(
        sizes=args.sizes or ([1000, 2000] if quick else [1000, 10000, 50000, 100000]),
        optimal_sizes=args.optimal_sizes or [],
        formats=formats,
        repeats=max(1, args.repeats or (2 if quick else 3)),
        memory_limit_gib=args.memory_limit if args.memory_limit > 0 else None,
        once_above=args.once_above if args.once_above is not None else (2.0 if quick else 60.0),
        timeout=args.timeout,
        assessors=args.assessors,
        districts=args.districts,
        seed=args.seed,
        initiatief=shlex.split(args.initiatief) if args.initiatief else default_initiatief(),
        keep=args.keep,
        only=[word.strip() for word in args.only.split(",") if word.strip()],
    )
    return opts, args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the tables."""
    opts, args = parse_args(argv)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    started = time.perf_counter()
    info = machine(opts)
    log(f"initiatief: {shlex.join(opts.initiatief)}; sizes {opts.sizes}, formats {opts.formats}")
    work = Path(tempfile.mkdtemp(prefix="initiatief-bench-"))
    try:
        results = benchmark(opts, work, log)
    finally:
        if opts.keep:
            log(f"kept the generated rounds in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    info["load average after"] = [round(x, 2) for x in os.getloadavg()]
    info["total seconds"] = time.perf_counter() - started

    rows, notes = result_rows(results, opts)
    md = args.markdown
    print(("**Machine**: " if md else "machine: ") + describe(info))
    print()
    print(render(RESULT_HEADER, rows, md))
    if notes:
        print()
        for number, note in enumerate(notes, 1):
            print(f"{'- ' if md else ''}[{number}] {note}")
    growth = growth_rows(results)
    if growth:
        print()
        print(render(GROWTH_HEADER, growth, md))
    if args.json:
        payload = {
            "machine": info,
            "options": {**asdict(opts)},
            "results": [
                {**asdict(m), "median_seconds": m.median_seconds, "median_cpu": m.median_cpu, "peak_mib": m.peak_mib}
                for m in results
            ],
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

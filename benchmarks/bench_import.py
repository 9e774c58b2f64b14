"""Time `initiatief import` on a large form export (.xlsx and CSV), beside its floor, in one run.

    python benchmarks/bench_import.py                 # 1,000 and 10,000 rows, 3 runs each
    python benchmarks/bench_import.py --rows 50000    # choose the sizes

The export is the form of examples/import-from-form, with N synthetic applications. Each
measurement is a fresh process importing into an empty submissions/ folder: the median wall
time and the peak memory the OS reports. Its floor, in the same run on the same file, is a
process that only reads the file: openpyxl's read-only mode iterating every row for .xlsx,
the csv module for CSV. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).parent))
from run import child_env, default_initiatief, run_once  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "import-from-form"
HEADINGS = ["Zaaknummer", "Tijdstip indienen", "Naam van het initiatief", "Naam organisatie of aanvrager",
            "Ik vraag aan als", "E-mailadres", "Telefoonnummer", "In welke wijk vindt het plaats?", "Ingediend op",
            "Totale kosten", "Aangevraagd bedrag", "Korte omschrijving", "Heeft uw organisatie een winstoogmerk?",
            "Voor wie is het initiatief?", "Aantal vrijwilligers"]
FLOOR_XLSX = ("import openpyxl, sys\n"
              "wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)\n"
              "n = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))\n")
FLOOR_CSV = "import csv, sys\nn = sum(1 for _ in csv.reader(open(sys.argv[1], encoding='utf-8-sig'), delimiter=';'))\n"


def rows(n: int, seed: int = 1) -> list[list[object]]:
    """Return n synthetic applications in the example form's columns, written as a web form exports them."""
    rnd = random.Random(seed)
    districts, groups = ["Noord", "Zuid", "Centrum"], ["Jongeren", "Ouderen", "Gezinnen", "Iedereen"]
    found: list[list[object]] = []
    for i in range(1, n + 1):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rnd.randrange(80))
        cost = rnd.randrange(10, 400) * 100
        requested = min(7500, cost // 2)
        found.append([
            f"Z-2025-{i:06d}", f"{day.strftime('%d-%m-%Y')} 10:00", f"Initiatief nummer {i}", f"Stichting {i}",
            rnd.choice(["Organisatie", "Particulier"]), f"aanvrager{i}@example.org", "", rnd.choice(districts),
            day, f"€ {cost:,}".replace(",", "."), f"{requested:,},00".replace(",", ".", 1) if requested >= 1000
            else f"{requested},00", "Een korte omschrijving van het initiatief, in een paar woorden.",
            rnd.choice(["Nee", "Nee", "Nee", "Ja"]), "; ".join(rnd.sample(groups, rnd.randrange(1, 3))),
            rnd.randrange(0, 30),
        ])
    return found


def write_exports(folder: Path, n: int) -> tuple[Path, Path]:
    """Write the export as .xlsx and as its CSV twin; return both paths."""
    data = rows(n)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Aanvragen")
    sheet.append(HEADINGS)
    for row in data:
        sheet.append(row)
    xlsx = folder / f"aanvragen-{n}.xlsx"
    workbook.save(xlsx)
    csv_path = folder / f"aanvragen-{n}.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADINGS)
        for row in data:
            writer.writerow([v.strftime("%d-%m-%Y") if isinstance(v, dt.date) else v for v in row])
    return xlsx, csv_path


def median(argvs: Sequence[Sequence[str]], env: dict[str, str], repeats: int,
           before: object = None) -> tuple[float, float, int | None]:
    """Return the median seconds, the largest peak MiB and the last exit code over `repeats` runs."""
    seconds, memory, code = [], [], None
    for _ in range(repeats):
        if callable(before):
            before()
        run = run_once(argvs[0], env, timeout=600)
        seconds.append(run.seconds)
        memory.append(run.max_rss_mib)
        code = run.exit_code
    return statistics.median(seconds), max(memory), code


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="1000,10000", help="comma-separated numbers of rows (default 1000,10000)")
    parser.add_argument("--repeats", type=int, default=3)
    opts = parser.parse_args(argv)
    sizes = [int(x) for x in opts.rows.split(",")]
    initiatief = default_initiatief()
    print(f"{'what':<36} {'rows':>7} {'median s':>9} {'peak MiB':>9} {'floor s':>8} {'floor MiB':>9} {'× floor':>8}")
    with tempfile.TemporaryDirectory(prefix="initiatief-import-bench-") as tmp:
        work = Path(tmp)
        env = child_env(work / "pycache")
        folder = work / "round"
        shutil.copytree(EXAMPLE, folder)
        (folder / "scores" / "jury.csv").unlink()  # the example's scores name its own applications
        submissions = folder / "submissions"

        def empty() -> None:
            shutil.rmtree(submissions, ignore_errors=True)
            submissions.mkdir()

        for n in sizes:
            xlsx, csv_path = write_exports(work, n)
            for export, floor in ((xlsx, FLOOR_XLSX), (csv_path, FLOOR_CSV)):
                took, peak, code = median([[*initiatief, "import", str(folder), str(export)]], env, opts.repeats,
                                          empty)
                floor_took, floor_peak, _ = median([[sys.executable, "-c", floor, str(export)]], env, opts.repeats)
                status = "" if code == 0 else f"  exit {code}"
                print(f"{'import ' + export.suffix:<36} {n:>7} {took:>9.2f} {peak:>9.0f} {floor_took:>8.2f} "
                      f"{floor_peak:>9.0f} {took / floor_took:>7.1f}×{status}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

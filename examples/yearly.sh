#!/usr/bin/env bash
# A whole year of a funding round, scripted: start next year's round from this year's,
# take in the submissions and the assessors' scores, check, score, and publish.
#
#   examples/yearly.sh [THIS_YEARS_ROUND] [WORK_FOLDER]
#
# Every step stops the script on a problem (exit code 1 from initiatief: see the README).
set -euo pipefail

from=${1:-examples/minimal}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
next="$work/next-round"

# 1. Next year's round: the definition copied, the year and the lottery seed moved on. A seed
#    moved on can be guessed: in practice give a fresh one (--seed) before the draw.
initiatief new "$next" --from "$from"

# 2. The year's intake. Here it is copied from this year's round; in practice the submissions
#    come from the web form's export (initiatief import "$next" aanvragen.xlsx, docs/intake.md)
#    and the assessors' score files go into scores/ as they were filled in: the .xlsx sheets
#    of `initiatief sheets`, read as they are, or CSV or YAML.
cp "$from"/submissions/*.yaml "$next/submissions/"
cp "$from"/scores/* "$next/scores/"

# 3. Check everything before anything is published.
initiatief validate "$next"

# 4. Score, and keep the outcome for scripts.
initiatief score "$next" --format json > "$work/outcome.json"

# 5. Publish: the report for the council, the award list (the funded plans and the prize
#    winners) for Excel, the subsidy register. results.csv has every submission with its
#    status and reasons, for the officials' own files (private applicants' names left out).
initiatief report "$next" --format html > "$work/report.html"
initiatief report "$next" --format markdown > "$work/jaarverslag.md"
initiatief winners "$next" --format csv --excel > "$work/awards.csv"
initiatief export "$next" -o "$work/results.csv" --excel
initiatief export "$next" --register -o "$work/register.csv"

echo "done: $work"

"""The HTML report: one self-contained, escaped, deterministic file that a real browser draws."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from helpers import CHALLENGE, EXAMPLES, MINIMAL, ROUNDS, invoke

from initiatief import evaluate, load_round
from initiatief.output.html import report_html
from initiatief.reports.annual import build_report

FOLDERS = [EXAMPLES / name for name in ("minimal", "cofinancing", "lottery-tie", "district-key")]
if CHALLENGE.is_dir():
    FOLDERS.append(CHALLENGE)

HOSTILE = "<script>alert(1)</script>"


def render(folder: Path) -> str:
    outcome = evaluate(load_round(folder))
    return report_html(build_report(outcome), outcome)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_html_is_self_contained(folder: Path) -> None:
    page = render(folder)
    for needle in ("http://", "https://", "<script", "@import", "url(", "<link", "<img", "<iframe", "//fonts"):
        assert needle not in page.lower(), needle
    # The Content-Security-Policy makes a browser refuse anything external, should it ever slip in.
    assert 'content="default-src &#x27;none&#x27;; style-src &#x27;unsafe-inline&#x27;"' in page


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_html_reads_on_a_phone_and_prints_on_a4(folder: Path) -> None:
    page = render(folder)
    language = load_round(folder).language
    assert page.startswith("<!DOCTYPE html>\n")
    assert f'<html lang="{language}">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<meta charset="utf-8">' in page
    assert "@media print{" in page and "@page{size:A4;margin:15mm}" in page
    assert ".scroll{overflow-x:auto" in page and '<div class="scroll"><table class="ranked">' in page
    assert page.count("<svg") == page.count("</svg>") > 0


def test_export_html_by_suffix_writes_the_report(tmp_path: Path) -> None:
    target = tmp_path / "verslag.html"
    result = invoke("export", CHALLENGE, "-o", target)
    assert result.exit_code == 0, result.stderr
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page


def test_html_is_deterministic() -> None:
    outcome = evaluate(load_round(EXAMPLES / "district-key"))
    assert report_html(build_report(outcome), outcome) == report_html(build_report(outcome), outcome)
    assert not re.search(r"20\d\d-\d\d-\d\dT", report_html(build_report(outcome), outcome))


def test_html_masks_private_persons() -> None:
    page = render(MINIMAL)
    assert "Anna de Vries" not in page and "anna@example.org" not in page
    assert "(Particulier)" in page


def hostile_round(tmp_path: Path) -> Path:
    """Return a copy of examples/minimal with markup in the round name, a title, an applicant and a label."""
    folder = tmp_path / "hostile"
    shutil.copytree(MINIMAL, folder)
    round_yaml = folder / "round.yaml"
    text = round_yaml.read_text(encoding="utf-8")
    text = text.replace("name: Buurtfonds Voorbeeld 2024", "name: 'Buurtfonds <b>&</b> \"co\" 2024'")
    text = text.replace("{id: buurtfonds, amount: 10000}",
                        "{id: buurtfonds, label: '<img src=x onerror=alert(2)>', amount: 10000}")
    round_yaml.write_text(text, encoding="utf-8")
    submission = folder / "submissions" / "moestuin.yaml"
    submission.write_text(submission.read_text(encoding="utf-8")
                          .replace("Moestuin achter de bibliotheek", HOSTILE)
                          .replace("Stichting Groen Dichtbij", '\\"><svg onload=alert(3)>'),
                          encoding="utf-8")
    return folder


def test_html_escapes_every_text_from_the_round(tmp_path: Path) -> None:
    page = render(hostile_round(tmp_path))
    assert HOSTILE not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "onerror=alert(2)>" not in page
    assert "<svg onload" not in page and "&lt;svg onload=alert(3)&gt;" in page
    assert "<b>&</b>" not in page and "Buurtfonds &lt;b&gt;&amp;&lt;/b&gt; &quot;co&quot; 2024" in page


def test_the_letters_sender_block_heads_the_report() -> None:
    page = render(EXAMPLES / "committee-decisions")
    header = page.index('<header class="sender">')
    assert header < page.index("<h1>")
    assert "<p><b>Gemeente Voorbeeldstad</b></p><p>Afdeling Samenleving, team Subsidies</p>" in page
    assert "Datum van de besluiten: 1 december 2024" in page
    # A round without letters: has no sender block.
    assert '<header class="sender">' not in render(MINIMAL)


def test_the_sender_block_is_in_the_rounds_language_and_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "round"
    shutil.copytree(MINIMAL, folder)
    text = (folder / "round.yaml").read_text(encoding="utf-8").replace("language: nl", "language: en")
    assert "language: en" in text
    text += f"letters:\n  sender: {{organisation: '{HOSTILE}', department: '<b>&</b>'}}\n  date: 2024-12-01\n"
    (folder / "round.yaml").write_text(text, encoding="utf-8")
    page = render(folder)
    assert "<script>" not in page and "<b>&</b>" not in page
    assert "<p><b>&lt;script&gt;alert(1)&lt;/script&gt;</b></p><p>&lt;b&gt;&amp;&lt;/b&gt;</p>" in page
    assert "Date of the decisions: 1 December 2024" in page


# --- a real browser ------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
    # Console messages (script errors, Content-Security-Policy violations) go to stderr as ':CONSOLE'.
    "--enable-logging=stderr", "--v=0",
]
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium)"
)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Return width, height and RGB rows of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            up_left = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 255
        previous = line
        rows.append(b"".join(bytes(line[x:x + 3]) for x in range(0, stride, channels)))
    return width, height, rows


def count_colour(rows: list[bytes], hex_colour: str) -> int:
    rgb = bytes.fromhex(hex_colour.lstrip("#"))
    return sum(1 for row in rows for x in range(0, len(row), 3) if row[x:x + 3] == rgb)


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


@needs_chromium
@pytest.mark.parametrize("width", [1000, 400], ids=["desktop", "phone"])
def test_chromium_draws_the_report(tmp_path: Path, width: int) -> None:
    folder = CHALLENGE if CHALLENGE.is_dir() else EXAMPLES / "cofinancing"
    page = tmp_path / "report.html"
    page.write_text(render(folder), encoding="utf-8")
    screenshot = tmp_path / "page.png"

    shot = chromium(tmp_path, f"--screenshot={screenshot}", f"--window-size={width},1400", page.as_uri())
    assert shot.returncode == 0, shot.stderr
    assert screenshot.is_file(), shot.stderr
    assert screenshot.stat().st_size > 20_000, "a blank page compresses to a few kilobytes"
    assert console_messages(shot.stderr) == []

    png_width, png_height, rows = png_pixels(screenshot.read_bytes())
    assert (png_width, png_height) == (width, 1400)
    # The funnel's stage bars (blue) and the awards bar and the used budget (green) are painted.
    assert count_colour(rows, "#0969da") > 1000
    assert count_colour(rows, "#1a7f37") > 1000

    dom = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr
    assert console_messages(dom.stderr) == []
    rendered = dom.stdout
    assert "<svg" in rendered and rendered.count("<rect") == page.read_text(encoding="utf-8").count("<rect") > 10
    assert "<script" not in rendered


@needs_chromium
def test_chromium_runs_no_script_from_a_hostile_round(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(hostile_round(tmp_path)), encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr
    assert console_messages(dom.stderr) == []
    assert "<script" not in dom.stdout and "<img" not in dom.stdout and "<svg onload" not in dom.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom.stdout


_MEASURE = ('<script>document.body.setAttribute("data-overflow",[...document.querySelectorAll(".scroll")]'
            '.map(e => e.scrollWidth - e.clientWidth).join(","))</script></body>')


@needs_chromium
@pytest.mark.parametrize("width", [1200, 1920])
@pytest.mark.parametrize("folder", [CHALLENGE, ROUNDS / "2017-gebiedsteams", ROUNDS / "2017-innovatie-atelier"],
                         ids=lambda p: p.name)
def test_every_column_of_every_table_is_on_screen_at_laptop_and_desktop_widths(
    tmp_path: Path, width: int, folder: Path,
) -> None:
    # The page itself allows no script (its Content-Security-Policy); a copy without it measures the layout.
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", render(folder))
    assert page.count("</body>") == 1
    measured = tmp_path / "measured.html"
    measured.write_text(page.replace("</body>", _MEASURE), encoding="utf-8")
    dom = chromium(tmp_path, f"--window-size={width},1400", "--dump-dom", measured.as_uri())
    assert dom.returncode == 0, dom.stderr
    found = re.search(r'data-overflow="([0-9,]*)"', dom.stdout)
    assert found is not None, dom.stdout[:500]
    assert [int(x) for x in found.group(1).split(",")] == [0] * len(found.group(1).split(","))


_AWARDS = {"award", "capped", "partial", "prize"}
_REFUSALS = {"ineligible", "insufficient", "not-funded", "excluded", "incomplete"}


def _challenge_letters(tmp_path: Path) -> dict[str, Path]:
    """Write the 2017 challenge round's HTML letters; return its longest award and its longest refusal letter."""
    import csv

    out = tmp_path / "letters"
    result = invoke("letters", CHALLENGE, "-o", out, "-f", "html")
    assert result.exit_code == 0, result.stderr
    with open(out / "merge.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))

    def longest(kinds: set[str]) -> Path:
        files = [out / row["file"] for row in rows if row["letter"] in kinds]
        assert files, kinds
        return max(files, key=lambda p: (p.stat().st_size, p.name))

    return {"award": longest(_AWARDS), "refusal": longest(_REFUSALS)}


@needs_chromium
@pytest.mark.parametrize("which", ["award", "refusal"])
def test_a_letter_prints_on_at_most_two_a4_pages(tmp_path: Path, which: str) -> None:
    letter = _challenge_letters(tmp_path)[which]
    pdf = tmp_path / "letter.pdf"
    printed = chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", letter.as_uri())
    assert printed.returncode == 0, printed.stderr
    assert console_messages(printed.stderr) == []
    data = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", data)
    pages = re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)
    assert boxes and len(pages) >= 1, data[:300]
    for box in boxes:
        x0, y0, x1, y1 = (float(v) for v in box)
        assert abs((x1 - x0) - 595) <= 1 and abs((y1 - y0) - 842) <= 1, box  # A4: 210 × 297 mm
    assert len(pages) <= 2, f"{letter.name}: {len(pages)} pages"


def test_district_bars_are_district_budgets_or_shares_of_the_awards() -> None:
    from initiatief.output.report_rows import districts

    with_pots = districts(build_report(evaluate(load_round(EXAMPLES / "cofinancing"))))
    noord = with_pots.rows[0]
    chart = with_pots.charts[0]
    # noord's awards are 10,000, half paid by its area team's pot of 5,000: the bar is that pot, not the awards.
    assert noord["awarded"] == 10000 and [v for v, _ in chart.segments] == [5000, 0] and chart.whole == 5000
    without = districts(build_report(evaluate(load_round(CHALLENGE))))
    total = sum(row["awarded"] for row in without.rows)
    assert all(c.whole == total and len(c.segments) == 1 for c in without.charts)

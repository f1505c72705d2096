"""Benchmark of the output privacy scan: ``privacy.scan_file`` on every file of a built regency
folder, this checkout against a baseline commit, with the findings of both compared (not a test).

Each side runs in its own process with its ``src`` first on the import path (``--baseline-commit``
unpacks that commit's ``src`` beside this checkout's data, as the other benches do), the sides
alternating ``--rounds`` times. A process scans every file once untimed (imports, place names),
then ``--repeats`` times, timing each file's CPU. Printed: minimum and median per file (files
under 0.5 ms left out), the sum of the minima of each side and the ratio baseline / this, and
the CPU of the first pass (what a single build's process pays: imports, the place names).

With ``--check`` both sides first scan the built folder and a folder of planted workbooks and
notebooks (a NIK as a string, an integer, a float in E-notation, a rich-text cell, a shared
string, personal column headers, a place name; a NIK in a sheet name, the document properties,
a comment and a header, which only this checkout's scan reads), and every file's findings are
compared: a finding of the baseline missing from this checkout exits 1.

Usage::

    .venv/bin/python bench/bench_privacy.py --baseline-commit 6ec8a0b --check
    .venv/bin/python bench/bench_privacy.py --baseline-commit 6ec8a0b --rounds 4 --repeats 7
    .venv/bin/python bench/bench_privacy.py --folder /tmp/reports/klaten/.current

Without ``--folder`` the regency (``--regency``, default klaten) is built into a temporary folder
by this checkout, deleted afterwards.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from baseline import baseline_tree

ROOT = Path(__file__).resolve().parents[1]
NIK = "3310012345678901"
FIRST = "(first pass: imports, first calls)"


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def worker(folder: Path, repeats: int, findings_only: bool) -> dict:
    """``{file: findings}`` (``findings_only``) or ``{file: [cpu seconds, ...]}``."""
    from analysis import privacy

    files = _files(folder)
    found = {}
    started = time.process_time()
    for path in files:  # imports, place names, first calls: timed as a whole
        try:
            found[str(path.relative_to(folder))] = privacy.scan_file(path)
        except Exception as error:  # a planted broken file: compare the kind of error
            found[str(path.relative_to(folder))] = [f"error {type(error).__name__}"]
    if findings_only:
        return found
    timings = {FIRST: [time.process_time() - started]}
    timings |= {str(path.relative_to(folder)): [] for path in files}
    for _ in range(repeats):
        for path in files:
            started = time.process_time()
            privacy.scan_file(path)
            timings[str(path.relative_to(folder))].append(time.process_time() - started)
    return timings


def _run(src: Path, folder: Path, repeats: int, findings_only: bool) -> dict:
    """The worker in a new process with ``src`` first on the import path."""
    environment = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, __file__, "--worker", "--folder", str(folder)]
    command += ["--repeats", str(repeats)] + (["--findings"] if findings_only else [])
    output = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


# --- planted files --------------------------------------------------------------------------


def _rewrite(path: Path, replace: dict[str, list[tuple[str, str]]], add: dict[str, str]) -> None:
    """Rewrite a zip's parts: ``replace[part]`` text replacements in turn, ``add`` new parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            text = source.read(name).decode("utf-8")
            for old, new in replace.get(name, []):
                assert old in text, (name, old)
                text = text.replace(old, new)
            target.writestr(name, text)
        for name, text in add.items():
            target.writestr(name, text)
    path.write_bytes(buffer.getvalue())


# The first sheet's title points to the second sheet part and back: titles come from the workbook.
_SWAP_SHEETS = [('r:id="rId1"', 'r:id="rIdX"'), ('r:id="rId2"', 'r:id="rId1"'), ("rIdX", "rId2")]


def plant(folder: Path) -> None:
    """Workbooks and notebooks with a NIK or a personal column in each place a scan may read."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.comments import Comment

    folder.mkdir(parents=True, exist_ok=True)
    date = datetime.datetime(2025, 3, 1, 12, 30)
    cells = {
        "string": [f"KK {NIK}"],
        "int": [int(NIK)],
        "float": [3.3010101010101e15],
        "richtext": [CellRichText([TextBlock(InlineFont(b=True), NIK[:4]), NIK[4:]])],
        "headers": ["kode_desa", "nama_kepala_keluarga", "NIK", "Nama Lena", "jumlah_kk"],
        "formula": ['="NIK"', "=A1+1"],
        "clean": ["kode_desa", "Nama Lena", 120, 0.12345678901234567, True, "#N/A", date],
        "shared": ["kode_desa"],
    }
    for name, row in cells.items():
        workbook = Workbook()
        workbook.active.title = "Data"
        workbook.active.append(["Lampiran"])
        workbook.active.append(row)
        workbook.create_sheet("Kedua").append([1, 2])
        workbook.save(folder / f"{name}.xlsx")
        _rewrite(folder / f"{name}.xlsx", {"xl/workbook.xml": _SWAP_SHEETS}, {})
    # A float stored in E-notation, as Excel stores a NIK typed as a number.
    _rewrite(
        folder / "float.xlsx",
        {"xl/worksheets/sheet1.xml": [("<v>3301010101010100</v>", "<v>3.3010101010101E+15</v>")]},
        {},
    )
    # Shared strings (openpyxl writes inline strings): a plain and a rich-text one.
    strings = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<si><t>NIK {NIK}</t></si><si><r><t>{NIK[:6]}</t></r><r><t>{NIK[6:]}</t></r></si>"
        "<si><t>nama_kepala_keluarga</t></si></sst>"
    )
    row = '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c>'
    row += '<c r="C3" t="s"><v>2</v></c></row></sheetData>'
    _rewrite(
        folder / "shared.xlsx",
        {
            "xl/worksheets/sheet1.xml": [("</sheetData>", row), ("A1:A2", "A1:C3")],
            "[Content_Types].xml": [
                (
                    "</Types>",
                    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                    'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            ],
        },
        {"xl/sharedStrings.xml": strings},
    )
    # Places only this checkout reads: sheet name, properties, a comment, a header.
    workbook = Workbook()
    workbook.active.title = f"KK {NIK}"
    workbook.active["A1"] = "kode_desa"
    workbook.active["A1"].comment = Comment(f"NIK {NIK}", "penulis")
    workbook.active.oddHeader.center.text = f"NIK {NIK}"
    workbook.properties.title = f"NIK {NIK}"
    workbook.properties.creator = NIK
    workbook.save(folder / "extras.xlsx")
    (folder / "broken.xlsx").write_bytes(b"PK not a zip")
    html = (
        "<table><thead><tr><th></th><th colspan='2'>Nama &amp; NIK</th></tr>"
        "<tr><th>kecamatan</th><th>nama_kepala_keluarga</th><th>No. HP</th></tr></thead>"
        f"<tbody><tr><th>Nama Lena</th><td>{NIK}</td></tr></tbody></table>"
    )
    cell = new_code_cell("x")
    cell.outputs = [new_output("execute_result", data={"text/html": html}, execution_count=1)]
    nbformat.write(new_notebook(cells=[cell]), folder / "planted.ipynb")


def check(sides: dict, folders: list[Path]) -> bool:
    """Compare each file's findings on every side; print the differences; False if this
    checkout misses a finding of the baseline."""
    ok = True
    for folder in folders:
        found = {side: _run(src, folder, 0, True) for side, src in sides.items()}
        for name in found["this"]:
            this, base = found["this"][name], found["baseline"].get(name, [])
            missing = [finding for finding in base if finding not in this]
            extra = [finding for finding in this if finding not in base]
            status = "same" if this == base else ("MISSING" if missing else "stricter")
            if this == base and not this:
                status = "same (none)"
            print(f"{status:12s} {folder.name}/{name}: {len(base)} baseline, {len(this)} this")
            for finding in missing:
                print(f"    missing: {finding}")
            for finding in extra:
                print(f"    extra:   {finding}")
            ok &= not missing
    return ok


# --- main -----------------------------------------------------------------------------------


def _build(regency: str, reports: Path) -> Path:
    environment = {**os.environ, "TKPK_REPORTS_DIR": str(reports)}
    command = [sys.executable, "-m", "analysis.pipeline", "build", regency, "--force"]
    subprocess.run(command, cwd=ROOT, env=environment, check=True, capture_output=True)
    return (reports / regency / ".current").resolve()


def _report(arguments, runs: dict) -> None:
    print(
        f"privacy.scan_file per file ({arguments.rounds} processes x {arguments.repeats} "
        f"repeats per side); load average {os.getloadavg()[0]:.2f}"
    )
    totals = {}
    for side, side_runs in runs.items():
        merged = {name: [t for run in side_runs for t in run[name]] for name in side_runs[0]}
        print(f"-- {side}")
        for name, times in merged.items():
            if min(times) >= 0.0005 and name != FIRST:
                print(
                    f"{name:42s} cpu min {min(times) * 1000:7.1f} ms  "
                    f"median {statistics.median(times) * 1000:7.1f} ms"
                )
        first = merged.pop(FIRST)
        totals[side] = sum(min(times) for times in merged.values())
        median = sum(statistics.median(times) for times in merged.values())
        print(f"{'first pass (fresh process)':42s} min {min(first) * 1000:7.1f} ms")
        print(f"{'total':42s} min {totals[side] * 1000:7.1f} ms  median {median * 1000:7.1f} ms")
    if "baseline" in totals:
        print(f"baseline / this (sum of minima): {totals['baseline'] / totals['this']:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regency", default="klaten")
    parser.add_argument("--folder", type=Path, help="a built regency folder (its .current)")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=2, help="alternating processes per side")
    parser.add_argument("--baseline-commit", help="a commit of this repository as baseline")
    parser.add_argument("--check", action="store_true", help="compare findings first")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--findings", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker:
        result = worker(arguments.folder, arguments.repeats, arguments.findings)
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory(prefix="bench-privacy-") as scratch:
        scratch = Path(scratch)
        folder = arguments.folder or _build(arguments.regency, scratch / "reports")
        sides = {"this": ROOT / "src"}
        if arguments.baseline_commit:
            sides["baseline"] = baseline_tree(arguments.baseline_commit, scratch / "base")
        if arguments.check and "baseline" in sides:
            plant(scratch / "planted")
            if not check(sides, [folder, scratch / "planted"]):
                raise SystemExit(1)
        runs = {side: [] for side in sides}
        for round_index in range(arguments.rounds):
            order = list(sides) if round_index % 2 else list(sides)[::-1]
            for side in order:
                runs[side].append(_run(sides[side], folder, arguments.repeats, False))
    _report(arguments, runs)


if __name__ == "__main__":
    main()

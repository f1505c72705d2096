"""CPU of the steps after the notebooks (render, run record, privacy scan, publish) and of the
XLSX annex, this checkout against a baseline checkout, alternated in one run; outputs compared.

Each run is a fresh interpreter (as one `make report` build is) importing the package from one
checkout; it takes a built regency folder (``--outputs``), copies it into a staging folder
without its PDF, and runs the pipeline's steps in order, timing each one's CPU (the process's
own, plus its child processes': pandoc):

1. ``provenance.record`` (what ``run.json`` holds) and ``provenance.manifest_digest``;
2. ``render.render_brief`` (pandoc, then Typst);
3. ``privacy.check_outputs`` of the staging folder;
4. ``pockets.annex.write_annex_xlsx`` of the staged ``pockets.json`` (the pockets notebook's
   annex, in the brief's language);
5. ``publish.publish`` into a scratch reports folder.

Lazy imports a step makes (pypandoc, typst, pypdf or pypdfium2, openpyxl) count in its time, as in
a single build. A full garbage collection runs (untimed) before each step: otherwise the collection
that an earlier step's objects make due lands in whichever step happens to trigger it (a cheaper
privacy scan moved about 0.08 s of collection into the annex step that follows it). The two
checkouts run alternately (``--runs`` each) and the medians are printed with the load average. Then
the outputs of the last run of each are compared: the Typst source, the PDF text (``pdftotext
-layout``, the build commit masked), the annex cell by cell (value, type, number format, font,
fill, alignment, column widths, panes, filter, print setup), the run record (the git state masked);
and the words of the brief's text as pypdf and PDFium read it. A difference exits 1.

    git clone -q . /tmp/pdfbase && git -C /tmp/pdfbase checkout -q f244810
    make report REGENCY=klaten REPORTS_DIR=/tmp/pdf-reports
    .venv/bin/python bench/bench_publish.py --base /tmp/pdfbase --outputs /tmp/pdf-reports/klaten

The baseline is a whole checkout (code, template, data), so that both trees read the same inputs
from their own root. Its first run fills its disk cache (one untimed run of each tree comes first).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("provenance", "render", "privacy", "annex", "publish")

CHILD = r"""
import gc, json, os, resource, shutil, sys, time
from pathlib import Path

source, work, regency = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
shutil.rmtree(work, ignore_errors=True)
staging = work / "staging"
built = source / ".current" if (source / ".current").exists() else source
leave_out = shutil.ignore_patterns(".manifest", "brief.pdf", "*.typ", "*.md")
shutil.copytree(built, staging, symlinks=False, ignore=leave_out)
from analysis import params, provenance, render, privacy, publish
from analysis.labels import annex_labels
from analysis.pockets import annex
validated = params.load(regency)
cpu, wall = {}, {}

def used():
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total

def timed(name, call):
    gc.collect()  # untimed: a full collection owed to an earlier step's garbage is not this one's
    before, started = used(), time.perf_counter()
    value = call()
    wall[name] = time.perf_counter() - started
    cpu[name] = used() - before  # user + system, own and children's (pandoc)
    return value

def record():
    provenance.manifest_digest(validated, "", "pandoc")
    return provenance.record(validated)

made = timed("provenance", record)
(work / "run.json").write_text(json.dumps(made.to_json(), sort_keys=True, indent=1))
literals = render.user_strings(validated, staging)
notebook = staging / "notebooks" / "05-brief.ipynb"
timed("render", lambda: render.render_brief(notebook, staging, "pandoc", literals))
timed("privacy", lambda: privacy.check_outputs(staging))
summary = json.loads((staging / "results" / "pockets.json").read_text())
labels = annex_labels(validated.language, validated.kode_bps)
timed("annex", lambda: annex.write_annex_xlsx(summary, work / "annex.xlsx", labels))
shutil.copy(staging / "brief.pdf", work / "brief.pdf")
shutil.copy(staging / "brief.typ", work / "brief.typ")
folder = work / "reports" / regency
folder.mkdir(parents=True)
names = sorted(p.name for p in staging.iterdir() if publish.is_published_name(p.name))
timed("publish", lambda: publish.publish(staging, folder, names, "id", "digest"))
print(json.dumps({"cpu": cpu, "wall": wall}))
"""


def run_tree(root: Path, outputs: Path, work: Path, regency: str) -> dict:
    """One fresh process importing the package from ``root/src``: seconds of each step."""
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(outputs), str(work), regency],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"{root}: the steps failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def pdf_text(path: Path) -> str:
    """``pdftotext -layout`` of a PDF, the build's commit (7 or 40 hex digits) masked."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\b(?=[0-9a-f]*[a-f])[0-9a-f]{7}(?:[0-9a-f]{33})?\b", "<commit>", text)


def sheet_differences(old: Path, new: Path) -> list[str]:
    """Every difference between two workbooks: sheets, cells (value, type, number format,
    font, fill, alignment), column widths, frozen panes, filter and print setup."""
    from openpyxl import load_workbook

    a, b = load_workbook(old), load_workbook(new)
    if a.sheetnames != b.sheetnames:
        return [f"sheets {a.sheetnames} != {b.sheetnames}"]
    found = []
    for x, y in zip(a.worksheets, b.worksheets, strict=True):
        for row in range(1, max(x.max_row, y.max_row) + 1):
            for column in range(1, max(x.max_column, y.max_column) + 1):
                p, q = _cell_key(x.cell(row, column)), _cell_key(y.cell(row, column))
                if p != q:
                    found.append(f"{x.title}!R{row}C{column}: {p} != {q}")
        if _sheet_key(x) != _sheet_key(y):
            found.append(f"{x.title}: layout {_sheet_key(x)} != {_sheet_key(y)}")
    return found


def _cell_key(cell) -> tuple:
    font, fill, alignment = cell.font, cell.fill, cell.alignment
    color = font.color.rgb if font.color is not None else None
    return (
        cell.value,
        cell.data_type,
        cell.number_format,
        (font.b, font.sz, color),
        (fill.fill_type, fill.fgColor.rgb),
        (alignment.wrap_text, alignment.vertical),
    )


def _sheet_key(sheet) -> tuple:
    widths = {k: v.width for k, v in sheet.column_dimensions.items() if v.customWidth}
    setup = sheet.page_setup
    return (
        widths,
        sheet.freeze_panes,
        sheet.auto_filter.ref,
        sheet.print_title_rows,
        (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight),
        sheet.sheet_properties.pageSetUpPr.fitToPage,
    )


def extractor_words(pdf: Path) -> tuple[int, list[str], list[str]]:
    """Words (``\\w+``, counted) of a PDF's text as pypdf and as PDFium read it: the number of
    distinct words, and the words (with their counts) only one of them found."""
    from collections import Counter

    import pypdfium2
    from pypdf import PdfReader

    old = " ".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    document = pypdfium2.PdfDocument(pdf)
    new = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    a, b = Counter(re.findall(r"\w+", old)), Counter(re.findall(r"\w+", new))
    return len(a), sorted((a - b).elements()), sorted((b - a).elements())


def compare(base: Path, new: Path) -> list[str]:
    """Differences between the outputs of the baseline's and this checkout's last runs."""
    problems = []
    if (base / "brief.typ").read_text() != (new / "brief.typ").read_text():
        problems.append("brief.typ differs")
    if pdf_text(base / "brief.pdf") != pdf_text(new / "brief.pdf"):
        problems.append("the PDF text differs (pdftotext -layout, commit masked)")
    problems += sheet_differences(base / "annex.xlsx", new / "annex.xlsx")[:20]
    records = [json.loads((folder / "run.json").read_text()) for folder in (base, new)]
    for record in records:
        record.pop("git", None)
    if records[0] != records[1]:
        problems.append("run record differs (git state aside)")
    return problems


def main() -> int:
    """Alternate the two checkouts, print the medians, compare the outputs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="a baseline checkout (its root folder)")
    parser.add_argument("--outputs", required=True, help="a built regency folder (reports/<r>)")
    parser.add_argument("--regency", default="", help="its slug (default: the folder's name)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per checkout")
    arguments = parser.parse_args()
    outputs = Path(arguments.outputs).resolve()
    regency = arguments.regency or outputs.name
    trees = {"base": Path(arguments.base).resolve(), "new": ROOT}
    scratch = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    times = {name: [] for name in trees}
    for name, root in trees.items():  # untimed: fills each tree's disk cache
        run_tree(root, outputs, scratch / name, regency)
    for _ in range(arguments.runs):
        for name, root in trees.items():
            times[name].append(run_tree(root, outputs, scratch / name, regency))
    print(f"{regency}: median of {arguments.runs} alternated fresh processes per checkout")
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    header = ("step", "CPU base", "CPU new", "ratio", "wall base", "wall new")
    print("{:<12} {:>9} {:>9} {:>6} {:>10} {:>9}".format(*header))
    for step in (*STEPS, "total"):

        def median(name, kind, step=step):
            values = [
                sum(run[kind].values()) if step == "total" else run[kind][step]
                for run in times[name]
            ]
            return statistics.median(values)

        cpu_base, cpu_new = median("base", "cpu"), median("new", "cpu")
        print(
            f"{step:<12} {cpu_base:9.3f} {cpu_new:9.3f} {cpu_new / max(cpu_base, 1e-9):6.2f} "
            f"{median('base', 'wall'):10.3f} {median('new', 'wall'):9.3f}"
        )
    distinct, only_pypdf, only_pdfium = extractor_words(scratch / "new" / "brief.pdf")
    print(
        f"brief text: {distinct} distinct words; only pypdf: {only_pypdf or 'none'}; "
        f"only PDFium: {only_pdfium or 'none'}"
    )
    problems = compare(scratch / "base", scratch / "new")
    if only_pypdf:
        problems.append("PDFium missed words pypdf found")
    print("outputs: " + ("identical" if not problems else "DIFFERENT\n  " + "\n  ".join(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

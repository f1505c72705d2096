"""Rendering: the shared Typst template compiles offline and both renderers use the same parts."""

import json
import re

import nbformat
import pytest
import yaml
from pypdf import PdfReader

from analysis import paths, render
from analysis.errors import InputError

SAMPLE = """---
org: "Bapperida Kabupaten Contoh · Sekretariat TKPK"
title: "Brief Rapat Koordinasi TKPK"
subtitle: "Kabupaten Contoh — evaluasi 2025"
date: "27 November 2025"
vintage: "Data: BPS, Susenas Maret 2025"
header-left: "Brief · Kabupaten Contoh"
footer: "commit abc1234"
lang: "id"
doc-date: "year: 2025, month: 11, day: 27"
---

```{=typst}
#keyfigures(([P0 2025], [11,00 %], [turun 1,04 poin]), ([Peringkat], [10 / 35], [2025]))
```

# Kantong kemiskinan `#simulasi()`{=typst}

```{=typst}
#rulecard([Metode penentuan lokus], [desa dipilih ...])
```

| Tahun | P0 |
|---|---|
| 2025 | 11,00 |

: Tabel contoh
"""


def test_template_compiles_offline_with_every_macro(tmp_path):
    """pandoc + the shared template + Typst give a PDF with the title block and every macro."""
    source = tmp_path / "brief.typ"
    source.write_text(render.markdown_to_typst(SAMPLE), encoding="utf-8")
    pdf = render.compile_typst(source, tmp_path / "brief.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    for expected in (
        "Brief Rapat Koordinasi TKPK",
        "27 November 2025",
        "11,00 %",
        "SIMULASI",
        "Metode penentuan lokus",
        "Tabel contoh",
        "commit abc1234",
    ):
        assert expected in text, expected


def test_pandoc_template_includes_exactly_the_quarto_partials():
    """brief.pandoc.typ includes the same partials the Quarto format lists, so they cannot drift."""
    manifest = yaml.safe_load((paths.TEMPLATE_DIR / "_extension.yml").read_text())
    partials = manifest["contributes"]["formats"]["typst"]["template-partials"]
    included = re.findall(r"\$([\w.-]+)\(\)\$", render.PANDOC_TEMPLATE.read_text())
    assert included == partials
    for name in partials:
        assert (paths.TEMPLATE_DIR / name).exists()


def test_template_uses_no_preview_packages_or_fetched_fonts():
    """The template imports no @preview package and names only fonts Typst embeds."""
    for path in paths.TEMPLATE_DIR.glob("*.typ"):
        text = path.read_text()
        assert not re.search(r'#import\s+"@', text)
        fonts = re.findall(r"font:\s*\(([^)]*)\)", text)
        assert all(
            name.strip().strip('"') in {"Libertinus Serif", "New Computer Modern"}
            for group in fonts
            for name in group.split(",")
        )


def test_quarto_renderer_without_quarto_says_what_to_do(tmp_path, monkeypatch):
    """RENDERER=quarto without a quarto binary fails with a message saying how to install it."""
    monkeypatch.setattr(render.shutil, "which", lambda name: None)
    with pytest.raises(InputError, match="quarto"):
        render.render_brief(tmp_path / "brief.ipynb", tmp_path, renderer="quarto")


FAKE_QUARTO = """#!/bin/sh
# A stand-in for quarto: versions, and a render that keeps what it was given.
case "$1" in
  --version) printf '1.7.34' ;;
  typst) echo "typst 0.13.0 (stand-in)" >&2 ;;
  render) echo "$@" > quarto-args.txt; cp "$2" quarto-input.md; touch brief.pdf ;;
esac
"""


def _fake_quarto(tmp_path, monkeypatch):
    import shutil
    import stat

    fake = tmp_path / "quarto"
    fake.write_text(FAKE_QUARTO)
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    which = shutil.which  # patched module-wide: other programs must still be found as before
    monkeypatch.setattr(
        render.shutil, "which", lambda name: str(fake) if name == "quarto" else which(name)
    )
    staging = tmp_path / "staging"
    (staging / "results").mkdir(parents=True)
    return staging


def _brief_notebook(path, outputs: list[str], notes: str = "05 · Brief\n\nValidate the params."):
    """An executed brief notebook: a Markdown cell of notes, then code cells with outputs."""
    cells = [nbformat.v4.new_markdown_cell(notes)]
    for markdown in outputs:
        output = nbformat.v4.new_output("display_data", data={"text/markdown": markdown})
        cells.append(nbformat.v4.new_code_cell(outputs=[output]))
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


FIGURE_BLOCK = "```{=typst}\n#figure(rect(), caption: [Contoh])\n```"


def test_quarto_renderer_gets_only_code_outputs_and_the_shared_extension(tmp_path, monkeypatch):
    """RENDERER=quarto renders the code outputs only (never the notebook's Markdown cells), with
    the same template and the supplements in the front matter, and names the tools it used."""
    staging = _fake_quarto(tmp_path, monkeypatch)
    front = (
        '---\ntitle: "Brief"\ndate: "27 November 2025"\nvintage: "Data: BPS, Susenas Maret 2025"'
    )
    front += '\nlang: "id"\n---'
    notebook = _brief_notebook(tmp_path / "05-brief.ipynb", [front, FIGURE_BLOCK])
    produced = render.render_brief(notebook, staging, renderer="quarto")
    assert produced == ["brief.pdf"]
    assert produced.tools == {"renderer": "quarto", "renderer_version": "1.7.34", "typst": "0.13.0"}
    arguments = (staging / "quarto-args.txt").read_text().split()
    assert arguments[:4] == ["render", "brief.md", "--to", "tkpk-typst"]
    given = (staging / "quarto-input.md").read_text()
    assert "05 · Brief" not in given and "Validate the params" not in given
    assert "#figure(rect(), caption: [Contoh])" in given and "![" not in given
    metadata = render.front_matter(given)
    assert metadata["vintage"] == "Data: BPS, Susenas Maret 2025"
    assert (metadata["figure-supplement"], metadata["table-supplement"]) == ("Gambar", "Tabel")
    # Quarto reformats a "date" it can parse ("2025-11-27"): the formatted date goes by another key.
    assert metadata["meeting-date"] == "27 November 2025" and "date" not in metadata
    assert (staging / "_extensions" / "tkpk" / "typst-template.typ").read_bytes() == (
        paths.TEMPLATE_DIR / "typst-template.typ"
    ).read_bytes()


def test_pandoc_renderer_names_pandoc_and_the_typst_package(tmp_path):
    """The default renderer reports pandoc's version and the PyPI Typst compiler's version."""
    from importlib import metadata

    staging = tmp_path / "staging"
    staging.mkdir()
    notebook = _brief_notebook(tmp_path / "05-brief.ipynb", [SAMPLE])
    produced = render.render_brief(notebook, staging)
    assert produced == ["brief.pdf"] and (staging / "brief.pdf").exists()
    assert produced.tools["renderer"] == "pandoc"
    assert re.fullmatch(r"\d+\.\d+(\.\d+)*", produced.tools["renderer_version"])
    assert produced.tools["typst"] == metadata.version("typst")


def _pdf_text(markdown: str, tmp_path) -> str:
    source = tmp_path / "brief.typ"
    source.write_text(render.markdown_to_typst(markdown), encoding="utf-8")
    pdf = render.compile_typst(source, tmp_path / "brief.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    return text.replace("\xa0", " ")  # Typst joins "Gambar" and its number with a no-break space


def test_figure_and_table_supplements_follow_the_brief_language(tmp_path):
    """Captions read "Gambar 1"/"Tabel 1" in Indonesian and "Figure 1"/"Table 1" in English."""
    sample = SAMPLE.replace("# Kantong", FIGURE_BLOCK + "\n\n# Kantong")
    text = _pdf_text(render.with_supplements(sample), tmp_path)
    assert "Gambar 1" in text and "Tabel 1" in text and "Figure" not in text
    english = render.with_supplements(sample.replace('lang: "id"', 'lang: "en"'))
    text = _pdf_text(english, tmp_path)
    assert "Figure 1" in text and "Table 1" in text and "Gambar" not in text


def test_supplements_come_from_the_catalogue_not_from_typst(tmp_path, monkeypatch):
    """The template prints the catalogue's supplement whatever Typst's own word for the language
    (Typst 0.13, bundled by Quarto 1.7/1.8, has none for Indonesian)."""
    from analysis import labels

    monkeypatch.setitem(labels.CATALOGUE["id"], "supplement_figure", "Gbr-uji")
    monkeypatch.setitem(labels.CATALOGUE["id"], "supplement_table", "Tbl-uji")
    sample = SAMPLE.replace("# Kantong", FIGURE_BLOCK + "\n\n# Kantong")
    text = _pdf_text(render.with_supplements(sample), tmp_path)
    assert "Gbr-uji 1" in text and "Tbl-uji 1" in text


def test_brief_draws_every_figure_as_raw_typst():
    """No brief module writes a Markdown image (Quarto would number it with its own counter)."""
    from analysis import brief

    for path in sorted(paths.ROOT.joinpath("src", "analysis", "brief").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert "![" not in source and "(figures/" not in source, path.name
    assert brief  # the package whose modules were read


def test_number_and_percent_stay_on_one_line(tmp_path):
    """In columns of many widths "(9,48 %)" is never broken between the number and its unit
    (without the template's rule, 11 of these 50 widths break it)."""
    body = "\n".join(
        f"#block(width: {width / 100:.2f}cm)[Angka kemiskinan turun (9,48 %) dari tahun lalu.]"
        for width in range(150, 400, 5)
    )
    sample = SAMPLE.split("```{=typst}")[0] + "```{=typst}\n" + body + "\n```\n"
    text = _pdf_text(sample, tmp_path)
    assert text.count("(9,48 %)") == 50  # each block: number and unit unbroken on one line


HOSTILE_NAME = "Kabupaten Contoh `#upper[awas]`{=typst} **tebal** # judul <b>x</b> $1$"


def test_markup_in_a_regency_name_is_printed_not_executed(tmp_path):
    """Raw Typst and Markdown in a name read by the params loader appear literally in the PDF,
    in the title block (front matter) and in the body, and never as Typst code."""
    import shutil

    from analysis import params

    source = (paths.PARAMS_DIR / "klaten.yml").read_text(encoding="utf-8")
    source = source.replace("name: Kabupaten Klaten", f"name: {json.dumps(HOSTILE_NAME)}", 1)
    path = tmp_path / "klaten.yml"
    path.write_text(source, encoding="utf-8")
    loaded = params.load_file(path)
    assert loaded.name == HOSTILE_NAME
    markdown = SAMPLE.replace("Kabupaten Contoh", loaded.name) + f"\nBrief {loaded.name}.\n"
    protected = render.protect_user_text(markdown, render.user_strings(loaded))
    typst_source = render.markdown_to_typst(protected)
    assert not re.search(r"(?<!\\)#upper", typst_source)
    assert "strong" not in typst_source and "<b>" not in typst_source.replace("\\<b\\>", "")
    target = tmp_path / "brief.typ"
    target.write_text(typst_source, encoding="utf-8")
    shutil.copy(paths.TEMPLATE_DIR / "typst-template.typ", tmp_path)
    text = "\n".join(
        page.extract_text()
        for page in PdfReader(render.compile_typst(target, tmp_path / "b.pdf")).pages
    )
    assert "#upper[awas]" in text and "**tebal**" in text
    assert "AWAS" not in text.replace("#UPPER[AWAS]", "")  # the template upper-cases "org" only


def test_markdown_literal_escapes_every_symbol():
    """Each ASCII punctuation character is backslash-escaped; line breaks become spaces."""
    assert render.markdown_literal("a*b\n#c") == "a\\*b \\#c"


def test_markup_in_a_regency_name_is_printed_not_executed_on_quarto(tmp_path, monkeypatch):
    """On the Quarto path too, raw Typst and Markdown in a regency's name (title block and body)
    reach Quarto escaped: compiled as Quarto does (pandoc, then Typst) they print literally."""
    import shutil

    from analysis import params

    source = (paths.PARAMS_DIR / "klaten.yml").read_text(encoding="utf-8")
    source = source.replace("name: Kabupaten Klaten", f"name: {json.dumps(HOSTILE_NAME)}", 1)
    (tmp_path / "klaten.yml").write_text(source, encoding="utf-8")
    loaded = params.load_file(tmp_path / "klaten.yml")
    staging = _fake_quarto(tmp_path, monkeypatch)
    markdown = SAMPLE.replace("Kabupaten Contoh", loaded.name) + f"\nBrief {loaded.name}.\n"
    notebook = _brief_notebook(tmp_path / "05-brief.ipynb", [markdown])
    render.render_brief(notebook, staging, "quarto", render.user_strings(loaded))
    typst_source = render.markdown_to_typst((staging / "quarto-input.md").read_text())
    assert not re.search(r"(?<!\\)#upper", typst_source)
    target = tmp_path / "q.typ"
    target.write_text(typst_source, encoding="utf-8")
    shutil.copy(paths.TEMPLATE_DIR / "typst-template.typ", tmp_path)
    pdf = render.compile_typst(target, tmp_path / "q.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert text.count("#upper[awas]") >= 2 and "**tebal**" in text  # subtitle and body
    assert "AWAS" not in text.replace("#UPPER[AWAS]", "")


def test_missing_quarto_message_is_bilingual(tmp_path, monkeypatch):
    """RENDERER=quarto without quarto says what to do in Indonesian ('pasang'), then English."""
    monkeypatch.setattr(render.shutil, "which", lambda name: None)
    with pytest.raises(InputError) as error:
        render.render_brief(tmp_path / "brief.ipynb", tmp_path, renderer="quarto")
    first, second = str(error.value).split("\n(en) ")
    assert first.startswith("RENDERER=quarto: program 'quarto' tidak ada di PATH; pasang Quarto")
    assert second.startswith("RENDERER=quarto: no 'quarto' program on PATH; install Quarto")


def test_a_process_forked_after_a_compilation_still_compiles(tmp_path):
    """Typst's compiler threads are not copied by a fork: a child forked after its parent compiled
    still gets its PDF (in a new interpreter) instead of waiting forever."""
    import subprocess
    import sys

    script = """
import os, signal, sys
from pathlib import Path
from analysis import render
folder = Path(sys.argv[1])
source = folder / "a.typ"
source.write_text("Halo")
render.compile_typst(source, folder / "parent.pdf")
pid = os.fork()
if pid == 0:
    signal.alarm(60)  # the old behaviour: a wait without end
    render.compile_typst(source, folder / "child.pdf")
    os._exit(0)
os._exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
"""
    run = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert (tmp_path / "child.pdf").read_bytes().startswith(b"%PDF")

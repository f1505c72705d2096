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


def test_quarto_renderer_uses_the_shared_extension_and_metadata(tmp_path, monkeypatch):
    """RENDERER=quarto copies the same template and renders the executed notebook with it."""
    import json
    import stat

    fake = tmp_path / "quarto"
    fake.write_text('#!/bin/sh\necho "$@" > quarto-args.txt\ntouch brief.pdf\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(render.shutil, "which", lambda name: str(fake))
    staging = tmp_path / "staging"
    (staging / "results").mkdir(parents=True)
    (staging / "results" / "brief_metadata.json").write_text(
        json.dumps({"title": "Brief", "vintage": "Data: BPS, Susenas Maret 2025"})
    )
    notebook = tmp_path / "05-brief.ipynb"
    front = '---\ntitle: "Brief"\nvintage: "Data: BPS, Susenas Maret 2025"\n---'
    cell = nbformat.v4.new_code_cell(
        outputs=[
            nbformat.v4.new_output("display_data", data={"text/markdown": front}),
        ]
    )
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), notebook)
    assert render.render_brief(notebook, staging, renderer="quarto") == ["brief.pdf"]
    arguments = (staging / "quarto-args.txt").read_text()
    assert "--to tkpk-typst" in arguments and "--no-execute" in arguments
    assert (staging / "_extensions" / "tkpk" / "typst-template.typ").read_bytes() == (
        paths.TEMPLATE_DIR / "typst-template.typ"
    ).read_bytes()
    metadata = yaml.safe_load((staging / "brief_metadata.yml").read_text())
    assert metadata["vintage"] == "Data: BPS, Susenas Maret 2025"


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

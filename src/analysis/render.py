"""Turn the executed brief notebook into the PDF, without executing anything again.

Default path: the notebook's Markdown outputs (text, raw Typst blocks, figure references) are
joined into one Markdown document; pandoc (PyPI ``pypandoc-binary``) converts it to Typst with the
project's template (``_extensions/tkpk/``) and the Typst compiler (PyPI ``typst``) writes the PDF.
Quarto path (``RENDERER=quarto``, when ``quarto`` is on PATH): ``quarto render`` of that same
Markdown document (only code outputs: the notebook's own Markdown cells never reach the brief),
with the same template as a custom Typst format. Both paths escape the user's strings the same
way, set the figure and table supplements ("Gambar"/"Tabel") for the brief's language whatever
the Typst version, and report the renderer, its version and the Typst version that wrote the PDF
(`Rendered.tools`, recorded in ``run.json``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import string
import subprocess
from pathlib import Path

import nbformat

from analysis import labels, paths
from analysis.errors import InputError

PANDOC_TEMPLATE = paths.TEMPLATE_DIR / "brief.pandoc.typ"


def notebook_markdown(notebook_path: Path) -> str:
    """Return the Markdown outputs of an executed notebook, in order, as one document."""
    notebook = nbformat.read(notebook_path, as_version=4)
    parts = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                raise RuntimeError(f"{notebook_path}: a cell failed ({output.get('ename')}).")
            markdown = output.get("data", {}).get("text/markdown")
            if markdown:
                parts.append(markdown if isinstance(markdown, str) else "".join(markdown))
    return "\n\n".join(parts) + "\n"


def front_matter(markdown: str) -> dict:
    """Return the YAML front matter at the top of the brief's Markdown (its document metadata)."""
    import yaml

    if not markdown.startswith("---\n"):
        raise RuntimeError("the brief notebook did not start with its front matter")
    block = markdown[4 : markdown.index("\n---", 4)]
    return yaml.safe_load(block)


_RAW_BLOCK = re.compile(r"^```\{=typst\}\n.*?\n```$", re.DOTALL | re.MULTILINE)
_PUNCTUATION = frozenset(string.punctuation)


def markdown_literal(text: str) -> str:
    """Escape text so that pandoc's Markdown reads it as plain text, never as markup.

    Every ASCII punctuation character is backslash-escaped (pandoc's ``all_symbols_escapable``)
    and line breaks become spaces, so `` `#upper[x]`{=typst} ``, ``**x**`` or ``# x`` in a
    regency's name stay those characters; pandoc then escapes them again for Typst.
    """
    flat = " ".join(str(text).split())
    return "".join("\\" + c if c in _PUNCTUATION else c for c in flat)


def user_strings(params, staging: Path | None = None) -> list[str]:
    """The user's own texts that reach the brief: names and notes in the parameters, and the
    label of the user's village file (``source_name`` in the staged results)."""
    found = [params.name, params.province_name, params.target_note]
    if params.target is not None:
        found += [params.target.kind]
    if staging is not None:
        for path in sorted((staging / "results").glob("*.json")):
            stack = [json.loads(path.read_text(encoding="utf-8"))]
            while stack:
                value = stack.pop()
                if isinstance(value, dict):
                    found += [v for k, v in value.items() if k == "source_name"]
                    stack += list(value.values())
                elif isinstance(value, list):
                    stack += value
    return sorted(
        {text for text in found if isinstance(text, str) and _needs_escaping(text)},
        key=len,
        reverse=True,
    )


def _needs_escaping(text: str) -> bool:
    return any(c in _PUNCTUATION or c in "\n\r\t" for c in text)


def protect_user_text(markdown: str, literals: list[str]) -> str:
    """Escape every occurrence of the user's texts in the brief's Markdown (outside raw Typst
    blocks, whose text `analysis.brief.typst_text` already escaped), front matter included.

    The brief is assembled from label templates that may hold Markdown on purpose; only the
    user's strings (`user_strings`) are turned into literal text.
    """
    literals = [text for text in literals if text and _needs_escaping(text)]
    if not literals:
        return markdown
    pattern = re.compile("|".join(re.escape(text) for text in literals))
    body = markdown
    front = ""
    if markdown.startswith("---\n") and "\n---" in markdown[4:]:
        end = markdown.index("\n---", 4) + len("\n---")
        values = front_matter(markdown)
        lines = ["---"]
        for key, value in values.items():
            if isinstance(value, str):
                value = pattern.sub(lambda m: markdown_literal(m.group()), value)
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
        front, body = "\n".join(lines) + "\n---", markdown[end:]
    pieces = []
    position = 0
    for block in _RAW_BLOCK.finditer(body):
        text = body[position : block.start()]
        pieces += [pattern.sub(lambda m: markdown_literal(m.group()), text), block.group()]
        position = block.end()
    pieces.append(pattern.sub(lambda m: markdown_literal(m.group()), body[position:]))
    return front + "".join(pieces)


class Rendered(list):
    """The files a render produced (a list of names), with ``tools``: the renderer, its version
    and the Typst version that wrote the PDF (``run.json`` records them)."""

    def __init__(self, files, tools: dict[str, str]):
        super().__init__(files)
        self.tools = tools


def with_supplements(markdown: str) -> str:
    """Prepare the front matter for both renderers: add the caption supplements of the brief's
    language (``lang``) from the catalogue (``figure-supplement``, ``table-supplement``) and pass
    the formatted meeting date as ``meeting-date``, which Quarto prints as written (it parses a
    ``date`` and reformats it: "27 November 2025" became "2025-11-27")."""
    values = front_matter(markdown)
    lang = values.get("lang") if values.get("lang") in ("id", "en") else "id"
    values["figure-supplement"] = labels.text("supplement_figure", lang)
    values["table-supplement"] = labels.text("supplement_table", lang)
    if "date" in values:
        values["meeting-date"] = values.pop("date")
    end = markdown.index("\n---", 4) + len("\n---")
    lines = [
        "---",
        *(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()),
    ]
    return "\n".join(lines) + "\n---" + markdown[end:]


def brief_markdown(notebook_path: Path, literals: list[str]) -> str:
    """The one Markdown document both renderers read: the notebook's code outputs, with the
    caption supplements in the front matter and the user's texts escaped as plain text."""
    return protect_user_text(with_supplements(notebook_markdown(notebook_path)), literals)


def markdown_to_typst(markdown: str) -> str:
    """Convert the brief's Markdown to Typst source with the project template."""
    import pypandoc

    # verify_format=False: pypandoc would otherwise start pandoc twice more on every call, to
    # list the formats it knows; "markdown" and "typst" are fixed here (pandoc >= 3.1.2 reads the
    # pinned template), and an unknown format still fails, in pandoc itself.
    return pypandoc.convert_text(
        markdown,
        "typst",
        format="markdown",
        extra_args=[f"--template={PANDOC_TEMPLATE}", "--wrap=none"],
        verify_format=False,
    )


# The process that first compiled with Typst's library. Its compiler keeps worker threads, which
# a fork does not copy: a process forked after its parent compiled waits forever in its own first
# compilation (reproduced). Such a process compiles in a new interpreter instead.
_COMPILED_IN: list[int] = []
_COMPILE_SCRIPT = (
    "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3], "
    "ignore_system_fonts=True)"
)


def compile_typst(source: Path, pdf: Path) -> Path:
    """Compile Typst source to PDF with the embedded fonts only (nothing fetched)."""
    import sys

    import typst

    temporary = pdf.with_suffix(".pdf.tmp")
    if _COMPILED_IN and _COMPILED_IN[0] != os.getpid():  # forked after a compilation
        arguments = [str(source), str(temporary), str(source.parent)]
        run = subprocess.run(
            [sys.executable, "-c", _COMPILE_SCRIPT, *arguments], capture_output=True, text=True
        )
        if run.returncode != 0:
            raise RuntimeError(f"Typst failed:\n{run.stderr[-2000:]}")
    else:
        typst.compile(
            str(source), output=str(temporary), root=str(source.parent), ignore_system_fonts=True
        )
        _COMPILED_IN[:] = [os.getpid()]
    os.replace(temporary, pdf)
    return pdf


def render_brief(
    notebook_path: Path, staging: Path, renderer: str = "pandoc", literals: list[str] = ()
) -> Rendered:
    """Render the executed brief notebook in the staging folder; return the files produced.

    ``literals`` are the user's texts (`user_strings`): escaped as plain text wherever they
    appear, on both renderers, so a name holding Markdown or raw Typst is printed, never
    executed. The result's ``tools`` name the renderer, its version and the Typst version.
    """
    if renderer == "quarto":
        quarto = shutil.which("quarto")
        if quarto is None:
            raise InputError(labels.both("errd_run_quarto"))
    markdown = brief_markdown(notebook_path, list(literals))
    source = staging / "brief.md"
    source.write_text(markdown, encoding="utf-8")
    if renderer == "quarto":
        tools = _render_quarto(quarto, source)
    else:
        import pypandoc

        typst_source = staging / "brief.typ"
        typst_source.write_text(markdown_to_typst(markdown), encoding="utf-8")
        compile_typst(typst_source, staging / "brief.pdf")
        tools = {
            "renderer": "pandoc",
            "renderer_version": pypandoc.get_pandoc_version(),
            "typst": _package_version("typst"),
        }
    produced = ["brief.pdf"] + [p.name for p in staging.glob("lampiran_*.xlsx")]
    return Rendered(produced, tools)


def _package_version(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"


def _version_of(command: list[str], cwd: Path) -> str:
    """The first version number a tool prints for ``command`` ("1.7.34"), or "unknown"."""
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    # `quarto typst --version` prints on stderr (Quarto passes Typst's streams through).
    found = re.search(r"\d+\.\d+(?:\.\d+)?", (done.stdout or "") + (done.stderr or ""))
    return found.group() if done.returncode == 0 and found else "unknown"


def _render_quarto(quarto: str, source: Path) -> dict[str, str]:
    """``quarto render`` of the brief's Markdown with the project's format; the tools used.

    Quarto reads the same document as the pandoc path (front matter included), not the executed
    notebook: the notebook's Markdown cells are notes for researchers, not part of the brief.
    """
    staging = source.parent
    shutil.copytree(paths.TEMPLATE_DIR, staging / "_extensions" / "tkpk", dirs_exist_ok=True)
    command = [quarto, "render", source.name, "--to", "tkpk-typst", "--no-execute"]
    subprocess.run(command, cwd=staging, check=True)
    return {
        "renderer": "quarto",
        "renderer_version": _version_of([quarto, "--version"], staging),
        # The Typst that Quarto bundles (0.13 in Quarto 1.7 and 1.8), not the PyPI package.
        "typst": _version_of([quarto, "typst", "--version"], staging),
    }

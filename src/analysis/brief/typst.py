"""Typst building blocks of the brief: escaped text, captioned tables, raw blocks.

Every string that reaches Typst content goes through `typst_text`, so text is never parsed as
markup.
"""

from __future__ import annotations

_TYPST_SPECIAL = str.maketrans({c: "\\" + c for c in "\\#$*_[]<>@`~=-+/\"'"})


def typst_text(value: str) -> str:
    """Escape text for use inside Typst content brackets."""
    return str(value).translate(_TYPST_SPECIAL)


def typst_table(header: list[str], rows: list[list[str]], align: list[str], caption: str) -> str:
    """Typst code of a captioned table with escaped cells; auto columns wrap, never overflow.

    Returns the expression without a leading ``#``, so it can stand inside a grid cell or be
    wrapped with ``raw_typst("#" + ...)`` as a block of its own.
    """
    cells = ", ".join(f"[{typst_text(h)}]" for h in header)
    body = ",\n    ".join(", ".join(f"[{typst_text(c)}]" for c in row) for row in rows)
    return (
        f"figure(kind: table, caption: [{typst_text(caption)}],\n"
        f"  table(columns: {len(header)}, align: ({', '.join(align)},),\n"
        f"    table.header({cells}),\n    {body},\n  ))"
    )


def raw_typst(code: str) -> str:
    """Wrap Typst code as a raw block that pandoc and Quarto pass through unchanged."""
    return f"```{{=typst}}\n{code}\n```"

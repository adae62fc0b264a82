"""Documentation boxes of the CRT tables: the compiler's text, read from the project folder.

Every CRT sectoral table ends with a documentation box where the Party gives the information
the table cannot hold (references to the NID, explanations of "Other" rows, deviations). The
text of sheet ``<sheet>`` comes from ``<project>/documentation/<sheet>.md`` (or ``.txt``), e.g.
``documentation/Table1.A(a)s1.md``; it is written below the table as text (never a formula)
and captured like any cell (row "Documentation box", column "docbox"), so it reaches the ETF
JSON as a text value. A sheet without a file gets no box.
"""

from __future__ import annotations

from pathlib import Path

from .layout import Column, Formats, SheetContext, write_row

__all__ = ["DOCBOX_DIR", "DOCBOX_ROW", "DOCBOX_COLUMN", "read_documentation", "write_docbox"]

DOCBOX_DIR = "documentation"
DOCBOX_ROW = "Documentation box"
DOCBOX_COLUMN = Column("docbox", "Documentation box", "", width=100)


def read_documentation(project_root: Path | str, sheets: list[str] | None = None
                       ) -> dict[str, str]:
    """sheet name -> documentation-box text for the files in ``<project>/documentation/``.

    Only ``.md`` and ``.txt`` files count; an empty file gives no box. ``sheets`` (the
    registered sheet names) restricts the result; a file for an unknown sheet is ignored.
    """
    folder = Path(project_root) / DOCBOX_DIR
    out: dict[str, str] = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".md", ".txt") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8").strip()
        if text and (sheets is None or path.stem in sheets):
            out[path.stem] = text
    return out


def write_docbox(ws, fmt: Formats, sheet: str, ctx: SheetContext, row: int | None = None
                 ) -> None:
    """Write the documentation box of ``sheet`` two rows below the last written row."""
    text = (ctx.documentation or {}).get(sheet)
    if not text:
        return
    if row is None:
        last = getattr(ws, "dim_rowmax", None)
        row = last + 2 if isinstance(last, int) else 0
    write_row(ws, fmt, row, DOCBOX_ROW, [str(text)], [DOCBOX_COLUMN], bold=True)

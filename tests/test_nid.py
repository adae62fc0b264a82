"""The NID draft: Markdown and Word from the shared small run; an edited narrative block
survives two regenerations; Chinese headings when the language says so."""

from __future__ import annotations

import pytest

from inventory.nid.document import read_narratives, write_nid


@pytest.mark.slow
def test_nid_regenerated_twice_keeps_edited_block(small_run, tmp_path):
    md, docx = write_nid(small_run, tmp_path)
    assert docx.exists() and docx.stat().st_size > 10_000
    assert (tmp_path / "nid_trend_by_sector.png").exists()
    text = md.read_text(encoding="utf-8")
    assert "## Executive summary" in text and "| Sector |" in text
    assert "| CRT category | activity | gas | activity_data |" in text   # AD and factor tables
    blocks = read_narratives(text)
    assert {"es.background", "ch1.circumstances", "ch_recalc.planned"} <= set(blocks)
    edited = text.replace(blocks["ch1.circumstances"],
                          "Demoland's inventory unit sits in the environment ministry.\n")
    md.write_text(edited, encoding="utf-8")
    for _ in range(2):
        md, _docx = write_nid(small_run, tmp_path)
    again = read_narratives(md.read_text(encoding="utf-8"))
    assert again["ch1.circumstances"] == ("Demoland's inventory unit sits in the environment "
                                          "ministry.\n")
    assert again["es.background"] == blocks["es.background"]
    from docx import Document

    paras = [p.text for p in Document(str(_docx)).paragraphs]
    assert any("environment ministry" in p for p in paras)


@pytest.mark.slow
def test_nid_chinese_headings(small_run, tmp_path):
    md, _ = write_nid(small_run, tmp_path, language="zh")
    text = md.read_text(encoding="utf-8")
    assert "## 执行摘要" in text and "国情和机构安排" in text

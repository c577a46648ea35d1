"""Bad input and faults a user can cause, each answered in Chinese with nothing lost: the
command line's own errors, broken pipes, a busy port, control characters in what users type
and in drafts stored before text was cleaned, a briefs file in the wrong encoding."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from drafting.brief import parse_brief
from drafting.export import DocxExporter
from drafting.outline_text import outline_from_markdown
from eval.inputs import read_briefs
from plandraft.cli import main
from plandraft.errors import PlandraftError
from plandraft.models import Brief, Draft, DraftSection, Outline, OutlineItem

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("argv, words", [
    (["revise", "abc", "--section", "三", "--instruction", "精简"], "参数 --section 要写整数，“三”不是整数"),
    (["draft", "实验小学工会2026年工作计划", "--writer", "gpt"], "参数 --writer 不能是“gpt”"),
    (["revise"], "缺少必需的参数：draft_id"),
    (["drafts", "list", "--colour"], "无法识别的参数：--colour"),
    (["draft", "实验小学工会2026年工作计划", "--year"], "参数 --year 后面要写一个值"),
])
def test_command_line_errors_are_chinese_with_exit_code_2(argv, words, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert words in err and "--help" in err and "invalid" not in err


def test_a_closed_pipe_is_quiet(monkeypatch, capsys):
    read, write = os.pipe()
    os.close(read)  # the reader (`| head`) has gone
    out = os.fdopen(write, "w")
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["corpus", "stats"]) == 0
    monkeypatch.undo()
    assert "Traceback" not in capsys.readouterr().err


def test_control_characters_are_removed_at_the_door():
    brief = parse_brief("实验小学工会\x00 2026年上半年\x07工作计划，重点：教代会\x1b",
                        org_type="学校")
    assert not any(ord(ch) < 32 for ch in brief.text) and brief.year == 2026
    outline = outline_from_markdown("# 实验小学\x00工会计划\n## 一、指导思想\x01\n## 二、主要工作\n### （一）办好\x08教代会\n")
    assert outline.title == "实验小学工会计划"
    assert [it.title for it in outline.items][-1] == "办好教代会"


def test_a_draft_stored_with_control_characters_still_exports(tmp_path):
    brief = Brief(text="x", org_name="实验小学", org_type="学校", year=2026, period="年度")
    outline = Outline(title="实验小学工会2026年工作计划\x00",
                      items=[OutlineItem(title="指导思想", kind="指导思想")])
    draft = Draft(id="d1", brief=brief, outline=outline,
                  sections=[DraftSection(title="指导思想", text="坚持以\x00习近平新时代\x0b中国特色社会主义思想为指导。")])
    path = DocxExporter().export(draft, tmp_path / "计划.docx")
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "习近平新时代中国特色社会主义思想为指导" in text


def test_briefs_file_in_another_encoding_is_a_chinese_message(tmp_path):
    path = tmp_path / "briefs.jsonl"
    path.write_bytes('{"brief": "实验小学工会2026年工作计划"}\n'.encode("gb18030"))
    with pytest.raises(PlandraftError, match="不是 UTF-8 编码"):
        read_briefs(str(path))


def test_a_busy_port_names_the_port_and_the_flag(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        env = {**os.environ, "PLANDRAFT_HOME": str(tmp_path)}
        run = subprocess.run([sys.executable, str(ROOT / "app.py"), "--port", str(port)], cwd=ROOT,
                             env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 2, run.stderr[-2000:]
    assert f"端口 {port}" in run.stderr and "--port" in run.stderr


def test_a_corrupted_drafts_database_is_set_aside_not_deleted(tmp_path):
    from drafting.store import DraftStore

    db = tmp_path / "drafts.sqlite3"
    db.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(PlandraftError, match="草稿库文件已损坏") as err:
        DraftStore(db)
    kept = list(tmp_path.glob("drafts.sqlite3.损坏-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not a database")
    assert str(kept[0]) in str(err.value)
    assert DraftStore(db).list() == []  # a fresh store works at once

"""The fault matrix: bad input and faults a user (or a hostile one) can cause, each answered in
Chinese with nothing stored lost. Real files, real processes where a kill is involved.

- the command line's own errors, broken pipes, a busy port, control characters in what users
  type and in drafts stored before text was cleaned, a briefs file in the wrong encoding;
- source files: size limits, zip bombs, malformed Word XML, binary, undecodable, empty,
  unreadable, link loops, and odd but good files (GB18030, traditional, emoji, CRLF, BOM);
- drafts: unknown ids and sections, empty/huge/emoji/English/broken briefs, long instructions,
  export over an existing file, kill -9 while drafting, 4 drafts at once;
- the index: uploads with one name, the same upload twice, too many or too big uploads, a
  malformed upload, --reset after a corrupted store or manifest (the user's files kept), an
  edited file's changed metadata, kill -9 while ingesting.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import zipfile
from dataclasses import replace
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
from plandraft.settings import Settings
from test_retrieval_ingest import PLAN_A, PLAN_B, stored, write_corpus

ROOT = Path(__file__).resolve().parent.parent
BRIEF = "实验小学工会2026年上半年工作计划，重点：教代会、师德建设"


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


def test_an_internal_error_exits_1_and_says_where_the_traceback_is(monkeypatch, capsys, tmp_path):
    import corpus.commands

    def broken(settings):
        raise KeyError("a bug")
    monkeypatch.setenv("PLANDRAFT_HOME", str(tmp_path))
    monkeypatch.setattr(corpus.commands, "stats", broken)
    assert main(["corpus", "stats"]) == 1
    err = capsys.readouterr().err
    log = tmp_path / "logs" / "plandraft.log"
    assert err.startswith("内部错误：KeyError") and str(log) in err and "Traceback" not in err
    assert "KeyError: 'a bug'" in log.read_text(encoding="utf-8")


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


# ---- source files ------------------------------------------------------------------------------
GOOD_LINES = PLAN_A.splitlines()


def _docx(path: Path, lines: list[str] = GOOD_LINES) -> Path:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    doc.save(path)
    return path


def _replace_part(path: Path, part: str, data: bytes) -> Path:
    """path with one zip member's content replaced (the others copied as they are)."""
    with zipfile.ZipFile(path) as src:
        members = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, content in members:
            out.writestr(info.filename, data if info.filename == part else content)
    return path


def _lying_sizes(path: Path, part: str, claimed: int) -> Path:
    """Make the zip's local header and central directory claim `claimed` bytes for `part`, as a
    zip bomb does to pass a size check."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(part).header_offset
    data[local + 22:local + 26] = claimed.to_bytes(4, "little")
    central = data.find(b"PK\x01\x02", data.rfind(b"PK\x05\x06") - 2**20)
    while central != -1:
        if data[central + 46:central + 46 + len(name)] == name:
            data[central + 24:central + 28] = claimed.to_bytes(4, "little")
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path


_BOMB_XML = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxml'
             b'formats.org/wordprocessingml/2006/main"><w:body>' + b" " * (40 * 2**20)
             + b"</w:body></w:document>")


def _bomb(tmp: Path) -> Path:
    return _replace_part(_docx(tmp / "炸弹.docx"), "word/document.xml", _BOMB_XML)


def _lying_bomb(tmp: Path) -> Path:
    return _lying_sizes(_bomb(tmp), "word/document.xml", 2000)


def _malformed(tmp: Path) -> Path:
    return _replace_part(_docx(tmp / "坏XML.docx"), "word/document.xml",
                         '<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p>未闭合'.encode())


def _locked(tmp: Path) -> Path:
    path = tmp / "无权限.txt"
    path.write_text(PLAN_B, encoding="utf-8")
    path.chmod(0)
    return path


def _link_loop(tmp: Path) -> Path:
    folder = tmp / "有循环链接"
    folder.mkdir()
    (folder / "甲.txt").symlink_to(folder / "乙.txt")
    (folder / "乙.txt").symlink_to(folder / "甲.txt")
    (folder / "子目录").symlink_to(folder, target_is_directory=True)  # a folder loop
    return folder


def _write(name: str, data: bytes | str):
    def make(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return path
    return make


BAD_FILES = [
    ("huge_txt", _write("巨大.txt", "工会工作计划。\n".encode() * (10 * 2**20 // 22 + 1000)),
     "超过单个文件 10 MB 的上限"),
    ("docx_bomb", _bomb, "超过 .docx 解压后 30 MB 的上限"),
    ("docx_bomb_lying_sizes", _lying_bomb, "不是有效的 Word（.docx）文件"),
    ("docx_malformed_xml", _malformed, "Word 内容（XML）已损坏"),
    ("docx_not_a_zip", _write("假的.docx", PLAN_A), "不是有效的 Word（.docx）文件"),
    ("docx_empty", lambda tmp: _docx(tmp / "空白.docx", []), "没有文字内容"),
    ("binary_txt", _write("图片.txt", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 40),
     "是二进制文件"),
    ("undecodable_txt", _write("乱码.txt", bytes(range(128, 256)) * 50), "无法识别“乱码.txt”的文字编码"),
    ("empty_txt", _write("空.txt", b""), "没有文字内容"),
    ("whitespace_md", _write("空白.md", " \n\t\n　\n"), "没有文字内容"),
    ("no_plan_body", _write("便条.txt", "你好"), "没有找到可用的计划正文"),
    ("old_word_doc", _write("旧版.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 100), "旧版 Word（.doc）"),
    ("pdf", _write("计划.pdf", b"%PDF-1.4\n"), "不支持的文件类型“计划.pdf”"),
    ("unreadable", _locked, "没有权限读取“无权限.txt”"),
    ("link_loop", _link_loop, "指向不存在文件（或指向自身）的链接"),
    ("missing", lambda tmp: tmp / "不存在.txt", "找不到“"),
]


@pytest.fixture
def no_read_permission(monkeypatch):
    """chmod 0 does not stop root: as root, reading a file with no permission bits fails as it
    would for anyone else."""
    if os.geteuid() != 0:
        return
    original = Path.read_bytes

    def read_bytes(self):
        if self.exists() and not self.stat().st_mode & 0o444:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


@pytest.mark.parametrize("make, words", [case[1:] for case in BAD_FILES],
                         ids=[case[0] for case in BAD_FILES])
def test_a_bad_source_file_is_skipped_with_a_chinese_reason_and_the_rest_loads(
        make, words, tmp_path, no_read_permission):
    from corpus.load import load_corpus

    good = tmp_path / "good.txt"
    good.write_text(PLAN_A, encoding="utf-8")
    started = time.monotonic()
    result = load_corpus([good, make(tmp_path)])
    assert time.monotonic() - started < 20  # refused before the work, not after
    assert [p.source for p in result.plans] == ["good.txt"]
    reasons = [reason for _, reason in result.skipped]
    assert any(words in reason for reason in reasons), reasons


GOOD_FILES = [
    ("gb18030", _write("国标.txt", PLAN_B.encode("gb18030")), "趣味运动会"),
    ("utf8_bom_crlf", _write("带BOM.txt", "\ufeff" + PLAN_B.replace("\n", "\r\n")), "趣味运动会"),
    ("traditional", _write("繁体.txt", "城北社區工會2025年工作計劃\n一、關心職工生活\n深入開展送溫暖活動，"
                                     "慰問困難職工家庭，為職工辦實事、解難事。\n"), "送温暖"),
    ("emoji", _write("表情.txt", PLAN_B.replace("趣味运动会", "趣味运动会🏃‍♀️🎉")), "趣味运动会🏃‍♀️🎉"),
    ("control_characters", _write("控制符.txt", PLAN_B.replace("趣味运动会", "趣味\x07运动会\x1b")),
     "趣味运动会"),
    ("docx_with_table", lambda tmp: _docx(tmp / "表格.docx", PLAN_B.splitlines()), "趣味运动会"),
]


@pytest.mark.parametrize("make, words", [case[1:] for case in GOOD_FILES],
                         ids=[case[0] for case in GOOD_FILES])
def test_an_odd_but_good_source_file_loads_clean(make, words, tmp_path):
    from corpus.load import load_corpus

    result = load_corpus([make(tmp_path)])
    assert result.skipped == [] and len(result.plans) == 1
    text = result.plans[0].text
    assert words in text
    assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in text)
    assert "\ufeff" not in text and "\r" not in text


# ---- drafts: the command line on a saved draft --------------------------------------------------
@pytest.fixture(scope="module")
def home(indexed_settings, tmp_path_factory) -> Settings:
    """A copy of the indexed home of its own: drafts and kills here touch no other test."""
    home = tmp_path_factory.mktemp("faults") / "home"
    shutil.copytree(indexed_settings.home, home, symlinks=True)
    return Settings(home=home)


@pytest.fixture(scope="module")
def engine(home):
    from plandraft.engine import Engine
    return Engine(home)


@pytest.fixture(scope="module")
def saved(engine) -> Draft:
    return engine.draft(BRIEF)


@pytest.fixture
def cli_home(home, monkeypatch):
    monkeypatch.setenv("PLANDRAFT_HOME", str(home.home))
    return home


def _texts(draft: Draft) -> list[tuple[str, list[str]]]:
    return [(s.text, list(s.versions)) for s in draft.sections]


CLI_ERRORS = [
    ("revise_unknown_draft", ["revise", "nosuch", "--section", "1", "--instruction", "精简"],
     "找不到草稿“nosuch”"),
    ("undo_unknown_draft", ["undo", "nosuch", "--section", "1"], "找不到草稿“nosuch”"),
    ("export_unknown_draft", ["export", "nosuch"], "找不到草稿“nosuch”"),
    ("section_too_big", ["revise", "{id}", "--section", "99", "--instruction", "精简"], "没有第 99 部分"),
    ("section_zero", ["revise", "{id}", "--section", "0", "--instruction", "精简"], "没有第 0 部分"),
    ("undo_never_revised", ["undo", "{id}", "--section", "1"], "没有可以撤销的修改"),
    ("instruction_too_long", ["revise", "{id}", "--section", "2", "--instruction", "加上" + "女职工工作" * 100],
     "修改要求太长"),
    ("instruction_empty", ["revise", "{id}", "--section", "2", "--instruction", " \x00 "], "修改要求为空"),
    ("brief_empty", ["draft", "  "], "简要需求为空"),
    ("brief_huge", ["draft", "实验小学工会工作计划" * 120], "简要需求太长"),
    ("brief_only_emoji", ["draft", "🎉🎉🎉"], "没有可识别的中文内容"),
    ("brief_english", ["draft", "Work plan of the Sunshine School trade union for 2026"], "请用中文写简要需求"),
    ("brief_bad_year", ["draft", "实验小学工会工作计划", "--year", "1800"], "年份“1800”不合理"),
    ("brief_bad_org_type", ["draft", "实验小学工会2026年工作计划", "--org-type", "工厂"], "可选值"),
    ("search_empty", ["search", " "], "检索内容不能为空"),
    ("search_k_zero", ["search", "教代会", "-k", "0"], "k 必须是正整数"),
    ("search_bad_period", ["search", "教代会", "--period", "半年"], "可选值"),
]


@pytest.mark.parametrize("argv, words", [case[1:] for case in CLI_ERRORS],
                         ids=[case[0] for case in CLI_ERRORS])
def test_a_user_error_on_the_command_line_is_chinese_and_changes_nothing(
        argv, words, cli_home, engine, saved, capsys):
    before = _texts(engine.get(saved.id))
    count = len(engine.list_drafts())
    assert main([a.replace("{id}", saved.id) for a in argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and words in err and "Traceback" not in err
    assert _texts(engine.get(saved.id)) == before and len(engine.list_drafts()) == count


def test_export_never_overwrites_without_force(cli_home, saved, tmp_path, capsys):
    md, docx = tmp_path / "计划.md", tmp_path / "计划.docx"
    md.write_text("我自己改过的稿子", encoding="utf-8")
    assert main(["export", saved.id, "--out", str(md), "--docx", str(docx)]) == 2
    err = capsys.readouterr().err
    assert f"文件“{md}”已经存在" in err and "--force" in err
    assert md.read_text(encoding="utf-8") == "我自己改过的稿子"
    assert not docx.exists()  # refused before anything was written


def test_export_with_force_overwrites(cli_home, saved, tmp_path, capsys):
    docx = tmp_path / "计划.docx"
    docx.write_bytes(b"old")
    assert main(["export", saved.id, "--docx", str(docx), "--force"]) == 0
    assert f"已保存 Word：{docx}" in capsys.readouterr().out
    assert Document(str(docx)).paragraphs[0].text == saved.outline.title


@pytest.mark.parametrize("text, focus", [
    ("实验小学工会2026年工作计划🎉，重点：教代会💪", "教代会"),
    ("实验小学工会\udcff\udcfe2026年工作计划，重点：教代会", "教代会"),  # invalid UTF-8 in argv
    ("实验小学工会\x00\x1b2026年工作计划，重点：师德建设", "师德"),
    ("Sunshine 实验小学工会 2026 work plan，重点：教代会", "教代会"),
], ids=["emoji", "invalid_utf8", "control_characters", "english_mixed"])
def test_an_odd_brief_drafts_stores_and_exports(text, focus, engine, tmp_path):
    draft = engine.draft(text)
    again = engine.get(draft.id)
    assert "实验小学" in again.outline.title and again.sections
    assert all(s.text for s in again.sections)
    path = engine.export_docx(again, tmp_path / "计划.docx")
    body = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert body.startswith(again.outline.title) and focus in body
    assert not any(0xD800 <= ord(ch) <= 0xDFFF or (ord(ch) < 32 and ch not in "\n\t") for ch in body)


# ---- drafts: real processes ---------------------------------------------------------------------
def _env(settings: Settings) -> dict:
    return {**os.environ, "PLANDRAFT_HOME": str(settings.home), "PYTHONPATH": str(ROOT)}


def _plandraft(*args: str) -> list[str]:
    return [sys.executable, "-m", "plandraft.cli", *args]


def test_kill_9_while_drafting_loses_no_saved_draft(home, engine, saved):
    before = _texts(engine.get(saved.id))
    proc = subprocess.Popen(_plandraft("draft", "阳光幼儿园工会2026年工作计划，重点：保教"), cwd=ROOT,
                            env=_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        seen = ""
        for line in proc.stderr:  # until the first section is written and saved
            seen += line
            if "已写完" in line:
                break
        assert "已写完" in seen, seen[-2000:]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with sqlite3.connect(home.drafts_db) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _texts(engine.get(saved.id)) == before
    partial = [row for row in engine.list_drafts() if "阳光幼儿园" in row["title"]]
    assert len(partial) == 1 and partial[0]["sections"] >= 1  # what was written is kept
    assert engine.get(partial[0]["id"]).sections[0].text  # and opens


def test_four_drafts_at_once_are_all_saved(home, engine, saved):
    """Four users of the app draft at the same moment (one engine, as the app shares it)."""
    from concurrent.futures import ThreadPoolExecutor

    before = _texts(engine.get(saved.id))
    briefs = ["红星机械有限公司工会2026年工作计划，重点：劳动竞赛", "人民医院工会2026年工作计划，重点：医师节",
              "城南街道总工会2026年工作计划，重点：新就业形态", "实验中学工会2026年下半年工作计划，重点：师德建设"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        drafted = list(pool.map(engine.draft, briefs))
    assert len({d.id for d in drafted}) == 4
    for brief, d in zip(briefs, drafted):
        again = engine.get(d.id)
        assert again.brief.text == brief and again.outline.title.startswith(brief[:4])
        assert _texts(again) == _texts(d) and len(again.sections) == len(again.outline.items)
    assert _texts(engine.get(saved.id)) == before


# ---- the index ----------------------------------------------------------------------------------
@pytest.fixture
def small(fresh_settings, tmp_path) -> Settings:
    """Fresh settings whose corpus folder is two small plans (fast to embed)."""
    return replace(fresh_settings, corpus_dir=write_corpus(tmp_path / "corpus"))


def _sources(settings: Settings) -> set[str]:
    return {m["source"] for m in stored(settings)["metadatas"]}


def _upload(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / f"gradio-{len(list(tmp_path.iterdir()))}"  # Gradio: one folder per file
    folder.mkdir()
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_two_uploads_with_one_name_are_both_kept_under_their_name(small, tmp_path):
    from retrieval.ingest import ingest, keep_uploads
    from retrieval.search import HybridRetriever

    first = keep_uploads(small, [_upload(tmp_path, "计划.txt", PLAN_A.replace("实验小学", "东风小学"))])
    second = keep_uploads(small, [_upload(tmp_path, "计划.txt", PLAN_B.replace("阳光幼儿园", "春苗幼儿园"))])
    untitled = keep_uploads(small, [_upload(tmp_path, "我们的安排.txt", PLAN_A.split("\n", 1)[1])])
    assert list(first.values()) == list(second.values()) == ["计划.txt"]
    assert first.keys() != second.keys()
    assert len(list(small.uploads_dir.iterdir())) == 3  # nothing overwritten
    ingest(small)
    assert set(first) | set(second) | set(untitled) <= _sources(small)
    titles = {c.plan_title for c in HybridRetriever(small).chunks()}
    # A plan without a title of its own is called by the name the user gave its file.
    assert {"东风小学工会2025年工作计划", "春苗幼儿园工会2025年下半年工作计划", "我们的安排"} <= titles


def test_the_same_upload_twice_is_one_file(small, tmp_path):
    from retrieval.ingest import keep_uploads

    one = keep_uploads(small, [_upload(tmp_path, "计划.txt", PLAN_A)])
    two = keep_uploads(small, [_upload(tmp_path, "计划.txt", PLAN_A)])
    assert one == two and len(list(small.uploads_dir.iterdir())) == 1


@pytest.mark.parametrize("count, size, words", [
    (21, 10, "一次最多上传 20 个文件，这次选了 21 个"),
    (2, 20_000, "超过单个文件 0.01 MB 的上限"),
], ids=["too_many_files", "file_too_big"])
def test_an_upload_over_the_limits_is_refused_whole(count, size, words, small, tmp_path):
    from retrieval.ingest import keep_uploads

    settings = replace(small, max_file_mb=0.01)
    files = [_upload(tmp_path, f"计划{i}.txt", "计" * (size // 3)) for i in range(count)]
    with pytest.raises(PlandraftError, match=words) as err:
        keep_uploads(settings, files)
    assert "没有加入任何文件" in str(err.value)
    assert not settings.uploads_dir.exists() or not list(settings.uploads_dir.iterdir())


def test_a_malformed_docx_upload_is_named_in_the_report(small, tmp_path):
    import app
    from retrieval.ingest import ingest, keep_uploads

    good = _upload(tmp_path, "我的计划.txt", PLAN_A.replace("实验小学", "东风小学"))
    bad = _malformed(tmp_path)
    kept = keep_uploads(small, [good, bad])
    text = app.render_ingest_report(ingest(small, paths=[small.uploads_dir / n for n in kept]), kept)
    assert "新增 1 个文件：我的计划.txt" in text
    assert "未能加入：坏XML.docx（“坏XML.docx”里的 Word 内容（XML）已损坏" in text
    assert "~" not in text  # the names the user gave, not the kept ones


def test_an_oversized_file_given_to_ingest_is_a_warning(small, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PLANDRAFT_HOME", str(small.home))
    monkeypatch.setenv("PLANDRAFT_CORPUS", str(small.corpus_dir))
    monkeypatch.setenv("PLANDRAFT_MAX_FILE_MB", "0.01")
    big = tmp_path / "大文件.txt"
    big.write_text(PLAN_A * 20, encoding="utf-8")
    assert main(["ingest", str(big), str(tmp_path / "没有这个.txt")]) == 0
    out = capsys.readouterr()
    assert "警告：已跳过" in out.err and "超过单个文件 0.01 MB 的上限" in out.err
    assert "没有这个.txt" in out.err and "跳过 2 个" in out.out
    assert _sources(small) == {"a_school.txt", "b_kindergarten.txt"}
    from retrieval.store import load_manifest
    assert load_manifest(small).roots == [str(big.resolve())]  # the missing path is not kept


def test_reset_after_a_corrupted_store_rebuilds_with_every_file_the_user_added(
        small, tmp_path, monkeypatch, capsys):
    from retrieval.ingest import ingest, keep_uploads

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "自己的.txt").write_text(PLAN_A.replace("实验小学", "东风小学"), encoding="utf-8")
    kept = keep_uploads(small, [_upload(tmp_path, "上传的.txt", PLAN_B.replace("阳光", "春苗"))])
    ingest(small, paths=[mine])
    everything = {"a_school.txt", "b_kindergarten.txt", "自己的.txt", *kept}
    assert _sources(small) == everything
    (small.chroma_dir / "chroma.sqlite3").write_bytes(b"not a database" * 100)

    monkeypatch.setenv("PLANDRAFT_HOME", str(small.home))
    monkeypatch.setenv("PLANDRAFT_CORPUS", str(small.corpus_dir))
    assert main(["search", "师德"]) == 2
    assert "plandraft ingest --reset" in capsys.readouterr().err
    assert main(["ingest", "--reset"]) == 0
    assert "新增 4 个文件" in capsys.readouterr().out
    assert _sources(small) == everything  # nothing the user added was lost


def test_reset_after_a_corrupted_manifest_keeps_the_uploads(small, tmp_path):
    from retrieval.ingest import ingest, keep_uploads
    from retrieval.store import manifest_path

    kept = keep_uploads(small, [_upload(tmp_path, "上传的.txt", PLAN_B.replace("阳光", "春苗"))])
    ingest(small)
    manifest_path(small).write_text("{broken", encoding="utf-8")
    with pytest.raises(PlandraftError, match="--reset"):
        ingest(small)
    ingest(small, reset=True)
    assert _sources(small) == {"a_school.txt", "b_kindergarten.txt", *kept}


def test_an_edited_files_changed_metadata_is_reindexed_and_only_new_text_embedded(small, monkeypatch):
    from retrieval import embeddings as embeddings_module
    from retrieval.ingest import ingest
    from retrieval.search import HybridRetriever

    ingest(small)
    calls: list[int] = []
    original = embeddings_module.SentenceEmbeddings.embed_documents
    monkeypatch.setattr(embeddings_module.SentenceEmbeddings, "embed_documents",
                        lambda self, texts: calls.append(len(texts)) or original(self, texts))
    path = small.corpus_dir / "b_kindergarten.txt"
    path.write_text(PLAN_B.replace("2025年下半年", "2026年上半年"), encoding="utf-8")
    report = ingest(small)
    assert report.replaced == ["b_kindergarten.txt"] and report.chunks_added > 0
    metas = [m for m in stored(small)["metadatas"] if m["source"] == "b_kindergarten.txt"]
    assert metas and all((m["year"], m["period"]) == (2026, "上半年") for m in metas)
    assert all("2026年上半年" in m["plan_title"] for m in metas)
    assert calls == []  # the text is the same: its vectors were reused

    # Metadata and one section's text at once: old vectors and a new one in one write.
    path.write_text(PLAN_B.replace("2025年下半年", "2026年").replace("趣味运动会", "亲子运动会"),
                    encoding="utf-8")
    report = ingest(small)
    assert report.replaced == ["b_kindergarten.txt"] and calls == [1]
    metas = [m for m in stored(small)["metadatas"] if m["source"] == "b_kindergarten.txt"]
    assert all((m["year"], m["period"]) == (2026, "年度") for m in metas)
    assert HybridRetriever(small).search("亲子运动会", k=1).hits[0].chunk.source == "b_kindergarten.txt"


def _collections(settings: Settings) -> dict[str, int]:
    """Collection name -> number of records, read straight from Chroma's SQLite file (what a
    kill left on disk, without Chroma's caches)."""
    for _ in range(50):
        try:
            with sqlite3.connect(f"file:{settings.chroma_dir / 'chroma.sqlite3'}?mode=ro", uri=True) as db:
                return dict(db.execute(
                    "SELECT c.name, COUNT(e.id) FROM collections c JOIN segments s ON s.collection = c.id "
                    "LEFT JOIN embeddings e ON e.segment_id = s.id WHERE s.scope = 'METADATA' "
                    "GROUP BY c.name").fetchall())
        except sqlite3.OperationalError:  # locked by the writer for a moment
            time.sleep(0.1)
    raise AssertionError("chroma.sqlite3 stayed locked")


def test_kill_9_while_ingesting_leaves_the_previous_index_searchable(small, tmp_path):
    from retrieval.ingest import ingest
    from retrieval.search import HybridRetriever
    from retrieval.store import load_manifest

    ingest(small)
    before = load_manifest(small)
    ids_before = sorted(stored(small)["ids"])
    many = tmp_path / "many"
    shutil.copytree(ROOT / "corpus" / "raw", many)  # ~300 chunks: long enough to be killed
    env = {**_env(small), "PLANDRAFT_CORPUS": str(small.corpus_dir)}
    proc = subprocess.Popen(_plandraft("ingest", str(many)), cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline:
            new = {n: c for n, c in _collections(small).items() if n != before.collection}
            if any(new.values()):  # the new generation is being written
                break
            time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()[-2000:]
    partial = {n: c for n, c in _collections(small).items() if n != before.collection}
    assert partial and 0 < max(partial.values()) < 250  # killed half way through

    assert load_manifest(small) == before
    assert sorted(stored(small)["ids"]) == ids_before  # no orphan chunk is searchable
    hits = HybridRetriever(small).search("师德标兵评选", k=5).hits
    assert hits and {h.chunk.source for h in hits} <= {"a_school.txt", "b_kindergarten.txt"}

    report = ingest(small)  # the next ingest drops the half-written generation
    assert report.chunks_added == 0 and list(_collections(small)) == [before.collection]

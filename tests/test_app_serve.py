"""The app without a browser: start-up errors, what the page offers, and that text from plans and
drafts is shown as text (never run as HTML)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import gradio as gr
import pytest

import app
from plandraft.engine import Engine
from plandraft.models import Brief, Draft, DraftSection, Outline, OutlineItem, Source
from plandraft.settings import Settings
from retrieval.ingest import IngestReport

ROOT = Path(__file__).resolve().parent.parent


def test_bad_auth_setting_stops_with_a_chinese_message(tmp_path):
    env = {**os.environ, "PLANDRAFT_HOME": str(tmp_path), "PLANDRAFT_AUTH": "only-a-user"}
    run = subprocess.run([sys.executable, str(ROOT / "app.py"), "--port", "1"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 2
    assert "PLANDRAFT_AUTH" in run.stderr and "用户名:密码" in run.stderr


@pytest.mark.parametrize("llm, offered", [({}, False), ({"llm_base_url": "http://127.0.0.1:9",
                                                          "llm_model": "m"}, True)])
def test_llm_writer_offered_only_when_configured(tmp_path, llm, offered):
    settings = Settings(home=tmp_path, **llm)
    engine = Engine(settings)
    demo = app.build_ui(engine, settings, app.IndexJob(engine))  # the job is not started
    radios = [b for b in demo.blocks.values() if isinstance(b, gr.Radio)]
    assert [r.label for r in radios] == ["写作方式"]
    assert radios[0].visible is offered


def test_plan_and_draft_text_is_escaped():
    evil = "<script>alert(1)</script>"
    brief = Brief(text="x", org_name="实验小学", org_type="学校", year=2026, period="年度")
    outline = Outline(title=f"计划{evil}", items=[OutlineItem(title="指导思想", kind="指导思想")])
    source = Source(plan_title=evil, section_path="一、指导思想", org_type="学校", period="年度",
                    text=f"原文{evil}")
    draft = Draft(id="d1", brief=brief, outline=outline,
                  sections=[DraftSection(title="指导思想", text=f"正文{evil}", sources=[source])])
    page = app.render_draft(draft)
    assert "<script>" not in page
    assert page.count("&lt;script&gt;") == 4  # title, body, source title, source text
    assert 'id="part-1"' in page and "参考来源（1 条" in page


def test_upload_report_speaks_only_of_the_uploaded_files():
    report = IngestReport(new=["我的计划.txt"], unchanged=["000_seed.txt", "001_seed.txt"],
                          skipped=[("/tmp/x/坏文件.docx", "无法读取")], plans=40)
    text = app.render_ingest_report(report, ["我的计划.txt", "坏文件.docx"])
    assert "新增 1 个文件：我的计划.txt" in text
    assert "未能加入：坏文件.docx（无法读取）" in text
    assert "seed" not in text and "/tmp/x" not in text
    assert "范文库现有 40 篇范文" in text


def test_finished_draft_shows_the_writer_notes_not_the_brief_notes():
    brief = Brief(text="x", org_name="实验小学", org_type="学校", year=2026, period="年度",
                  notes=["未写明年份，按2026年起草。"])
    outline = Outline(title="计划", items=[OutlineItem(title="指导思想", kind="指导思想")])
    verdict = "所配置的大模型（m）写出的 1 部分中有 1 部分没有通过检查<b>"
    draft = Draft(id="d1", brief=brief, outline=outline, notes=list(brief.notes) + [verdict],
                  sections=[DraftSection(title="指导思想", text="正文")])
    page = app.render_progress(draft, writing=False)
    assert "没有通过检查&lt;b&gt;" in page and "未写明年份" not in page
    assert "<li>" not in app.render_progress(
        Draft(id="d2", brief=brief, outline=outline, notes=list(brief.notes),
              sections=[DraftSection(title="指导思想", text="正文")]), writing=False)

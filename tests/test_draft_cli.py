"""The CLI contract of issue 3, run in-process through plandraft.cli.main."""
import json

import pytest
from docx import Document

from plandraft.cli import main

BRIEF = "红星机械有限公司工会2026年下半年工作计划，重点：劳动竞赛、女职工"


@pytest.fixture
def home(drafting_settings, monkeypatch):
    monkeypatch.setenv("PLANDRAFT_HOME", str(drafting_settings.home))
    return drafting_settings.home


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_draft_json_revise_undo_list_export(home, capsys, tmp_path):
    md, docx = tmp_path / "plan.md", tmp_path / "plan.docx"
    assert main(["draft", BRIEF, "--json", "--out", str(md), "--docx", str(docx)]) == 0
    out = _json(capsys)
    assert set(out) == {"id", "brief", "outline", "sections", "markdown", "writer", "notes"}
    assert out["brief"] == {"org_name": "红星机械有限公司", "org_type": "企业", "year": 2026,
                            "period": "下半年", "term": "", "focus": ["劳动竞赛", "女职工"]}
    assert all(set(item) == {"title", "points"} for item in out["outline"])
    assert len(out["sections"]) == len(out["outline"])
    source = out["sections"][2]["sources"][0]
    assert set(source) == {"plan_title", "section_path", "org_type", "period"}
    assert out["writer"] == "compose" and isinstance(out["notes"], list)
    assert md.read_text(encoding="utf-8") == out["markdown"]
    assert Document(str(docx)).paragraphs[0].text == "红星机械有限公司工会2026年下半年工作计划"

    assert main(["revise", out["id"], "--section", "3", "--instruction", "写得更具体", "--json"]) == 0
    revised = _json(capsys)
    assert revised["id"] == out["id"]
    assert revised["sections"][2]["text"] != out["sections"][2]["text"]
    assert [s["text"] for i, s in enumerate(revised["sections"]) if i != 2] == \
           [s["text"] for i, s in enumerate(out["sections"]) if i != 2]

    assert main(["undo", out["id"], "--section", "3"]) == 0
    assert capsys.readouterr().out.strip() == out["sections"][2]["text"].strip()

    assert main(["drafts", "list"]) == 0
    assert out["id"] in capsys.readouterr().out

    target = tmp_path / "again.docx"
    assert main(["export", out["id"], "--docx", str(target)]) == 0
    assert target.exists()


def test_cli_overrides_and_errors(home, capsys):
    assert main(["draft", BRIEF, "--org-type", "学校", "--period", "年度", "--year", "2027", "--json"]) == 0
    out = _json(capsys)
    assert (out["brief"]["org_type"], out["brief"]["period"], out["brief"]["year"]) == ("学校", "年度", 2027)
    assert main(["draft", "🎉🎉"]) == 2
    assert "错误：" in capsys.readouterr().err
    assert main(["draft", BRIEF, "--org-type", "工厂"]) == 2
    assert "可选值" in capsys.readouterr().err
    assert main(["revise", "nosuch", "--section", "1", "--instruction", "精简"]) == 2
    assert "找不到草稿" in capsys.readouterr().err

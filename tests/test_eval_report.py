"""`plandraft eval`: JSON output, batch drafting from briefs, the report files with baselines,
the report opened in headless chromium (screenshot under artifacts/), and Chinese errors."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from browser import headless_chromium
from drafting.store import DraftStore
from eval.commands import run
from plandraft.cli import build_parser, main
from plandraft.errors import PlandraftError
from tests.eval_plans import CLEAN_BRIEF, CLEAN_PLAN

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT = ROOT / "artifacts" / "screenshots" / "eval_report.png"


def args_for(*argv: str):
    return build_parser().parse_args(["eval", *argv])


@pytest.fixture
def drafts(tmp_path) -> tuple[Path, Path]:
    """A clean Markdown draft and a `plandraft draft --json`-style file with a planted fault."""
    md = tmp_path / "clean.md"
    md.write_text(CLEAN_PLAN, encoding="utf-8")
    faulty = CLEAN_PLAN.replace("党的二十大", "党的十九大").replace("校务公开栏", "院务公开栏")
    js = tmp_path / "draft.json"
    js.write_text(json.dumps({"id": "d1", "brief": dict(CLEAN_BRIEF.to_json(), text=CLEAN_BRIEF.text),
                              "markdown": faulty}, ensure_ascii=False), encoding="utf-8")
    return md, js


def test_json_output(drafts, capsys, monkeypatch):
    monkeypatch.setenv("PLANDRAFT_HOME", str(drafts[0].parent / "home"))
    md, js = drafts
    assert main(["eval", str(md), str(js), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    clean, faulty = out["results"]
    assert set(clean) >= {"input", "brief", "scores", "findings"}
    assert clean["input"] == "clean.md" and clean["brief"] is None and clean["findings"] == []
    assert faulty["brief"]["org_type"] == "学校"
    checks = {f["check"] for f in faulty["findings"]}
    assert {"stale_reference", "org"} <= checks
    assert all(set(f) == {"check", "message", "location"} for f in faulty["findings"])
    assert out["summary"]["count"] == 2
    assert out["summary"]["findings"]["stale_reference"] == 1
    assert 0 < out["summary"]["mean_scores"]["format"] < 1


def test_brief_flag_applies_to_markdown(drafts, capsys, monkeypatch):
    monkeypatch.setenv("PLANDRAFT_HOME", str(drafts[0].parent / "home"))
    assert main(["eval", str(drafts[0]), "--brief", "实验小学工会2025年下半年工作计划，重点：劳动竞赛", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)["results"][0]
    assert result["brief"]["focus"] == ["劳动竞赛"]
    focus = [f["message"] for f in result["findings"] if f["check"] == "focus"]
    assert len(focus) == 2 and all("劳动竞赛" in m for m in focus)  # not covered, not deep
    assert result["items"] and {"section", "index", "label", "text"} <= set(result["items"][0])


@pytest.mark.parametrize("argv, words", [
    ([], "请给出要评估的草稿文件"),
    (["/nonexistent/draft.md"], "找不到文件"),
])
def test_input_errors(argv, words, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANDRAFT_HOME", str(tmp_path))
    assert main(["eval", *argv]) == 2
    assert words in capsys.readouterr().err


def test_bad_json_and_briefs_are_reported(tmp_path, indexed_settings):
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x"}', encoding="utf-8")
    with pytest.raises(PlandraftError, match="markdown"):
        run(args_for(str(bad)), indexed_settings)
    briefs = tmp_path / "briefs.jsonl"
    briefs.write_text('{"brief": "实验小学工会2025年工作计划"}\n这不是JSON\n', encoding="utf-8")
    with pytest.raises(PlandraftError, match="第2行"):
        run(args_for("--briefs", str(briefs)), indexed_settings)


def test_reference_without_headings_is_refused(drafts, tmp_path, indexed_settings):
    ref = tmp_path / "ref.md"
    ref.write_text("只是一段话，没有标题。", encoding="utf-8")
    with pytest.raises(PlandraftError, match="参考提纲"):
        run(args_for(str(drafts[0]), "--reference", str(ref)), indexed_settings)


def test_briefs_report_with_baselines(drafts, tmp_path, indexed_settings, capsys):
    briefs = tmp_path / "briefs.jsonl"
    briefs.write_text(
        '{"brief": "实验小学工会2025年下半年工作计划，重点：教代会、师德建设"}\n'
        '"华信科技有限公司工会2026年工作计划，重点：劳动竞赛、安全生产"\n', encoding="utf-8")
    ref = tmp_path / "ref.md"
    ref.write_text("一、指导思想\n二、工作目标\n三、主要工作\n（一）民主管理\n（二）帮扶慰问\n四、月份安排\n",
                   encoding="utf-8")
    out = tmp_path / "report"
    saved_before = len(DraftStore(indexed_settings.drafts_db).list())
    assert run(args_for(str(drafts[1]), "--briefs", str(briefs), "--reference", str(ref),
                        "--report", str(out), "--json"), indexed_settings) == 0
    # The two briefs' drafts are kept for the user; the report's compose baselines are not.
    assert len(DraftStore(indexed_settings.drafts_db).list()) == saved_before + 2
    printed = json.loads(capsys.readouterr().out)
    assert len(printed["results"]) == 3
    drafted = printed["results"][1]
    assert drafted["brief"]["org_type"] == "学校" and "soft_recall" in drafted["scores"]

    saved = json.loads((out / "results.json").read_text(encoding="utf-8"))
    groups = {r["group"] for r in saved["results"]}
    assert groups == {"评估草稿", "人工范文（基线）", "compose 草稿（基线）"}
    with (out / "results.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(saved["results"])
    human = [r for r in rows if r["group"].startswith("人工")]
    # Real plans of the same org type and period as the evaluated drafts (the corpus has both).
    assert {(r["org_type"], r["period"]) for r in human} == {("学校", "下半年"), ("企业", "年度")}
    compose = [r for r in rows if r["group"].startswith("compose")]
    # One compose baseline per org type × period × year evaluated (学校·下半年 twice counts once).
    assert len(compose) == 2

    html_path = out / "report.html"
    _open_in_chromium(html_path)


def _open_in_chromium(path: Path) -> None:
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    with headless_chromium() as browser:
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        page.goto(path.as_uri())
        assert page.title() == "工作计划草稿评估报告"
        widths = page.eval_on_selector_all("img", "els => els.map(e => e.naturalWidth)")
        assert len(widths) == 4 and all(w > 300 for w in widths)  # labels, scores, types, findings
        assert page.locator("table.detail tr").count() > 4
        assert "逐篇条目标注" in page.inner_text("body") and "最差条目" in page.inner_text("body")
        assert "人工范文（基线）" in page.inner_text("body")
        page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000


def test_folder_of_drafts_and_a_failing_brief(tmp_path, indexed_settings, capsys):
    import docx
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "a.md").write_text(CLEAN_PLAN, encoding="utf-8")
    word = docx.Document()
    for line in CLEAN_PLAN.replace("# ", "").splitlines():
        word.add_paragraph(line)
    word.save(folder / "b.docx")
    (folder / "notes.png").write_bytes(b"\x89PNG")  # not a draft: ignored
    briefs = tmp_path / "briefs.jsonl"
    briefs.write_text('"please write a plan"\n"幸福社区工会2025年下半年工作计划"\n', encoding="utf-8")
    assert run(args_for(str(folder), "--briefs", str(briefs), "--json"), indexed_settings) == 0
    captured = capsys.readouterr()
    results = json.loads(captured.out)["results"]
    assert [r["input"] for r in results] == ["a.md", "b.docx", "幸福社区工会2025年下半年工作计划"]
    assert results[0]["scores"] == results[1]["scores"]  # the Word copy reads the same
    assert "please write a plan" in captured.err and "未能起草" in captured.err


def test_bad_files_are_reported_and_the_batch_goes_on(drafts, tmp_path, capsys, indexed_settings):
    from docx import Document

    folder = drafts[0].parent
    (folder / "huge.md").write_bytes(("一、主要工作\n" + "开展活动。" * 400_000).encode("utf-8"))
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "plain.md").write_text("这是一段没有任何标题的文字。\n第二行也没有。\n", encoding="utf-8")
    Document().save(str(folder / "empty.docx"))
    out = tmp_path / "report"
    assert run(args_for(str(folder), "--brief", "2025年下半年工作计划", "--json",
                        "--report", str(out)), indexed_settings) == 0
    captured = capsys.readouterr()
    printed = json.loads(captured.out)
    assert len(printed["results"]) == 2  # clean.md and draft.json are still evaluated
    failed = "\n".join(printed["failed"])
    for name, why in (("huge.md", "超过草稿文件的上限"), ("binary.txt", "二进制"),
                      ("plain.md", "没有识别到任何标题"), ("empty.docx", "没有文字内容")):
        assert name in failed and why in failed, (name, failed)
    # The brief names no org type: said plainly, and the drafts are judged as 其他.
    assert "未能从简要需求判断单位类型" in captured.err
    assert "huge.md" in (out / "report.html").read_text(encoding="utf-8")
    assert json.loads((out / "results.json").read_text(encoding="utf-8"))["failed"] == printed["failed"]

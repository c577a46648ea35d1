"""`plandraft corpus stats` prints plans by org_type × period × kind."""
from __future__ import annotations

from collections import Counter

from corpus.load import load_corpus
from plandraft.cli import main
from plandraft.settings import DEFAULT_CORPUS


def test_corpus_stats_command(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("PLANDRAFT_HOME", str(tmp_path))
    assert main(["corpus", "stats"]) == 0
    out = capsys.readouterr().out
    plans = load_corpus([DEFAULT_CORPUS]).plans
    assert f"共 {len(plans)} 篇范文（来自 5 个文件）" in out
    lines = out.splitlines()
    header = next(line.split() for line in lines if line.startswith("单位类型"))
    counts = Counter((p.org_type, p.period + p.kind) for p in plans)
    for org in {p.org_type for p in plans}:
        row = next(line.split() for line in lines if line.split()[:1] == [org])
        for column, cell in zip(header[1:-1], row[1:-1]):
            assert cell == (str(counts[(org, column)]) if counts[(org, column)] else "-"), (org, column)
        assert row[-1] == str(sum(v for (o, _), v in counts.items() if o == org))
    total = next(line.split() for line in lines if line.startswith("合计"))
    assert total[-1] == str(len(plans))


def test_stats_on_a_folder_with_a_bad_file(capsys, monkeypatch, tmp_path):
    (tmp_path / "ok.txt").write_text("社区工会工作计划\n一、主要工作\n社区工会联系辖区居民，推进居务公开，组织居民开展文体活动。",
                                     encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01" * 100)
    monkeypatch.setenv("PLANDRAFT_CORPUS", str(tmp_path))
    assert main(["corpus", "stats"]) == 0
    out = capsys.readouterr().out
    assert "共 1 篇范文" in out and "社区" in out
    assert "已跳过" in out and "bad.txt" in out

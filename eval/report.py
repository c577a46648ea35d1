"""The batch report: report.html (tables and matplotlib charts embedded as PNG), results.csv
and results.json, with the baselines side by side with the evaluated drafts."""
from __future__ import annotations

import base64
import csv
import html
import io
import json
from collections import Counter
from pathlib import Path
from statistics import mean

import matplotlib

matplotlib.use("Agg")  # no display: render to PNG only
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from eval.batch import Row, summary  # noqa: E402
from eval.findings import CHECKS, SCORE_LABELS, SCORES  # noqa: E402
from eval.labels import LABEL_NAMES, LABELS, OK  # noqa: E402
from plandraft.errors import PlandraftError  # noqa: E402

CHECK_LABELS = {"placeholder": "占位符", "stale_reference": "过时提法", "numbering": "编号",
                "period": "时间不符", "org": "单位用语", "duplicate": "重复段落", "length": "篇幅",
                "copy": "照抄范文", "missing_section": "缺少部分", "focus": "重点缺失",
                "theme": "主题缺失", "reference": "提纲缺项", **LABEL_NAMES,
                "calendar": "日程不合历法", "fill_in": "待填写"}
_CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Noto Serif CJK JP",
              "WenQuanYi Zen Hei", "Source Han Sans SC")


def _setup_fonts() -> None:
    """Use an installed CJK font (Debian fonts-noto-cjk) so Chinese labels render."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    cjk = [f for f in _CJK_FONTS if f in installed]
    plt.rcParams["font.sans-serif"] = cjk + list(plt.rcParams["font.sans-serif"])
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _groups(rows: list[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for r in rows:
        out.setdefault(r.group, []).append(r)
    return out


def _present_scores(rows: list[Row]) -> list[str]:
    return [s for s in SCORES if any(s in r.evaluation.scores for r in rows)]


def chart_distributions(rows: list[Row]) -> str:
    groups = _groups(rows)
    scores = _present_scores(rows)
    fig, axes = plt.subplots(1, len(scores), figsize=(3.2 * len(scores), 3.6), squeeze=False)
    for ax, s in zip(axes[0], scores):
        data = [[r.evaluation.scores[s] for r in g if s in r.evaluation.scores]
                for g in groups.values()]
        labels = [name for name, d in zip(groups, data) if d]
        ax.boxplot([d for d in data if d], tick_labels=[lab.split("（")[0] for lab in labels])
        ax.set_title(SCORE_LABELS[s])
        ax.set_ylim(-0.05, 1.05)
        ax.tick_params(axis="x", labelrotation=20)
    fig.tight_layout()
    return _png(fig)


def chart_by_org_type(rows: list[Row]) -> str:
    groups = _groups(rows)
    scores = _present_scores(rows)
    fig, axes = plt.subplots(len(groups), 1, figsize=(9, 2.8 * len(groups)), squeeze=False)
    for ax, (name, g) in zip(axes[:, 0], groups.items()):
        orgs = sorted({r.org_type for r in g})
        width = 0.8 / max(len(scores), 1)
        for k, s in enumerate(scores):
            vals = [mean([r.evaluation.scores[s] for r in g if r.org_type == o
                          and s in r.evaluation.scores] or [float("nan")]) for o in orgs]
            ax.bar([i + k * width for i in range(len(orgs))], vals, width, label=SCORE_LABELS[s])
        ax.set_xticks([i + width * (len(scores) - 1) / 2 for i in range(len(orgs))], orgs)
        ax.set_ylim(0, 1.05)
        ax.set_title(f"{name}：各单位类型平均得分")
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    return _png(fig)


def chart_findings(rows: list[Row]) -> str:
    groups = _groups(rows)
    checks = [c for c in CHECKS if any(r.evaluation.by_check(c) for r in rows)] or list(CHECKS)
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(checks) + 1.5))
    height = 0.8 / max(len(groups), 1)
    for k, (name, g) in enumerate(groups.items()):
        counts = Counter(f.check for r in g for f in r.evaluation.findings)
        ax.barh([i + k * height for i in range(len(checks))],
                [counts[c] / len(g) for c in checks], height, label=name)
    ax.set_yticks([i + height * (len(groups) - 1) / 2 for i in range(len(checks))],
                  [CHECK_LABELS[c] for c in checks])
    ax.invert_yaxis()
    ax.set_xlabel("平均每篇问题数")
    ax.set_title("各类问题数量（按来源）")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return _png(fig)


# One colour per item label, ok first (green), faults after.
_LABEL_COLOURS = {"ok": "#4caf50", "stub": "#ffb300", "off_topic": "#8e7cc3",
                  "past_report": "#90a4ae", "foreign": "#e53935", "stale_wording": "#6d4c41",
                  "broken": "#000000"}
WORST = 5  # items shown per draft


def chart_labels(rows: list[Row]) -> str:
    """A stacked bar per draft: the share of its items under each label."""
    fig, ax = plt.subplots(figsize=(9, 0.32 * len(rows) + 1.4))
    names = [f"{r.group.split('（')[0]}｜{r.input[:18]}" for r in rows]
    left = [0.0] * len(rows)
    for label in LABELS:
        shares = [r.evaluation.label_counts().get(label, 0) / max(len(r.evaluation.items), 1)
                  for r in rows]
        ax.barh(range(len(rows)), shares, left=left, color=_LABEL_COLOURS[label],
                label=LABEL_NAMES[label])
        left = [a + b for a, b in zip(left, shares)]
    ax.set_yticks(range(len(rows)), names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("条目占比")
    ax.set_title("逐篇条目标注（绿色为可用）")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return _png(fig)


def _worst_items(r: Row) -> str:
    """The draft's faulty items, the most serious labels first."""
    bad = sorted((x for x in r.evaluation.items if x.label != OK),
                 key=lambda x: LABELS.index(x.label))[:WORST]  # LABELS: ok, then by precedence
    if not bad:
        return "无"
    return "<ul>" + "".join(f"<li><b>{LABEL_NAMES[x.label]}</b> {html.escape(x.item.text[:50])}"
                            f"<br><span class='note'>{html.escape(x.reason)}</span></li>"
                            for x in bad) + "</ul>"


def judge_line(judge: dict) -> str:
    """An LLM verdict in one line: "针对性 7（理由）；…", or its error."""
    if "error" in judge:
        return judge["error"]
    return "；".join(f"{c} {v['score']}（{v['reason']}）" for c, v in judge.items())


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def _side_by_side(rows: list[Row]) -> str:
    groups = _groups(rows)
    sums = {name: summary(g) for name, g in groups.items()}
    head = "".join(f"<th>{html.escape(n)}（{s['count']}篇）</th>" for n, s in sums.items())
    body = "".join(
        f"<tr><td>{SCORE_LABELS[sc]}</td>"
        + "".join(f"<td>{_fmt(s['mean_scores'].get(sc))}</td>" for s in sums.values()) + "</tr>"
        for sc in _present_scores(rows))
    body += "".join(
        f"<tr><td>每篇“{CHECK_LABELS[c]}”问题</td>"
        + "".join(f"<td>{s['findings'].get(c, 0) / max(s['count'], 1):.2f}</td>"
                  for s in sums.values()) + "</tr>" for c in CHECKS)
    return f"<table><tr><th>指标（平均）</th>{head}</tr>{body}</table>"


def _by_type_table(rows: list[Row]) -> str:
    keys = sorted({(r.org_type, r.period) for r in rows})
    groups = list(_groups(rows))
    head = "".join(f"<th>{html.escape(g)}</th>" for g in groups)
    body = ""
    for org, period in keys:
        cells = ""
        for g in groups:
            sel = [r for r in rows if r.group == g and r.org_type == org and r.period == period]
            cells += "<td>" + (" / ".join(
                _fmt(mean([r.evaluation.scores[s] for r in sel if s in r.evaluation.scores] or [0]))
                for s in ("sections", "usable", "format")) + f"（{len(sel)}篇）" if sel else "—") + "</td>"
        body += f"<tr><td>{html.escape(org)}·{html.escape(period)}</td>{cells}</tr>"
    return (f"<p>每格：结构完整 / 可用条目 / 格式规范的平均分</p>"
            f"<table><tr><th>单位类型·期间</th>{head}</tr>{body}</table>")


def _detail_table(rows: list[Row]) -> str:
    scores = _present_scores(rows)
    head = "".join(f"<th>{SCORE_LABELS[s]}</th>" for s in scores)
    judged = any(r.evaluation.judge for r in rows)  # --judge llm: one more column

    def judge_cell(r: Row) -> str:
        if not judged:
            return ""
        return f"<td>{html.escape(judge_line(r.evaluation.judge)) if r.evaluation.judge else '—'}</td>"

    out = [f"<table class='detail'><tr><th>来源</th><th>草稿</th><th>单位·期间·年份</th>{head}"
           f"<th>最差条目</th><th>问题</th>{'<th>大模型评分</th>' if judged else ''}</tr>"]
    for r in rows:
        ctx = r.evaluation.context
        cells = "".join(f"<td>{_fmt(r.evaluation.scores.get(s))}</td>" for s in scores)
        items = "".join(f"<li><b>{CHECK_LABELS.get(f.check, f.check)}</b> {html.escape(f.location)}："
                        f"{html.escape(f.message)}</li>" for f in r.evaluation.findings)
        found = (f"<details><summary>{len(r.evaluation.findings)} 条</summary><ul>{items}</ul></details>"
                 if items else "无")
        out.append(f"<tr><td>{html.escape(r.group)}</td><td>{html.escape(r.input[:40])}</td>"
                   f"<td>{html.escape(str(ctx.get('org_type')))}·{html.escape(str(ctx.get('period')))}"
                   f"·{ctx.get('year') or '—'}</td>{cells}<td>{_worst_items(r)}</td>"
                   f"<td>{found}</td>{judge_cell(r)}</tr>")
    return "".join(out) + "</table>"


_CSS = """body{font-family:'Noto Sans CJK SC','Noto Sans CJK JP',sans-serif;margin:24px;color:#222}
table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:4px 8px;
font-size:13px;vertical-align:top}th{background:#f0f3f7}img{max-width:100%;display:block;
margin:8px 0 24px}details ul{margin:4px 0;padding-left:18px}.note{color:#666;font-size:13px}"""


def write_report(out_dir: str | Path, rows: list[Row], notes: list[str] = (),
                 failed: list[str] = ()) -> Path:
    """Write report.html, results.csv, results.json into out_dir; return the HTML path."""
    out = Path(out_dir).expanduser()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlandraftError(f"无法创建报告目录“{out}”：{exc.strerror}。请换一个可写的目录。")
    if not rows:
        raise PlandraftError("没有可写入报告的评估结果。")
    _setup_fonts()
    groups = _groups(rows)
    (out / "results.json").write_text(json.dumps(
        {"results": [dict(r.to_json(), group=r.group) for r in rows],
         "summary": {g: summary(rs) for g, rs in groups.items()}, "failed": list(failed)},
        ensure_ascii=False, indent=2), encoding="utf-8")
    _write_csv(out / "results.csv", rows)
    charts = [("逐篇条目标注", chart_labels(rows)), ("得分分布", chart_distributions(rows)),
              ("各单位类型得分", chart_by_org_type(rows)), ("问题数量", chart_findings(rows))]
    imgs = "".join(f"<h2>{t}</h2><img alt='{t}' src='data:image/png;base64,{b}'>" for t, b in charts)
    note_html = "".join(f"<p class='note'>{html.escape(n)}</p>" for n in notes)
    if failed:
        note_html += "<h2>未能评估的文件</h2><ul>" + "".join(
            f"<li>{html.escape(f)}</li>" for f in failed) + "</ul>"
    page = (f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
            f"<title>工作计划草稿评估报告</title><style>{_CSS}</style></head><body>"
            f"<h1>工作计划草稿评估报告</h1>{note_html}<h2>总览：草稿与基线对照</h2>"
            f"{_side_by_side(rows)}<h2>按单位类型和期间</h2>{_by_type_table(rows)}{imgs}"
            f"<h2>逐篇结果</h2>{_detail_table(rows)}</body></html>")
    path = out / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def _write_csv(path: Path, rows: list[Row]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as fh:  # BOM: Excel reads UTF-8
        w = csv.writer(fh)
        w.writerow(["group", "input", "org_type", "period", "year", *SCORES, "findings",
                    *[f"findings_{c}" for c in CHECKS]])
        for r in rows:
            ctx = r.evaluation.context
            counts = Counter(f.check for f in r.evaluation.findings)
            w.writerow([r.group, r.input, ctx.get("org_type"), ctx.get("period"), ctx.get("year"),
                        *[_fmt(r.evaluation.scores.get(s)) if s in r.evaluation.scores else ""
                          for s in SCORES],
                        len(r.evaluation.findings), *[counts[c] for c in CHECKS]])

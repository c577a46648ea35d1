"""The web app (Gradio): a face on plandraft.engine.Engine for union cadres, no drafting logic.

One page, in workflow order: 1 brief → 2 outline (editable Markdown) → 3 full text (streamed,
section by section, with sources) → 4 revise / undo one section → 5 export, plus a 检查 panel
(eval findings), earlier drafts, and a 范文库 tab (search, stats, upload).

Each browser session keeps its brief and draft id in a gr.State; the drafts themselves are saved
by the engine as they are written, so they survive a restart. Every PlandraftError is shown as a
Chinese warning and no output is touched, so nothing typed or generated is lost.

    python app.py [--host H] [--port P]      (or: plandraft serve)
"""
from __future__ import annotations

import argparse
import functools
import html
import logging
import sys
import tempfile
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import gradio as gr

from drafting.assemble import headings
from drafting.outline_text import outline_from_markdown, outline_to_markdown
from eval.evaluate import evaluate
from eval.findings import SCORE_LABELS
from eval.labels import LABEL_NAMES, LABELS
from plandraft.engine import Engine
from plandraft.errors import PlandraftError
from plandraft.models import Brief, Draft, DraftSection, SearchResult
from plandraft.settings import Settings
from plandraft.vocab import FILTER_LABELS, KINDS, ORG_TYPES, PERIODS
from retrieval.ingest import IngestReport, keep_uploads

log = logging.getLogger("plandraft.app")

EXAMPLES = [
    "实验小学工会 2025年下半年工作计划，重点：教代会、师德建设、教职工健康",
    "阳光幼儿园工会 2026年上半年工作计划，重点：女教职工关爱、师德师风、文体活动",
    "华信科技有限公司工会 2026年工作计划，重点：劳动竞赛、技能培训、困难职工帮扶",
    "人民医院工会 2026年工作计划，重点：医德医风、职工健康、女职工工作",
    "城关镇总工会 2026年工作计划，重点：新就业形态劳动者入会、集体协商、送温暖",
]
AUTO = "自动识别"  # the "not given" choice of the optional brief fields
ANY = "不限"  # the "no filter" choice of the 范文库 filters
CSS = """
.hint {color: #555; font-size: 0.95em}
.draft {line-height: 1.8}
.draft h1 {font-size: 1.4em; text-align: center}
.draft h2 {font-size: 1.15em; margin-top: 1.2em}
.draft h3 {font-size: 1.05em}
.draft details, .hits details {margin: 0.3em 0 0.8em; color: #555; font-size: 0.92em}
.draft blockquote, .hits blockquote {border-left: 3px solid #ccc; margin: 0.4em 0;
  padding-left: 0.8em; white-space: pre-wrap}
.placeholder {color: #888}
.part.changed {background: #fff8e1; border-left: 4px solid #f0a020; padding: 0.2em 0.8em}
.note {font-weight: bold}
/* Gradio titles its pop-up messages with the English type name ("Warning"): show Chinese. */
.toast-title {font-size: 0 !important}
.toast-title::before {font-size: var(--text-md)}
.toast-title .toast-count {font-size: var(--text-md)}
.toast-title.warning::before {content: "请注意"}
.toast-title.error::before {content: "出错了"}
.toast-title.info::before {content: "提示"}
.toast-title.success::before {content: "完成"}
.hit {border-bottom: 1px solid #eee; padding: 0.5em 0}
.stats table {border-collapse: collapse}
.stats th, .stats td {border: 1px solid #ddd; padding: 0.2em 0.8em; text-align: center}
"""


# ---- index building (once per process, in the background; every page polls it) --------------
class IndexJob:
    """Runs Engine.ensure_index in a thread and remembers how far it got, for the status line."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.fraction = 0.0
        self.message = "正在准备范文索引……"
        self.error = ""
        self.done = threading.Event()

    def start(self) -> None:
        threading.Thread(target=self._run, name="ensure-index", daemon=True).start()

    def _run(self) -> None:
        try:
            self.engine.ensure_index(progress=self._progress)
        except Exception as exc:  # shown on the page; the app stays up for the 范文库 tab
            log.exception("building the index failed")
            self.error = str(exc)
        self.done.set()

    def _progress(self, fraction: float, message: str) -> None:
        self.fraction, self.message = fraction, message

    @property
    def ready(self) -> bool:
        return self.done.is_set() and not self.error

    def status_html(self) -> str:
        if self.error:
            return (f'<div class="index-status">范文索引建立失败：{html.escape(self.error)}'
                    "。请检查后重新启动本程序。</div>")
        if self.done.is_set():
            return ""
        pct = round(100 * self.fraction)
        return ('<div class="index-status">正在准备范文索引，完成后即可开始'
                "（第一次使用时要建立索引，需要几分钟；以后启动只需几秒）。"
                f'<br><progress value="{pct}" max="100" style="width:60%"></progress> {pct}% '
                f"{html.escape(self.message)}</div>")


# ---- buttons: a disabled button says what has to happen first ----------------------------
OUTLINE, WRITE, REVISE, UNDO = "生成提纲", "生成全文", "按要求修改这一部分", "撤销这一部分的上次修改"
DOCX, MD, SEARCH, ADD = "下载 Word 文件", "下载 Markdown 文件", "搜索", "加入范文库"
INDEXING, NO_INDEX = "范文索引准备中，请稍候", "范文索引未能建立，见页面上方"
NEED_OUTLINE, NEED_DRAFT = "请先生成提纲", "请先生成全文"
WRITING, NOT_REVISED = "正在写，请稍候", "这一部分还没有修改过"


def button(label: str, why_not: str | None = None, **kwargs) -> gr.Button:
    """A button (or its update) that is enabled unless why_not says what has to happen first."""
    return gr.Button(label if why_not is None else f"{label}（{why_not}）",
                     interactive=why_not is None, **kwargs)


def download_button(label: str, path: str | None = None, **kwargs) -> gr.DownloadButton:
    return gr.DownloadButton(label if path else f"{label}（{NEED_DRAFT}）", value=path,
                             interactive=bool(path), **kwargs)


def undo_button(draft: Draft | None, section: int | None) -> gr.Button:
    if draft is None or not section:
        return button(UNDO, NEED_DRAFT)
    return button(UNDO, None if draft.sections[int(section) - 1].versions else NOT_REVISED)


# ---- per-session state ---------------------------------------------------------------------
@dataclass
class Session:
    brief: Brief | None = None  # parsed at 生成提纲; 生成全文 writes for it
    draft_id: str | None = None  # the draft on screen


# ---- error handling ------------------------------------------------------------------------
def _skip_after(exc: Exception) -> dict:
    """A PlandraftError becomes a Chinese warning and no output changes (gr.skip()); anything
    else is logged and shown as an error."""
    if isinstance(exc, gr.Error):
        raise exc
    if not isinstance(exc, PlandraftError):
        log.exception("unexpected error in the app")
        raise gr.Error(html.escape(f"程序出错：{exc}。已写好的内容都已保存，"
                                   "可在“打开以前的草稿”中找回。")) from exc
    gr.Warning(html.escape(str(exc)))
    return gr.skip()


def guarded(fn):
    """A handler whose failures leave every output as it was (see _skip_after)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            return _skip_after(exc)
    return wrapper


def guarded_stream(fn):
    """guarded() for generator handlers: what was already shown stays on screen."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            yield from fn(*args, **kwargs)
        except Exception as exc:
            yield _skip_after(exc)
    return wrapper


# ---- rendering (plain functions of the engine's data classes) -------------------------------
def _e(text: str) -> str:
    return html.escape(text or "")


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{_e(line)}</p>" for line in text.splitlines() if line.strip())


def render_brief(brief: Brief) -> str:
    parts = [f"单位：{brief.org_name}", f"类型：{brief.org_type}", f"年度：{brief.year}",
             f"期间：{brief.period}" + (f"（{brief.term}）" if brief.term else "")]
    if brief.focus:
        parts.append("重点：" + "、".join(brief.focus))
    out = "**系统理解的需求**：" + "　·　".join(parts)
    if brief.notes:
        out += "\n\n" + "\n".join(f"- {note}" for note in brief.notes)
    return out


def render_section(tag: str, heading: str, section: DraftSection, n: int | None = None,
                   changed: bool = False) -> str:
    """One section: heading, body, and its sources folded under a <details>."""
    attrs = f' id="part-{n}"' if n else ""
    out = [f'<section class="part{" changed" if changed else ""}"{attrs}>'
           f"<{tag}>{_e(heading)}</{tag}>", f'<div class="body">{_paragraphs(section.text)}</div>']
    if section.sources:
        out.append(f"<details><summary>参考来源（{len(section.sources)} 条，点开看原文）</summary>")
        for src in section.sources:
            where = f"《{_e(src.plan_title)}》" + (f" · {_e(src.section_path)}"
                                                 if src.section_path else "")
            out.append(f"<p><b>{where}</b>（{_e(src.org_type)} · {_e(src.period)}）</p>"
                       f"<blockquote>{_e(src.text)}</blockquote>")
        out.append("</details>")
    out.append("</section>")
    return "".join(out)


def numbered_sections(draft: Draft) -> list[tuple[str, str, DraftSection]]:
    """(tag, numbered heading, section) of the written sections; section n is item n-1."""
    return [("h2" if level == 1 else "h3", heading, section)
            for level, heading, section in headings(draft) if section is not None]


def render_draft(draft: Draft | None, changed: int | None = None) -> str:
    if draft is None:
        return '<div class="draft placeholder">生成全文后，计划会逐部分出现在这里。</div>'
    out = [f'<div class="draft"><h1>{_e(draft.outline.title)}</h1>']
    n = 0
    for level, heading, section in headings(draft):
        tag = "h2" if level == 1 else "h3"
        if section is None:  # the 主要工作 group heading: its items follow as sections
            out.append(f"<{tag}>{_e(heading)}</{tag}>")
            continue
        n += 1
        out.append(render_section(tag, heading, section, n, changed=n == changed))
    out.append("</div>")
    return "".join(out)


def render_revision(draft: Draft, n: int, message: str) -> str:
    """Under 第四步: what happened, and the section as it reads now."""
    tag, heading, section = numbered_sections(draft)[n - 1]
    return (f'<p class="note">{_e(message.format(heading=heading))}</p><div class="draft">'
            f"{render_section(tag, heading, section, changed=True)}</div>")


def render_progress(draft: Draft, writing: bool) -> str:
    done, total = len(draft.sections), len(draft.outline.items)
    if writing and done < total:
        nxt = draft.outline.items[done].title
        return (f'<progress value="{done}" max="{total}" style="width:40%"></progress> '
                f"已写 {done} / {total} 部分，正在写：{_e(nxt)}……")
    done_line = f"全文已完成，共 {total} 部分，已自动保存（草稿编号 {_e(draft.id)}）。"
    notes = [n for n in draft.notes if n not in draft.brief.notes]  # the brief's are in 第一步
    if not notes:
        return done_line
    # What the writer had to do instead (sections the model's answer failed, relaxed filters).
    return done_line + '<ul class="notes">' + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>"


def section_choices(draft: Draft) -> list[tuple[str, int]]:
    """Dropdown choices for 第四步: the numbered heading, valued by the 1-based section number."""
    return [(heading, n) for n, (_, heading, _) in enumerate(numbered_sections(draft), 1)]


def render_findings(markdown: str, brief: Brief) -> str:
    """The 检查 panel: eval's scores and findings for the draft on screen."""
    result = evaluate(markdown, brief)
    scores = "　".join(f"{SCORE_LABELS.get(name, name)} {round(100 * value)}%"
                      for name, value in result.scores.items())
    out = [f'<div class="check"><p>评分：{_e(scores)}</p>']
    counts = result.label_counts()
    if counts:
        out.append("<p>逐条阅读：" + "　".join(f"{LABEL_NAMES[k]} {counts[k]} 条"
                                              for k in LABELS if counts.get(k)) + "</p>")
    to_fill = result.by_check("fill_in")
    if to_fill:  # figures only the user knows: listed apart, they are not faults
        out.append(f"<p>待填写 {len(to_fill)} 处（【　】里填上本单位的数字）：</p><ul>")
        out += [f"<li>{_e(f.location)}：{_e(f.message)}</li>" for f in to_fill]
        out.append("</ul>")
    faults = [f for f in result.findings if f.check != "fill_in"]
    if not faults:
        out.append("<p>没有发现格式或结构问题。</p>")
    else:
        out.append(f"<p>发现 {len(faults)} 处可能需要注意的地方（仅供参考，可用第四步修改）：</p><ul>")
        out += [f"<li>{_e(f.message)}"
                + (f"<small>（{_e(f.location)}）</small>" if f.location else "") + "</li>"
                for f in faults]
        out.append("</ul>")
    out.append("</div>")
    return "".join(out)




def render_hits(result: SearchResult) -> str:
    if not result.hits:
        return '<div class="placeholder">没有找到相关的范文片段，换个说法试试。</div>'
    out = ['<div class="hits">']
    if result.relaxed:
        dropped = "、".join(FILTER_LABELS.get(name, name) for name in result.relaxed)
        out.append(f"<p>完全符合筛选条件的片段不够，已放宽“{_e(dropped)}”的限制；"
                   "排在前面的仍是完全符合条件的。</p>")
    for hit in result.hits:
        c = hit.chunk
        out.append(f'<div class="hit"><b>《{_e(c.plan_title)}》</b> {_e(c.section_path)}'
                   f"<br><small>{_e(c.org_type)} · {_e(c.period)} · {_e(c.kind)}</small>"
                   f"<details><summary>{_e(c.text[:80])}……</summary>"
                   f"<blockquote>{_e(c.text)}</blockquote></details></div>")
    out.append("</div>")
    return "".join(out)


def render_corpus_stats(rows: list[dict]) -> str:
    """Engine.corpus_stats() as a table: one row per org type, one column per period × kind."""
    if not rows:
        return '<div class="stats placeholder">范文库还是空的。</div>'
    columns = sorted({(r["period"], r["kind"]) for r in rows},
                     key=lambda c: (PERIODS.index(c[0]), KINDS.index(c[1])))
    counts = {(r["org_type"], r["period"], r["kind"]): r["plans"] for r in rows}
    head = "".join(f"<th>{_e(p)}{_e(k)}</th>" for p, k in columns)
    body = []
    for org in ORG_TYPES:
        cells = [counts.get((org, p, k), 0) for p, k in columns]
        if any(cells):
            body.append(f"<tr><td>{_e(org)}</td>"
                        + "".join(f"<td>{c or '-'}</td>" for c in cells)
                        + f"<td>{sum(cells)}</td></tr>")
    total = sum(counts.values())
    return (f'<div class="stats"><p>共 {total} 篇范文。</p><table><tr><th>单位类型</th>{head}'
            f"<th>合计</th></tr>{''.join(body)}</table></div>")


def render_ingest_report(report: IngestReport, names: dict[str, str] | list[str]) -> str:
    """What happened to the uploaded files (the report also covers the whole corpus); names:
    the names they are kept under -> the names the user gave them (or a list of names)."""
    if not isinstance(names, dict):
        names = {n: n for n in names}
    lines = []
    for label, done in (("新增", report.new), ("更新", report.replaced), ("已在范文库中，内容未变",
                                                                     report.unchanged)):
        mine = [shown for kept, shown in names.items() if kept in done]
        if mine:
            lines.append(f"- {label} {len(mine)} 个文件：{'、'.join(mine)}")
    for path, reason in report.skipped:
        if Path(path).name in names:
            lines.append(f"- 未能加入：{names[Path(path).name]}（{reason}）")
    if not lines:
        lines.append("- 没有从上传的文件中读出工作计划，请检查文件内容。")
    return "\n".join(lines) + f"\n\n范文库现有 {report.plans} 篇范文。"


def draft_label(row: dict) -> str:
    return f"{row['title']}（{row['updated'].replace('T', ' ')}，{row['sections']} 部分）"


# ---- the page ------------------------------------------------------------------------------
def build_ui(engine: Engine, settings: Settings, index: IndexJob) -> gr.Blocks:
    export_root = Path(tempfile.mkdtemp(prefix="plandraft-export-"))

    def exports(draft: Draft) -> tuple[str, str]:
        folder = export_root / draft.id
        folder.mkdir(exist_ok=True)
        return str(engine.export_docx(draft, folder)), str(engine.export_markdown(draft, folder))

    def drafts_dropdown() -> gr.Dropdown:
        """The saved drafts, newest first. No value is sent, so a choice the user made while
        the refresh was on its way is not wiped by it (Gradio updates only what is passed)."""
        rows = engine.list_drafts()
        return gr.Dropdown(choices=[(draft_label(r), r["id"]) for r in rows])

    with gr.Blocks(title="工会工作计划起草助手", analytics_enabled=False) as demo:
        session = gr.State(Session())
        gr.Markdown("# 工会工作计划起草助手\n"
                    "按 **第一步 → 第五步** 的顺序操作：写下需求，检查提纲，生成全文，"
                    "按需修改，最后下载 Word 文件。所有草稿自动保存。")
        index_status = gr.HTML(index.status_html())
        waiting = None if index.ready else INDEXING  # why the index-bound buttons start disabled
        timer = gr.Timer(1.0, active=not index.done.is_set())

        with gr.Tabs():
            with gr.Tab("起草计划"):
                with gr.Column(variant="panel"):
                    gr.Markdown("### 第一步　写下简要需求")
                    gr.Markdown("写清楚**单位名称、年度或学期、工作重点**，一两句话即可；"
                                "也可以点下面的示例。", elem_classes="hint")
                    brief_box = gr.Textbox(label="简要需求", lines=3, max_lines=8,
                                           placeholder="例如：" + EXAMPLES[0])
                    with gr.Row():
                        org_dd = gr.Dropdown([AUTO, *ORG_TYPES], value=AUTO, label="单位类型（可选）")
                        period_dd = gr.Dropdown([AUTO, *PERIODS], value=AUTO, label="计划期间（可选）")
                        this_year = date.today().year
                        year_dd = gr.Dropdown([AUTO, *range(this_year - 1, this_year + 3)],
                                              value=AUTO, label="年度（可选）")
                        writer_radio = gr.Radio(
                            [("范文组合（离线）", "compose"), ("大模型写作", "llm")], value="compose",
                            label="写作方式", visible=settings.llm_configured)
                    gr.Examples([[e] for e in EXAMPLES], inputs=[brief_box],
                                label="示例（点一下即可填入）")
                    outline_btn = button(OUTLINE, waiting, variant="primary")
                    brief_md = gr.Markdown()

                with gr.Column(variant="panel"):
                    gr.Markdown("### 第二步　检查并修改提纲")
                    gr.Markdown("“# ”开头是计划标题，“## ”开头是各部分，“### ”开头是主要工作的各项，"
                                "“- ”开头是要点。可以直接改字、增删部分或要点，编号会自动重排。"
                                "（再点一次“生成提纲”会换掉这里改过的内容。）",
                                elem_classes="hint")
                    outline_box = gr.Textbox(label="提纲（可直接修改）", lines=14, max_lines=40,
                                             placeholder="点“生成提纲”后，提纲会出现在这里。")
                    write_btn = button(WRITE, NEED_OUTLINE, variant="primary")

                with gr.Column(variant="panel"):
                    gr.Markdown("### 第三步　全文")
                    progress_html = gr.HTML(elem_id="draft-progress")
                    draft_html = gr.HTML(render_draft(None))

                with gr.Column(variant="panel"):
                    gr.Markdown("### 第四步　修改某一部分")
                    gr.Markdown("选一个部分，写下修改要求，只有这一部分会改变；不满意可以撤销。",
                                elem_classes="hint")
                    with gr.Row():
                        section_dd = gr.Dropdown([], label="要修改的部分", interactive=False)
                        instruction_box = gr.Textbox(
                            label="修改要求", scale=2,
                            placeholder="例如：写得更具体一些，加上女教职工工作")
                    with gr.Row():
                        revise_btn = button(REVISE, NEED_DRAFT, variant="primary")
                        undo_btn = undo_button(None, None)
                    revision_html = gr.HTML()

                with gr.Column(variant="panel"):
                    gr.Markdown("### 第五步　导出")
                    with gr.Row():
                        docx_btn = download_button(DOCX, variant="primary")
                        md_btn = download_button(MD)

                with gr.Accordion("检查：格式与结构提示", open=True):
                    findings_html = gr.HTML('<div class="placeholder">生成全文后，这里会列出'
                                            "可能需要注意的问题。</div>")

                with gr.Accordion("打开以前的草稿", open=False) as drafts_box:
                    with gr.Row():
                        drafts_dd = gr.Dropdown([], label="已保存的草稿（最新的在前）", scale=3)
                        open_btn = gr.Button("打开", scale=1)

            with gr.Tab("范文库"):
                with gr.Column(variant="panel"):
                    gr.Markdown("### 搜索范文")
                    with gr.Row():
                        query_box = gr.Textbox(label="搜索内容", scale=3,
                                               placeholder="例如：教代会 提案 落实")
                        lib_org = gr.Dropdown([ANY, *ORG_TYPES], value=ANY, label=FILTER_LABELS["org_type"])
                        lib_period = gr.Dropdown([ANY, *PERIODS], value=ANY, label=FILTER_LABELS["period"])
                        lib_kind = gr.Dropdown([ANY, *KINDS], value=ANY, label=FILTER_LABELS["kind"])
                    search_btn = button(SEARCH, waiting, variant="primary")
                    hits_html = gr.HTML()
                with gr.Column(variant="panel"):
                    gr.Markdown("### 加入自己的范文")
                    gr.Markdown("上传本单位以往的工作计划（.txt、.md 或 .docx，可多选，"
                                f"一次最多 {settings.max_upload_files} 个、每个不超过 "
                                f"{settings.max_file_mb:g} MB），以后起草时会参考它们。",
                                elem_classes="hint")
                    upload = gr.File(label="选择文件", file_count="multiple",
                                     file_types=[".txt", ".md", ".docx"], height=140)
                    add_btn = button(ADD, waiting, variant="primary")
                    add_md = gr.Markdown()
                with gr.Column(variant="panel"):
                    gr.Markdown("### 范文库统计")
                    stats_html = gr.HTML()

        # ---- handlers ----------------------------------------------------------------------
        def poll_index():
            why = None if index.ready else NO_INDEX if index.error else INDEXING
            return (index.status_html(), button(OUTLINE, why), button(SEARCH, why),
                    button(ADD, why), gr.Timer(active=not index.done.is_set()))

        index_outputs = [index_status, outline_btn, search_btn, add_btn, timer]
        timer.tick(poll_index, None, index_outputs, show_progress="hidden")
        demo.load(poll_index, None, index_outputs, show_progress="hidden")

        def render_stats() -> str:
            return render_corpus_stats(engine.corpus_stats())

        def on_load():
            return drafts_dropdown(), (render_stats() if index.ready else "")

        demo.load(on_load, None, [drafts_dd, stats_html])
        drafts_box.expand(drafts_dropdown, None, drafts_dd)  # drafts other visitors saved since

        @guarded
        def make_outline(text, org, period, year, sess: Session):
            brief = engine.parse_brief(text, org_type=None if org == AUTO else org,
                                       period=None if period == AUTO else period,
                                       year=None if year == AUTO else int(year))
            outline = engine.outline(brief)
            return (Session(brief=brief, draft_id=sess.draft_id), outline_to_markdown(outline),
                    render_brief(brief), button(WRITE))

        outline_btn.click(make_outline, [brief_box, org_dd, period_dd, year_dd, session],
                          [session, outline_box, brief_md, write_btn])

        def brief_edited(text, org, period, year, sess: Session):
            """Changing the brief after 生成提纲 does not change the outline: say so."""
            brief = sess.brief
            if brief is None:
                return gr.skip()
            changed = ((text or "").strip() != brief.text.strip()
                       or org not in (AUTO, brief.org_type) or period not in (AUTO, brief.period)
                       or year not in (AUTO, brief.year))
            return render_brief(brief) + ("\n\n**需求已改动：请重新点“生成提纲”，"
                                          "否则全文仍按上面这份需求起草。**" if changed else "")

        for box in (brief_box, org_dd, period_dd, year_dd):
            box.change(brief_edited, [brief_box, org_dd, period_dd, year_dd, session], brief_md,
                       show_progress="hidden")

        draft_outputs = [session, progress_html, draft_html, section_dd, revise_btn, undo_btn,
                         revision_html, docx_btn, md_btn, findings_html, drafts_dd]

        def show_draft(draft: Draft, section: int | None = None, message: str = "") -> tuple:
            """Every output of draft_outputs for a finished draft; message (about `section`, which
            is then highlighted) says what a revision or undo did."""
            docx, md = exports(draft)
            choices = section_choices(draft)
            current = section or (choices[0][1] if choices else None)
            return (Session(brief=draft.brief, draft_id=draft.id),
                    render_progress(draft, writing=False),
                    render_draft(draft, changed=section if message else None),
                    gr.Dropdown(choices=choices, value=current, interactive=True),
                    button(REVISE), undo_button(draft, current),
                    render_revision(draft, section, message) if message else "",
                    download_button(DOCX, docx), download_button(MD, md),
                    render_findings(engine.markdown(draft), draft.brief), drafts_dropdown())

        @guarded_stream
        def write_full(outline_text, writer, sess: Session):
            if sess.brief is None:
                raise PlandraftError("请先在第一步点“生成提纲”，再生成全文。")
            outline = outline_from_markdown(outline_text)
            draft = None
            for draft in engine.write(sess.brief, outline, writer=writer):
                yield (Session(brief=sess.brief, draft_id=draft.id), render_progress(draft, True),
                       render_draft(draft), gr.skip(), button(REVISE, WRITING),
                       button(UNDO, WRITING), "", download_button(DOCX), download_button(MD),
                       gr.skip(), gr.skip())
            if draft is not None:
                yield show_draft(draft)

        write_btn.click(lambda: button(WRITE, WRITING), None, write_btn).then(
            write_full, [outline_box, writer_radio, session], draft_outputs,
            show_progress="hidden").then(lambda: button(WRITE), None, write_btn)

        @guarded
        def revise(section, instruction, sess: Session):
            if not sess.draft_id or not section:
                raise PlandraftError("请先生成全文，再选择要修改的部分。")
            draft = engine.revise(sess.draft_id, int(section), instruction)
            return show_draft(draft, int(section),
                              "已按要求修改“{heading}”，其他部分未改动。不满意可以点“撤销”。")

        revise_btn.click(revise, [section_dd, instruction_box, session], draft_outputs)

        @guarded
        def undo(section, sess: Session):
            if not sess.draft_id or not section:
                raise PlandraftError("请先选择要撤销修改的部分。")
            draft = engine.undo(sess.draft_id, int(section))
            return show_draft(draft, int(section), "已撤销“{heading}”的上次修改，恢复为：")

        undo_btn.click(undo, [section_dd, session], draft_outputs)

        @guarded
        def pick_section(section, sess: Session):
            return undo_button(engine.get(sess.draft_id) if sess.draft_id else None, section)

        section_dd.input(pick_section, [section_dd, session], undo_btn)

        @guarded
        def reopen(draft_id):
            if not draft_id:
                raise PlandraftError("请先在列表中选择一份草稿。")
            draft = engine.get(draft_id)
            return (*show_draft(draft), draft.brief.text,
                    outline_to_markdown(draft.outline), render_brief(draft.brief), button(WRITE))

        open_btn.click(reopen, [drafts_dd],
                       [*draft_outputs, brief_box, outline_box, brief_md, write_btn])

        @guarded
        def search(query, org, period, kind):
            result = engine.search(query, org_type=None if org == ANY else org,
                                   period=None if period == ANY else period,
                                   kind=None if kind == ANY else kind, k=8)
            return render_hits(result)

        search_btn.click(search, [query_box, lib_org, lib_period, lib_kind], hits_html)
        query_box.submit(search, [query_box, lib_org, lib_period, lib_kind], hits_html)

        @guarded
        def add(files, progress=gr.Progress()):
            if not files:
                raise PlandraftError("请先选择要上传的文件（.txt、.md 或 .docx）。")
            kept = keep_uploads(settings, files)  # limits first; unique names in the data dir
            report = engine.add_documents([settings.uploads_dir / name for name in kept],
                                          progress=lambda f, m: progress(f, desc=m))
            return render_ingest_report(report, kept), render_stats(), None

        add_btn.click(add, [upload], [add_md, stats_html, upload])
    return demo


# ---- serving -------------------------------------------------------------------------------
def _auth(settings: Settings) -> tuple[str, str] | None:
    if not settings.auth:
        return None
    user, sep, password = settings.auth.partition(":")
    if not (sep and user and password):
        raise PlandraftError("PLANDRAFT_AUTH 的格式应为“用户名:密码”，例如 PLANDRAFT_AUTH=gonghui:mima123")
    return user, password


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> int:
    """Start the web app (blocks). The index is built in the background on first run."""
    auth = _auth(settings)
    engine = Engine(settings)
    index = IndexJob(engine)
    index.start()
    demo = build_ui(engine, settings, index)
    port = port or settings.port
    try:
        demo.queue().launch(server_name=host or settings.host, server_port=port,
                            auth=auth, auth_message="工会工作计划起草助手：请输入用户名和密码",
                            css=CSS, footer_links=[], run_history=False, ssr_mode=False,
                            show_error=False, max_file_size=settings.max_file_bytes)
    except OSError as exc:  # gradio: "Cannot find empty port in range …"
        raise PlandraftError(f"端口 {port} 已被占用或无法使用（{exc.__class__.__name__}）："
                             "请用 --port 换一个端口，例如 --port 7861。") from exc
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="工会工作计划起草助手（网页界面）")
    parser.add_argument("--host", help="监听地址，默认 127.0.0.1（局域网共享用 0.0.0.0）")
    parser.add_argument("--port", type=int, help="端口，默认 7860")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return serve(Settings.from_env(), host=args.host, port=args.port)
    except PlandraftError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

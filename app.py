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

from drafting import outline_rows
from drafting.assemble import headings
from drafting.diff import diff, summary, to_html
from drafting.outline_text import outline_from_markdown, outline_to_markdown
from drafting.body import items_of
from eval.evaluate import evaluate
from eval.findings import SCORE_LABELS
from eval.labels import LABEL_NAMES, LABELS
from plandraft.engine import Engine
from plandraft.errors import PlandraftError
from plandraft.login import LOCKOUT_NOTE, ClientAddress, Login
from plandraft.models import Brief, Draft, DraftSection, Outline, SearchResult
from plandraft.settings import Settings
from plandraft.vocab import FILTER_LABELS, KINDS, ORG_TYPES, PERIODS
from retrieval.ingest import IngestReport

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
.diff li {margin: 0.3em 0; line-height: 1.7}
.diff ins {background: #e6ffec; text-decoration: none; border-bottom: 2px solid #2da44e}
.diff del {background: #ffebe9; color: #82071e}
.diff li.added {list-style: "＋ "}
.diff li.removed {list-style: "－ "}
.diff li.changed {list-style: "～ "}
.diff li.same {color: #555}
.version-text {white-space: pre-wrap; border-left: 3px solid #ccc; padding-left: 0.8em}
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
REDO, SAVE_EDIT, SAVE_LOCKS, RESTORE = "重做", "保存手工修改", "保存锁定", "恢复这一版"
DOCX, MD, SEARCH, ADD = "下载 Word 文件", "下载 Markdown 文件", "搜索", "加入范文库"
INDEXING, NO_INDEX = "范文索引准备中，请稍候", "范文索引未能建立，见页面上方"
NEED_OUTLINE, NEED_DRAFT = "请先生成提纲", "请先生成全文"
WRITING, NOT_REVISED, NOT_UNDONE = "正在写，请稍候", "没有可以撤销的修改", "没有撤销过"


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
    return button(UNDO, None if draft.sections[int(section) - 1].undo_stack else NOT_REVISED)


def redo_button(draft: Draft | None, section: int | None) -> gr.Button:
    if draft is None or not section:
        return button(REDO, NEED_DRAFT)
    return button(REDO, None if draft.sections[int(section) - 1].redo_stack else NOT_UNDONE)


# ---- who is asking ------------------------------------------------------------------------
class VisitorEngine:
    """The shared engine as the visitor of the running event sees it: their own drafts, the
    common library plus their uploads (Engine.as_user). Gradio keeps the event's request, with
    the logged-in user name, in its context for every handler call and every streamed step."""

    def __init__(self, engine: Engine, login: Login | None):
        self.engine, self.login = engine, login

    def visitor(self):
        from gradio.context import LocalContext
        request = LocalContext.request.get(None)
        name = getattr(request, "username", None) if request is not None else None
        return self.login.viewer(name) if self.login else None

    def __getattr__(self, name: str):
        if callable(getattr(Engine, name, None)):
            # A method taken when the page is built (change(engine.revise, …)) is bound to its
            # visitor only when called, inside an event.
            @functools.wraps(getattr(Engine, name))
            def for_visitor(*args, **kwargs):
                return getattr(self.engine.as_user(self.visitor()), name)(*args, **kwargs)
            return for_visitor
        return getattr(self.engine.as_user(self.visitor()), name)


CPU = "cpu"  # the concurrency group of the CPU-bound events (Settings.cpu_job_limit at once)


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


def render_revision(draft: Draft, n: int, message: str, before: str | None = None) -> str:
    """Under 第四步: what happened, what the reviser said, and the section with its changes
    marked (added, removed, changed word by word) against the text before."""
    tag, heading, section = numbered_sections(draft)[n - 1]
    out = [f'<p class="note">{_e(message.format(heading=heading))}</p>']
    version = section.history()[section.current]
    if version.note and message.startswith("已按要求"):
        out.append(f'<p class="revision-note">说明：{_e(version.note)}</p>')
    if before is not None:
        changes = diff(before, section.text)
        out.append(f"<p>改动：{_e(summary(changes))}（绿色为新增，红色删除线为删去）</p>{to_html(changes)}")
    else:
        out.append(f'<div class="draft">{render_section(tag, heading, section, changed=True)}</div>')
    return "".join(out)


def version_choices(section: DraftSection) -> list[tuple[str, int]]:
    """The section's versions for a dropdown, newest first, valued by their number (1 = first)."""
    rows = []
    for n, v in enumerate(section.history(), 1):
        when = v.time.replace("T", " ")[5:16] if v.time else ""
        mark = "（当前）" if n - 1 == section.current else ""
        rows.append((f"第 {n} 版 {when} {v.action[:24]}{mark}", n))
    return rows[::-1]


def render_version(section: DraftSection, number: int | None) -> str:
    """One version's text and how it differs from what is shown now."""
    history = section.history()
    if not number or not 1 <= int(number) <= len(history):
        return '<div class="placeholder">选一个版本，可以看它的全文和与当前正文的差别。</div>'
    v = history[int(number) - 1]
    head = f"第 {number} 版：{_e(v.action)}" + (f"（{_e(v.time.replace('T', ' '))}）" if v.time else "")
    if int(number) - 1 == section.current:
        return f'<p><b>{head}</b>，就是现在显示的正文。</p><div class="version-text">{_e(v.text)}</div>'
    changes = diff(section.text, v.text)
    return (f"<p><b>{head}</b>。与当前正文相比：{_e(summary(changes))}"
            "（绿色是这一版有而当前没有的，红色是当前有而这一版没有的）。</p>" + to_html(changes))


def lock_choices(section: DraftSection) -> tuple[list[tuple[str, str]], list[str]]:
    """(choices, checked) of the section's items for the lock check boxes."""
    texts = items_of(section.text)
    choices = [(f"{n}. {t[:60]}{'……' if len(t) > 60 else ''}", t) for n, t in enumerate(texts, 1)]
    return choices, [t for t in texts if t in section.locked]


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
def build_ui(engine: Engine, settings: Settings, index: IndexJob,
             login: Login | None = None) -> gr.Blocks:
    export_root = Path(tempfile.mkdtemp(prefix="plandraft-export-"))
    engine = VisitorEngine(engine, login)  # every handler below acts for its own visitor

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
        who_md = gr.Markdown(elem_classes="hint")
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
                    gr.Markdown("表格中每一行是计划的一个部分或一项主要工作：**双击格子可以改标题和要点**"
                                "（要点之间用“；”分开）；点选一行后可以上移、下移、删除或在它下面添加一行。"
                                "“属于”一栏说明这一行归入计划的哪一部分（指导思想、工作目标、月份安排、保障措施"
                                "按公文惯例排在固定位置，其余各行是主要工作，按表中顺序编号）。"
                                "（再点一次“生成提纲”会换掉这里改过的内容。）", elem_classes="hint")
                    outline_title = gr.Textbox(label="计划标题", placeholder="点“生成提纲”后自动填入，也可以自己写")
                    outline_table = gr.Dataframe(
                        value=[], headers=outline_rows.COLUMNS, column_count=4, static_columns=[2, 3],
                        interactive=True, show_row_numbers=True, type="array", wrap=True,
                        label="提纲（可直接修改）", column_widths=["24%", "40%", "10%", "26%"])
                    picked_row = gr.State(None)
                    with gr.Row():
                        picked_md = gr.Markdown("没有选中的行：点表格中的一行来选中它。", elem_classes="hint")
                        row_up = gr.Button("上移", size="sm")
                        row_down = gr.Button("下移", size="sm")
                        row_delete = gr.Button("删除这一行", size="sm")
                        row_add = gr.Button("在下面添加一行", size="sm")
                    with gr.Accordion("高级：按文本编辑提纲（Markdown）", open=False):
                        gr.Markdown("“# ”开头是计划标题，“## ”开头是各部分，“### ”开头是主要工作的各项，"
                                    "“- ”开头是要点。这里和上面的表格是同一份提纲，改了一边另一边跟着变。",
                                    elem_classes="hint")
                        outline_box = gr.Textbox(label="提纲文本", lines=14, max_lines=40,
                                                 placeholder="点“生成提纲”后，提纲会出现在这里。")
                    outline_error = gr.Markdown()
                    text_dirty = gr.State(False)  # the text has an edit the table could not take
                    write_btn = button(WRITE, NEED_OUTLINE, variant="primary")

                with gr.Column(variant="panel"):
                    gr.Markdown("### 第三步　全文")
                    progress_html = gr.HTML(elem_id="draft-progress")
                    draft_html = gr.HTML(render_draft(None))

                with gr.Column(variant="panel"):
                    gr.Markdown("### 第四步　修改某一部分")
                    gr.Markdown("选一个部分，可以写修改要求，也可以直接改正文；只有这一部分会改变，"
                                "每次改动都保存为一个版本，可以撤销、重做或恢复任何一版。",
                                elem_classes="hint")
                    section_dd = gr.Dropdown([], label="要修改的部分", interactive=False)
                    with gr.Tabs():
                        with gr.Tab("按要求修改"):
                            instruction_box = gr.Textbox(
                                label="修改要求",
                                placeholder="例如：写得更具体一些，加上女教职工工作，删去第3条")
                            gr.Markdown("离线写法能做：加上（某项工作）、写得更具体、精简、改成N条、删去（某项内容）、"
                                        "删去第N条、把A改成B、把第N条改成：……、第N条提前／放到最后、合并第M、N条、"
                                        "重写；月份安排里可以写“九月加上教师节慰问”。", elem_classes="hint")
                            revise_btn = button(REVISE, NEED_DRAFT, variant="primary")
                        with gr.Tab("手工修改"):
                            edit_box = gr.Textbox(label="这一部分的正文（可直接修改，每条一行）", lines=10,
                                                  max_lines=30, interactive=False)
                            save_edit_btn = button(SAVE_EDIT, NEED_DRAFT, variant="primary")
                        with gr.Tab("锁定条目"):
                            gr.Markdown("勾选的条目会被锁定：以后按要求修改、重写时保持原样。", elem_classes="hint")
                            lock_group = gr.CheckboxGroup([], label="这一部分的条目")
                            save_locks_btn = button(SAVE_LOCKS, NEED_DRAFT)
                        with gr.Tab("历史版本"):
                            versions_dd = gr.Dropdown([], label="这一部分的版本（最新的在前）")
                            version_html = gr.HTML()
                            restore_btn = button(RESTORE, NEED_DRAFT)
                    with gr.Row():
                        undo_btn = undo_button(None, None)
                        redo_btn = redo_button(None, None)
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

        def who() -> str:
            user = engine.visitor()
            if user is None:
                return ""
            role = "（管理员：能看到所有人的草稿）" if user.admin else "（草稿只有您自己看得到）"
            return f"已登录：**{_e(user.name)}**{role}　[退出登录](logout)"

        demo.load(who, None, who_md, show_progress="hidden")
        drafts_box.expand(drafts_dropdown, None, drafts_dd)  # drafts other visitors saved since

        outline_outputs = [outline_title, outline_table, outline_box, outline_error, text_dirty]

        def show_outline(outline: Outline) -> tuple:
            """The outline in the table and as text, both the same; no error, nothing pending."""
            return (outline.title, outline_rows.to_rows(outline), outline_to_markdown(outline), "",
                    False)

        @guarded
        def make_outline(text, org, period, year, sess: Session):
            brief = engine.parse_brief(text, org_type=None if org == AUTO else org,
                                       period=None if period == AUTO else period,
                                       year=None if year == AUTO else int(year))
            outline = engine.outline(brief)
            return (Session(brief=brief, draft_id=sess.draft_id), *show_outline(outline),
                    render_brief(brief), button(WRITE))

        outline_btn.click(make_outline, [brief_box, org_dd, period_dd, year_dd, session],
                          [session, *outline_outputs, brief_md, write_btn], concurrency_id=CPU,
                          api_name="outline")

        # ---- the outline editor: table ↔ text ---------------------------------------------
        def table_text(title: str, rows: list[list[str]]) -> str:
            """The rows as Markdown; rows that cannot be read yet are left out of the text."""
            try:
                return outline_to_markdown(outline_rows.to_outline(title, rows))
            except PlandraftError:
                return gr.skip()

        def table_edited(title, rows, text):
            """Only what changed goes back: under load an answer can arrive after the next edit,
            and a table or text sent back unchanged would then undo that edit."""
            checked = outline_rows.checked(rows or [])
            problems = [f"第 {n} 行：{r[outline_rows.PROBLEM]}" for n, r in enumerate(checked, 1)
                        if r[outline_rows.PROBLEM]]
            note = ("**表格中有要改的地方（见“提示”一栏）：** " + "；".join(problems)) if problems else ""
            new_text = table_text(title, checked)
            return (gr.skip() if checked == [list(r) for r in rows or []] else checked,
                    gr.skip() if new_text == text else new_text, note, False, button(WRITE))

        table_outputs = [outline_table, outline_box, outline_error, text_dirty, write_btn]
        table_inputs = [outline_title, outline_table, outline_box]
        outline_table.input(table_edited, table_inputs, table_outputs, show_progress="hidden")
        outline_title.input(table_edited, table_inputs, table_outputs, show_progress="hidden")

        def text_edited(text, title, rows):
            """A text edit the table can show goes there at once; one it cannot is kept as
            typed, with what is wrong, and 生成全文 uses (and refuses) the text. (On .change, as a
            paste may not send .input; the text the table itself wrote changes nothing.)"""
            if not (text or "").strip():
                return gr.skip(), gr.skip(), "", False, gr.skip()
            try:
                outline = outline_from_markdown(text)
            except PlandraftError as exc:
                return gr.skip(), gr.skip(), f"**提纲文本有误：** {_e(str(exc))}", True, button(WRITE)
            if outline_rows.same(outline, title, rows or []):
                return gr.skip(), gr.skip(), "", False, gr.skip()
            return outline.title, outline_rows.to_rows(outline), "", False, button(WRITE)

        outline_box.change(text_edited, [outline_box, outline_title, outline_table],
                           [outline_title, outline_table, outline_error, text_dirty, write_btn],
                           show_progress="hidden")

        def pick_row(rows, evt: gr.SelectData):
            row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
            title = (rows[row][0] if rows and row < len(rows) else "") or "（标题为空）"
            return row, f"已选中第 {row + 1} 行：{_e(title)}"

        outline_table.select(pick_row, outline_table, [picked_row, picked_md],
                             show_progress="hidden")

        def row_op(op):
            def handler(title, rows, row):
                if op != "add" and row is None:
                    gr.Warning("请先点表格中的一行来选中它。")
                    return gr.skip(), gr.skip(), gr.skip(), gr.skip()
                rows = rows or []
                if op == "up":
                    rows, row = outline_rows.move(rows, row, -1), max(0, row - 1)
                elif op == "down":
                    rows, row = outline_rows.move(rows, row, 1), min(len(rows) - 1, row + 1)
                elif op == "delete":
                    rows, row = outline_rows.delete(rows, row), None
                else:
                    rows = outline_rows.insert(rows, row)
                    row = len(rows) - 1 if row is None else row + 1
                label = ("没有选中的行：点表格中的一行来选中它。" if row is None or row >= len(rows)
                         else f"已选中第 {row + 1} 行：{_e(rows[row][0]) or '（新的一行，双击格子填写）'}")
                return rows, table_text(title, rows), row, label
            return handler

        for btn, op in ((row_up, "up"), (row_down, "down"), (row_delete, "delete"), (row_add, "add")):
            btn.click(row_op(op), [outline_title, outline_table, picked_row],
                      [outline_table, outline_box, picked_row, picked_md], show_progress="hidden")

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

        # ---- the draft, and the section being revised ---------------------------------------
        panel_outputs = [undo_btn, redo_btn, edit_box, save_edit_btn, lock_group, save_locks_btn,
                         versions_dd, version_html, restore_btn]

        def section_panel(draft: Draft | None, n: int | None) -> tuple:
            """第四步's tools for section n of the draft (disabled while there is none)."""
            if draft is None or not n:
                return (undo_button(None, None), redo_button(None, None),
                        gr.Textbox(value="", interactive=False), button(SAVE_EDIT, NEED_DRAFT),
                        gr.CheckboxGroup(choices=[], value=[]), button(SAVE_LOCKS, NEED_DRAFT),
                        gr.Dropdown(choices=[], value=None), "", button(RESTORE, NEED_DRAFT))
            section = draft.sections[int(n) - 1]
            choices, checked = lock_choices(section)
            return (undo_button(draft, n), redo_button(draft, n),
                    gr.Textbox(value=section.text, interactive=True), button(SAVE_EDIT),
                    gr.CheckboxGroup(choices=choices, value=checked), button(SAVE_LOCKS),
                    gr.Dropdown(choices=version_choices(section), value=None),
                    render_version(section, None), button(RESTORE))

        draft_outputs = [session, progress_html, draft_html, section_dd, revise_btn,
                         revision_html, docx_btn, md_btn, findings_html, drafts_dd, *panel_outputs]

        def show_draft(draft: Draft, section: int | None = None, message: str = "",
                       before: str | None = None) -> tuple:
            """Every output of draft_outputs for a finished draft; message (about `section`, which
            is then highlighted) says what a change did, marked against `before`."""
            docx, md = exports(draft)
            choices = section_choices(draft)
            current = section or (choices[0][1] if choices else None)
            return (Session(brief=draft.brief, draft_id=draft.id),
                    render_progress(draft, writing=False),
                    render_draft(draft, changed=section if message else None),
                    gr.Dropdown(choices=choices, value=current, interactive=True),
                    button(REVISE),
                    render_revision(draft, section, message, before) if message else "",
                    download_button(DOCX, docx), download_button(MD, md),
                    render_findings(engine.markdown(draft), draft.brief), drafts_dropdown(),
                    *section_panel(draft, current))

        @guarded_stream
        def write_full(title, rows, text, dirty, brief_text, writer, sess: Session, llm=False):
            if (writer == "llm") != llm:  # the other writer's event (below) does this one
                yield gr.skip()
                return
            brief = sess.brief
            if brief is None:  # an outline built by hand from empty: the brief is read now
                if not (brief_text or "").strip():
                    raise PlandraftError("请先在第一步写下简要需求（单位、年度、期间），再生成全文。")
                brief = engine.parse_brief(brief_text)
            outline = outline_rows.to_write(title, rows or [], text, dirty)
            draft = None
            busy = [button(REDO, WRITING), gr.skip(), button(SAVE_EDIT, WRITING), gr.skip(),
                    button(SAVE_LOCKS, WRITING), gr.skip(), gr.skip(), button(RESTORE, WRITING)]
            for draft in engine.write(brief, outline, writer=writer):
                yield (Session(brief=brief, draft_id=draft.id), render_progress(draft, True),
                       render_draft(draft), gr.skip(), button(REVISE, WRITING), "",
                       download_button(DOCX), download_button(MD), gr.skip(), gr.skip(),
                       button(UNDO, WRITING), *busy)
            if draft is not None:
                yield show_draft(draft)

        # Two events on one click, each in its own concurrency group: compose writing is CPU
        # bound (as many at once as the cores serve), llm writing mostly waits on the model
        # endpoint (more at once). Each does nothing when the chosen writer is the other's.
        # The progress line shows the queue position while a job waits for its turn.
        write_inputs = [outline_title, outline_table, outline_box, text_dirty, brief_box,
                        writer_radio, session]
        write_btn.click(lambda: button(WRITE, WRITING), None, write_btn).then(
            write_full, write_inputs, draft_outputs, show_progress="minimal",
            show_progress_on=[progress_html], concurrency_id=CPU, api_name="write",
        ).then(lambda: button(WRITE), None, write_btn)
        if settings.llm_configured:
            write_btn.click(functools.partial(write_full, llm=True), write_inputs, draft_outputs,
                            show_progress="minimal", show_progress_on=[progress_html],
                            concurrency_id="llm", concurrency_limit=settings.llm_jobs,
                            api_name="write_llm").then(lambda: button(WRITE), None, write_btn)

        def change(action, message: str):
            """A handler that changes section n of the draft on screen through the engine and
            shows what changed."""
            @guarded
            def handler(section, *args):
                sess: Session = args[-1]
                if not sess.draft_id or not section:
                    raise PlandraftError("请先生成全文，再选择要修改的部分。")
                n = int(section)
                before = engine.get(sess.draft_id).sections[n - 1].text
                draft = action(sess.draft_id, n, *args[:-1])
                return show_draft(draft, n, message, before)
            return handler

        revise_btn.click(change(engine.revise, "已按要求修改“{heading}”，其他部分未改动。不满意可以点“撤销”。"),
                         [section_dd, instruction_box, session], draft_outputs, concurrency_id=CPU,
                         api_name="revise")
        save_edit_btn.click(change(engine.edit, "已保存对“{heading}”的手工修改，其他部分未改动。"),
                            [section_dd, edit_box, session], draft_outputs)
        undo_btn.click(change(engine.undo, "已撤销“{heading}”的上次修改（可以点“重做”恢复）："),
                       [section_dd, session], draft_outputs)
        redo_btn.click(change(engine.redo, "已重做“{heading}”刚才撤销的修改："),
                       [section_dd, session], draft_outputs)

        def restore_version(draft_id: str, n: int, number) -> Draft:
            if not number:
                raise PlandraftError("请先在“这一部分的版本”中选一个版本。")
            return engine.restore(draft_id, n, int(number))

        restore_btn.click(change(restore_version, "已恢复“{heading}”的所选版本（当前正文也保留在版本列表里）："),
                          [section_dd, versions_dd, session], draft_outputs)

        @guarded
        def save_locks(section, texts, sess: Session):
            if not sess.draft_id or not section:
                raise PlandraftError("请先生成全文，再选择要修改的部分。")
            draft = engine.set_locks(sess.draft_id, int(section), list(texts or []))
            locked = len(draft.sections[int(section) - 1].locked)
            gr.Info(f"已锁定 {locked} 条：以后修改这一部分时，它们保持原样。" if locked else "已解除这一部分的全部锁定。")
            return section_panel(draft, section)

        save_locks_btn.click(save_locks, [section_dd, lock_group, session], panel_outputs)

        @guarded
        def pick_section(section, sess: Session):
            return section_panel(engine.get(sess.draft_id) if sess.draft_id else None, section)

        section_dd.input(pick_section, [section_dd, session], panel_outputs)

        @guarded
        def pick_version(section, number, sess: Session):
            if not sess.draft_id or not section:
                return ""
            return render_version(engine.get(sess.draft_id).sections[int(section) - 1], number)

        versions_dd.input(pick_version, [section_dd, versions_dd, session], version_html)

        @guarded
        def reopen(draft_id):
            if not draft_id:
                raise PlandraftError("请先在列表中选择一份草稿。")
            draft = engine.get(draft_id)
            return (*show_draft(draft), draft.brief.text, *show_outline(draft.outline),
                    render_brief(draft.brief), button(WRITE))

        open_btn.click(reopen, [drafts_dd],
                       [*draft_outputs, brief_box, *outline_outputs, brief_md, write_btn],
                       api_name="open_draft")

        @guarded
        def search(query, org, period, kind):
            result = engine.search(query, org_type=None if org == ANY else org,
                                   period=None if period == ANY else period,
                                   kind=None if kind == ANY else kind, k=8)
            return render_hits(result)

        search_btn.click(search, [query_box, lib_org, lib_period, lib_kind], hits_html,
                         concurrency_id=CPU)
        query_box.submit(search, [query_box, lib_org, lib_period, lib_kind], hits_html,
                         concurrency_id=CPU)

        @guarded
        def add(files, progress=gr.Progress()):
            if not files:
                raise PlandraftError("请先选择要上传的文件（.txt、.md 或 .docx）。")
            # Limits first; unique names in the visitor's own (private) upload folder.
            report, kept = engine.upload(files, progress=lambda f, m: progress(f, desc=m))
            return render_ingest_report(report, kept), render_stats(), None

        add_btn.click(add, [upload], [add_md, stats_html, upload], concurrency_id=CPU)
    return demo


# ---- serving -------------------------------------------------------------------------------
def serve(settings: Settings, host: str | None = None, port: int | None = None,
          allow_anonymous: bool = False) -> int:
    """Start the web app (blocks). The index is built in the background on first run."""
    from starlette.middleware import Middleware

    host = host or settings.host
    login = Login(settings)
    login.check_address(host, allow_anonymous)
    engine = Engine(settings)
    index = IndexJob(engine)
    index.start()
    demo = build_ui(engine, settings, index, login)
    port = port or settings.port
    try:
        # Events without a concurrency group of their own run up to cpu_job_limit at once too;
        # the CPU-bound ones share the CPU group (concurrency_id=CPU) under that same limit.
        demo.queue(default_concurrency_limit=settings.cpu_job_limit).launch(
            server_name=host, server_port=port, auth=login.auth,
            auth_message=f"工会工作计划起草助手：请输入用户名和密码。{LOCKOUT_NOTE}",
            app_kwargs={"middleware": [Middleware(ClientAddress)]},
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
    parser.add_argument("--allow-anonymous", action="store_true",
                        help="在非本机地址上不设登录也启动（所有访问者共用全部草稿）")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return serve(Settings.from_env(), host=args.host, port=args.port,
                     allow_anonymous=args.allow_anonymous)
    except PlandraftError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

"""The one place the stages are wired. The CLI and the Gradio app only talk to Engine.

    engine = Engine(settings)
    brief = engine.parse_brief("实验小学工会 2025年下半年工作计划，重点：教代会、师德建设")
    outline = engine.outline(brief)           # editable: drafting.outline_text ↔ Markdown
    for draft in engine.write(brief, outline):  # saved after every section
        ...
    engine.revise(draft.id, 3, "写得更具体，加上女教职工工作")
    engine.undo(draft.id, 3)
    engine.export_docx(draft, "计划.docx")

Accounts: `engine.as_user(user)` is the same engine (one index, one store) acting for one
account: its drafts are the only ones it lists, opens or changes (an admin's: all of them),
new drafts are its own, and searches show the common library plus its private uploads. An
engine with no user (single-user mode, the shared PLANDRAFT_AUTH login) sees everything, as
before accounts existed.
"""
from __future__ import annotations

import copy
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path

from plandraft.cleantext import clean
from plandraft.errors import PlandraftError
from plandraft.models import Brief, Draft, DraftSection, Outline, OutlineItem, SearchResult, Version
from plandraft.settings import Settings
from plandraft.vocab import FILTER_LABELS

Progress = Callable[[float, str], None]

MAX_INSTRUCTION = 300  # characters of a revision instruction (README, 限制)
MAX_SECTION = 5000  # characters of a section's text typed or pasted by hand
HAND_EDIT = "手工修改"


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _relaxed_note(relaxed: list[str]) -> str:
    dropped = "、".join(FILTER_LABELS.get(r, r) for r in relaxed)
    return f"同类范文不足，部分章节检索时放宽了{dropped}条件。"


class _Parts:
    """What every user's view of one engine shares: the index, the outliner, the draft store."""

    def __init__(self):
        self.retriever = None
        self.outliner = None
        self.store = None
        self.lock = threading.RLock()


class Engine:
    def __init__(self, settings: Settings | None = None, today: date | None = None, user=None):
        self.settings = settings or Settings.from_env()
        self.today = today  # injectable "now" for the brief's default year (tests)
        self.user = user  # plandraft.accounts.User, or None: single-user mode (sees everything)
        self._parts = _Parts()

    def as_user(self, user) -> Engine:
        """This engine acting for `user` (None: for everyone, as in single-user mode)."""
        view = copy.copy(self)
        view.user = user
        return view

    @property
    def owner(self) -> str:
        """The owner of what this engine makes: drafts, uploads ("" with no account)."""
        return self.user.name if self.user else ""

    @property
    def _reader(self) -> str | None:
        """The owner whose drafts this engine reads; None = every draft (admins, no accounts)."""
        return None if self.user is None or self.user.admin else self.user.name

    # ---- corpus and retrieval -----------------------------------------------------------
    @property
    def retriever(self):
        # Locked: sections written in threads must share one retriever (a second one would
        # reopen the embedded store under the first one's feet).
        with self._parts.lock:
            if self._parts.retriever is None:
                from retrieval.search import HybridRetriever
                self._parts.retriever = HybridRetriever(self.settings)
            return self._parts.retriever

    @property
    def library(self):
        """The retriever as this engine's user sees it: the common library and their own
        private uploads (an admin, and single-user mode: everything)."""
        from retrieval.search import OwnerView
        owners = None if self._reader is None else frozenset({"", self.user.name})
        return OwnerView(self.retriever, owners)

    def ensure_index(self, progress: Progress | None = None):
        """Index the corpus if needed (an unchanged corpus costs no embedding work)."""
        from retrieval.ingest import ingest
        report = ingest(self.settings, progress=progress)
        self._parts.outliner = None  # the plans may have changed
        return report

    def add_documents(self, paths: Iterable[str | Path], progress: Progress | None = None):
        from retrieval.ingest import ingest
        report = ingest(self.settings, paths=list(paths), progress=progress)
        self._parts.outliner = None
        return report

    def upload(self, files: Iterable[str | Path], progress: Progress | None = None):
        """Files a user uploaded, kept in their private folder (the common one with no account)
        and indexed: (ingest report, kept name -> original name)."""
        from retrieval.ingest import keep_uploads
        kept = keep_uploads(self.settings, files, owner=self.owner)  # limits first
        return self.add_documents([], progress=progress), kept

    def share(self, name: str, owner: str):
        """An admin moves `owner`'s private upload `name` (as `library list` shows it) into the
        common library, and the index follows."""
        from retrieval.ingest import share_upload
        if self.user is not None and not self.user.admin:
            raise PlandraftError("只有管理员可以把文件共享到公共范文库。")
        share_upload(self.settings, name, owner)
        return self.add_documents([])

    def search(self, query: str, org_type: str | None = None, period: str | None = None,
               kind: str | None = None, k: int = 5) -> SearchResult:
        return self.library.search(query, org_type=org_type, period=period, kind=kind, k=k)

    def corpus_stats(self) -> list[dict]:
        """Indexed plans (that this user may see) counted by org type × period × kind."""
        counts = Counter((p.org_type, p.period, p.kind) for p in self.library.plans())
        return [{"org_type": o, "period": p, "kind": k, "plans": n}
                for (o, p, k), n in sorted(counts.items())]

    # ---- drafting -----------------------------------------------------------------------
    @property
    def store(self):
        with self._parts.lock:
            if self._parts.store is None:
                from drafting.store import DraftStore
                self._parts.store = DraftStore(self.settings.database)
            return self._parts.store

    @property
    def outliner(self):
        with self._parts.lock:  # app sessions share the engine: build the exemplar data once
            if self._parts.outliner is None:
                from drafting.outline import ThemeOutliner
                from retrieval.search import OwnerView
                # The common library only: one outliner serves every account, and nobody's
                # private plan may shape another account's outline.
                common = OwnerView(self.retriever, frozenset({""}))
                plans = common.plans()
                if not plans:
                    raise PlandraftError("范文库还是空的：请先运行 `plandraft ingest` 建立索引。")
                self._parts.outliner = ThemeOutliner(common, plans)
            return self._parts.outliner

    def parse_brief(self, text: str, org_type: str | None = None, period: str | None = None,
                    year: int | None = None) -> Brief:
        from drafting.brief import parse_brief
        return parse_brief(text, org_type=org_type, period=period, year=year, today=self.today)

    def outline(self, brief: Brief) -> Outline:
        return self.outliner.outline(brief)

    def _writers(self, name: str, on_token: Callable[[str, str], None] | None = None):
        """(writer, llm writer or None) for a writer name."""
        from drafting.compose import ComposeWriter
        if name == "compose":
            return ComposeWriter(), None
        if name != "llm":
            raise PlandraftError(f"未知的写法“{name}”：可选 compose（离线）或 llm（大模型）。")
        from drafting.chat_model import chat_model
        from drafting.llm import LLMWriter
        llm = LLMWriter(self.settings, chat_model(self.settings), fallback=ComposeWriter(),
                        on_token=on_token)
        return llm, llm

    def write(self, brief: Brief, outline: Outline, writer: str = "compose",
              on_token: Callable[[str, str], None] | None = None) -> Iterator[Draft]:
        """Write every outline item from its own sources; yields (and saves) the draft after
        each section. Sections run concurrently against an HTTP model endpoint (bounded).
        on_token(section title, text piece) receives the llm writer's text as it streams."""
        from drafting import period as plan_period
        from drafting import store
        from drafting.chat_model import is_local
        from drafting.outline_text import MAX_SECTIONS, normalised
        from drafting.sources import gather

        chosen, llm = self._writers(writer, on_token)
        outline = Outline(title=outline.title.strip() or plan_period.plan_title(brief),
                          items=normalised(outline.items))
        if not outline.items:
            raise PlandraftError("提纲里没有任何部分：请至少保留一个部分。")
        if len(outline.items) > MAX_SECTIONS:
            raise PlandraftError(f"提纲的部分太多（{len(outline.items)} 个，上限 {MAX_SECTIONS} 个）："
                                 "请合并相近的部分。")
        draft = Draft(id=store.new_id(), brief=brief, outline=outline, writer=writer,
                      notes=list(brief.notes), owner=self.owner)
        self.store.save(draft)

        def one(item: OutlineItem) -> tuple[DraftSection, list[str]]:
            hits, relaxed = gather(self.library, brief, item)
            notes = [_relaxed_note(relaxed)] if relaxed else []
            if llm is None:
                return chosen.write(brief, item, hits), notes
            section, note = llm.write_with_note(brief, item, hits)
            return section, notes + ([note] if note else [])

        workers = 1 if llm is None or is_local(self.settings) else max(1, self.settings.llm_concurrency)
        if workers == 1:  # compose keeps state across sections (no item repeated): in order
            yield from self._collect(draft, (one(item) for item in outline.items), llm)
            return
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(one, item) for item in outline.items]
            yield from self._collect(draft, (f.result() for f in futures), llm)

    def _collect(self, draft: Draft, results: Iterable[tuple[DraftSection, list[str]]],
                 llm=None) -> Iterator[Draft]:
        for section, notes in results:
            section.versions = [Version(section.text, _now(), "初稿")]
            draft.sections.append(section)
            draft.notes += [n for n in notes if n not in draft.notes]
            if llm is not None and len(draft.sections) == len(draft.outline.items):
                draft.notes += self._verdict(llm.fallbacks, len(draft.sections))
            self.store.save(draft)
            yield draft

    def _verdict(self, fallbacks: int, total: int) -> list[str]:
        """When most sections fell back to compose, say plainly that the model is too weak."""
        if 2 * fallbacks <= total:
            return []
        s = self.settings
        model = s.llm_model or s.llm_gguf
        where = ("PLANDRAFT_LLM_BASE_URL / PLANDRAFT_LLM_MODEL" if s.llm_base_url
                 else "PLANDRAFT_LLM_GGUF")
        return [f"所配置的大模型（{model}）写出的 {total} 部分中有 {fallbacks} 部分没有通过检查，"
                f"已改用离线写法：这个模型对起草工会工作计划来说太弱。请在 {where} 换用更强的"
                "中文指令模型（如 DeepSeek、通义千问），或直接用离线写法。"]

    def draft(self, text: str, org_type: str | None = None, period: str | None = None,
              year: int | None = None, writer: str = "compose") -> Draft:
        brief = self.parse_brief(text, org_type=org_type, period=period, year=year)
        *_, draft = self.write(brief, self.outline(brief), writer=writer)
        return draft

    # ---- revision -----------------------------------------------------------------------
    def _section(self, draft: Draft, section: int) -> DraftSection:
        if not 1 <= section <= len(draft.sections):
            raise PlandraftError(f"没有第 {section} 部分：这份草稿共有 {len(draft.sections)} 部分"
                                 f"（序号 1—{len(draft.sections)}）。")
        return draft.sections[section - 1]

    def revise(self, draft_id: str, section: int, instruction: str) -> Draft:
        """The section revised by the instruction, as a new version whose note says what was
        done and what could not be (draft.sections[n-1].versions[-1].note)."""
        from drafting.revise import ComposeReviser, LLMReviser, keep_locked
        from drafting.sources import gather

        instruction = clean(instruction).strip()
        if not instruction:
            raise PlandraftError("修改要求为空：请写明怎么改，例如“写得更具体，加上女教职工工作”。")
        if len(instruction) > MAX_INSTRUCTION:  # a pasted text is material, not an instruction
            raise PlandraftError(
                f"修改要求太长（{len(instruction)} 字，上限 {MAX_INSTRUCTION} 字）：请只写怎么改，例如“加上女教职工工作”；"
                "大段材料请用“添加范文”（plandraft ingest 文件）加入范文库，或用“手工修改”直接改正文。这一部分没有改动。")
        draft = self.get(draft_id)
        target = self._section(draft, section)
        item = draft.outline.items[section - 1]
        query_item = OutlineItem(title=f"{item.title} {instruction}", points=item.points,
                                 kind=item.kind)
        hits, _ = gather(self.library, draft.brief, query_item, k=12)
        result = None
        if draft.writer == "llm" and not self.settings.llm_configured:
            draft.notes.append(f"第 {section} 部分的修改：这份草稿由大模型写成，但现在没有配置大模型，"
                               "已用离线写法修改。")
        elif draft.writer == "llm":
            try:
                _, llm = self._writers("llm")
                result = LLMReviser(llm).revise(draft, section, instruction, hits)
            except Exception as exc:  # the model failed: try the offline operations, say so
                from drafting.llm import failure_reason
                reason = str(exc) if isinstance(exc, PlandraftError) else failure_reason(exc, self.settings)
                draft.notes.append(f"第 {section} 部分的修改：{reason}，已改用离线写法修改。")
        if result is None:
            from retrieval.embeddings import get_embeddings
            embed = get_embeddings(self.settings).embed_documents
            result = ComposeReviser(embed).revise(draft, section, instruction, hits)
        text = keep_locked(target.text, result.text, target.locked, item.kind)
        target.commit(text, instruction, _now(), result.note())
        return self.store.save(draft)

    def edit(self, draft_id: str, section: int, text: str) -> Draft:
        """The user's own text for a section (手工修改), a version like any other. Items are
        laid out as the section's kind lays them out; numbering is applied again."""
        from drafting.body import items_of, layout

        text = clean(text).strip()
        if not text:
            raise PlandraftError("修改后的正文是空的：如果要删去这一部分，请在提纲中删去它；正文没有改动。")
        if len(text) > MAX_SECTION:
            raise PlandraftError(f"正文太长（{len(text)} 字，一部分上限 {MAX_SECTION} 字）：请拆成几部分。正文没有改动。")
        draft = self.get(draft_id)
        target = self._section(draft, section)
        new = layout(items_of(text), draft.outline.items[section - 1].kind)
        if new == target.text:
            raise PlandraftError(f"第 {section} 部分的正文没有变化，不必保存。")
        target.commit(new, HAND_EDIT, _now())
        return self.store.save(draft)

    def lock(self, draft_id: str, section: int, items: list[int], locked: bool = True) -> Draft:
        """Lock (or unlock) items by their number: revisions leave a locked item as it is."""
        from drafting.body import items_of

        draft = self.get(draft_id)
        target = self._section(draft, section)
        texts = items_of(target.text)
        bad = [n for n in items if not 1 <= n <= len(texts)]
        if bad or not items:
            raise PlandraftError(f"第 {section} 部分没有第 {'、'.join(map(str, bad)) or '？'} 条"
                                 f"（共 {len(texts)} 条）。")
        chosen = [texts[n - 1] for n in items]
        if locked:
            target.locked += [t for t in chosen if t not in target.locked]
        else:
            target.locked = [t for t in target.locked if t not in chosen]
        return self.store.save(draft)

    def set_locks(self, draft_id: str, section: int, texts: list[str]) -> Draft:
        """Exactly these items of the section locked (the app's check boxes)."""
        from drafting.body import items_of

        draft = self.get(draft_id)
        target = self._section(draft, section)
        present = items_of(target.text)
        target.locked = [t for t in texts if t in present]
        return self.store.save(draft)

    def undo(self, draft_id: str, section: int) -> Draft:
        """Back to the version shown before the last change; redo brings it back."""
        draft = self.get(draft_id)
        if not self._section(draft, section).undo():
            raise PlandraftError(f"第 {section} 部分没有可以撤销的修改。")
        return self.store.save(draft)

    def redo(self, draft_id: str, section: int) -> Draft:
        draft = self.get(draft_id)
        if not self._section(draft, section).redo():
            raise PlandraftError(f"第 {section} 部分没有可以重做的修改（重做只在撤销之后可用）。")
        return self.store.save(draft)

    def restore(self, draft_id: str, section: int, version: int) -> Draft:
        """Show version `version` (1 = the first text) again; every version stays in the list
        and undo goes back to what was shown."""
        draft = self.get(draft_id)
        target = self._section(draft, section)
        history = target.history()
        if not 1 <= version <= len(history):
            raise PlandraftError(f"第 {section} 部分没有第 {version} 版（共 {len(history)} 版）。")
        if version - 1 == target.current:
            raise PlandraftError(f"第 {section} 部分现在显示的就是第 {version} 版。")
        target.restore(version - 1)
        return self.store.save(draft)

    def versions(self, draft_id: str, section: int) -> list[dict]:
        """Every version of a section, oldest first: number, time, action, note, current."""
        target = self._section(self.get(draft_id), section)
        return [{"version": n, "time": v.time, "action": v.action, "note": v.note,
                 "current": n - 1 == target.current, "text": v.text}
                for n, v in enumerate(target.history(), 1)]

    # ---- drafts and export --------------------------------------------------------------
    def get(self, draft_id: str) -> Draft:
        """The draft, if this engine's user may see it; else 找不到草稿, as for a missing one."""
        return self.store.get(draft_id, owner=self._reader)

    def list_drafts(self) -> list[dict]:
        return self.store.list(owner=self._reader)

    def markdown(self, draft: Draft) -> str:
        from drafting.assemble import draft_to_markdown
        return draft_to_markdown(draft)

    def export_markdown(self, draft: Draft, path: str | Path) -> Path:
        from drafting.export import MarkdownExporter
        return MarkdownExporter().export(draft, Path(path))

    def export_docx(self, draft: Draft, path: str | Path) -> Path:
        from drafting.export import DocxExporter
        return DocxExporter().export(draft, Path(path))

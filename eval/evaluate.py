"""Evaluate one draft: structure metrics and format/consistency checks.

`evaluate(markdown, brief, reference)` is the entry point other stages use (the drafting tests
check compose output with it). `Evaluator` holds what is loaded once for a batch: the corpus
data and the heading-embedding cache for soft recall.
"""
from __future__ import annotations

from eval import checks, content, focus, sections, themes
from eval.context import PlanContext, from_brief, infer
from eval.corpusdata import CorpusData, load
from eval.document import Document, locate, parse
from eval.findings import FORMAT_CHECKS, Evaluation, Finding
from eval.items import PREAMBLE
from eval.labels import OK, Labeller
from eval.offtopic import TopicJudge
from eval.shingles import copy
from eval.softrecall import SoftRecall
from eval.vectors import Embed
from plandraft.lexicon import FILL_IN_RE
from plandraft.models import Brief
from plandraft.settings import Settings


def heading_titles(doc: Document) -> list[str]:
    """Heading texts without markers, schedule month lines left out (they are dates)."""
    return [n.title for n in doc.headings() if n.family != "month" and n.title]


class Evaluator:
    def __init__(self, corpus: CorpusData, embed: Embed | None = None,
                 settings: Settings | None = None, topics: bool = True):
        """embed: texts -> vectors for soft recall and the off_topic label; by default the
        configured embeddings, loaded at first use. topics=False leaves off_topic out (no
        embeddings needed)."""
        self.corpus = corpus
        self._embed = embed
        self._settings = settings
        self._soft: SoftRecall | None = None
        self._labeller = Labeller(TopicJudge(self.embed) if topics else None)

    def embed(self, texts: list[str]):
        if self._embed is None:
            from retrieval.embeddings import get_embeddings
            self._embed = get_embeddings(self._settings or Settings.from_env()).embed_documents
        return self._embed(texts)

    def soft_recall(self) -> SoftRecall:
        if self._soft is None:
            self._soft = SoftRecall(self.embed)
        return self._soft

    def prefetch(self, markdowns: list[str]) -> None:
        """Embed what the off_topic judge will ask for across a batch, in one call."""
        judge = self._labeller.judge
        if judge is not None:
            judge.prefetch([parse(m) for m in markdowns])

    def evaluate(self, markdown: str, brief: Brief | None = None, reference: str | None = None,
                 *, context: PlanContext | None = None, exclude: str | None = None) -> Evaluation:
        """Scores in [0, 1] and findings. context overrides what the brief or the text says;
        exclude is a corpus plan id left out of the copy check (a real plan is not its own copy)."""
        doc = parse(markdown)
        ctx = context or (from_brief(brief) if brief else infer(doc))
        scores: dict[str, float] = {}
        findings: list[Finding] = []

        labelled = self._labeller.label(doc, ctx)
        scores["sections"], found = sections.score(
            doc, ctx.period, self.corpus.sections.weights(ctx.org_type, ctx.period),
            parts(labelled, ctx.focus))
        findings += found
        theme_score, found = themes.score(doc, ctx.org_type, self.corpus.profiles)
        if theme_score is not None:
            scores["themes"] = theme_score
            findings += found
        focus_score, found = focus.score(doc, ctx.focus)
        if focus_score is not None:
            scores["focus"] = focus_score
            findings += found
        if reference is not None:
            scores["soft_recall"], found = self._reference(doc, reference)
            findings += found

        scores.update(self._content(doc, ctx, labelled, findings))
        findings += [Finding(x.label, f"{x.reason}：“{_quote(x.item.text)}”",
                             locate(doc, x.item.line), x.item.line)
                     for x in labelled if x.label != OK]
        findings += [Finding("fill_in", f"待填写：“{_quote(x.item.text)}”", locate(doc, x.item.line),
                             x.item.line) for x in labelled if FILL_IN_RE.search(x.item.text)]

        fmt = (checks.placeholder(doc) + checks.stale_reference(doc, ctx) + checks.numbering(doc)
               + checks.period(doc, ctx) + checks.org(doc, ctx) + checks.duplicate(doc)
               + checks.length(doc, self.corpus.length_bounds)
               + copy(doc, self.corpus.shingles, exclude))
        failed = {f.check for f in fmt}
        scores["format"] = 1 - len(failed) / len(FORMAT_CHECKS)
        findings += sorted(fmt, key=lambda f: (f.line or 0, f.check))
        return Evaluation(scores, findings, ctx.to_json(), labelled)

    def _content(self, doc: Document, ctx: PlanContext, labelled: list,
                 findings: list[Finding]) -> dict[str, float]:
        """usable, focus_depth, measurable_goals and calendar (those that apply)."""
        out = {"usable": content.usable(labelled),
               "measurable_goals": content.measurable_goals(labelled, self._labeller.rules)}
        out["focus_depth"], found = content.focus_depth(labelled, ctx.focus)
        findings += found
        out["calendar"], found = content.calendar(doc, labelled, ctx)
        findings += found
        return {k: v for k, v in out.items() if v is not None}

    def _reference(self, doc: Document, reference: str) -> tuple[float, list[Finding]]:
        ref = heading_titles(parse(reference))
        if not ref:
            from plandraft.errors import PlandraftError
            raise PlandraftError("参考提纲里没有识别到标题：请用“一、”“（一）”或 Markdown “#” 写出提纲的各级标题。")
        mine = heading_titles(doc)
        soft = self.soft_recall()
        missed = soft.unmatched(ref, mine)
        return soft.recall(ref, mine), [
            Finding("reference", f"参考提纲中的“{t}”在草稿中没有对应的标题", "全文") for t in missed]


def parts(labelled: list, focus: list[str]) -> dict[str, tuple[int, bool]]:
    """Each heading that has items (the opening paragraphs count as one part) -> (line of its
    first item, does it hold real content: an item that is usable, or broken only in a way
    proof-reading mends — a placeholder, a cut sentence — rather than a stub or another
    unit's text). Under a heading that names a focus topic of the brief, the item must also
    speak of that topic: the heading alone is not the section."""
    out: dict[str, tuple[int, bool]] = {}
    for x in labelled:
        key = x.item.heading or PREAMBLE
        line, ok = out.get(key, (x.item.line, False))
        topics = [t for t in focus if content.addresses(t, key)]
        fits = all(content.addresses(t, x.item.text) for t in topics)
        out[key] = (line, ok or (x.label in (OK, "broken") and fits))
    return out


def _quote(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


_default: Evaluator | None = None


def default_evaluator(settings: Settings | None = None) -> Evaluator:
    """The evaluator for the configured corpus, built once per process."""
    global _default
    if _default is None:
        settings = settings or Settings.from_env()
        _default = Evaluator(load(settings), settings=settings)
    return _default


def evaluate(markdown: str, brief: Brief | None = None, reference: str | None = None) -> Evaluation:
    return default_evaluator().evaluate(markdown, brief, reference)

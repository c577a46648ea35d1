"""Themes first: which themes of the knowledge base (corpus/knowledge) a brief's focus phrases and
a section's heading mean, which themes a plan covers, and which of a theme's texts a plan of this
brief takes. Choices are deterministic per brief (seeded by its text) so that two briefs of one
org type do not get the same plan word for word, and the same brief always gets the same one."""
from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from functools import lru_cache

from corpus.knowledge import Entry, Theme, fill, knowledge
from drafting import period as plan_period
from drafting.adapt import in_period
from drafting.similar import similar
from plandraft import festivals
from plandraft.models import Brief, OutlineItem


def seed(brief: Brief, *salt: str) -> random.Random:
    key = "|".join([brief.text, brief.org_type, str(brief.year), brief.period, brief.term, *salt])
    return random.Random(int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:12], 16))


def match(phrase: str, org_type: str, year: int) -> Theme | None:
    """The theme a focus phrase or heading means, among those that fit the org type and year."""
    return knowledge().match(phrase, org_type, year)


def theme_of(brief: Brief, item: OutlineItem) -> Theme | None:
    """An outline item's theme: the one the outline gave it, else the one its heading names (a
    heading the user wrote or renamed)."""
    return knowledge().themes.get(item.theme) or match(item.title, brief.org_type, brief.year)


def focus_themes(brief: Brief) -> list[tuple[str, Theme | None]]:
    """(focus phrases, their theme or None): phrases of one theme share its section, joined
    by 、 (快递员驿站、灵活就业人员入会; read blind, the second of two was lost from the plan).
    A phrase no theme's words name goes to the theme whose items speak of it (spoken_of)."""
    out: list[tuple[str, Theme | None]] = []
    for phrase in brief.focus:
        theme = match(phrase, brief.org_type, brief.year) or spoken_of(phrase, brief)
        same = next((i for i, (_, t) in enumerate(out) if theme and t and t.id == theme.id), None)
        if same is None:
            out.append((phrase, theme))
        else:
            out[same] = (f"{out[same][0]}、{phrase}", theme)
    return out


def plan_themes(brief: Brief, exemplars: list[str], n: int) -> list[Theme]:
    """The themes of a plan's main work besides the focus: the org type's usual themes
    (corpus/knowledge/org_types.toml), those most of the exemplar plans (their texts) cover
    first, one theme per group of union work."""
    kb = knowledge()
    usual = [kb.themes[t] for t in kb.profile(brief.org_type).themes
             if kb.themes[t].fits(brief.org_type, brief.year)]
    covered = [sum(covers(t, text) for text in exemplars) for t in usual]
    order = sorted(range(len(usual)), key=lambda i: (-covered[i], i))
    out: list[Theme] = []
    for i in order:
        if len(out) >= n:
            break
        if all(usual[i].group != t.group for t in out):
            out.append(usual[i])
    return out


def guidance(brief: Brief, item: OutlineItem, n: int = 8) -> str:
    """The knowledge a model writing this section is given: its theme's items (goals for 工作目标)
    filled in for the brief, as a list."""
    theme = theme_of(brief, item)
    if theme is None:
        return "（知识库中没有这项工作的条目，请按要点和参考材料写。）"
    entries = theme.goals if item.kind == "工作目标" else theme.items
    return "\n".join(f"- {t}" for t in pick(entries, brief, n, theme.id))


BROAD = ("入会", "关爱", "建设", "权益", "服务", "活动", "防范", "保障", "管理", "提升", "培养", "成长")


def speaks_of(phrase: str, pool: list[str] = ()) -> Callable[[str], int]:
    """How closely a text speaks of a focus phrase: 3 in a word of the phrase few texts use
    (取暖 of 冬季困难职工取暖, names_focus), 4 when it also says all of the phrase, 2 in the
    phrase's own distinctive words (货车司机 for 货车司机入会; 两癌 but not 女职工 for 女职工
    两癌筛查 when most of the theme's texts, `pool`, say 女职工), 1 in its theme's words, else 0.
    A phrase of several words may name whose work first and what work after (names_whose:
    快递员驿站): its first word alone makes 1 (评选优秀快递员 is not about 驿站)."""
    from eval.focus import addresses
    groups = [[w for w in c if w not in BROAD and 2 * sum(w in t for t in pool) <= len(pool)]
              for c in concepts(phrase)]
    whose = names_whose(phrase)
    own = [w for g in (groups[1:] if whose else groups) for w in g]
    first = groups[0] if whose else []
    about = names_focus(phrase)

    def rank(text: str) -> int:
        if about(text):
            return 4 if addresses(phrase, text) else 3  # 篮球等球类联赛 before 篮球队 for 篮球联赛
        if any(w in text for w in own):
            return 2
        return 1 if addresses(phrase, text) or any(w in text for w in first) else 0
    return rank


def concepts(phrase: str) -> list[tuple[str, ...]]:
    """The phrase's words that say what it is about, each long one with its head (窗口单位
    职工关爱 is spoken of by 窗口岗位, 窗口职工)."""
    from eval.focus import content_words
    return [tuple(dict.fromkeys((w, w[:2]) if len(w) >= 4 else (w,)))
            for w in content_words(phrase) if len(w) >= 2 and w not in BROAD]


def names_whose(phrase: str) -> bool:
    """Does the phrase name whose work first and what work after (快递员驿站, 儿科医生减负)? Not
    when what it ends on is general (夜班医护关爱: all of it says whom the care is for)."""
    from eval.focus import content_words
    words = content_words(phrase)
    return len(concepts(phrase)) > 1 and words[-1] not in BROAD


def _said(concept: tuple[str, ...], text: str) -> bool:
    return any(w in text for w in concept)


def names_focus(phrase: str) -> Callable[[str], bool]:
    """Does a text speak of the phrase by a rare word (工间操, 取暖; a rare word's rare head:
    篮球 of 篮球联赛) and, when the phrase has other words, one of them too? 护理人员 alone is
    who, not what: a 护理人员 item of 换届 is not about 护理人员心理疏导, nor a 儿科 one about
    儿科医生减负."""
    rare = rare_words(phrase)
    rare += [w[:2] for w in rare if len(w) >= 4 and w[:2] not in BROAD and _frequency(w[:2]) <= RARE]
    words = concepts(phrase)
    whose = names_whose(phrase)
    others = [c for c in words if not any(w in r or r in w for w in c for r in rare)]

    def names(text: str) -> bool:
        if whose and _said(words[0], text) and not any(_said(c, text) for c in words[1:]):
            return False  # whose work only (儿科 of 儿科医生减负)
        return any(w in text for w in rare) and (not others or any(_said(c, text) for c in others))
    return names


RARE = 12  # knowledge-base items a word may occur in and still single out a focus


def rare_words(phrase: str) -> list[str]:
    """The phrase's words few knowledge-base items use: they single out what it is about.
    Festival names say when, not what (元旦文艺活动 is not every 元旦 item)."""
    from eval.focus import content_words
    return [w for w in content_words(phrase) if len(w) >= 2 and w not in BROAD
            and not any(w in f or f in w for f in festivals.NAMES) and _frequency(w) <= RARE]


def borrowed(brief: Brief, theme: Theme, phrase: str) -> tuple[Entry, ...]:
    """Items of the other themes that name a rare word of the focus phrase (工间操 in 文体活动
    for a 工间操 focus of 机关干部职工关爱; 取暖 in 户外劳动者 for 冬季困难职工取暖): a narrow
    focus gets items about itself, not only the rest of its theme (read blind, 窗口 and 调休
    items under a 工间午间活动 heading were off its topic)."""
    about = names_focus(phrase)
    return tuple(e for other in knowledge().available(brief.org_type, brief.year) if other.id != theme.id
                 for e in other.items if about(e.text))  # pick() keeps those that fit


SPOKEN = 2  # fitting items that must speak of a phrase before its theme is taken for it


def spoken_of(phrase: str, brief: Brief) -> Theme | None:
    """The theme most of whose items for this brief speak of a phrase no theme's words name:
    by a rare word (篮球 of 教职工篮球联赛 in 文体活动), else by two of its words (春节值班医护
    慰问: 春节 and 慰问 in 送温暖) or its one word (体检, 六一); None when a word of it is in no
    item (采血 of 采血一线职工关爱, 量子 of 量子计算科普: what the other words find is other
    work) or fewer than SPOKEN items speak of it."""
    words = concepts(phrase)
    if not words or any(not any(_frequency(w) for w in c) for c in words):
        return None
    if rare_words(phrase):
        speaks = names_focus(phrase)
    else:
        need = min(2, len(words))  # 体检 of 教职工体检 is all it says

        def speaks(text: str) -> bool:
            return sum(_said(c, text) for c in words) >= need
    counts = {t.id: sum(1 for e in t.items if e.fits(brief.org_type, brief.year) and _given(e, brief)
                        and speaks(e.text))
              for t in knowledge().available(brief.org_type, brief.year)}
    best = max(counts, key=lambda t: (counts[t], t), default=None)
    return knowledge().themes[best] if best and counts[best] >= SPOKEN else None


@lru_cache(maxsize=1024)
def _frequency(word: str) -> int:
    """How many knowledge-base items use the word."""
    return sum(word in e.text for t in knowledge().themes.values() for e in t.items)


def _given(entry: Entry, brief: Brief) -> bool:
    """Does the brief (its text or the unit's name) give the fact the entry presumes?"""
    return entry.given(brief.text + brief.org_name)


def covers(theme: Theme, text: str) -> bool:
    return any(w in text for w in theme.triggers)


def filled(entry: Entry, brief: Brief) -> str | None:
    """An entry's text for this brief, slots filled; None when it names a time outside the
    period or a word the unit's kind does not use (a software company has no 车间), or presumes
    a fact the brief does not give (Entry.needs: 乡村教师 for a city school). It is written for
    the org type already: no adapting of other units' words."""
    if not _given(entry, brief):
        return None
    text = fill(entry.text, brief.org_type, plan_period.this_period(brief), brief.org_name)
    excluded = knowledge().excluded(brief.org_type, brief.org_name)
    return text if in_period(text, brief) and not any(w in text for w in excluded) else None


def pick(entries: tuple[Entry, ...], brief: Brief, n: int, salt: str,
         avoid: list[str] | None = None, prefer: Callable[[str], int] | None = None) -> list[str]:
    """n texts of entries that fit the brief: those `prefer` ranks higher first (a focus
    section's items that name the focus in its own words, then in its theme's), the org type's
    own entries before general ones, else in an order seeded by the brief; none near-identical
    to a text in avoid."""
    rng = seed(brief, salt)
    texts = [(e, filled(e, brief)) for e in entries if e.fits(brief.org_type, brief.year)]
    texts = [(e, t, rng.random() + 0.9 / len(e.org_types)) for e, t in texts if t]
    texts.sort(key=lambda x: (-(prefer(x[1]) if prefer else 0), -x[2]))
    out: list[str] = []
    for _, text, _ in texts:
        if len(out) >= n:
            break
        if not any(similar(text, t) for t in out + (avoid or [])):
            out.append(text)
    return out

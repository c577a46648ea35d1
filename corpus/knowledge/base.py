"""The knowledge base of union work: themes written in this project's own words, one TOML file
per theme under corpus/knowledge/themes/, and what each org type usually plans under
corpus/knowledge/org_types.toml. This module is the schema and the loader; a file that breaks
the schema is named with its line and field (KnowledgeError).

A theme file (see any file in themes/ for a whole example):

    id = "心理关爱"                 # unique; what outlines and notes call the theme
    title = "职工健康与心理关爱"       # how a person names it
    group = "职工健康"              # the coarse theme of plandraft.lexicon.THEMES it counts under
    triggers = ["心理健康", "EAP"]   # words of a brief or heading that mean this theme
    org_types = ["全部"]            # vocabulary org types, or a group of ORG_GROUPS
    valid_from = 2010               # first plan year it is current work (valid_to: last one)
    months = [5, 10]                # when it usually happens
    process = false                 # true: its month lines are the steps of one process
    headings = ["关注{staff}身心健康，做好心理关爱服务", …]
    goals = ["…不少于【　】场", …]     # measurable; 【　】 is a field the user fills in
    measures = ["…"]                # 保障措施 lines this theme needs
    schedule = [{month = 5, text = "…"}]   # month-line entries
    [[items]]                       # concrete actions: who does what, how, when
    text = "由{union}牵头……"
    org_types = ["企业"]            # optional, narrows the theme's; also valid_from / valid_to
    needs = ["驻村"]                # optional: only for a brief that says one of these words

An org type's own texts for general themes live in org_items/<org type>.toml, one table per
theme id (["心理关爱"] items = [...], goals = [...], schedule = [...]): a plan prefers its own type's
texts, so plans of different types do not read alike.

Slots in any text: {self} {whole} {union} {staff} {congress} {congress_full} {openness}
{ethics} (plandraft.lexicon.ORG_TERMS) and {women} (女教职工 / 女职工), {period} (今年, 本学期 …).
"""
from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from drafting.similar import bigrams
from plandraft import lexicon
from plandraft.errors import PlandraftError
from plandraft.vocab import ORG_TYPES

FOLDER = Path(__file__).parent
SLOTS = ("self", "whole", "union", "staff", "congress", "congress_full", "openness", "ethics",
         "women", "period")
ORG_GROUPS = {
    "全部": ORG_TYPES,
    "基层单位": ("学校", "幼儿园", "企业", "机关事业单位", "医院", "社区", "其他"),
    "地方工会": ("乡镇街道", "县区总工会"),
    "学校类": ("学校", "幼儿园"),
}
YEAR_MIN, YEAR_MAX = 1990, 9999


class KnowledgeError(PlandraftError):
    """A knowledge file that breaks the schema: the message names file, line and field."""


@dataclass(frozen=True)
class Entry:
    """One piece of text of a theme (an action item, goal, measure or month line)."""

    text: str
    org_types: frozenset[str]
    valid_from: int = YEAR_MIN
    valid_to: int = YEAR_MAX
    month: int = 0  # month lines only
    # a fact about the unit only the brief can give (乡村教师, 驻村): one of these words in it
    needs: tuple[str, ...] = ()

    def fits(self, org_type: str, year: int) -> bool:
        return org_type in self.org_types and self.valid_from <= year <= self.valid_to

    def given(self, brief_text: str) -> bool:
        """Does the brief give the fact the entry presumes (needs), if any?"""
        return not self.needs or any(w in brief_text for w in self.needs)


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    group: str
    triggers: tuple[str, ...]
    org_types: frozenset[str]
    valid_from: int
    valid_to: int
    months: tuple[int, ...]
    headings: tuple[str, ...]
    items: tuple[Entry, ...]
    goals: tuple[Entry, ...]
    measures: tuple[Entry, ...]
    schedule: tuple[Entry, ...]
    file: str = ""
    process: bool = False  # its month lines are the steps of one process (提案 → 大会 → 巡视)

    def fits(self, org_type: str, year: int) -> bool:
        return org_type in self.org_types and self.valid_from <= year <= self.valid_to

    def words(self) -> tuple[str, ...]:
        """Triggers and the title: the words that say a text is about this theme."""
        return (self.id, self.title, *self.triggers)


@dataclass
class OrgProfile:
    """What plans of one org type usually cover: main-work themes in order, 保障措施 lines."""

    org_type: str
    themes: tuple[str, ...]
    measures: tuple[Entry, ...]
    events: tuple[Entry, ...] = ()  # the type's calendar: month lines of its own events
    quiet_months: tuple[int, ...] = ()  # holidays (a school's August): only work that names
    quiet_words: tuple[str, ...] = ()  # one of these words is scheduled then
    quiet_line: str = ""  # what a quiet month with nothing else says


@dataclass(frozen=True)
class Sector:
    """A kind of unit within an org type, told by its name (sectors.toml)."""

    org_type: str
    name: str
    cues: tuple[str, ...]
    excludes: tuple[str, ...]
    terms: tuple[tuple[str, str], ...] = ()  # slot -> word, where the kind's differ


@dataclass
class Knowledge:
    themes: dict[str, Theme]
    profiles: dict[str, OrgProfile] = field(default_factory=dict)
    sectors: tuple[Sector, ...] = ()

    def kinds(self, org_type: str, org_name: str) -> list[Sector]:
        """The kinds of unit within the org type its name marks (none when it says nothing)."""
        return [s for s in self.sectors if s.org_type == org_type and any(c in org_name for c in s.cues)]

    def excluded(self, org_type: str, org_name: str) -> tuple[str, ...]:
        """Words the plans of this unit's kind do not use."""
        return tuple(w for s in self.kinds(org_type, org_name) for w in s.excludes)

    def terms(self, org_type: str, org_name: str = "") -> dict[str, str]:
        """The unit's word for each slot: its org type's (plandraft.lexicon.ORG_TERMS), then its
        kind's where they differ (本街道, 县总工会 …)."""
        terms = lexicon.ORG_TERMS.get(org_type, lexicon.ORG_TERMS["其他"])
        words = {k: terms[k][0] for k in SLOTS if k in terms}
        for kind in self.kinds(org_type, org_name):
            words.update(kind.terms)
        words["women"] = "女教职工" if words["staff"] == "教职工" else "女职工"
        return words

    def profile(self, org_type: str) -> OrgProfile:
        """What plans of the org type usually cover (those of 其他 for a type without one)."""
        return self.profiles.get(org_type) or self.profiles["其他"]

    def available(self, org_type: str, year: int) -> list[Theme]:
        return [t for t in self.themes.values() if t.fits(org_type, year)]

    def match(self, phrase: str, org_type: str | None = None, year: int | None = None,
              *, loose: bool = True) -> Theme | None:
        """The theme a phrase (a focus topic, a heading) means: the one whose words cover most
        of the phrase, earliest (_score); with loose, else the one whose words cover most of the
        phrase's content bigrams. org_type and year: only themes that fit them."""
        pool = [t for t in self.themes.values()
                if (org_type is None or org_type in t.org_types)
                and (year is None or t.valid_from <= year <= t.valid_to)]
        scored = [(_score(phrase, t, loose), t) for t in pool]
        scored = [(s, t) for s, t in scored if s > 0]
        return max(scored, key=lambda st: (st[0], -len(st[1].org_types)))[1] if scored else None


MIN_SHARE = 0.6  # share of a phrase's content bigrams a theme's words must cover (loose match)
_GENERIC = re.compile(r"工作|活动|建设|管理|服务|加强|做好|开展|推进|提升|深化|职工|教职工|干部|工会|的|和|与|及")


_STAFF = re.compile(r"教职工|干部职工|教职员工|员工")


def _score(phrase: str, theme: Theme, loose: bool) -> float:
    """How many characters of the phrase the theme's words cover (staff words read alike:
    女教职工权益 is 女职工权益), the earlier the better: the phrase names its subject first
    (退休干部关爱 is about 退休干部); a phrase inside one of the words covers all of itself.
    loose: else the share (below 1) of the phrase's content bigrams its words cover."""
    phrase = _STAFF.sub("职工", phrase)
    covered: set[int] = set()
    for word in {_STAFF.sub("职工", w) for w in theme.words()}:
        if len(phrase) >= 2 and phrase in word:
            covered |= set(range(len(phrase)))
        start = phrase.find(word) if word else -1
        while start >= 0:
            covered |= set(range(start, start + len(word)))
            start = phrase.find(word, start + 1)
    if covered:
        return 100.0 * len(covered) - min(covered)
    if not loose:
        return 0.0
    core = bigrams(_GENERIC.sub("", phrase))
    if not core:
        return 0.0
    share = len(core & bigrams(" ".join(theme.words()))) / len(core)
    return share if share >= MIN_SHARE else 0.0


def fill(text: str, org_type: str, period_word: str = "今年", org_name: str = "") -> str:
    """A knowledge text with its slots filled by the unit's words (Knowledge.terms)."""
    words = knowledge().terms(org_type, org_name) if org_name else Knowledge({}).terms(org_type)
    return text.format(**words, period=period_word)


# ---- loading and the schema -----------------------------------------------------------------
class _File:
    """A parsed TOML file and its raw lines, to say on which line a field is."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.raw = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise KnowledgeError(f"知识库文件 {path.name} 不是 UTF-8 编码（第 {exc.start} 字节）。") from None
        try:
            self.data = tomllib.loads(self.raw)
        except tomllib.TOMLDecodeError as exc:
            raise KnowledgeError(f"知识库文件 {path.name} 不是合法的 TOML：{exc}") from None
        self.lines = self.raw.splitlines()

    def line_of(self, key: str, nth: int = 0, text: str = "") -> int:
        """The line of a field: where `text` is written, else the nth `[[key]]` table, else the
        first `key =` line."""
        if text:
            for n, line in enumerate(self.lines, 1):
                if text[:12] in line:
                    return n
        tables = [n for n, line in enumerate(self.lines, 1) if line.strip() == f"[[{key}]]"]
        if nth < len(tables):
            return tables[nth]
        for n, line in enumerate(self.lines, 1):
            if re.match(rf"\s*{re.escape(key)}\s*=", line):
                return n
        return 1

    def error(self, field_name: str, why: str, *, table: str = "", nth: int = 0,
              text: str = "") -> KnowledgeError:
        line = self.line_of(table or field_name.split("[")[0].split(".")[0], nth, text)
        return KnowledgeError(f"知识库文件 {self.path.name} 第 {line} 行，字段 {field_name}：{why}")


def _org_types(f: _File, value, field_name: str, within: frozenset[str] | None = None,
               **where) -> frozenset[str]:
    if not isinstance(value, list) or not value:
        raise f.error(field_name, "应为非空的单位类型列表，如 [\"全部\"] 或 [\"学校\", \"幼儿园\"]", **where)
    out: set[str] = set()
    for name in value:
        if name in ORG_GROUPS:
            out |= set(ORG_GROUPS[name])
        elif name in ORG_TYPES:
            out.add(name)
        else:
            raise f.error(field_name, f"未知的单位类型“{name}”（可用：{'、'.join(ORG_TYPES)}，"
                                      f"或 {'、'.join(ORG_GROUPS)}）", **where)
    if within is not None and not out <= within:
        raise f.error(field_name, f"“{'、'.join(sorted(out - within))}”不在本主题的单位类型之内", **where)
    return frozenset(out)


def _year(f: _File, data: dict, key: str, default: int, field_name: str, **where) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or not YEAR_MIN <= value <= YEAR_MAX:
        raise f.error(field_name, f"应为 {YEAR_MIN}—{YEAR_MAX} 之间的年份", **where)
    return value


def _text(f: _File, value, field_name: str, **where) -> str:
    if not isinstance(value, str) or not value.strip():
        raise f.error(field_name, "应为非空的文字", **where)
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError:
        raise f.error(field_name, f"花括号不配对：“{value}”", text=value) from None
    unknown = names - set(SLOTS)
    if unknown:
        raise f.error(field_name, f"未知的占位词“{{{sorted(unknown)[0]}}}”（可用：{'、'.join(SLOTS)}）",
                      text=value)
    return value.strip()


def _strings(f: _File, data: dict, key: str, *, minimum: int = 1) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or len(value) < minimum:
        raise f.error(key, f"应为至少 {minimum} 项的文字列表")
    return tuple(_text(f, v, f"{key}[{i}]") for i, v in enumerate(value))


def _entries(f: _File, data: dict, key: str, org_types: frozenset[str], valid: tuple[int, int],
             *, table: bool = False) -> tuple[Entry, ...]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise f.error(key, "应为列表")
    out = []
    for i, raw in enumerate(value):
        name = f"{key}[{i}]"
        where = {"table": key, "nth": i} if table else {}
        if isinstance(raw, str):
            raw = {"text": raw}
        if not isinstance(raw, dict):
            raise f.error(name, "应为文字或表", **where)
        unknown = set(raw) - {"text", "org_types", "valid_from", "valid_to", "month", "needs"}
        if unknown:
            raise f.error(f"{name}.{sorted(unknown)[0]}", "未知的字段", **where)
        text = _text(f, raw.get("text"), f"{name}.text", **where)
        types = (_org_types(f, raw["org_types"], f"{name}.org_types", org_types, **where)
                 if "org_types" in raw else org_types)
        month = raw.get("month", 0)
        if key in ("schedule", "events") and (not isinstance(month, int) or not 1 <= month <= 12):
            raise f.error(f"{name}.month", "月份安排的每一项要写 month（1—12）", text=text)
        needs = raw.get("needs", [])
        if not isinstance(needs, list) or not all(isinstance(w, str) and w.strip() for w in needs):
            raise f.error(f"{name}.needs", "应为文字列表（简述中须出现其中一个词）", text=text)
        out.append(Entry(text, types, _year(f, raw, "valid_from", valid[0], f"{name}.valid_from", **where),
                         _year(f, raw, "valid_to", valid[1], f"{name}.valid_to", **where), month,
                         tuple(w.strip() for w in needs)))
    return tuple(out)


_THEME_KEYS = {"id", "title", "group", "triggers", "org_types", "valid_from", "valid_to", "months",
               "headings", "goals", "measures", "schedule", "items", "process"}


def load_theme(path: Path) -> Theme:
    f = _File(path)
    d = f.data
    unknown = set(d) - _THEME_KEYS
    if unknown:
        raise f.error(sorted(unknown)[0], "未知的字段")
    for key in ("id", "title", "group"):
        _text(f, d.get(key), key)
    if d["group"] not in lexicon.THEMES:
        raise f.error("group", f"“{d['group']}”不是 plandraft/lexicon.py 的主题（可用：{'、'.join(lexicon.THEMES)}）")
    org_types = _org_types(f, d.get("org_types"), "org_types")
    valid = (_year(f, d, "valid_from", YEAR_MIN, "valid_from"), _year(f, d, "valid_to", YEAR_MAX, "valid_to"))
    if valid[0] > valid[1]:
        raise f.error("valid_to", "不能早于 valid_from")
    months = d.get("months")
    if not isinstance(months, list) or not months or not all(
            isinstance(m, int) and 1 <= m <= 12 for m in months):
        raise f.error("months", "应为 1—12 的月份列表，至少一个")
    return Theme(
        id=d["id"].strip(), title=d["title"].strip(), group=d["group"],
        triggers=_strings(f, d, "triggers"), org_types=org_types, valid_from=valid[0],
        valid_to=valid[1], months=tuple(months), headings=_strings(f, d, "headings"),
        items=_entries(f, d, "items", org_types, valid, table=True),
        goals=_entries(f, d, "goals", org_types, valid),
        measures=_entries(f, d, "measures", org_types, valid),
        schedule=_entries(f, d, "schedule", org_types, valid), file=path.name,
        process=_flag(f, d, "process"))


def _flag(f: _File, data: dict, key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise f.error(key, "应为 true 或 false")
    return value


def load_profiles(path: Path, themes: dict[str, Theme]) -> dict[str, OrgProfile]:
    f = _File(path)
    out = {}
    for org_type, d in f.data.items():
        if org_type not in ORG_TYPES:
            raise f.error(org_type, f"未知的单位类型“{org_type}”")
        ids = _strings(f, d, "themes", minimum=4)
        for theme_id in ids:
            if theme_id not in themes:
                raise f.error(f"{org_type}.themes", f"没有主题“{theme_id}”（themes/ 里没有这个 id）",
                              text=f'"{theme_id}"')
            if org_type not in themes[theme_id].org_types:
                raise f.error(f"{org_type}.themes", f"主题“{theme_id}”不适用于{org_type}",
                              text=f'"{theme_id}"')
        own, always = frozenset({org_type}), (YEAR_MIN, YEAR_MAX)
        quiet = d.get("quiet_months", [])
        if not isinstance(quiet, list) or not all(isinstance(m, int) and 1 <= m <= 12 for m in quiet):
            raise f.error(f"{org_type}.quiet_months", "应为 1—12 的月份列表")
        out[org_type] = OrgProfile(org_type, ids, _entries(f, d, "measures", own, always),
                                   _entries(f, d, "events", own, always), tuple(quiet),
                                   tuple(d.get("quiet_words", ())),
                                   _text(f, d["quiet_line"], f"{org_type}.quiet_line") if "quiet_line" in d else "")
    return out


def load_org_entries(path: Path, themes: dict[str, Theme]) -> dict[str, Theme]:
    """An org type's own texts for the themes (org_items/<org type>.toml): one table per theme
    id with items, goals, measures and schedule as in a theme file, all for that org type only."""
    f = _File(path)
    org_type = path.stem
    if org_type not in ORG_TYPES:
        raise KnowledgeError(f"知识库文件 {path.name}：文件名应为单位类型（{'、'.join(ORG_TYPES)}）")
    out = dict(themes)
    for theme_id, d in f.data.items():
        theme = out.get(theme_id)
        if theme is None:
            raise f.error(theme_id, f"没有主题“{theme_id}”（themes/ 里没有这个 id）", text=f'["{theme_id}"]')
        if org_type not in theme.org_types:
            raise f.error(theme_id, f"主题“{theme_id}”不适用于{org_type}", text=f'["{theme_id}"]')
        if not isinstance(d, dict) or set(d) - {"items", "goals", "measures", "schedule"}:
            raise f.error(theme_id, "只能有 items、goals、measures、schedule", text=f'["{theme_id}"]')
        own, valid = frozenset({org_type}), (theme.valid_from, theme.valid_to)
        out[theme_id] = replace(theme, **{
            key: getattr(theme, key) + _entries(f, d, key, own, valid)
            for key in ("items", "goals", "measures", "schedule")})
    return out


def load(folder: Path = FOLDER) -> Knowledge:
    themes: dict[str, Theme] = {}
    for path in sorted((folder / "themes").glob("*.toml")):
        theme = load_theme(path)
        if theme.id in themes:
            raise KnowledgeError(f"知识库文件 {path.name} 第 1 行，字段 id：“{theme.id}”与 "
                                 f"{themes[theme.id].file} 重复")
        themes[theme.id] = theme
    for path in sorted((folder / "org_items").glob("*.toml")):
        themes = load_org_entries(path, themes)
    profiles_file = folder / "org_types.toml"
    profiles = load_profiles(profiles_file, themes) if profiles_file.exists() else {}
    sectors_file = folder / "sectors.toml"
    sectors = load_sectors(sectors_file) if sectors_file.exists() else ()
    return Knowledge(themes, profiles, sectors)


def load_sectors(path: Path) -> tuple[Sector, ...]:
    f = _File(path)
    out = []
    for i, d in enumerate(f.data.get("sector", [])):
        where = {"table": "sector", "nth": i}
        if d.get("org_type") not in ORG_TYPES:
            raise f.error(f"sector[{i}].org_type", f"未知的单位类型“{d.get('org_type')}”", **where)
        for key in ("cues", "excludes"):
            if not isinstance(d.get(key), list) or not all(isinstance(w, str) and w for w in d[key]):
                raise f.error(f"sector[{i}].{key}", "应为词语列表", **where)
        terms = d.get("terms", {})
        if not isinstance(terms, dict) or set(terms) - set(SLOTS) or not all(
                isinstance(w, str) and w for w in terms.values()):
            raise f.error(f"sector[{i}].terms", f"应为占位词到词语的表，占位词可用：{'、'.join(SLOTS)}", **where)
        out.append(Sector(d["org_type"], str(d.get("name", "")), tuple(d["cues"]),
                          tuple(d["excludes"]), tuple(terms.items())))
    return tuple(out)


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """The bundled knowledge base, loaded once."""
    return load()

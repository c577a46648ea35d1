"""Names of other places and organisations in an item (the `foreign` label).

Places: jieba's segmentation checked against the gazetteer of China's provinces, cities and
counties that jionlp bundles (full names and their short forms, 宜兴市 / 宜兴). Organisations:
a name-like word (jieba tags it as a name, or its dictionary does not know it) right before an
organisation suffix (和森 + 钢管, 金帅 + 集团). The brief's own names are never foreign.
"""
from __future__ import annotations

import contextlib
import io
import re
from functools import lru_cache

import jieba
import jieba.posseg as pseg

from eval.rules import Rules

jieba.setLogLevel(60)
_NAME_FLAGS = ("nr", "nrt", "nrfg", "ns", "nt", "nz")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_TO_FROM = ("在", "来", "赴", "回", "返", "去", "到")  # before a place: 在粤务工


@lru_cache(maxsize=1)
def gazetteer() -> frozenset[str]:
    """Full names and short forms (two characters or more) of every province, city and county."""
    with contextlib.redirect_stdout(io.StringIO()):  # jionlp prints a banner on import
        import jionlp
        tree = jionlp.china_location_loader()
    names: set[str] = set()

    def walk(node: dict) -> None:
        for key, child in node.items():
            if key.startswith("_") or not isinstance(child, dict):
                continue
            names.add(key)
            alias = child.get("_alias")
            names.update(a for a in ([alias] if isinstance(alias, str) else alias or [])
                         if len(a) >= 2)
            walk(child)

    walk(tree)
    return frozenset(names)


def own_parts(org_name: str) -> set[str]:
    """The words of the unit's own name: 青山区总工会 → 青山区, 青山 …"""
    return {w for w in jieba.lcut(org_name) if len(w) >= 2} | {org_name} if org_name else set()


def _is_own(name: str, own: set[str], org_name: str) -> bool:
    return bool(org_name) and (name in org_name or any(name in w or w in name for w in own))


def _name_before(words: list, i: int) -> str:
    """The name-like word before words[i]: tagged as a name, or unknown to the dictionary; two
    single characters the segmenter split (和森 → 和 / 森) are joined first."""
    prev = words[i - 1]
    name = prev.word
    if len(name) == 1 and i >= 2 and len(words[i - 2].word) == 1:
        if words[i - 2].flag == "p":  # 在全公司: a preposition, not a name
            return ""
        name = words[i - 2].word + name
    elif len(name) < 2:
        return ""
    if not _CJK.fullmatch(name):
        return ""
    # FREQ also holds every prefix of a dictionary word with count 0: those are not words.
    known = jieba.dt.FREQ.get(name, 0) > 0 and not (name == prev.word and prev.flag in _NAME_FLAGS)
    return "" if known or name.isdigit() else name


def foreign_names(text: str, org_name: str, rules: Rules) -> list[str]:
    """Places and organisations named in text that are not the unit itself."""
    places = gazetteer()
    own = own_parts(org_name)
    words = list(pseg.cut(text))
    found: list[str] = []
    for i, w in enumerate(words):
        if w.word in places and (w.flag == "ns" or len(w.word) >= 3):
            found.append(w.word)
        elif w.flag == "j" and len(w.word) == 1 and i > 0 and words[i - 1].word in _TO_FROM:
            found.append(w.word)  # a province's one-character short form: 在粤务工
        elif w.word in rules.name_suffixes and i > 0:
            name = _name_before(words, i)
            if name and not rules.generic_prefix.match(name):
                found.append(name + w.word)
    return [n for n in dict.fromkeys(found) if not _is_own(n, own, org_name)]

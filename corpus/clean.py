"""Clean one plan's text: strip the template sites' boilerplate and repair the noise they add.

Every rule here was written against something seen in corpus/raw/ (the seeds are noisy on
purpose): site chrome, "下面是小编…" intros, related-article lists, collection footers,
truncated teaser lines, markdown escapes, stray quote marks, half-width punctuation, and lines
broken in the middle of a sentence.
"""
from __future__ import annotations

import re

_CJK = r"\u4e00-\u9fff"
_CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef“”‘’"

# Whole lines that belong to the web page, not to the plan.
_CHROME = re.compile(
    r"^(?:您的位置|当前位置|投诉建议$|时间[:：]\s*\d{4}-\d|本文档由|更多.{0,10}(?:范文|文章)|"
    r"上一篇|下一篇|返回首页|推荐阅读)")
# Site intros and filler openers ("下面是小编收集整理的…", "时间过得真快…"): the whole line goes.
_INTRO = re.compile(
    r"小编|给大家(?:整理|讲|分享|带来|推荐)|为大家(?:精心)?(?:收集|整理|准备|推荐)|仅供参考|"
    r"欢迎(?:大家)?阅读|有所帮助|一起来看|计划是人们在|计划是管理的一项|时间过得真快|时间流逝得|"
    r"光阴的迅速|光阴似箭|又该怎么写|怎么写才|是时候.{0,8}写.{0,4}计划|一个好的工作计划能使")
# "【…】相关文章:" opens a list of dated article titles that runs to the end of the page.
_RELATED_HEAD = re.compile(r"相关文章[:：]?\s*$|^相关(?:文章|推荐|阅读)")
_RELATED_ITEM = re.compile(r"\d{1,2}-\d{1,2}$")
# "其他网友还浏览了以下文章：" is spliced into a sentence; the next line starts with a run of
# article titles glued to the sentence's continuation.
_ALSO_READ = re.compile(r"^其他网友还(?:浏览|阅读|看)了")
_TITLE_RUN = re.compile(r"^[^，。；！？]*(?:总结|思路|打算|小结|回顾)")
_INLINE_JUNK = re.compile(
    r"\[由网站收集整理\]|【由网站收集整理】|\^v\^|“”|"
    r"[（(]\s*(?:\d{2,4}|\d{0,2}[_xX×*]{2})年[^（）()]{0,12}工作计划\s*[)）]")  # "(20__年幼儿园工会工作计划)"
_MD_ESCAPE = re.compile(r"\\([*_\"'#\[\]`.\-()>!+|~])")
_BULLET = re.compile(r"^(?:[-*+•·]\s+)")
_BOLD_LINE = re.compile(r"^(#{1,6}\s*)?\*\*(.+?)\*\*\s*$")
# "1. 积极…" → "1.积极…"; "## 二、总的要求" → "二、总的要求" (the numbering carries the level).
_MARKER_SPACE = re.compile(rf"^((?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})[、.．]|[（(][一二三四五六七八九十\d]{{1,3}}[)）]、?)\s+(?=[{_CJK}“《])")
_MD_NUMBERED = re.compile(r"^#{1,6}\s*(?=(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.．]|[（(][一二三四五六七八九十\d]|[一二三四五六七八九十\d]{1,3}月)")
_TEASER_END = re.compile(r"(?:\.{3,}|…+)\s*$")
# A heading glued after the end of the previous sentence: "…活动。 ( 三)加强…"
_GLUED_HEADING = re.compile(r"(?<=[。！？；])\s*(?=[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）])")
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}])[ \t\u00a0\u3000]+(?=[{_CJK}{_CJK_PUNCT}])")
_PAREN_PAIR = re.compile(r"\(\s*([^()\n]{0,60}?)\s*\)")
_STRAY_MARK = re.compile(rf"(?<=[{_CJK}])[`'](?=[{_CJK}])|`")
_HALF_PUNCT = {",": "，", ";": "；", "?": "？", "!": "！", ":": "："}
_HALF_NEAR_CJK = re.compile(rf"(?<=[{_CJK}”）])([,;?!:])|([,;?!:])(?=[{_CJK}“（])")
# Characters after which a line is a complete unit (sentence, clause list, heading with colon).
_TERMINAL = set("。！？!?；;：:…）)】」』")
_MARKER_START = re.compile(
    r"^(?:#|[一二三四五六七八九十]{1,3}[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|"
    r"\d{1,2}[、.．。)）]|[①-⑳]|第[一二三四五六七八九十\d]+[、，章节部分条]|篇)")
_FULL_STOP = re.compile(r"[。！？；]")
_BROKEN_MIN_LEN = 30  # a shorter line is a heading or a list item, never a broken half
_BROKEN_MIN_LEN_ITEM = 50  # same for a numbered line (numbered headings run longer)


def clean(text: str) -> str:
    """The plan text with boilerplate removed and noise repaired, one paragraph per line."""
    text = _MD_ESCAPE.sub(r"\1", text)
    text = _INLINE_JUNK.sub("", text).replace("邓--理论", "邓小平理论")  # the site's censoring
    lines = _drop_boilerplate([_tidy_line(line) for line in text.split("\n")])
    lines = _rejoin_broken(lines)
    return "\n".join(lines)


def _tidy_line(line: str) -> str:
    line = line.strip().strip("\u3000")
    line = _BULLET.sub("", line)
    bold = _BOLD_LINE.match(line)
    if bold:
        line = (bold.group(1) or "") + bold.group(2)
    line = line.replace("□", "。") if line.endswith("□") else line
    line = _PAREN_PAIR.sub(_paren, line)
    line = _STRAY_MARK.sub("", line)
    line = _HALF_NEAR_CJK.sub(_half_to_full, line)
    line = _quote_pairs(line)
    line = _SPACE_BETWEEN_CJK.sub("", line)
    line = _MD_NUMBERED.sub("", line)
    line = _MARKER_SPACE.sub(r"\1", line)
    line = _GLUED_HEADING.sub("\n", line)
    return line.strip()


def _paren(match: re.Match) -> str:
    inner = match.group(1)
    whole = match.string
    before = whole[match.start() - 1] if match.start() else ""
    after = whole[match.end()] if match.end() < len(whole) else ""
    if re.search(rf"[{_CJK}]", inner + before + after):
        return f"（{inner}）"
    return match.group(0)


def _half_to_full(match: re.Match) -> str:
    mark = match.group(1) or match.group(2)
    if mark == ":" and re.search(r"\d:\d", match.string[max(0, match.start() - 1):match.end() + 1]):
        return mark  # a clock time such as 7:30
    return _HALF_PUNCT[mark]


def _quote_pairs(line: str) -> str:
    """Straight double quotes around Chinese text become “…” pairs."""
    if '"' not in line or not re.search(rf"[{_CJK}]", line):
        return line
    out, opening = [], True
    for ch in line:
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


def _drop_boilerplate(lines: list[str]) -> list[str]:
    out: list[str] = []
    in_related = False
    after_also_read = False
    for i, raw in enumerate(lines):
        for line in raw.split("\n"):  # _tidy_line may have split a glued heading off
            if not line:
                out.append("")
                continue
            if in_related:
                if _RELATED_ITEM.search(line) or len(line) <= 40 and not _TERMINAL & set(line[-1:]):
                    continue
                in_related = False
            if after_also_read:
                after_also_read = False
                line = _TITLE_RUN.sub("", line)
                if not line:
                    continue
            if _RELATED_HEAD.search(line):
                in_related = True
                continue
            if _ALSO_READ.match(line):
                after_also_read = True
                continue
            if _CHROME.match(line) or _INTRO.search(line):
                continue
            if _is_teaser(line, lines[i + 1:i + 6]):
                continue
            out.append(line)
    return out


def _is_teaser(line: str, following: list[str]) -> bool:
    """A truncated '…' preview of text that follows (the page's excerpt), not content."""
    if not _TEASER_END.search(line):
        return False
    head = _TEASER_END.sub("", line).rstrip("，、,")
    tail = head[-8:]
    return len(tail) >= 4 and any(tail in nxt for nxt in following)


def _rejoin_broken(lines: list[str]) -> list[str]:
    """Join a sentence that the page broke across lines (often with blank lines between)."""
    out: list[str] = []
    for line in lines:
        if not line:
            continue
        if out and _is_broken(out[-1]) and not _MARKER_START.match(line):
            out[-1] += line
        else:
            out.append(line)
    return out


def _is_broken(line: str) -> bool:
    """A line that stops mid-sentence. Headings also end without punctuation, but they are
    short, hold no full stop, and (unless numbered) no comma either."""
    if line[-1] in _TERMINAL or line.startswith("#"):
        return False
    if _MARKER_START.match(line):
        return bool(_FULL_STOP.search(line)) or len(line) >= _BROKEN_MIN_LEN_ITEM
    return bool(_FULL_STOP.search(line) or "，" in line) or len(line) >= _BROKEN_MIN_LEN

"""A revision instruction read as operations, the way a cadre writes them.

    "写得更具体，加上女教职工工作，删去第3条" → [concrete], [add 女教职工工作], [delete 3]

The instruction is cut into clauses (，；。 and 然后/再/并且/同时); each clause is one operation,
tried in the order below (a count before a rewording: "改成5条" is not "把…改成…"). A clause that
is none of them is kept as `unknown`, so the reviser can say which part it could not do.
Numbers are 1-based item numbers as the section shows them (第三条 = 第3条).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from plandraft.numerals import to_int

_NUM = r"[0-9０-９一二三四五六七八九十两]+"
_CLAUSES = re.compile(r"[，,；;。！!？?\n]+|(?:然后|并且|同时|另外|此外|再把|再将)")
_REFS = re.compile(rf"第?\s*({_NUM})\s*(?:条|项|点)?(?:\s*(?:、|和|与|及|跟|，|,|至|到|-|—|~)\s*第?\s*({_NUM}))*"
                   r"\s*(?:条|项|点)")
_ONE_REF = re.compile(rf"第?\s*({_NUM})\s*(?:条|项|点)?")
_COUNT = re.compile(rf"(?:改成|改为|压缩到|压缩为|压缩成|精简到|精简为|精简成|缩减到|缩减为|减少到|减到|保留|只留|留下|"
                    rf"写成|扩充到|扩展到|扩写到|增加到|补充到|增至|充实到|只要|控制在)\s*({_NUM})\s*(?:条|项|点)")
_MOVE_FIRST = re.compile(r"提前|移到最前|放到最前|放在最前|挪到最前|置顶|放到第一|移到第一|放在第一|排在最前|排到最前|最先")
_MOVE_LAST = re.compile(r"放到最后|移到最后|放在最后|挪到最后|排在最后|排到最后|置后|最后面")
_MOVE_UP = re.compile(r"上移|前移|往前|向前")
_MOVE_DOWN = re.compile(r"下移|后移|往后|向后")
_MOVE_TO = re.compile(rf"(?:移到|放到|放在|挪到|调到|排到|排在)\s*第\s*({_NUM})\s*(?:条|项|点)")
_SWAP = re.compile(r"对调|互换|调换|交换|换个位置|换一下位置")
_MERGE = re.compile(r"合并|合为一条|并成一条|合成一条|归并")
_DELETE = re.compile(r"删去|删除|去掉|去除|不要|拿掉|删掉|砍掉|省去|删")
_REWORD = re.compile(r"^(?:请)?(?:把|将)?[“\"'「『]?(.+?)[”\"'」』]?(?:改成|改为|换成|替换为|替换成|改作|更正为|更改为)"
                     r"[“\"'「『]?(.+?)[”\"'」』]?$")
_ADD = re.compile(r"(?:加上|增加|补充|加入|写入|添加|增补|增写|写上|补上|补进|加进|加一条|加)(?:关于|一些|一条|几条|有关)?(.+)")
_REMOVE = re.compile(r"(?:删去|删除|去掉|去除|不要|拿掉|删掉|砍掉|省去)(?:关于|有关)?(.+)")
_CONCRETE = re.compile(r"具体|详细|详实|充实|丰富|展开|细化|多写|实在|可操作|落地")
_SHORTEN = re.compile(r"精简|压缩|简短|缩短|简洁|简练|删减|短一些|少写|短一点|简化|精练|凝练")
_REWRITE = re.compile(r"重写|重新写|重新生成|换一批|换一些|换个写法|另写")
_MONTH = re.compile(r"(十[一二]|[一二三四五六七八九十]|1[0-2]|[1-9])\s*月份?")
_TOPIC_TRIM = re.compile(r"^(?:的|些|一些|有关|关于)|(?:的内容|的工作|的条目|的事项|内容|方面|的)$")
_SPLIT_TOPICS = re.compile(r"、|/|以及|及|和(?!谐)")


@dataclass
class Op:
    kind: str  # add concrete shorten count keep delete remove reword replace move swap merge rewrite unknown
    clause: str  # as the user wrote it, for what the reviser says it did or could not do
    topic: str = ""
    numbers: list[int] = field(default_factory=list)
    old: str = ""
    new: str = ""
    month: int = 0  # 月份安排: the month an addition goes into
    to: int = 0  # move: target position; 0 = first, -1 = last


def _n(text: str) -> int | None:
    return to_int(text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


def references(clause: str) -> list[int]:
    """Item numbers a clause names: 第3条, 第三、五条, 第2条和第4条, 第2至4条."""
    out: list[int] = []
    for m in _REFS.finditer(clause):
        text = m.group(0)
        nums = [_n(x) for x in re.findall(_NUM, text)]
        if re.search(r"至|到|-|—|~", text) and len(nums) == 2 and None not in nums:
            out += list(range(nums[0], nums[1] + 1))
        else:
            out += [x for x in nums if x]
    if not out:
        out = [x for x in (_n(m.group(1)) for m in re.finditer(rf"第\s*({_NUM})", clause)) if x]
    return list(dict.fromkeys(out))


def _topic(text: str) -> str:
    return _TOPIC_TRIM.sub("", text.strip(" “”\"'「」『』")).strip()


def _one(clause: str) -> list[Op]:
    refs = references(clause)
    if m := _COUNT.search(clause):
        return [Op("count", clause, numbers=[_n(m.group(1)) or 0])]
    if refs and _MERGE.search(clause) and len(refs) >= 2:
        return [Op("merge", clause, numbers=refs)]
    if refs and _SWAP.search(clause) and len(refs) == 2:
        return [Op("swap", clause, numbers=refs)]
    if refs and (m := _MOVE_TO.search(clause)):
        target = _n(m.group(1)) or 0
        return [Op("move", clause, numbers=[r for r in refs if r != target][:1] or refs[:1], to=target)]
    if refs and _MOVE_FIRST.search(clause):
        return [Op("move", clause, numbers=refs[:1], to=1)]
    if refs and _MOVE_LAST.search(clause):
        return [Op("move", clause, numbers=refs[:1], to=-1)]
    if refs and (_MOVE_UP.search(clause) or _MOVE_DOWN.search(clause)):
        step = -1 if _MOVE_UP.search(clause) else 1
        return [Op("move", clause, numbers=refs[:1], to=refs[0] + step)]
    if refs and re.search(r"保留|只留|留下|只要", clause):
        return [Op("keep", clause, numbers=refs)]
    if refs and _DELETE.search(clause):
        return [Op("delete", clause, numbers=refs)]
    if m := _REWORD.search(clause):
        old, new = _topic(m.group(1)), m.group(2).strip(" “”\"'「」『』：:")
        if refs and _REFS.fullmatch(old.replace(" ", "")) and new:  # 把第3条改成：…
            return [Op("replace", clause, numbers=refs[:1], new=new)]
        if old and new and not re.fullmatch(r"更?(?:具体|详细|简短|精简)(?:一些|一点|些)?", new):
            return [Op("reword", clause, old=old, new=new)]
    if m := _REMOVE.search(clause):
        return [Op("remove", clause, topic=_topic(m.group(1)))]
    if m := _ADD.search(clause):
        month = _MONTH.search(clause)
        topic = _topic(_MONTH.sub("", m.group(1)))
        if topic:
            parts = [_topic(p) for p in _SPLIT_TOPICS.split(topic)] if len(topic) <= 30 else []
            parts = [p for p in parts if len(p) >= 2] or [topic]
            return [Op("add", clause, topic=p, month=_n(month.group(1)) or 0 if month else 0)
                    for p in parts]
    if _REWRITE.search(clause):
        return [Op("rewrite", clause)]
    ops = []
    if _CONCRETE.search(clause):
        ops.append(Op("concrete", clause))
    if _SHORTEN.search(clause):
        ops.append(Op("shorten", clause))
    return ops or [Op("unknown", clause)]


def clauses(instruction: str) -> list[str]:
    """The instruction cut at clause marks, except inside quotes and in the new wording after
    改成：/改为： (a replacement text may have commas of its own)."""
    m = re.search(r"(?:改成|改为|换成|替换为)[：:]", instruction)
    head, tail = (instruction[:m.end()], instruction[m.end():]) if m else (instruction, "")
    quoted: list[str] = []

    def hide(q: re.Match) -> str:
        quoted.append(q.group(0))
        return f"\x00{len(quoted) - 1}\x00"
    hidden = re.sub(r"[“「『\"][^”」』\"]*[”」』\"]", hide, head)
    parts = [re.sub(r"\x00(\d+)\x00", lambda x: quoted[int(x.group(1))], p)
             for p in _CLAUSES.split(hidden)]
    if tail:
        parts[-1] += tail
    return parts


def parse(instruction: str) -> list[Op]:
    """Every clause's operations, in the order written; empty clauses and politeness dropped."""
    ops: list[Op] = []
    for clause in clauses(instruction):
        clause = re.sub(r"^(?:请|麻烦|帮我|帮忙|再|也|还要|还|并|把这部分|这部分|这一部分|本部分)+", "", clause.strip())
        clause = re.sub(r"(?:一下|一些|一点|吧|谢谢)$", "", clause).strip()
        if clause:
            ops += _one(clause)
    return ops

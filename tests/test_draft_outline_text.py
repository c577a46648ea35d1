"""Outline ↔ Markdown round trip and the Chinese messages for an outline edited into nonsense."""
import pytest

from drafting.outline_text import MAX_SECTIONS, outline_from_markdown, outline_to_markdown
from plandraft.errors import PlandraftError
from plandraft.models import Outline, OutlineItem

OUTLINE = Outline("实验小学工会2025年下半年工作计划", [
    OutlineItem("指导思想", ["以党的二十大精神为指导"], "指导思想"),
    OutlineItem("工作目标", ["教代会制度更加规范"], "工作目标"),
    OutlineItem("推进民主管理", ["开好教代会", "推进校务公开"]),
    OutlineItem("关爱教职工", ["做好送温暖工作"]),
    OutlineItem("月份工作安排", ["七月：召开工会委员会会议。", "八月：组织教职工疗休养。"], "月份安排"),
    OutlineItem("保障措施", ["加强组织领导"], "保障措施"),
])


def test_round_trip_is_exact():
    md = outline_to_markdown(OUTLINE)
    assert md.startswith("# 实验小学工会2025年下半年工作计划\n")
    assert "## 三、主要工作" in md and "### （一）推进民主管理" in md and "### （二）关爱教职工" in md
    assert "## 四、月份工作安排" in md and "- 开好教代会" in md
    assert outline_from_markdown(md) == OUTLINE


def test_user_edits_are_read_leniently():
    text = """# 红星公司工会2026年工作计划
一、指导思想
- 围绕公司中心工作
## 主要工作
（一）开展劳动竞赛
1. 组织技能比武
2、开展岗位练兵
### 关爱职工
* 做好困难职工帮扶
## 保障措施
"""
    o = outline_from_markdown(text)
    assert [(i.title, i.kind) for i in o.items] == [
        ("指导思想", "指导思想"), ("开展劳动竞赛", "主要工作"), ("关爱职工", "主要工作"),
        ("保障措施", "保障措施")]
    assert o.items[1].points == ["组织技能比武", "开展岗位练兵"]


def test_sections_are_put_in_canonical_order():
    o = outline_from_markdown("# 计划\n## 保障措施\n## 加强民主管理\n## 指导思想\n")
    assert [i.kind for i in o.items] == ["指导思想", "主要工作", "保障措施"]


@pytest.mark.parametrize("text,needle", [
    ("", "缺少标题"),
    ("这里只有一些文字\n没有任何标题", "缺少标题"),
    ("# 标题\n只有正文没有部分", "不在任何部分之下"),
    ("# 标题\n", "没有任何部分"),
    ("# 标题\n## 一、加强民主管理\n- 甲\n## 二、加强民主管理\n- 乙", "出现了两次（第 2 行和第 4 行）"),
    ("# 标题\n# 又一个标题\n## 指导思想", "只能有一个标题"),
    ("# 标题\n## \n- 要点", "标题是空的"),
    ("# 标题\n" + "".join(f"## 第{i}项工作\n- 要点\n" for i in range(200)), f"超过 {MAX_SECTIONS} 个"),
])
def test_nonsense_outlines_are_refused_in_chinese(text, needle):
    with pytest.raises(PlandraftError, match=needle.replace("（", "\\（").replace("）", "\\）")):
        outline_from_markdown(text)

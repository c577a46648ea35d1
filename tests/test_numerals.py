"""Chinese numerals both ways (headings, month lines, numbering all rely on them)."""
import pytest

from plandraft.numerals import to_chinese, to_int


@pytest.mark.parametrize("n", range(1, 100))
def test_round_trip(n):
    assert to_int(to_chinese(n)) == n


@pytest.mark.parametrize("text, value", [("十", 10), ("十二", 12), ("二十", 20), ("九十九", 99),
                                          ("两", 2), ("12", 12), ("③", 3), ("", None),
                                          ("一二", None), ("百", None), ("二十一十", None)])
def test_to_int(text, value):
    assert to_int(text) == value


def test_circled_items_are_parsed_in_a_draft():
    # ③ is a "digit" to str.isdigit(); int("③") used to crash the evaluation of such lists.
    from eval.evaluate import evaluate
    result = evaluate("# 计划\n\n## 一、主要工作\n\n① 开展文体活动。\n\n② 做好帮扶慰问。\n\n③ 关心职工健康。\n")
    assert not [f for f in result.findings if f.check == "numbering"]

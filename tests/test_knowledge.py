"""The knowledge base of union work (corpus/knowledge): it loads, covers what the drafting needs
for every org type, and every text passes the evaluator's own checks; a broken file is named with
its line and field; themes and entries are dated."""
from pathlib import Path

import pytest

from corpus.knowledge import KnowledgeError, fill, knowledge, load
from corpus.knowledge.check import problems
from plandraft.vocab import ORG_TYPES

GOOD = '''id = "测试主题"
title = "测试主题"
group = "职工健康"
triggers = ["测试"]
org_types = ["企业"]
valid_from = 2021
months = [5]
headings = ["做好{staff}测试工作", "加强测试"]
goals = ["测试覆盖率达到100%。"]
schedule = [{ month = 5, text = "组织测试" }]

[[items]]
text = "由{union}每季度组织一次测试，结果向{staff}公开。"
'''


def write(folder: Path, text: str) -> Path:
    (folder / "themes").mkdir(parents=True, exist_ok=True)
    path = folder / "themes" / "测试主题.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_knowledge_has_every_theme_the_issue_names_and_no_problem():
    kb = knowledge()
    assert len(kb.themes) >= 40
    for needed in ("新就业形态劳动者入会", "换届选举", "网上工会", "职业病防护", "产业工人队伍建设改革",
                   "心理关爱", "工资集体协商", "师德师风", "医德医风", "服务型机关"):
        assert needed in kb.themes
    assert set(kb.profiles) == set(ORG_TYPES)
    assert problems(kb) == []


def test_every_org_type_has_enough_themes_and_measures_for_a_plan():
    kb = knowledge()
    for org_type in ORG_TYPES:
        available = kb.available(org_type, 2026)
        assert len(available) >= 15, org_type
        assert len(kb.profiles[org_type].measures) >= 4


def test_themes_and_entries_are_dated():
    kb = knowledge()
    new_form = kb.themes["新就业形态劳动者入会"]
    assert new_form.fits("县区总工会", 2026) and not new_form.fits("县区总工会", 2015)
    assert {t.id for t in kb.available("县区总工会", 2015)} < {t.id for t in kb.available("县区总工会", 2026)}


def test_slots_are_filled_with_the_org_types_words():
    text = "由{union}组织{staff}参加{congress}，{women}优先。"
    assert fill(text, "学校") == "由校工会组织教职工参加教代会，女教职工优先。"
    assert fill(text, "企业") == "由公司工会组织职工参加职代会，女职工优先。"


def test_a_good_file_loads_and_its_entries_fit_only_their_org_type(tmp_path):
    write(tmp_path, GOOD)
    theme = load(tmp_path).themes["测试主题"]
    assert theme.items[0].fits("企业", 2026) and not theme.items[0].fits("学校", 2026)
    assert not theme.items[0].fits("企业", 2020)  # the theme's valid_from carries to its items


@pytest.mark.parametrize("change, line, field", [
    (('org_types = ["企业"]', 'org_types = ["工厂"]'), 5, "org_types"),
    (('text = "由{union}', 'text = "由{unoin}'), 13, "items[0].text"),
    (('{ month = 5, text', '{ text'), 10, "schedule[0].month"),
    (('group = "职工健康"', 'group = "健康"'), 3, "group"),
    (('valid_from = 2021', 'valid_from = "2021"'), 6, "valid_from"),
    (('months = [5]', 'months = [13]'), 7, "months"),
])
def test_a_schema_error_names_the_file_the_line_and_the_field(tmp_path, change, line, field):
    write(tmp_path, GOOD.replace(*change))
    with pytest.raises(KnowledgeError) as err:
        load(tmp_path)
    message = str(err.value)
    assert "测试主题.toml" in message and f"第 {line} 行" in message and field in message


def test_invalid_toml_and_bad_encoding_are_named(tmp_path):
    path = write(tmp_path, GOOD + "\n[[items]\n")
    with pytest.raises(KnowledgeError, match="测试主题.toml.*TOML"):
        load(tmp_path)
    path.write_bytes(GOOD.encode("gbk"))
    with pytest.raises(KnowledgeError, match="测试主题.toml.*UTF-8"):
        load(tmp_path)


def test_the_checks_catch_foreign_stale_and_slogan_text(tmp_path):
    bad = GOOD + '''
[[items]]
text = "组织学生家长参加计划生育宣传，做好育龄妇女的管理和服务工作。"

[[items]]
text = "进一步加强领导，不断提高认识，切实做好相关工作，推动工作上新台阶。"
'''
    write(tmp_path, bad)
    found = "\n".join(problems(load(tmp_path)))
    assert "学生" in found and "口号" in found
    assert "只有 3 条" in found  # coverage: 3 items where 8 are needed


def test_a_kind_of_unit_has_its_own_words_and_leaves_out_others():
    from corpus.knowledge import Entry
    from drafting.themes import filled
    from plandraft.models import Brief
    assert fill("{union}组织{self}职工", "乡镇街道", org_name="南湖街道") == "街道总工会组织本街道职工"
    assert fill("{union}组织{self}职工", "乡镇街道", org_name="临江镇") == "镇总工会组织本镇职工"
    assert fill("{union}", "县区总工会", org_name="安平县") == "县总工会"
    entry = Entry("由车间分会在每个班组推选一名安全监督员，每月检查一次劳动防护用品。", frozenset({"企业"}))
    software = Brief("", "云帆软件有限公司", "企业", 2027, "年度")
    factory = Brief("", "东方钢铁集团", "企业", 2027, "年度")
    assert filled(entry, software) is None and filled(entry, factory) == entry.text
    # a construction firm's 驻外项目 is not a chemical plant's (read blind in a 化工 plan)
    site = Entry("为驻外项目现场配送篮球、羽毛球和棋牌等文体用品，支持现场每月组织一次小型比赛。", frozenset({"企业"}))
    builder = Brief("", "宏达建设工程有限公司", "企业", 2027, "年度")
    chemical = Brief("", "华盛化工有限公司", "企业", 2027, "年度")
    assert filled(site, chemical) is None and filled(site, builder) == site.text


def test_an_entry_that_presumes_a_fact_needs_a_brief_that_gives_it():
    """驻村 items only where the brief speaks of 驻村 (or 乡村振兴): a city bureau's plan would
    otherwise claim cadres in villages it never mentioned."""
    from drafting.themes import filled
    from plandraft.models import Brief
    entry = next(e for e in knowledge().themes["机关干部职工关爱"].items if "驻村干部" in e.text)
    assert entry.needs
    village = Brief("县农业农村局机关工会2027年工作计划，重点：驻村干部关爱", "县农业农村局", "机关事业单位", 2027, "年度")
    city = Brief("市审计局机关工会2027年工作计划，重点：干部关爱", "市审计局", "机关事业单位", 2027, "年度")
    assert filled(entry, village) and filled(entry, city) is None


def test_needs_must_be_a_list_of_words(tmp_path):
    write(tmp_path, GOOD.replace('text = "由{union}每季度组织一次测试，结果向{staff}公开。"',
                                 'text = "由{union}牵头开展心理健康讲座。"\nneeds = "驻村"'))
    with pytest.raises(KnowledgeError, match="needs"):
        load(tmp_path)


def test_a_sector_with_a_bad_slot_is_named(tmp_path):
    write(tmp_path, GOOD)
    (tmp_path / "sectors.toml").write_text(
        '[[sector]]\norg_type = "企业"\ncues = ["科技"]\nexcludes = []\nterms = { boss = "老板" }\n',
        encoding="utf-8")
    with pytest.raises(KnowledgeError, match="sectors.toml.*sector\\[0\\].terms"):
        load(tmp_path)


def test_a_software_firm_s_occupational_health_is_desk_work_not_hazard_posts():
    """The kind's words stay out of the section's heading and items, and what is left is enough
    for a section of its own (screens, desks, posture)."""
    from drafting.outline import ThemeOutliner
    from drafting.brief import parse_brief
    brief = parse_brief("云帆软件有限公司工会2027年工作计划，重点：程序员职业健康")
    section = ThemeOutliner.__new__(ThemeOutliner).section(brief, knowledge().themes["职业病防护"], [],
                                                           "程序员职业健康")
    hazard_posts = ("危害", "接害", "职业禁忌", "粉尘", "调岗")  # a factory's, not an office's
    assert not any(w in section.title for w in hazard_posts), section.title
    assert len(section.points) >= 4
    assert not any(w in p for p in section.points for w in hazard_posts), section.points

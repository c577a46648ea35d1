"""Compose drafts for every org type and every period, on the real index: the right skeleton,
and the checks of point 4 (eval's checks and drafting's own) pass on every draft."""
from datetime import date

import pytest

from drafting import period as plan_period
from drafting.adapt import problems
from eval.bench_drafting import BRIEFS as BENCH_BRIEFS
from eval.evaluate import evaluate
from plandraft import lexicon
from plandraft.engine import Engine
from plandraft.vocab import ORG_TYPES, PERIODS

BRIEFS = BENCH_BRIEFS[:10]  # every org type and period (the benchmark's briefs)
POINT4 = {"placeholder", "stale_reference", "numbering", "period", "org"}


@pytest.fixture(scope="module")
def engine(drafting_settings):
    return Engine(drafting_settings, today=date(2026, 11, 21))


@pytest.fixture(scope="module")
def drafts(engine):
    return [engine.draft(text) for text in BRIEFS]


def test_briefs_cover_every_org_type_and_period(drafts):
    assert {d.brief.org_type for d in drafts} == set(ORG_TYPES)
    assert {d.brief.period for d in drafts} == set(PERIODS)


def test_skeleton_of_the_period(drafts):
    for d in drafts:
        kinds = [item.kind for item in d.outline.items]
        assert kinds[:2] == ["指导思想", "工作目标"], d.outline.title
        assert kinds.count("主要工作") >= 3
        assert "月份安排" in kinds
        assert ("保障措施" in kinds) == (d.brief.period != "月度")
        assert len(d.sections) == len(d.outline.items)
        assert all(s.text.strip() for s in d.sections), d.outline.title


def test_schedule_covers_exactly_the_months_of_the_period(drafts):
    for d in drafts:
        schedule = next(it for it in d.outline.items if it.kind == "月份安排")
        if d.brief.period == "月度":
            assert [p[:3] for p in schedule.points] == ["第一周", "第二周", "第三周", "第四周"]
            continue
        heads = [lexicon.month_number(lexicon.MONTH_RE.match(p).group(1)) for p in schedule.points]
        assert heads == list(lexicon.period_months(d.brief.period, d.brief.term)), d.outline.title


def test_point_4_holds_for_every_draft(engine, drafts):
    for d in drafts:
        markdown = engine.markdown(d)
        found = [f for f in evaluate(markdown, d.brief).findings if f.check in POINT4]
        assert found == [], (d.outline.title, [(f.check, f.message) for f in found])
        assert problems(markdown, d.brief) == [], d.outline.title


def test_focus_topics_have_a_section_of_their_own(drafts):
    from eval.focus import addresses
    for d in drafts:
        for topic in d.brief.focus:  # a heading of its own, in its own or its theme's words
            assert any(addresses(topic, it.title) for it in d.outline.items), (topic, d.outline.title)


def test_every_written_section_cites_its_sources(drafts):
    for d in drafts:
        for section, item in zip(d.sections, d.outline.items):
            assert section.sources, (d.outline.title, section.title)
            assert all(s.plan_title and s.section_path is not None and s.text for s in section.sources)
            assert section.title == item.title


def test_enterprise_plan_has_no_school_words(engine, drafts):
    enterprise = next(d for d in drafts if d.brief.org_type == "企业")
    text = engine.markdown(enterprise)
    for word in ("我校", "教职工", "教代会", "校务公开", "学生"):
        assert word not in text


def test_compose_is_deterministic(engine, drafts):
    again = engine.draft(BRIEFS[2])
    assert engine.markdown(again) == engine.markdown(drafts[2])
    assert again.id != drafts[2].id


def test_user_edited_outline_is_followed(engine):
    brief = engine.parse_brief(BRIEFS[0])
    outline = engine.outline(brief)
    outline.items = [it for it in outline.items if it.kind != "保障措施"]
    outline.items.insert(3, type(outline.items[0])(title="开展教职工读书月活动", points=["组织读书分享会"]))
    *_, draft = engine.write(brief, outline)
    titles = [s.title for s in draft.sections]
    assert "开展教职工读书月活动" in titles and "保障措施" not in titles
    assert "组织读书分享会" in engine.markdown(draft)


@pytest.mark.parametrize("text", [
    "城南小学工会2027年下半年工作计划，重点：教代会提案办理、教职工健康",
    "滨江港务集团工会2027年上半年工作计划，重点：码头一线职工夏季高温防护、技能比武、困难职工帮扶",
    "县水利局机关工会2027年工作计划，重点：职代会、读书活动",
    "金太阳幼儿园工会2027年上半年工作计划，重点：保育员技能培训、女教职工健康体检、六一亲子活动",
])
def test_a_congress_is_held_before_its_after_work_and_not_left_out(engine, text):
    """A 职代会 theme's steps come in order with the session among them (a full month loses
    none of them); a period that holds no session has no work for 闭会后 or 大会期间."""
    from eval.labels import holds_session, session_step
    outline = engine.outline(engine.parse_brief(text))
    schedule = next(i for i in outline.items if i.kind == "月份安排").points
    lines = [p for i in outline.items for p in i.points]
    if holds_session(schedule):
        month = {step: next(n for n, line in enumerate(schedule) if step in line)
                 for step in ("征集", "召开") if any(step in line for line in schedule)}
        assert "召开" in month and month.get("征集", -1) <= month["召开"], schedule
        assert sum(holds_session([e]) for line in schedule for e in line.split("；")) == 1, schedule
    else:
        assert not any(session_step(p) for p in lines), [p for p in lines if session_step(p)]
    assert ("下半年" in text) != holds_session(schedule)


@pytest.mark.parametrize("text", [
    "市妇幼保健院工会2027年下半年工作计划，重点：夜班护士关爱、育儿假落实、医德医风",
    "宏达化工有限公司工会2027年工作计划，重点：危化品安全培训、职工技能大赛、困难职工帮扶",
])
def test_a_month_holds_one_campaign_once(engine, text):
    """Two lines of one campaign in a month (a calendar's 高温慰问 beside a theme's; 安全生产月
    twice) read as the same work said twice."""
    from plandraft.lexicon import same_campaign
    outline = engine.outline(engine.parse_brief(text))
    schedule = next(i for i in outline.items if i.kind == "月份安排").points
    for line in schedule:
        acts = line.split("：", 1)[1].rstrip("。").split("；")
        assert not [(a, b) for i, a in enumerate(acts) for b in acts[i + 1:] if same_campaign(a, b)], line


@pytest.mark.parametrize("text", [
    "顺达物流公司工会2027年第三季度工作计划，重点：司机之家建设、高温补贴落实、货车司机入会",
    "市第二中学工会2027年上半年工作计划，重点：班主任减负、青年教师成长、教职工健康",
    "东风街道总工会2027年第一季度工作计划，重点：春送岗位、农民工返乡关爱",
])
def test_goals_are_targets_for_the_plans_own_period(engine, text):
    """A quarter's or half-year's goals count nothing over a longer span (年内, 每年, 每学年)."""
    from plandraft.lexicon import goal_beyond
    brief = engine.parse_brief(text)
    outline = engine.outline(brief)
    goals = next(i for i in outline.items if i.kind == "工作目标").points
    months = {m for _, m in plan_period.months(brief)}
    assert len(goals) >= 3 and not [g for g in goals if goal_beyond(g, months)], goals


def test_a_month_holds_one_round_of_visits(engine):
    """The hospital calendar's 春节 visit beside 医务人员关爱's 一月 visit read, blind, as the
    same 走访慰问 said twice."""
    outline = engine.outline(engine.parse_brief("县人民医院工会2027年工作计划，重点：防范暴力伤医、青年医生成长、职工食堂满意度"))
    schedule = next(i for i in outline.items if i.kind == "月份安排").points
    assert any("走访慰问" in line for line in schedule)
    assert all(line.count("走访慰问") <= 1 for line in schedule), schedule

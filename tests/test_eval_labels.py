"""Item labels: each label found in a planted item of a clean plan, precedence, the brief's own
names, and the plan-level content scores built on them."""
from __future__ import annotations

from dataclasses import replace

import pytest

from eval.content import boilerplate, focus_depth
from eval.corpusdata import load
from eval.context import from_brief
from eval.document import parse
from eval.evaluate import Evaluator
from eval.items import items
from eval.labels import Labeller
from plandraft import festivals
from plandraft.settings import Settings
from tests.eval_plans import CLEAN_BRIEF, CLEAN_PLAN

GOOD = "2. 组织青年教师与骨干教师结对，每月开展一次课堂教学交流和读书分享。"


def label_of(line: str, brief=CLEAN_BRIEF, under: str = GOOD) -> tuple[str, str]:
    """Put `line` in place of a clean item and return (label, reason) the labeller gives it."""
    assert under in CLEAN_PLAN
    text = CLEAN_PLAN.replace(under, line)
    doc = parse(text)
    got = {x.item.line: x for x in Labeller().label(doc, from_brief(brief))}
    n = text.splitlines().index(line) + 1
    return got[n].label, got[n].reason


def test_the_clean_plan_is_all_ok():
    labelled = Labeller().label(parse(CLEAN_PLAN), from_brief(CLEAN_BRIEF))
    assert [x for x in labelled if x.label != "ok"] == []


@pytest.mark.parametrize("line, label, why", [
    ("2. 关心教职工生活。", "stub", "个字"),
    ("2. 进一步加强工会组织建设，不断提高工会工作水平，充分发挥工会作用。", "stub", "口号"),
    ("2. 今年上半年共组织青年教师培训12次，取得了较好效果。", "past_report", "总结"),
    ("2. 做好育龄妇女台帐和计划生育宣传工作。", "stale_wording", "计划生育"),
    ("2. 充分发挥微博等新兴媒体作用，宣传青年教师成长故事。", "stale_wording", "微博"),
    ("2. 以金帅集团为榜样，组织青年教师到企业参观学习。", "foreign", "金帅集团"),
    ("2. 为增强分公司之间的交流，组织青年教师篮球友谊赛。", "foreign", "分公司"),
    ("2. 做好宜兴市教育系统青年教师基本功比赛的组织工作。", "foreign", "宜兴市"),
    ("2. 丰富教职工业余生活开展形式多样的文体活动，丰富教职工业余文化生活。", "broken", "重复"),
    ("2. 组织青年教师与骨干教师结对，每月开展一次课堂教学交流和读书分享，", "broken", "不完整"),
    ("2. 20xx年组织青年教师与骨干教师结对。", "broken", "占位符"),
    ("2. 组织青年教师参加*市青年教师基本功比赛。", "broken", "占位符"),
    ("2. 深入开展“建功‘’”主题竞赛，组织青年教师与骨干教师结对。", "broken", "占位符"),
])
def test_each_label_on_a_planted_item(line, label, why):
    got, reason = label_of(line)
    assert (got, why in reason) == (label, True), reason


def test_the_brief_own_names_are_not_foreign():
    brief = replace(CLEAN_BRIEF, org_name="宜兴市实验小学")
    assert label_of("2. 做好宜兴市教育系统青年教师基本功比赛的组织工作。", brief)[0] == "ok"


def test_stale_wording_depends_on_the_plan_year():
    line = "2. 做好育龄妇女台帐和计划生育宣传工作。"
    assert label_of(line, replace(CLEAN_BRIEF, year=2015))[0] != "stale_wording"
    # The guiding formula of today lists the older theories before 习近平新时代…: not stale.
    ok = "2. 坚持以邓小平理论、“三个代表”重要思想、科学发展观、习近平新时代中国特色社会主义思想为指导，组织青年教师每月集中学习。"
    assert label_of(ok)[0] == "ok"


def test_precedence_foreign_before_stub():
    assert label_of("2. 学习金帅集团经验。")[0] == "foreign"


def test_lunar_festivals_by_year():
    assert festivals.date("中秋", 2024).isoformat() == "2024-09-17"
    assert festivals.date("中秋", 2025).isoformat() == "2025-10-06"
    assert festivals.date("春节", 2026).isoformat() == "2026-02-17"
    assert festivals.date("除夕", 2028).isoformat() == "2028-01-25"  # 腊月廿九 that year
    assert festivals.fits("中秋", 2025, 10) and not festivals.fits("中秋", 2026, 10)
    # A month ahead (preparing) only when it falls early in its month: 国庆 in September;
    # 端午 on 9 June 2027 and 中秋 on 25 September 2026 are prepared in their own month.
    assert festivals.fits("国庆", 2026, 9) and festivals.fits("中秋", 2025, 9)
    assert not festivals.fits("中秋", 2026, 8) and not festivals.fits("端午", 2027, 5)
    assert festivals.fits("端午", 2027, 6) and festivals.fits("春节", 2027, 1)


def test_a_festival_prepared_a_month_too_early_is_broken():
    old = "十月：召开教代会第二次全体会议，组织国庆文艺展演。"
    planted = "五月：端午节前组织教职工开展包粽子活动。"
    label, reason = label_of(planted, replace(CLEAN_BRIEF, period="年度", year=2027), under=old)
    assert label == "broken" and "6月9日" in reason
    near = "五月：端午节前组织教职工开展包粽子活动。"  # 端午 on 31 May 2025: its own month
    assert label_of(near, replace(CLEAN_BRIEF, period="年度", year=2025), under=old)[0] == "ok"


def test_a_festival_in_the_wrong_month_for_the_year():
    old = "十月：召开教代会第二次全体会议，组织国庆文艺展演。"
    planted = "十月：召开教代会第二次全体会议，庆祝中秋节。"
    assert label_of(planted, replace(CLEAN_BRIEF, year=2025), under=old)[0] == "ok"
    label, reason = label_of(planted, replace(CLEAN_BRIEF, year=2026), under=old)
    assert label == "broken" and "9月25日" in reason


def test_month_outside_the_period_is_broken():
    old = "十月：召开教代会第二次全体会议，组织国庆文艺展演。"
    label, reason = label_of("三月：召开教代会第二次全体会议。", under=old)
    assert label == "broken" and "3月" in reason


def test_items_cut_points_goals_and_month_lines_not_headings():
    cut = items(parse(CLEAN_PLAN))
    texts = [it.text for it in cut]
    assert "健全民主管理，办好教代会" not in texts  # a heading with points under it
    assert any(t.startswith("九月：") for t in texts)  # a schedule entry keeps its month
    goal = next(it for it in cut if it.kind == "工作目标")
    assert goal.text.startswith("教代会提案办理率")


def test_focus_depth_counts_usable_items_that_speak_of_the_topic():
    labelled = Labeller().label(parse(CLEAN_PLAN), from_brief(CLEAN_BRIEF))
    score, found = focus_depth(labelled, ["教代会", "劳动竞赛"])
    assert score == pytest.approx(0.5) and "劳动竞赛" in found[0].message and len(found) == 1


def test_measurable_goals_and_calendar_scores():
    ev = Evaluator(load(Settings()), topics=False)
    vague = CLEAN_PLAN.replace("（一）教代会提案办理率达到百分之百，校务公开事项按时公示。",
                               "（一）民主管理工作进一步加强。")
    assert ev.evaluate(vague, CLEAN_BRIEF).scores["measurable_goals"] == pytest.approx(3 / 4)
    hospital = replace(CLEAN_BRIEF, org_type="医院", period="年度", year=2026)
    found = ev.evaluate(CLEAN_PLAN, hospital).by_check("calendar")
    assert any("护士节" in f.message for f in found) and any("医师节" in f.message for f in found)


def test_boilerplate_is_shared_across_org_types_org_words_aside():
    shared = "坚持每月召开一次工会委员会会议，研究部署当月工作。"
    plans = [("学校", [shared.replace("工会", "校工会"), "九月召开教代会审议绩效工资方案。"]),
             ("企业", [shared.replace("工会", "公司工会"), "开展车间安全生产劳动竞赛活动。"]),
             ("医院", [shared.replace("工会", "院工会"), "五月护士节表彰优秀护士和护理团队。"])]
    assert boilerplate(plans) == [0.5, 0.5, 0.5]
    assert boilerplate(plans[:2]) == [0.0, 0.0]  # two org types are not yet boilerplate


def test_a_month_line_with_one_short_activity_is_a_stub():
    old = "八月：做好开学前教职工健康体检的组织工作。"
    label, reason = label_of("八月：教师暑期活动。", under=old)
    assert label == "stub" and "这个月" in reason
    assert label_of("八月：组织教职工暑期疗休养。", under=old)[0] == "ok"  # 11 characters of work


def test_a_placeholder_for_an_unknown_topic_is_a_stub():
    """Who and by when, with nothing of what will be done, is a placeholder however long."""
    old = "3. 改善教工之家活动室设施，添置健身器材和图书，延长开放时间。"
    planted = ("3. 由校工会确定专人负责教工之家建设，于【　】月底前拟定具体方案，写明目标、措施、"
               "责任人和完成时间，经工会委员会研究后组织实施。")
    assert label_of(planted, under=old)[0] == "stub"
    near = ("3. 由校工会确定专人负责教工之家建设，九月底前添置跑步机和按摩椅各2台，"
            "活动室每周二、四下午向教职工开放。")
    assert label_of(near, under=old)[0] == "ok"


def test_a_wrong_festival_month_names_the_occurrence_it_is_near():
    old = "十月：召开教代会第二次全体会议，组织国庆文艺展演。"
    label, reason = label_of("十月：开展春节送温暖活动。", replace(CLEAN_BRIEF, year=2026), under=old)
    assert label == "broken" and "2027年春节是2月6日" in reason
    # 元旦春节“两节”送温暖 is one campaign that begins with 元旦: December is right
    late = "十二月：开展元旦春节送温暖活动。"
    assert label_of(late, replace(CLEAN_BRIEF, year=2026), under=old)[0] == "ok"
    assert label_of(late.replace("十二月", "十月"), replace(CLEAN_BRIEF, year=2026), under=old)[0] == "broken"


def test_a_lunar_festival_outside_the_period_that_year_is_broken():
    """中秋 may fall in October (2025), not in 2027: a fourth quarter of 2027 has none."""
    line = "2. 中秋节前举办中秋游园会，设置猜灯谜、投壶等项目，青年教师可带子女参加。"
    q4 = replace(CLEAN_BRIEF, period="季度", term="第四季度")
    assert label_of(line, replace(q4, year=2025))[0] == "ok"
    label, reason = label_of(line, replace(q4, year=2027))
    assert label == "broken" and "中秋" in reason


def test_a_fixed_day_festival_in_the_wrong_month_is_broken():
    old = "十月：召开教代会第二次全体会议，组织国庆文艺展演。"
    first_half = replace(CLEAN_BRIEF, period="上半年", year=2026)
    label, reason = label_of("五月：庆祝三八妇女节，组织女教职工插花活动。", first_half, under=old)
    assert label == "broken" and "三八" in reason and "5月" in reason
    # the two-festival campaign is planned before 元旦, not after 春节
    label, reason = label_of("二月：制定元旦春节送温暖方案，核实慰问名单。", first_half, under=old)
    assert label == "broken" and "元旦" in reason
    assert label_of("五月：筹备六一儿童节亲子活动，征集教职工子女节目。", first_half, under=old)[0] == "ok"
    assert label_of("五月：推荐三八红旗手候选人，召开女教职工座谈会。", first_half, under=old)[0] == "ok"


def test_a_festival_outside_the_period_is_broken_unless_it_opens_a_campaign_or_names_an_honour():
    second_half = replace(CLEAN_BRIEF, period="下半年", term="", year=2026)
    label, reason = label_of("2. 春节前组织青年教师走访慰问困难教职工，每户送去慰问金。", second_half)
    assert label == "broken" and "春节" in reason
    assert label_of("2. 元旦春节期间组织青年教师走访慰问困难教职工，每户送去慰问金。",
                    second_half)[0] == "ok"  # 两节 begins with 元旦, in the period
    assert label_of("2. 推荐三八红旗手候选人，组织青年教师学习她们的先进事迹。", second_half)[0] == "ok"
    assert label_of("2. 中秋前组织青年教师走访慰问困难教职工，每户送去慰问金。", second_half)[0] == "ok"
    # an event, not the campaign of visits: 春节 is next year's (read blind in three plans)
    label, reason = label_of("2. 元旦、春节前举办迎新春联欢会，节目以青年教师自编自演为主。", second_half)
    assert label == "broken" and "春节" in reason
    assert label_of("2. 除夕为留校值班的青年教师准备年夜饭，校领导陪同一起过年。", second_half)[0] == "broken"
    # the pair's campaign, but finished 春节前: next year's January
    assert label_of("2. 元旦春节送温暖走访在春节前完成，青年教师困难户全覆盖。", second_half)[0] == "broken"
    # times of year that name a season of their own
    q3 = replace(CLEAN_BRIEF, period="季度", term="第三季度", year=2027)
    assert label_of("2. 入夏前组织青年教师体检，每人建立健康档案。", q3)[0] == "broken"
    q4 = replace(CLEAN_BRIEF, period="季度", term="第四季度", year=2027)
    assert label_of("2. 春运期间组织青年教师志愿者到车站服务返乡旅客。", q4)[0] == "broken"
    # 暑假前 is June, before a second half-year (read blind twice); a first half holds it
    summer = "2. 暑假前举办一次青年教师游泳和水上安全技能培训，请体育教师教授落水自救方法。"
    assert label_of(summer, second_half)[0] == "broken"
    assert label_of(summer, replace(second_half, period="上半年"))[0] == "ok"


def test_a_festival_in_the_brief_s_own_focus_is_the_user_s_words():
    q4 = replace(CLEAN_BRIEF, period="季度", term="第四季度", year=2026, focus=["医师节后续表彰"])
    line = "2. 重点抓好医师节后续表彰，组织青年教师与骨干教师结对。"
    assert label_of(line, q4)[0] == "ok"
    assert label_of(line, replace(q4, focus=["师德建设"]))[0] == "broken"


def test_work_after_a_congress_needs_a_congress_in_the_period():
    after = "2. 教代会闭会后一周内，组织青年教师在教研组会上传达大会决议，收集意见。"
    assert label_of(after) == ("ok", "")  # 十月：召开教代会第二次全体会议
    plan = CLEAN_PLAN.replace(GOOD, after).replace(
        "十月：召开教代会第二次全体会议，组织国庆文艺展演。", "十月：组织国庆文艺展演，开展教职工登山比赛。")
    got = {x.item.text: x for x in Labeller().label(parse(plan), from_brief(CLEAN_BRIEF))}
    assert got[after[3:]].label == "broken" and "闭会后" in got[after[3:]].reason
    goal = "2. 绩效工资分配方案100%提交教代会审议，未经审议的方案不实施。"
    plan_goal = plan.replace(after, goal)
    got = {x.item.text: x for x in Labeller().label(parse(plan_goal), from_brief(CLEAN_BRIEF))}
    assert got[goal[3:]].label == "broken"
    from eval.labels import holds_session
    assert holds_session(["三月：开好教代会，审议绩效方案"]) and not holds_session(
        ["六月：开展职代会规范化建设督导检查"])  # supervising others' congresses holds none
    # a year's plan holds the session its text promises, scheduled or not
    year = replace(CLEAN_BRIEF, period="年度")
    got = {x.item.text: x for x in Labeller().label(parse(plan), from_brief(year))}
    assert got[after[3:]].label == "ok"


def test_a_term_plan_of_unknown_term_has_no_months_to_check():
    unknown = replace(CLEAN_BRIEF, period="学期", term="")
    assert label_of("2. 三月组织青年教师庆祝三八妇女节，开展插花和茶艺展示活动。", unknown)[0] == "ok"
    spring = replace(CLEAN_BRIEF, period="学期", term="第二学期")
    assert label_of("2. 十月组织青年教师庆祝国庆，开展红色歌曲合唱比赛。", spring)[0] == "broken"


def test_the_same_work_twice_in_one_month_is_broken():
    old = "十月：召开教代会第二次全体会议，组织国庆文艺展演。"
    twice = "十二月：举办迎新年教职工联欢活动；通报提案办理结果；排练元旦文艺节目，举办迎新年联欢会。"
    label, reason = label_of(twice, replace(CLEAN_BRIEF, year=2026), under=old)
    assert label == "broken" and "重复" in reason
    near = "十二月：举办迎新年教职工联欢活动；通报提案办理结果；整理大会资料归档。"  # three different pieces of work
    assert label_of(near, replace(CLEAN_BRIEF, year=2026), under=old)[0] == "ok"
    # one campaign in other words (lexicon.CAMPAIGNS): the summer's 送清凉 said twice
    summer = "七月：慰问高温下坚守岗位的后勤人员；组织代表巡视提案落实情况；高温季节慰问急诊一线人员。"
    label, reason = label_of(summer, replace(CLEAN_BRIEF, year=2026), under=old)
    assert label == "broken" and "高温季节慰问急诊一线人员" in reason
    once = "七月：开展夏季送清凉，慰问高温岗位职工；组织代表巡视检查提案和决议落实情况。"
    assert label_of(once, replace(CLEAN_BRIEF, year=2026), under=old)[0] == "ok"
    # one sports meet and one walk a month, read blind as the same work said twice
    sports = "十月：重阳节走访慰问退休教职工；举办青年教师特色运动会；举办秋季教职工运动会或趣味运动会。"
    assert label_of(sports, replace(CLEAN_BRIEF, year=2026), under=old)[0] == "broken"
    walks = "十月：组织教职工参加秋季健步走或趣味运动；组织秋季健步走和登高徒步活动。"
    assert label_of(walks, replace(CLEAN_BRIEF, year=2026), under=old)[0] == "broken"
    # 送温暖 twice and 送清凉 said as 防暑物资 (read blind in set 8)
    warmth = "十二月：开展元旦春节送温暖，走访慰问困难教职工；开展冬季送温暖，为退休教职工送上棉衣。"
    assert label_of(warmth, replace(CLEAN_BRIEF, year=2026), under=old)[0] == "broken"
    heat = "七月：开展夏季送清凉，慰问高温岗位教职工；分批走访后勤岗位，送上防暑物资。"
    assert label_of(heat, replace(CLEAN_BRIEF, year=2026), under=old)[0] == "broken"

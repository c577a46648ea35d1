"""What compose keeps out of a draft although it comes from real plans: other places and
organisations, the writer's own situation, statements, leftover enumeration, dangling clauses,
items of another theme than the heading, a sentence twice, and misplaced planning/summary
entries in the month schedule. A theme's section is written from the knowledge base, a real
plan's item added only when it passes every check. Small hand-made sources, no index needed."""
from drafting.compose import ComposeWriter
from drafting.schedule import Scheduler
from plandraft.models import Brief, Chunk, Hit, OutlineItem, Plan, Section


def brief(org_type: str = "企业", period: str = "年度", year: int = 2026) -> Brief:
    return Brief(text="", org_name="华信科技有限公司", org_type=org_type, period=period, year=year)


def hits(*texts: str) -> list[Hit]:
    """One source plan per text: the writer's per-plan cap plays no part."""
    return [Hit(Chunk(id=f"c{n}", plan_id=f"p{n}", plan_title="t", source="s", org_type="企业",
                      period="年度", kind="计划", year=None, section_path="主要工作", text=text), 1.0)
            for n, text in enumerate(texts)]


def test_places_other_organisations_and_situations_are_not_copied():
    sources = hits(
        "1、要严格按照《工会法》和《江苏省企业民主管理条例》的要求，开展劳动竞赛，做好基层工会的组建。",
        "2、着眼全镇发展目标，继续深化主题劳动竞赛活动，广泛开展岗位练兵、技能比武活动。",
        "3、当前是公司的困难时期，重建任务很重，员工工作压力很大，各分会要积极开展劳动竞赛。",
        "4、组织一次全市职工技术比武，推动群众性岗位练兵、技术比武、技术协作。",
        "5、围绕公司生产经营目标，深入开展劳动竞赛和岗位练兵活动，激发职工的劳动热情。",
        "6、评比表彰一批劳动竞赛先进集体和个人，推动劳动竞赛活动深入开展。")
    text = ComposeWriter().write(brief(), OutlineItem("开展劳动竞赛和技能比武", [], "主要工作"),
                                 sources).text
    for foreign in ("江苏", "全镇", "困难时期", "全市"):
        assert foreign not in text
    assert 3 <= len(text.split("\n\n")) <= 6 and "竞赛" in text


def test_school_short_names_and_regional_slogans_are_not_copied():
    sources = hits(
        "1、深入开展职业道德教育，通过师说讲堂：北小十佳教书育人标兵事迹介绍，引导师德建设健康发展。",
        "2、组织开展“草原职工跟党走、当好主力建小康”主题教育实践活动，提高教职工师德水平。",
        "3、以师德建设为核心，加强教职工队伍建设，切实树立政治意识、大局意识和服务意识。",
        "4、开展以“树立师德形象，构建和谐校园”为主题的师德建设活动，提高教职工职业道德。")
    text = ComposeWriter().write(brief("学校", "下半年", 2025),
                                 OutlineItem("加强师德建设", [], "主要工作"), sources).text
    assert "北小" not in text and "草原" not in text
    assert 3 <= len(text.split("\n\n")) <= 6 and "师德" in text


def test_statements_enumeration_words_and_dangling_clauses_are_removed():
    sources = hits(
        "维护是工会的另一个职能。",
        "四要逐步做好“建家”工作，开展会员评家活动，把工会建成职工信赖的职工之家。",
        "进一步加大宣传力度，不断规范工会会员的发展程序，做好工会会员的基础管理工作。针对会员分散流动的特点，"
        "进一步完善工会会员电子档案，对新加入工会组织的会员，及时办理会员证并开展入会教育。",
        "建立和健全工会组织机构是开展工会工作的基础，而一支高素质的工会干部队伍是做好工会工作的关键。"
        "下半年，举行工会换届改选，进一步加强工会组织建设和工会干部队伍建设。")
    text = ComposeWriter().write(brief(), OutlineItem("加强工会自身建设和会员管理", [], "主要工作"),
                                 sources).text
    items = [line.split(". ", 1)[1] for line in text.splitlines() if line.strip()]
    assert not any(i.startswith("四要") for i in items) and len(items) >= 3
    assert "维护是工会的另一个职能" not in text
    assert "工作的基础" not in text
    assert not any(i.endswith("的会员。") for i in items)


def test_a_clause_with_its_verb_is_not_taken_for_a_dangling_one():
    from drafting.specific import plan_action
    assert plan_action("开展文体活动，增进交流。通过这些活动。", "企业") == "开展文体活动，增进交流。"
    assert plan_action("尊重群众的首创精神，推动麒麟经济社会的向前发展。", "企业") is None
    assert plan_action("开展劳动竞赛，推动地方经济社会发展。", "企业") is not None
    assert plan_action("开展劳动竞赛，推动全镇经济社会发展。", "乡镇街道") is not None
    kept = "大力弘扬正气，通过校园网等宣传阵地树立先进典型。"
    assert plan_action(kept, "学校") == kept


def test_items_are_about_the_theme_of_their_heading():
    item = OutlineItem("加强思想政治引领", [], "主要工作")
    sources = hits(
        "1、继续坚持和完善以教代会为基本形式的民主管理和民主监督制度，认真落实教代会职权。",
        "2、完善教代会制度，充分发挥教代会作用，对提案认真落实和答复。",
        "3、加强职工思想政治工作，组织职工开展政治学习和理论学习，引导职工听党话、跟党走。",
        "4、深入开展社会主义核心价值观主题教育，充分利用宣传栏、网站做好宣传工作。")
    text = ComposeWriter().write(brief(), item, sources).text
    assert "代会" not in text and "民主管理" not in text  # another theme's items stay out
    assert len(text.split("\n\n")) >= 3


def test_no_sentence_twice_in_a_draft_and_no_verse_in_the_guiding_ideas():
    verse = "“雄关漫道真如铁，而今迈步从头越”，我们工会组织要紧紧围绕企业的中心工作，坚持“服务企业更好发展”的指导思想。"
    sources = hits(verse, "1、加强职工思想政治工作，组织职工开展政治学习和理论学习。",
                   "2、深入开展社会主义核心价值观主题教育，做好宣传工作。")
    writer = ComposeWriter()
    guiding = writer.write(brief(), OutlineItem("指导思想", ["以习近平新时代中国特色社会主义思想为指导"],
                                                "指导思想"), sources).text
    main = writer.write(brief(), OutlineItem("加强思想政治引领", [], "主要工作"), sources).text
    assert "雄关漫道" not in guiding and "雄关漫道" not in main
    assert (guiding + main).count("紧紧围绕企业的中心工作") <= 1


def _plan(months: dict[str, str]) -> Plan:
    schedule = Section("月份工作安排", 1, children=[Section(m, 2, text=t) for m, t in months.items()])
    return Plan(id="p", title="t", source="s", org_type="企业", period="年度", kind="计划",
                year=None, text="", sections=[schedule])


def test_schedule_has_no_second_plan_and_no_half_year_summary_after_july():
    plans = [_plan({"二月": "1、召开工会委员会会议，明确工作目标\n2、制定本期工作计划\n3、建立会员档案",
                    "八月": "1、开展工会干部培训\n2、上半年工作总结",
                    "十月": "1、做好工会工作总结\n2、组织职工秋季运动会"})]
    lines = Scheduler(plans).schedule(brief(), [])
    by_month = {line.split("：")[0]: line for line in lines}
    assert len(by_month) == 12  # every month, with routine work where no source fits
    assert "制定本期工作计划" not in by_month["二月"] and "明确工作目标" not in by_month["二月"]
    assert sum("计划" in line for line in lines) == 1 and lines[0].startswith("一月：制定2026年")
    assert not any("上半年工作总结" in by_month[m] for m in ("八月", "九月", "十月", "十一月", "十二月"))
    assert sum("总结" in line for line in lines) <= 2  # at most 上半年 (六月/七月) and the year's own
    assert lines[-1].endswith("做好2026年工会工作总结，谋划下一年度工会工作。")


def test_reports_and_closing_remarks_are_not_plan_items():
    sources = hits(
        "1、冠名捐款企业帮困职工260人，帮扶资金28000元，企业助学结对28人。",
        "2、镇便民服务中心成立的劳动保障窗口，今年上半年已协调处理工伤事故、劳动纠纷多起。",
        "3、我们相信，在党委政府的正确领导下，工会工作会搞得更好。",
        "今年五一节前夕，镇工会专门发了文件，要求基层工会在五一期间开展困难职工慰问活动。",
        "4、建立困难职工长效救助机制，做好助学结对、困难慰问工作。",
        "5、深入开展送温暖活动，走访慰问困难职工和劳动模范。")
    text = ComposeWriter().write(brief("乡镇街道"), OutlineItem("做好困难职工帮扶", [], "主要工作"),
                                 sources).text
    for report in ("260人", "已协调", "我们相信", "发了文件"):
        assert report not in text
    assert len(text.split("\n\n")) >= 3 and "困难职工" in text


def test_words_of_a_company_town_or_kindergarten_are_not_adapted_into_a_community_plan():
    from drafting.adapt import adapt_line
    community = brief("社区", "季度")
    for line in ("为进一步增强分公司各项目部和职工之间的交流与沟通，要积极开展体育比赛活动。",
                 "继续推进乡镇建立总工会工作。",
                 "进一步深化企务公开工作，认真落实民主监督的规定。",
                 "全体职工谨记“一切为了孩子”的园训，大力弘扬为民服务精神。"):
        assert adapt_line(line, community) is None
    assert adapt_line("开展体育比赛活动，增强项目部职工之间的交流。", brief("企业")) is not None
    assert adapt_line("继续推进乡镇建立总工会工作。", brief("县区总工会")) is not None


def test_a_stray_mark_before_jingshen_is_removed():
    from drafting.adapt import adapt_line
    out = adapt_line("组织教职工学习领会“十八大”、精神，认清形势，认真做好本职工作。", brief("学校", "下半年", 2025))
    assert "”精神" in out and "”、精神" not in out


def test_a_short_section_is_not_filled_up_with_unrelated_items():
    sources = hits("1、评比表彰一批劳动竞赛先进集体，推动劳动竞赛活动深入开展。",
                   "2、各分会要认真按照有关规定和要求，做好分会委员会的选举工作。",
                   "3、要继续坚持事务公开制度，积极通过事务公开栏、公司网站等形式定期公开相关内容。")
    text = ComposeWriter().write(brief(), OutlineItem("扎实做好劳动竞赛工作", [], "主要工作"), sources).text
    assert "竞赛" in text
    assert "选举" not in text and "事务公开" not in text


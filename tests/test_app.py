"""The web app in a real browser (Playwright + Debian's chromium, headless) against app.py run as
a server on 127.0.0.1: the whole drafting flow, two sessions at once, and mistakes a user makes.

One app process serves the whole module; its home is a copy of the session's indexed home.
Every step leaves a screenshot in artifacts/screenshots/ for a person to look at.
"""
from __future__ import annotations

import re
import shutil

import pytest
from docx import Document
from playwright.sync_api import expect

from browser import (WRITE_TIMEOUT, button, cell, choose, edit_outline_text, field, make_outline, open_page,
                     outline_box, part, running_app, shot, toast, type_cell, wait_ready, write_all)

SCHOOL = "实验小学工会 2025年下半年工作计划，重点：教代会、师德建设、教职工健康"
HOSPITAL = "人民医院工会 2026年工作计划，重点：医德医风、职工健康、女职工工作"
NEW_HEADING = "开展“书香校园”教职工读书月活动"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def app_url(indexed_settings, tmp_path_factory):
    home = tmp_path_factory.mktemp("app") / "home"
    # A copy, so that drafts and uploads made here do not touch the shared read-only index.
    shutil.copytree(indexed_settings.home, home, symlinks=True)
    with running_app(home) as url:
        yield url


def test_full_flow_outline_edit_write_revise_undo_export(chromium, app_url, tmp_path):
    page = open_page(chromium, app_url)
    wait_ready(page)
    shot(page, "01_start")

    field(page, "简要需求").fill(SCHOOL)
    shot(page, "02_brief")
    button(page, "生成提纲").click()
    expect(outline_box(page)).to_have_value(re.compile(r"^# .*实验小学"), timeout=120_000)
    expect(page.get_by_text("系统理解的需求")).to_be_visible()
    shot(page, "03_outline", outline_box(page))

    # The user renames the first main-work item in the outline box.
    text = outline_box(page).input_value()
    old = next(line for line in text.splitlines() if line.startswith("### "))
    edited = text.replace(old, f"### （一）{NEW_HEADING}", 1)
    # the table follows the text
    edit_outline_text(page, edited, page.locator('[data-testid^="cell-"]').filter(has_text=NEW_HEADING))
    shot(page, "04_outline_edited", outline_box(page))

    # Record what the progress line shows while the sections stream in.
    page.evaluate("""() => {
        const el = document.querySelector('#draft-progress');
        window.seenProgress = [];
        new MutationObserver(() => window.seenProgress.push(el.innerText))
            .observe(el, {subtree: true, childList: true, characterData: true});
    }""")
    button(page, "生成全文").click()
    expect(page.locator(".draft h1")).to_contain_text("实验小学", timeout=WRITE_TIMEOUT)
    expect(page.get_by_text("全文已完成")).to_be_visible(timeout=WRITE_TIMEOUT)
    seen = page.evaluate("window.seenProgress")
    assert any(re.search(r"已写 \d+ / \d+ 部分，正在写", t) for t in seen), seen
    titles = page.locator(".draft h2, .draft h3").all_inner_texts()
    assert any(NEW_HEADING in t for t in titles)
    assert not any(old.split("）", 1)[-1] in t for t in titles)
    shot(page, "05_full_text", page.locator(".draft h1"))

    # Each section lists its sources; a click shows the source passage.
    details = page.locator(".draft details").first
    details.locator("summary").click()
    expect(details.locator("blockquote").first).to_be_visible()
    assert CJK.search(details.locator("blockquote").first.inner_text())
    shot(page, "06_sources_open", details)

    before = [part(page, n).inner_text() for n in (1, 2, 3)]
    field(page, "要修改的部分").click()
    page.get_by_role("option").nth(1).click()
    heading = field(page, "要修改的部分").input_value()
    field(page, "修改要求").fill("写得更具体一些，加上女教职工工作")
    button(page, "按要求修改这一部分").click()
    expect(page.get_by_text(f"已按要求修改“{heading}”")).to_be_visible(timeout=120_000)
    after = [part(page, n).inner_text() for n in (1, 2, 3)]
    assert after[1] != before[1]
    assert (after[0], after[2]) == (before[0], before[2])
    expect(page.locator("#part-2")).to_have_class(re.compile("changed"))
    shot(page, "07_revised", button(page, "按要求修改这一部分"))

    button(page, "撤销这一部分的上次修改").click()
    expect(page.get_by_text(f"已撤销“{heading}”的上次修改")).to_be_visible(timeout=60_000)
    assert part(page, 2).inner_text() == before[1]
    expect(button(page, "撤销这一部分的上次修改（没有可以撤销的修改）")).to_be_disabled()
    shot(page, "08_undone", button(page, "按要求修改这一部分"))

    with page.expect_download() as download:
        button(page, "下载 Word 文件").click()
    docx_path = tmp_path / download.value.suggested_filename
    download.value.save_as(docx_path)
    assert docx_path.suffix == ".docx"
    paragraphs = [p.text for p in Document(str(docx_path)).paragraphs]
    assert any(NEW_HEADING in p for p in paragraphs)
    assert any("实验小学" in p for p in paragraphs[:3])

    with page.expect_download() as download:
        button(page, "下载 Markdown 文件").click()
    md_path = tmp_path / download.value.suggested_filename
    download.value.save_as(md_path)
    assert md_path.suffix == ".md" and NEW_HEADING in md_path.read_text(encoding="utf-8")
    shot(page, "09_exported_and_checked", page.get_by_text("检查：格式与结构提示"))


def test_two_sessions_keep_separate_drafts(chromium, app_url):
    school, hospital = open_page(chromium, app_url), open_page(chromium, app_url)
    for page in (school, hospital):
        wait_ready(page)
    field(school, "简要需求").fill(SCHOOL)
    field(hospital, "简要需求").fill(HOSPITAL)
    button(school, "生成提纲").click()
    button(hospital, "生成提纲").click()
    for page, name in ((school, "实验小学"), (hospital, "人民医院")):
        expect(outline_box(page)).to_have_value(re.compile(rf"^# .*{name}"), timeout=120_000)
    button(school, "生成全文").click()
    button(hospital, "生成全文").click()
    for page in (school, hospital):
        expect(page.get_by_text("全文已完成")).to_be_visible(timeout=WRITE_TIMEOUT)
    expect(school.locator(".draft h1")).to_contain_text("实验小学")
    expect(hospital.locator(".draft h1")).to_contain_text("人民医院")
    assert "人民医院" not in school.locator(".draft").inner_text()
    assert "实验小学" not in hospital.locator(".draft").inner_text()
    shot(school, "10_session_school", school.locator(".draft h1"))
    shot(hospital, "11_session_hospital", hospital.locator(".draft h1"))

    # A third visitor can reopen the hospital's draft from the saved list.
    other = open_page(chromium, app_url)
    wait_ready(other)
    other.get_by_text("打开以前的草稿").click()
    field(other, "已保存的草稿（最新的在前）").click()
    other.get_by_role("option", name=re.compile("人民医院")).first.click()
    button(other, "打开").click()
    expect(other.locator(".draft h1")).to_contain_text("人民医院", timeout=60_000)
    expect(outline_box(other)).to_have_value(re.compile(r"^# .*人民医院"))
    shot(other, "12_reopened", other.locator(".draft h1"))


def test_mistakes_show_chinese_warnings_and_keep_inputs(chromium, app_url):
    page = open_page(chromium, app_url)
    wait_ready(page)
    choose(page, "单位类型（可选）", "医院")
    choose(page, "年度（可选）", "2026")
    button(page, "生成提纲").click()  # the brief is still empty
    expect(toast(page).first).to_contain_text("简要需求", timeout=30_000)
    page.wait_for_timeout(600)  # let the message finish sliding in before the screenshot
    shot(page, "13_empty_brief_warning")
    expect(field(page, "单位类型（可选）")).to_have_value("医院")
    expect(field(page, "年度（可选）")).to_have_value("2026")
    expect(outline_box(page)).to_have_value("")

    # An outline with no sections is refused; what the user typed stays in the box.
    make_outline(page, HOSPITAL)
    for close in page.get_by_test_id("toast-close").all():  # the first warning may still show
        close.click()
    broken = "这是一段没有标题的文字"
    outline_box(page).fill(broken)
    expect(page.get_by_text("提纲文本有误")).to_be_visible(timeout=30_000)
    button(page, "生成全文").click()
    expect(toast(page).filter(has_text="提纲")).to_be_visible(timeout=30_000)
    page.wait_for_timeout(600)
    expect(outline_box(page)).to_have_value(broken)
    expect(field(page, "简要需求")).to_have_value(HOSPITAL)
    shot(page, "14_bad_outline_warning")

    # Changing the brief after the outline was made: the page says the outline is not redone.
    expect(page.get_by_text("需求已改动")).to_have_count(0)
    field(page, "简要需求").fill(SCHOOL)
    expect(page.get_by_text("需求已改动")).to_be_visible(timeout=30_000)


def test_check_panel_lists_findings(chromium, app_url):
    page = open_page(chromium, app_url)
    wait_ready(page)
    make_outline(page, HOSPITAL)
    text = outline_box(page).input_value()
    first = next(line for line in text.splitlines() if line.startswith("### "))
    edit_outline_text(page, text.replace(first, "### 开展XX主题活动\n" + first, 1),
                      page.locator('[data-testid^="cell-"]').filter(has_text="开展XX主题活动"))
    write_all(page)
    check = page.locator(".check")
    expect(check).to_contain_text("占位符")
    expect(check).to_contain_text("开展XX主题活动")
    expect(check).to_contain_text("格式规范")
    expect(check).to_contain_text("逐条阅读：可用")  # the item labels, counted
    shot(page, "15_check_findings", check)


def test_library_search_stats_and_upload(chromium, app_url, tmp_path):
    page = open_page(chromium, app_url)
    wait_ready(page)
    page.get_by_role("tab", name="范文库").click()
    expect(page.locator(".stats")).to_contain_text("学校", timeout=30_000)
    plans_before = int(re.search(r"共 (\d+) 篇", page.locator(".stats").inner_text()).group(1))
    field(page, "搜索内容").fill("教代会 提案")
    choose(page, "单位类型", "学校")
    button(page, "搜索").click()
    hits = page.locator(".hit")
    expect(hits.first).to_be_visible(timeout=120_000)
    assert "教代会" in page.locator(".hits").inner_text()
    shot(page, "16_library_search")

    choose(page, "单位类型", "医院")
    choose(page, "计划期间", "学期")  # no hospital writes semester plans: the filter is relaxed
    button(page, "搜索").click()
    expect(page.locator(".hits")).to_contain_text("已放宽“计划期间", timeout=120_000)

    plan = tmp_path / "青山纺织厂工会2026年工作计划.txt"
    plan.write_text("青山纺织厂工会2026年工作计划\n一、指导思想\n坚持以职工为中心，团结动员广大职工。\n"
                    "二、主要工作\n（一）开展纺织技能比武\n1. 组织挡车工技能比武，评选技术能手。\n"
                    "（二）做好困难职工帮扶\n1. 建立困难职工档案，开展送温暖活动。\n", encoding="utf-8")
    page.locator("input[type=file][accept*='.docx']").set_input_files(str(plan))
    button(page, "加入范文库").click()
    expect(page.get_by_text("新增 1 个文件")).to_be_visible(timeout=120_000)
    expect(page.locator(".stats")).to_contain_text(f"共 {plans_before + 1} 篇")
    shot(page, "17_library_upload")


def _pick_section(page, nth: int) -> str:
    """Choose the nth entry of 要修改的部分; returns its heading."""
    field(page, "要修改的部分").click()
    page.get_by_role("option").nth(nth).click()
    return field(page, "要修改的部分").input_value()


def test_revise_lock_hand_edit_undo_redo_and_restore(chromium, app_url):
    page = open_page(chromium, app_url)
    wait_ready(page)
    make_outline(page, SCHOOL)
    write_all(page)
    first = part(page, 4).inner_text()
    heading = _pick_section(page, 3)

    # An instruction adds a theme; what changed is marked in the page.
    field(page, "修改要求").fill("加上女教职工工作")
    button(page, "按要求修改这一部分").click()
    expect(page.get_by_text(f"已按要求修改“{heading}”")).to_be_visible(timeout=120_000)
    added = page.locator(".diff li.added")
    expect(added.first).to_be_visible()
    assert any("女" in t for t in added.all_inner_texts())
    expect(page.locator(".revision-note")).to_contain_text("加上“女教职工工作”")
    shot(page, "18_revised_with_diff", page.locator(".diff"))

    # Lock the first item, then have the section rewritten: the locked item stays as it is.
    page.get_by_role("tab", name="锁定条目").click()
    boxes = page.get_by_role("checkbox")
    locked_text = part(page, 4).inner_text().splitlines()[0].split(". ", 1)[1]
    expect(boxes.first).to_have_accessible_name(re.compile(rf"^1\. {re.escape(locked_text[:20])}"))
    boxes.first.check()
    button(page, "保存锁定").click()
    expect(toast(page).filter(has_text="已锁定 1 条")).to_be_visible(timeout=30_000)
    shot(page, "19_item_locked", page.get_by_role("tab", name="锁定条目"))
    page.get_by_role("tab", name="按要求修改").click()
    before_rewrite = part(page, 4).inner_text()
    field(page, "修改要求").fill("重写")
    button(page, "按要求修改这一部分").click()
    expect(page.locator(".revision-note")).to_contain_text("锁定的条目未动", timeout=120_000)
    after_rewrite = part(page, 4).inner_text()
    assert after_rewrite != before_rewrite and locked_text in after_rewrite
    shot(page, "20_rewritten_around_lock", page.locator(".diff"))

    # A hand edit is a version like any other.
    page.get_by_role("tab", name="手工修改").click()
    own = "组织教职工参加校园读书分享会，每月一次，由校工会宣传委员负责。"
    box = field(page, "这一部分的正文（可直接修改，每条一行）")
    box.fill(box.input_value() + "\n" + own)
    button(page, "保存手工修改").click()
    expect(page.get_by_text(f"已保存对“{heading}”的手工修改")).to_be_visible(timeout=60_000)
    expect(part(page, 4)).to_contain_text(own)
    expect(page.locator(".diff li.added")).to_contain_text(own)
    shot(page, "21_hand_edit", page.locator(".diff"))

    # Undo, then redo: nothing is lost either way.
    button(page, "撤销这一部分的上次修改").click()
    expect(page.get_by_text(f"已撤销“{heading}”的上次修改")).to_be_visible(timeout=60_000)
    assert part(page, 4).inner_text() == after_rewrite
    button(page, "重做").click()
    expect(page.get_by_text(f"已重做“{heading}”")).to_be_visible(timeout=60_000)
    expect(part(page, 4)).to_contain_text(own)
    shot(page, "22_redone", button(page, "重做（没有撤销过）"))

    # Every version is listed; the first text can be viewed and brought back.
    page.get_by_role("tab", name="历史版本").click()
    field(page, "这一部分的版本（最新的在前）").click()
    options = page.get_by_role("option")
    expect(options).to_have_count(4)  # 初稿, 加上…, 重写, 手工修改
    options.filter(has_text="第 1 版").click()
    expect(page.locator(".diff").last).to_be_visible(timeout=30_000)
    shot(page, "23_version_list", page.get_by_role("tab", name="历史版本"))
    button(page, "恢复这一版").click()
    expect(page.get_by_text(f"已恢复“{heading}”的所选版本")).to_be_visible(timeout=60_000)
    assert part(page, 4).inner_text() == first
    shot(page, "24_restored", page.locator("#part-4"))


def type_kept(page, row: int, col: int, text: str) -> None:
    """Type a cell and see it kept. Each edit goes to the server, which sends the table back
    with its checks: on a loaded machine an answer can arrive after the next cell was typed and
    put the earlier table back (a known race of the table editor; a person retypes)."""
    for _ in range(3):
        type_cell(page, row, col, text)
        page.wait_for_timeout(1500)
        if text in cell(page, row, col).inner_text():
            return
    expect(cell(page, row, col)).to_contain_text(text)


def test_outline_built_from_empty_with_the_table(chromium, app_url):
    page = open_page(chromium, app_url)
    wait_ready(page)
    field(page, "简要需求").fill("青山纺织厂工会 2026年工作计划")
    field(page, "计划标题").fill("青山纺织厂工会2026年工作计划")
    for n in range(4):  # a click while the last one is answered is dropped (Gradio's trigger_mode "once")
        button(page, "在下面添加一行").click()
        expect(cell(page, n, 0)).to_be_visible(timeout=30_000)
    cells = ((0, 0, "工作目标"), (0, 1, "职工入会率保持在95%以上；困难职工建档率100%"),
             (1, 0, "开展纺织技能比武"), (1, 1, "组织挡车工技能比武；评选技术能手"),
             (2, 1, "这一行忘了写标题"), (3, 0, "做好困难职工帮扶"))
    for row, col, text in cells:
        type_kept(page, row, col, text)
    for row, col, text in cells:  # and nothing typed before was put back since
        expect(cell(page, row, col)).to_contain_text(text)
    expect(cell(page, 1, 2)).to_contain_text("主要工作", timeout=30_000)
    expect(cell(page, 2, 3)).to_contain_text("标题不能为空")  # shown beside the row
    shot(page, "25_outline_table_problem", page.get_by_text("第二步　检查并修改提纲"))

    button(page, "生成全文").click()  # refused: the row is named, nothing typed is lost
    expect(toast(page).filter(has_text="第 3 行")).to_be_visible(timeout=30_000)
    expect(cell(page, 2, 1)).to_contain_text("这一行忘了写标题")

    cell(page, 2, 2).click()  # select the row, then delete it
    expect(page.get_by_text("已选中第 3 行")).to_be_visible(timeout=30_000)
    button(page, "删除这一行").click()
    expect(cell(page, 2, 0)).to_contain_text("做好困难职工帮扶", timeout=30_000)
    cell(page, 2, 2).click()
    expect(page.get_by_text("已选中第 3 行")).to_be_visible(timeout=30_000)
    button(page, "上移").click()  # the 帮扶 item now comes before the 技能比武 item
    expect(cell(page, 1, 0)).to_contain_text("做好困难职工帮扶", timeout=30_000)
    text = outline_box(page).input_value()  # the Markdown view follows the table
    assert text.startswith("# 青山纺织厂工会2026年工作计划")
    assert text.index("做好困难职工帮扶") < text.index("开展纺织技能比武")
    assert "- 评选技术能手" in text and "95%" in text
    shot(page, "26_outline_table_built", page.get_by_text("第二步　检查并修改提纲"))

    write_all(page)
    titles = page.locator(".draft h2, .draft h3").all_inner_texts()
    assert any("工作目标" in t for t in titles)
    help_at = next(i for i, t in enumerate(titles) if "做好困难职工帮扶" in t)
    skill_at = next(i for i, t in enumerate(titles) if "开展纺织技能比武" in t)
    assert help_at < skill_at
    expect(page.locator(".draft")).to_contain_text("95%")
    shot(page, "27_draft_from_table", page.locator(".draft h1"))

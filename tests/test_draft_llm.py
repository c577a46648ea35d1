"""The llm writer: chain plumbing with LangChain's fake chat model, and the real ChatOpenAI path
against a tiny OpenAI-compatible HTTP server on 127.0.0.1 that answers, refuses, hangs or
returns garbage. A failing section falls back to compose and the draft says so; nothing is lost."""
from __future__ import annotations

import argparse
import json
import threading
import time
from dataclasses import replace
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from drafting.adapt import problems
from drafting.chat_model import chat_model
from drafting.compose import ComposeWriter
from drafting.llm import LLMWriter, count_tokens, format_sources
from drafting.revise import LLMReviser
from eval.commands import run as run_eval
from eval.context import PlanContext
from eval.judge import CRITERIA, LLMJudge, parse_verdict
from plandraft.engine import Engine
from plandraft.errors import PlandraftError
from plandraft.models import Brief, Chunk, Draft, Hit, Outline, OutlineItem
from plandraft.settings import Settings
from servers import free_port

ANSWER = ("1. 我校工会将于20xx年十二月召开教代会，审议年度工作报告，听取提案办理情况汇报。\n"
          "2. 十月组织教职工开展健步走活动，按部门组队，每人每周不少于三次。\n"
          "3. 三月开展“三八”妇女节庆祝活动。\n"
          "4. 深入学习贯彻党的十八大精神，十一月组织工会干部集中学习一次，每人撰写一篇学习体会。")
ENTERPRISE = Brief(text="红星公司工会2025年下半年工作计划", org_name="红星公司", org_type="企业",
                   year=2025, period="下半年")


def _hit(n: int, text: str) -> Hit:
    chunk = Chunk(id=f"c{n}", plan_id=f"p{n}", plan_title=f"范文{n}", source="x.txt", org_type="企业",
                  period="下半年", kind="计划", year=None, section_path="主要工作", text=text)
    return Hit(chunk, 1.0 / (n + 1))


def test_fake_chat_model_chain_output_is_adapted_to_the_brief():
    model = GenericFakeChatModel(messages=iter([AIMessage(content=ANSWER)]))
    tokens: list[str] = []
    writer = LLMWriter(Settings(), model, fallback=ComposeWriter(),
                       on_token=lambda title, token: tokens.append(token))
    item = OutlineItem("关心职工生活", ["开展文体活动"])
    section, note = writer.write_with_note(ENTERPRISE, item, [_hit(1, "开展职工文体活动，丰富业余生活。")])
    assert note is None
    assert len(tokens) > 3  # it streamed
    text = section.text
    assert "公司工会" in text and "我校" not in text and "教职工" not in text
    assert "2025年十二月" in text and "20xx" not in text
    assert "三月" not in text and "三八" not in text  # outside 下半年: dropped
    assert "党的二十大" in text and "十八大" not in text
    assert text.startswith("1. ") and "\n\n2. " in text
    assert problems(text, ENTERPRISE) == []
    assert [s.plan_title for s in section.sources] == ["范文1"]


def test_llm_reviser_runs_the_revise_prompt_and_adapts_the_answer():
    model = GenericFakeChatModel(messages=iter([AIMessage(content=ANSWER)]))
    writer = LLMWriter(Settings(), model, fallback=ComposeWriter())
    section = ComposeWriter().write(ENTERPRISE, OutlineItem("关心职工生活", ["开展职工文体活动"]),
                                    [_hit(1, "开展职工文体活动，丰富职工业余文化生活。")])
    draft = Draft(id="d", brief=ENTERPRISE, outline=Outline("计划", [OutlineItem("关心职工生活")]),
                  sections=[section])
    revision = LLMReviser(writer).revise(draft, 1, "写得更具体", [])
    text = revision.text
    assert revision.done and not revision.undone
    assert text.startswith("1. ") and "公司工会" in text and problems(text, ENTERPRISE) == []


def test_garbage_answer_falls_back_to_compose():
    sorry = AIMessage(content="I am sorry, as a model I cannot.")
    model = GenericFakeChatModel(messages=iter([sorry, sorry]))  # asked twice
    writer = LLMWriter(Settings(), model, fallback=ComposeWriter())
    item = OutlineItem("关心职工生活", ["开展职工文体活动"])
    section, note = writer.write_with_note(ENTERPRISE, item, [_hit(1, "开展职工文体活动，丰富职工业余文化生活。")])
    assert "无法使用" in note and "离线写法" in note
    assert "文体活动" in section.text


ECHO = ("请为《红星公司工会2025年下半年工作计划》写“关心职工生活”这一部分的正文。\n"
        "单位：红星公司（企业）\n计划期间：2025年下半年\n本部分要点：\n- 开展文体活动")
SOURCE = ("十月组织职工开展登山比赛，各车间组队参加，设团体奖和个人奖，赛后评选优秀组织单位。"
          "十一月举办职工乒乓球、羽毛球比赛，每个班组至少推荐两名选手，比赛结果在厂务公开栏公示。")


@pytest.mark.parametrize("bad, fault", [
    (ECHO, "照搬了提示词"),
    (SOURCE, "照抄参考材料"),
    ("1. 十月学习金帅集团的经验，组织职工到金帅集团参观学习，每个班组派两人参加。", "他单位内容"),
    ("1. 十月做好计划生育宣传和育龄妇女台帐整理工作，由女工委员负责逐人登记。", "过时内容"),
    ("1. 丰富职工业余生活开展形式多样的文体活动，丰富职工业余文化生活，十月举办职工拔河比赛。", "残缺错误"),
    ("1. 关心职工生活。\n2. 丰富职工文化生活。\n3. 加强工会自身建设。\n4. 提高服务职工水平。", "空泛"),
])
def test_each_fault_is_rejected_retried_with_its_name_then_compose(bad, fault):
    model = GenericFakeChatModel(messages=iter([AIMessage(content=bad), AIMessage(content=bad)]))
    prompts_seen: list[str] = []
    writer = LLMWriter(Settings(), model, fallback=ComposeWriter())
    complete = writer.complete
    writer.complete = lambda template, variables, label: (
        prompts_seen.append(variables["retry_note"]) or complete(template, variables, label))
    section, note = writer.write_with_note(ENTERPRISE, OutlineItem("关心职工生活", ["开展职工文体活动"]),
                                           [_hit(1, SOURCE)])
    assert note and "未通过检查" in note and fault in note and "离线写法" in note, note
    assert prompts_seen[0] == "" and fault in prompts_seen[1]  # asked once more, fault named
    assert "请为" not in section.text and "金帅" not in section.text and "计划生育" not in section.text
    assert writer.fallbacks == 1


def test_a_second_answer_that_passes_is_used():
    model = GenericFakeChatModel(messages=iter([AIMessage(content=ECHO), AIMessage(content=ANSWER)]))
    writer = LLMWriter(Settings(), model, fallback=ComposeWriter())
    section, note = writer.write_with_note(ENTERPRISE, OutlineItem("关心职工生活", ["开展职工文体活动"]),
                                           [_hit(1, SOURCE)])
    assert note is None and "健步走" in section.text and writer.fallbacks == 0


def test_focus_section_that_misses_its_focus_is_off_topic():
    brief = replace(ENTERPRISE, focus=["职业健康"])
    other = "1. 十月组织职工开展登山比赛，各车间组队参加，设团体奖和个人奖，赛后评选优秀组织单位。"
    model = GenericFakeChatModel(messages=iter([AIMessage(content=other), AIMessage(content=other)]))
    writer = LLMWriter(Settings(), model, fallback=ComposeWriter())
    _, note = writer.write_with_note(brief, OutlineItem("扎实做好职业健康工作", []),
                                     [_hit(1, "开展职工文体活动。")])
    assert note and "离题" in note and "职业健康" in note


def test_prompt_sources_stay_within_the_token_budget():
    hits = [_hit(n, "加强工会自身建设，充分发挥工会组织的桥梁纽带作用。" * 5) for n in range(1, 21)]
    text = format_sources(hits, budget=600)
    assert count_tokens(text) <= 600
    assert text.startswith("【材料1】《范文1》") and "【材料2】" in text
    assert "【材料20】" not in text
    one_long = format_sources([_hit(1, "加强工会自身建设。" * 400)], budget=300)
    assert 250 <= count_tokens(one_long) <= 300  # the best passage, cut to the budget


# ---- a real OpenAI-compatible endpoint on 127.0.0.1 ------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    mode = "ok"

    def log_message(self, *args):  # keep pytest output clean
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(body)
        if self.mode == "hang":
            time.sleep(5)
            return
        if self.mode == "error":
            self._send(500, "application/json", b'{"error": {"message": "boom"}}')
            return
        if self.mode == "garbage":
            self._send(200, "application/json", b"<html>not json at all")
            return
        content = ("1. 十月组织职工开展健步走活动，按车间组队，每人每周不少于三次，年底评选优秀团队。\n"
                   "2. 十二月底前完成困难职工走访慰问全覆盖，每户送去慰问金和生活用品，建立帮扶台账逐户跟踪。")
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for piece in (content[:20], content[20:]):
                chunk = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "m",
                         "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")
            return
        reply = {"id": "x", "object": "chat.completion", "created": 0, "model": "m",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                              "finish_reason": "stop"}]}
        self._send(200, "application/json", json.dumps(reply, ensure_ascii=False).encode())

    def _send(self, status: int, ctype: str, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture
def endpoint():
    """start(mode) -> base URL of a fresh server answering in that mode."""
    servers = []

    def start(mode: str) -> tuple[str, ThreadingHTTPServer]:
        handler = type("H", (_Handler,), {"mode": mode})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.requests = []
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/v1", server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def small_outline(drafting_settings):
    engine = Engine(drafting_settings, today=date(2026, 11, 21))
    brief = engine.parse_brief("红星机械有限公司工会2026年下半年工作计划")
    outline = engine.outline(brief)
    outline.items = [it for it in outline.items if it.kind in ("工作目标", "主要工作")][:4]
    return brief, outline


def _llm_engine(settings: Settings, url: str) -> Engine:
    s = replace(settings, llm_base_url=url, llm_model="test-model", llm_api_key="k",
                llm_timeout=1.0, llm_retries=0, llm_concurrency=2)
    return Engine(s, today=date(2026, 11, 21))


def test_real_http_endpoint_writes_every_section_concurrently(drafting_settings, small_outline, endpoint):
    url, server = endpoint("ok")
    brief, outline = small_outline
    *_, draft = _llm_engine(drafting_settings, url).write(brief, outline, writer="llm")
    assert len(server.requests) == len(outline.items)
    assert all(r["stream"] and r["model"] == "test-model" for r in server.requests)
    assert all(r["max_tokens"] == Settings().llm_max_tokens for r in server.requests)
    prompt = server.requests[0]["messages"][-1]["content"]
    assert "参考材料" in prompt and "红星机械有限公司" in prompt
    assert draft.writer == "llm" and not any("离线写法" in n for n in draft.notes)
    assert all("健步走" in s.text for s in draft.sections)
    assert all(s.sources for s in draft.sections)


@pytest.mark.parametrize("mode,reason", [
    ("refuse", "无法连接模型接口"), ("hang", "超时"), ("error", "HTTP 500"),
    ("garbage", "模型调用失败"),
])
def test_failing_endpoint_falls_back_to_compose_and_says_so(drafting_settings, small_outline,
                                                            endpoint, mode, reason):
    url = f"http://127.0.0.1:{free_port()}/v1" if mode == "refuse" else endpoint(mode)[0]
    brief, outline = small_outline
    engine = _llm_engine(drafting_settings, url)
    started = time.monotonic()
    *_, draft = engine.write(brief, outline, writer="llm")
    assert time.monotonic() - started < 60  # a dead endpoint does not cost a timeout per section
    assert [s.title for s in draft.sections] == [it.title for it in outline.items]
    assert all(s.text.strip() for s in draft.sections)
    fallbacks = [n for n in draft.notes if n.startswith("“") and "离线写法" in n]
    assert len(fallbacks) == len(outline.items)
    assert any(reason in n for n in fallbacks), draft.notes
    # Every section fell back: the draft says the model will not do, and what to change.
    assert any("太弱" in n and "PLANDRAFT_LLM_MODEL" in n for n in draft.notes)
    assert engine.get(draft.id).notes == draft.notes  # saved, notes included


def test_llm_revision_failure_keeps_the_text_and_uses_the_offline_operations(
        drafting_settings, small_outline, endpoint):
    url, _ = endpoint("garbage")
    brief, outline = small_outline
    engine = _llm_engine(drafting_settings, url)
    *_, draft = engine.write(brief, outline, writer="llm")
    n = 2
    old = draft.sections[n - 1].text
    revised = engine.revise(draft.id, n, "写得更具体")
    assert [v.text for v in revised.sections[n - 1].versions][:1] == [old]
    assert revised.sections[n - 1].text != old  # the offline operations did it
    assert any(f"第 {n} 部分的修改" in note for note in revised.notes)


def test_llm_writer_without_configuration_is_a_clear_error(drafting_settings, small_outline):
    brief, outline = small_outline
    engine = Engine(drafting_settings)
    with pytest.raises(PlandraftError, match="尚未配置大模型"):
        next(engine.write(brief, outline, writer="llm"))


# ---- the LLM judge of `plandraft eval --judge llm` -------------------------------------------
VERDICT = json.dumps({c: {"score": 6 + i % 3, "reason": f"{c}尚可"} for i, c in enumerate(CRITERIA)},
                     ensure_ascii=False)


def _ctx() -> PlanContext:
    return PlanContext("学校", "下半年", 2025, focus=["教代会"], org_name="实验小学")


def test_judge_parses_a_valid_verdict_and_retries_an_invalid_one_once():
    model = GenericFakeChatModel(messages=iter([AIMessage(content="好的，评分如下：略"),
                                                AIMessage(content=f"```json\n{VERDICT}\n```")]))
    verdict = LLMJudge(model, Settings()).judge("# 计划\n一、指导思想\n正文。", _ctx())
    assert verdict.error == "" and set(verdict.scores) == set(CRITERIA)
    assert verdict.to_json()["针对性"] == {"score": 6, "reason": "针对性尚可"}


@pytest.mark.parametrize("answer, fault", [
    ('{"针对性": {"score": 11, "reason": "x"}}', "分数"),
    ("{" + VERDICT[1:].replace('"时效性"', '"时效"'), "缺少“时效性”"),
    ("完全不是 JSON", "没有 JSON"),
])
def test_parse_verdict_names_the_fault(answer, fault):
    with pytest.raises(ValueError, match=fault):
        parse_verdict(answer)


def test_judge_against_a_real_endpoint_that_answers_no_json(endpoint, drafting_settings):
    url, server = endpoint("ok")  # answers with plan items, not the verdict JSON
    settings = replace(drafting_settings, llm_base_url=url, llm_model="m", llm_api_key="k",
                       llm_timeout=2.0, llm_retries=0)
    verdict = LLMJudge(chat_model(settings), settings).judge("# 计划\n一、指导思想\n正文。", _ctx())
    assert verdict.error.startswith("大模型两次都没有给出有效的评分")
    assert len(server.requests) == 2  # asked once more, with the fault named
    assert "上一次的回答不符合要求" in server.requests[1]["messages"][-1]["content"]


def test_judge_endpoint_garbage_keeps_the_automatic_evaluation(endpoint, drafting_settings,
                                                               tmp_path, capsys):
    url, _ = endpoint("garbage")
    settings = replace(drafting_settings, llm_base_url=url, llm_model="m", llm_api_key="k",
                       llm_timeout=2.0, llm_retries=0)
    draft = tmp_path / "d.md"
    draft.write_text("# 实验小学工会2025年下半年工作计划\n一、主要工作\n（一）九月召开教代会，审议绩效工资方案。\n",
                     encoding="utf-8")
    args = argparse.Namespace(inputs=[str(draft)], brief="实验小学工会2025年下半年工作计划",
                              briefs=None, reference=None, writer="compose", report=None,
                              json=True, judge="llm")
    assert run_eval(args, settings) == 0
    result = json.loads(capsys.readouterr().out)["results"][0]
    assert result["judge"]["error"].startswith("大模型评分失败") and "usable" in result["scores"]

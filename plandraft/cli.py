"""The `plandraft` command line. Argument parsing only; each handler calls the engine or a stage.

The sub-commands and their flags are a contract that scripts depend on: change with care.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys

from plandraft.errors import PlandraftError
from plandraft.settings import Settings
from plandraft.vocab import KINDS, ORG_TYPES, PERIODS


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


# argparse's own messages, said in Chinese (pattern on the English message -> Chinese).
_ARGPARSE_MESSAGES = (
    (re.compile(r"argument (\S+): invalid int value: '(.*)'"), "参数 {0} 要写整数，“{1}”不是整数"),
    (re.compile(r"argument (\S+): invalid choice: '(.*?)' \(choose from (.*)\)"),
     "参数 {0} 不能是“{1}”，可选：{2}"),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {0} 后面要写一个值"),
    (re.compile(r"the following arguments are required: (.*)"), "缺少必需的参数：{0}"),
    (re.compile(r"unrecognized arguments: (.*)"), "无法识别的参数：{0}"),
)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An argument parser whose errors are in Chinese (exit code 2, as argparse's)."""

    def error(self, message: str):
        for pattern, chinese in _ARGPARSE_MESSAGES:
            m = pattern.search(message)
            if m:
                message = chinese.format(*(g.replace("'", "") for g in m.groups()))
                break
        else:
            message = f"参数有误（{message}）"
        self.exit(2, f"错误：{message}。用 {self.prog} --help 查看用法。\n")


def build_parser() -> argparse.ArgumentParser:
    p = ChineseArgumentParser(prog="plandraft", description="工会工作计划起草助手")
    p.add_argument("--user", help="以哪个账号操作（草稿只看得到自己的；默认为系统用户名；"
                                  "没有任何账号时不用写）")
    sub = p.add_subparsers(dest="command", required=True)

    corpus = sub.add_parser("corpus", help="范文库")
    corpus_sub = corpus.add_subparsers(dest="corpus_command", required=True)
    corpus_sub.add_parser("stats", help="按单位类型×期间×类型统计范文")

    ingest = sub.add_parser("ingest", help="建立或更新检索索引")
    ingest.add_argument("paths", nargs="*", help="另外加入的文件或文件夹（.txt/.md/.docx）")
    ingest.add_argument("--reset", action="store_true", help="清空索引后重建")

    search = sub.add_parser("search", help="检索范文片段")
    search.add_argument("query")
    search.add_argument("--org-type", help="、".join(ORG_TYPES))
    search.add_argument("--period", help="、".join(PERIODS))
    search.add_argument("--kind", help="、".join(KINDS))
    search.add_argument("-k", type=int, default=5)
    search.add_argument("--json", action="store_true")

    draft = sub.add_parser("draft", help="根据简要需求起草工作计划")
    draft.add_argument("brief")
    draft.add_argument("--org-type", help="、".join(ORG_TYPES))
    draft.add_argument("--period", help="、".join(PERIODS))
    draft.add_argument("--year", type=int)
    draft.add_argument("--writer", choices=("compose", "llm"), default="compose")
    draft.add_argument("--out", help="保存 Markdown 文件")
    draft.add_argument("--docx", help="保存 Word 文件")
    draft.add_argument("--json", action="store_true")

    revise = sub.add_parser("revise", help="按要求修改某一部分")
    revise.add_argument("draft_id")
    revise.add_argument("--section", type=int, required=True, help="部分序号（从 1 开始）")
    revise.add_argument("--instruction", required=True)
    revise.add_argument("--json", action="store_true")

    for name, text in (("undo", "撤销某一部分的上一次修改"), ("redo", "重做刚撤销的修改")):
        one = sub.add_parser(name, help=text)
        one.add_argument("draft_id")
        one.add_argument("--section", type=int, required=True)

    edit = sub.add_parser("edit", help="手工修改某一部分的正文（从文件或标准输入读入）")
    edit.add_argument("draft_id")
    edit.add_argument("--section", type=int, required=True)
    edit.add_argument("--file", help="正文文件（UTF-8）；不写或写 - 时从标准输入读")

    versions = sub.add_parser("versions", help="某一部分的全部版本；--show N 看某一版，--restore N 恢复它")
    versions.add_argument("draft_id")
    versions.add_argument("--section", type=int, required=True)
    versions.add_argument("--show", type=int, help="显示第 N 版的正文和它与当前正文的差别")
    versions.add_argument("--restore", type=int, help="恢复第 N 版（当前正文仍保留在版本列表中）")
    versions.add_argument("--json", action="store_true")

    for name, text in (("lock", "锁定条目：以后的修改不动它们"), ("unlock", "解除锁定")):
        one = sub.add_parser(name, help=text)
        one.add_argument("draft_id")
        one.add_argument("--section", type=int, required=True)
        one.add_argument("--item", type=int, nargs="+", required=True, help="条目序号（从 1 开始）")

    drafts = sub.add_parser("drafts", help="已保存的草稿")
    drafts_sub = drafts.add_subparsers(dest="drafts_command", required=True)
    drafts_sub.add_parser("list")

    export = sub.add_parser("export", help="导出草稿")
    export.add_argument("draft_id")
    export.add_argument("--docx", help="Word 文件路径")
    export.add_argument("--out", help="Markdown 文件路径")
    export.add_argument("--force", action="store_true", help="文件已存在时覆盖它")

    ev = sub.add_parser("eval", help="批量评估草稿的结构、格式和逐条内容")
    ev.add_argument("inputs", nargs="*", help="草稿文件（.md 或 plandraft draft --json 的 JSON）")
    ev.add_argument("--brief", help="草稿对应的简要需求")
    ev.add_argument("--briefs", help="JSONL 文件：每行一个简要需求，先起草再评估")
    ev.add_argument("--reference", help="参考提纲（Markdown）")
    ev.add_argument("--writer", choices=("compose", "llm"), default="compose")
    ev.add_argument("--judge", choices=("none", "llm"), default="none",
                    help="llm：另请已配置的大模型按五个方面打分（1—10 分）")
    ev.add_argument("--report", help="报告输出目录")
    ev.add_argument("--json", action="store_true")

    serve = sub.add_parser("serve", help="启动网页界面")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--allow-anonymous", action="store_true",
                       help="在非本机地址上不设登录也启动（所有访问者共用全部草稿）")

    from plandraft.users_cli import add_parsers
    add_parsers(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Exit codes: 0 done, 2 the user's mistake (said in Chinese), 1 an internal error (its
    traceback kept in the data dir's log, whose path is said), 130 interrupted."""
    args = build_parser().parse_args(argv)
    settings = None
    try:
        settings = Settings.from_env()
        return _dispatch(args, settings) or 0
    except PlandraftError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断。已保存的内容不会丢失。", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `plandraft drafts list | head`: the reader has gone, say nothing
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug: the user gets a sentence and where the details are
        log = _log_internal(settings or Settings())
        print(f"内部错误：{exc.__class__.__name__}: {exc}。这是程序的问题，不是您的操作有误；已保存的内容不受影响。"
              f"详细信息已写入 {log}，请把这个文件交给技术人员。", file=sys.stderr)
        return 1


def _log_internal(settings: Settings) -> str:
    """Append the current exception's traceback to HOME/logs/plandraft.log; its path."""
    import traceback
    from datetime import datetime
    try:
        path = settings.home / "logs" / "plandraft.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now().isoformat(timespec='seconds')} plandraft {' '.join(sys.argv[1:])}\n")
            log.write(traceback.format_exc())
        return str(path)
    except OSError:  # no writable data dir: the traceback goes to the terminal instead
        traceback.print_exc()
        return "（无法写入日志文件，详细信息见上方）"


def _dispatch(args: argparse.Namespace, settings: Settings) -> int | None:
    # Imports are local so that `plandraft --help` and light commands start fast.
    if args.command == "corpus":
        from corpus.commands import stats
        return stats(settings)
    if args.command == "users":
        from plandraft.users_cli import users
        return users(args, settings)
    if args.command == "ingest":
        from retrieval import commands
        return commands.ingest(args, settings)
    # Commands that read drafts or the library act for one account (plandraft.accounts).
    from plandraft.accounts import cli_user
    from plandraft.engine import Engine
    if args.command in ("search", "library", "draft", "revise", "undo", "redo", "edit", "versions",
                        "lock", "unlock", "drafts", "export"):
        engine = Engine(settings, user=cli_user(args.user, settings))
    if args.command == "search":
        from retrieval import commands
        return commands.search(args, settings, engine)
    if args.command == "library":
        from plandraft.users_cli import library
        return library(args, settings, engine)
    if args.command in ("draft", "revise", "undo", "redo", "edit", "versions", "lock", "unlock",
                        "drafts", "export"):
        from drafting import commands
        return getattr(commands, args.command)(args, settings, engine)
    if args.command == "eval":
        from eval.commands import run
        return run(args, settings)
    if args.command == "serve":
        import app
        return app.serve(settings, host=args.host, port=args.port,
                         allow_anonymous=args.allow_anonymous)
    raise AssertionError(args.command)


if __name__ == "__main__":
    sys.exit(main())

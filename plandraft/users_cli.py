"""`plandraft users …` and `plandraft library …`: accounts and who sees which uploaded plan."""
from __future__ import annotations

import argparse
import getpass
import sys

from plandraft.accounts import Accounts, check_password
from plandraft.errors import PlandraftError
from plandraft.settings import Settings


def add_parsers(sub) -> None:
    users = sub.add_parser("users", help="账号：添加、列出、删除、改密码")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    add = users_sub.add_parser("add", help="添加账号（密码至少 8 个字符）")
    add.add_argument("name")
    add.add_argument("--admin", action="store_true", help="管理员：能看到所有人的草稿，能共享范文")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读密码（一行）")
    users_sub.add_parser("list", help="列出账号")
    remove = users_sub.add_parser("remove", help="删除账号（其草稿保留，管理员仍可看到）")
    remove.add_argument("name")
    passwd = users_sub.add_parser("passwd", help="修改密码")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true", help="从标准输入读密码（一行）")

    library = sub.add_parser("library", help="上传的范文：列出，或由管理员共享到公共范文库")
    library_sub = library.add_subparsers(dest="library_command", required=True)
    library_sub.add_parser("list", help="列出上传的范文和它们的所有者")
    share = library_sub.add_parser("share", help="把某个用户的私有范文共享给所有人（管理员）")
    share.add_argument("file", help="文件名（library list 中的名字）")
    share.add_argument("--owner", required=True, help="上传它的用户")


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return check_password(sys.stdin.readline().rstrip("\r\n"))
    first = check_password(getpass.getpass("密码（至少 8 个字符）："))
    if getpass.getpass("再输入一次：") != first:
        raise PlandraftError("两次输入的密码不一样，没有保存。")
    return first


def users(args: argparse.Namespace, settings: Settings) -> int:
    accounts = Accounts(settings)
    if args.users_command == "add":
        user = accounts.add(args.name, _password(args), admin=args.admin)
        print(f"已添加{'管理员' if user.admin else '用户'}“{user.name}”。")
    elif args.users_command == "list":
        rows = accounts.list()
        if not rows:
            print("还没有账号（单用户模式）。用 `plandraft users add 用户名` 添加。")
        for row in rows:
            print(f"{row['name']}\t{'管理员' if row['admin'] else '用户'}\t{row['created']}")
    elif args.users_command == "remove":
        accounts.remove(args.name)
        print(f"已删除用户“{args.name}”；其草稿仍保存在草稿库中。")
    else:
        accounts.passwd(args.name, _password(args))
        print(f"已修改“{args.name}”的密码。")
    return 0


def library(args: argparse.Namespace, settings: Settings, engine) -> int:
    from retrieval.ingest import list_uploads

    if args.library_command == "list":
        rows = [r for r in list_uploads(settings)
                if engine.user is None or engine.user.admin or r["owner"] in ("", engine.owner)]
        if not rows:
            print("还没有上传的范文。")
        for row in rows:
            print(f"{row['name']}\t{row['owner'] or '（公共）'}\t{row['original']}")
        return 0
    report = engine.share(args.file, args.owner)
    print(f"已把“{args.file}”共享到公共范文库。{report.summary()}")
    return 0

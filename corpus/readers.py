"""Read a user or seed document into plain Simplified-Chinese text (.txt, .md, .docx)."""
from __future__ import annotations

import hashlib
import re
import zipfile
from functools import lru_cache
from pathlib import Path

from plandraft.cleantext import clean
from plandraft.errors import PlandraftError
from plandraft.settings import MAX_FILE_MB

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx")
MB = 1024 * 1024
DEFAULT_MAX_BYTES = int(MAX_FILE_MB * MB)
# A .docx's parts may unpack to this many times the file size limit. Text XML compresses about
# tenfold, so a real plan is far below it; a zip bomb (1 MB expanding to 300 MB) is not.
DOCX_UNPACKED_RATIO = 3
# Share of converted characters above which a text is taken as Traditional Chinese; a few
# characters change even in simplified text (variants), so a small threshold avoids churn.
_TRADITIONAL_RATIO = 0.02
_SAMPLE = 4000
# An uploaded file is kept as "<original stem>~<8 hex of its content hash><suffix>": two uploads
# with one name never overwrite each other, the same file uploaded twice is one file.
_UPLOAD_TAG = re.compile(r"~[0-9a-f]{8}$")


class UnreadableDocument(PlandraftError):
    """A file that cannot be read as a plan; the message (Chinese) names the file and why."""


def upload_name(name: str, data: bytes) -> str:
    """The name an uploaded file is kept under (see _UPLOAD_TAG)."""
    path = Path(name)
    return f"{path.stem}~{hashlib.sha256(data).hexdigest()[:8]}{path.suffix}"


def original_name(name: str) -> str:
    """The name the user gave a file (an uploaded file's tag removed): titles and messages."""
    path = Path(name)
    return _UPLOAD_TAG.sub("", path.stem) + path.suffix


def _mb(size: int) -> str:
    mb = size / MB
    return f"{mb:.1f}".removesuffix(".0") if mb >= 1 else f"{mb:.2g}"


def check_size(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Refuse a file over the size limit before reading a byte of it."""
    path = Path(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise UnreadableDocument(
            f"“{original_name(path.name)}”有 {_mb(size)} MB，超过单个文件 {_mb(max_bytes)} MB 的上限：一份工作计划"
            "通常只有几十 KB，请只保留计划正文，或拆成几个文件后再导入。")


def read_document(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of path, decoded and converted to Simplified Chinese.

    Raises UnreadableDocument for an unsupported type, a file over max_bytes (a .docx also when
    its parts unpack to more than DOCX_UNPACKED_RATIO times that), a file the user may not read,
    a binary, undecodable or malformed file, or an empty one.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    name = original_name(path.name)
    if not path.is_file():
        raise UnreadableDocument(f"找不到文件“{name}”，请检查路径。")
    try:
        text = _read(path, suffix, max_bytes)
    except PermissionError as exc:
        raise UnreadableDocument(f"没有权限读取“{name}”：请检查文件的读取权限后再导入。") from exc
    except OSError as exc:  # a device error, a file removed while reading
        raise UnreadableDocument(f"读取“{name}”时出错（{exc.strerror or exc}），已跳过。") from exc
    # Control characters would break Word export of drafts quoting this text: removed here.
    text = clean(text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", ""))
    if not text.strip():
        raise UnreadableDocument(f"“{name}”没有文字内容。")
    return to_simplified(text)


def _read(path: Path, suffix: str, max_bytes: int) -> str:
    name = original_name(path.name)
    if suffix in (".docx", ".txt", ".md"):
        check_size(path, max_bytes)
    if suffix == ".docx":
        return _read_docx(path, name, DOCX_UNPACKED_RATIO * max_bytes)
    if suffix in (".txt", ".md"):
        return _decode(path.read_bytes(), name)
    if suffix == ".doc":
        raise UnreadableDocument(f"“{name}”是旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后再导入。")
    raise UnreadableDocument(
        f"不支持的文件类型“{name}”：只能导入 {'、'.join(SUPPORTED_SUFFIXES)} 文件。")


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise UnreadableDocument(f"“{name}”是二进制文件，不是文本，已跳过。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and _looks_like_text(str(best)):
        return str(best)
    raise UnreadableDocument(f"无法识别“{name}”的文字编码（支持 UTF-8 和 GB18030），请另存为 UTF-8 文本后再导入。")


def _looks_like_text(text: str) -> bool:
    """Reject decodings full of control characters (binary data or a wrong encoding: about one
    character in eight); a few stray ones pasted into a short plan are not (they are removed)."""
    if not text:
        return True
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return control / len(text) < 0.05


def _read_docx(path: Path, name: str, max_unpacked: int) -> str:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    broken = f"“{name}”不是有效的 Word（.docx）文件，可能已损坏：请在 Word 中打开并另存为 .docx 后再导入。"
    # The sizes in the zip's directory are what zipfile will ever inflate (it stops there and
    # fails the CRC of a member that claims less), so checking them first is zip-bomb safe.
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise UnreadableDocument(broken) from exc
    if unpacked > max_unpacked:
        raise UnreadableDocument(
            f"“{name}”解压后有 {_mb(unpacked)} MB，超过 .docx 解压后 {_mb(max_unpacked)} MB 的上限"
            "（可能嵌入了大量图片或内容，也可能是恶意文件）：请只保留计划正文另存后再导入。")
    # python-docx parses with lxml's defaults (huge_tree off: no pathologically deep or huge
    # nodes) and resolve_entities=False (no entity expansion).
    try:
        doc = Document(str(path))
    except XMLSyntaxError as exc:
        raise UnreadableDocument(f"“{name}”里的 Word 内容（XML）已损坏，无法读取："
                                 "请在 Word 中打开并另存为 .docx 后再导入。") from exc
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableDocument(broken) from exc
    lines = [p.text for p in doc.paragraphs]  # headings are paragraphs too: one line each
    for table in doc.tables:
        for row in table.rows:
            lines.append("　".join(cell.text.strip() for cell in row.cells))
    return "\n".join(lines)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def looks_traditional(text: str) -> bool:
    sample = text[:_SAMPLE]
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    if not cjk:
        return False
    converted = _t2s().convert(sample)
    changed = sum(1 for a, b in zip(sample, converted) if a != b)
    return changed / cjk > _TRADITIONAL_RATIO


def to_simplified(text: str) -> str:
    """Convert Traditional to Simplified Chinese, only when the text looks traditional."""
    return _t2s().convert(text) if looks_traditional(text) else text

"""Read a user or seed document into plain Simplified-Chinese text (.txt, .md, .docx)."""
from __future__ import annotations

import zipfile
from functools import lru_cache
from pathlib import Path

from plandraft.errors import PlandraftError

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx")
# Share of converted characters above which a text is taken as Traditional Chinese; a few
# characters change even in simplified text (variants), so a small threshold avoids churn.
_TRADITIONAL_RATIO = 0.02
_SAMPLE = 4000


class UnreadableDocument(PlandraftError):
    """A file that cannot be read as a plan; the message (Chinese) names the file and why."""


def read_document(path: str | Path) -> str:
    """The text of path, decoded and converted to Simplified Chinese.

    Raises UnreadableDocument for an unsupported type, a binary or undecodable file, or an
    empty one.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UnreadableDocument(f"找不到文件“{path.name}”，请检查路径。")
    if suffix == ".docx":
        text = _read_docx(path)
    elif suffix in (".txt", ".md"):
        text = _decode(path.read_bytes(), path.name)
    elif suffix == ".doc":
        raise UnreadableDocument(f"“{path.name}”是旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后再导入。")
    else:
        raise UnreadableDocument(
            f"不支持的文件类型“{path.name}”：只能导入 {'、'.join(SUPPORTED_SUFFIXES)} 文件。")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    if not text.strip():
        raise UnreadableDocument(f"“{path.name}”没有文字内容。")
    return to_simplified(text)


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
    """Reject decodings full of control characters (binary data or a wrong encoding)."""
    if not text:
        return True
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return control / len(text) < 0.01


def _read_docx(path: Path) -> str:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableDocument(f"“{path.name}”不是有效的 Word（.docx）文件，可能已损坏。") from exc
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

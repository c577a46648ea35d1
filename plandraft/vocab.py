"""The shared vocabulary: CLI, JSON, store metadata and UI all use exactly these strings."""

from plandraft.errors import PlandraftError

ORG_TYPES = ("学校", "幼儿园", "企业", "机关事业单位", "乡镇街道", "县区总工会", "社区", "医院", "其他")
PERIODS = ("年度", "上半年", "下半年", "学期", "季度", "月度")
KINDS = ("计划", "总结")
SECTION_TYPES = ("指导思想", "工作目标", "主要工作", "月份安排", "保障措施")
# What a user reads for each filter (errors, "relaxed" notes, UI labels).
FILTER_LABELS = {"org_type": "单位类型", "period": "计划期间", "kind": "文档类型"}


class VocabularyError(PlandraftError):
    """A value outside the shared vocabulary; the message (Chinese) lists the allowed ones."""


def check(value: str | None, allowed: tuple[str, ...], label: str) -> str | None:
    """Return value if it is in the vocabulary (None passes), else raise with the allowed values."""
    if value is None or value == "":
        return None
    if value not in allowed:
        raise VocabularyError(f"未知的{label}“{value}”。可选值：{'、'.join(allowed)}")
    return value


def check_org_type(value: str | None) -> str | None:
    return check(value, ORG_TYPES, FILTER_LABELS["org_type"])


def check_period(value: str | None) -> str | None:
    return check(value, PERIODS, FILTER_LABELS["period"])


def check_kind(value: str | None) -> str | None:
    return check(value, KINDS, FILTER_LABELS["kind"])

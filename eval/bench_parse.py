"""Heading parsing speed on long documents: `python -m eval.bench_parse`.

Parses synthetic plans of 20,000 to 320,000 body lines under one heading (the shape of a huge
upload) and prints the time per size and the ratio to the smallest: linear time keeps the ratio
near the size ratio (×4 per step), where growing a section's text by concatenation was quadratic
(80,000 lines took 12.5 s before, 0.19 s after).
"""
from __future__ import annotations

import time

from corpus.headings import parse_headings

SIZES = (20_000, 80_000, 320_000)


def main() -> int:
    base = None
    for n in SIZES:
        text = "一、总则\n" + "\n".join(f"这是第{i}行正文内容，用来测试标题解析的速度。" for i in range(n))
        t0 = time.perf_counter()
        parse_headings(text)
        seconds = time.perf_counter() - t0
        base = base or seconds
        print(f"{n:>8} 行：{seconds:6.2f} s（{seconds / base:5.1f} 倍，行数 {n // SIZES[0]} 倍）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

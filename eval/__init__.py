"""Evaluation of plan drafts from anywhere (ours, an LLM's, a person's): structure metrics
(canonical sections, theme and focus coverage, heading soft recall against a reference outline)
and format/consistency checks, in batch, with an HTML/CSV/JSON report and baselines.

Entry points: `eval.evaluate.evaluate(markdown, brief, reference)` and `plandraft eval`
(`eval.commands.run`). Benchmarks: `python -m eval.bench_eval`.
"""

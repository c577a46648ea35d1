"""Drafting: brief → outline → sections → revision → export. plandraft.engine.Engine wires it.

brief        free text → Brief (org, type, year, period, term, focus); defaults noted
period       the plan's months and how titles name its period
sections     canonical section types and the heading words that mark them
themes       focus phrases → knowledge-base themes (corpus/knowledge); texts picked per brief
outline      ThemeOutliner: the focus's themes, then the org type's usual ones; goals, 保障措施
schedule     the month (or week) schedule: themes' month lines, the org type's calendar
outline_text Outline ↔ Markdown for editing
sources      each outline item's own retrieval query, hits and citations
adapt        another plan's sentence rewritten for this brief (point 4), or dropped
compose      the offline writer, from the themes;  llm / chat_model  the LangChain writer and its models
body         section body layout shared by the writers;  numbering  一、/（一）/1.
revise       one section revised by instruction (offline operations or the model)
assemble     a draft as Markdown;  export  Markdown and 公文-style .docx
store        drafts in SQLite, saved after every section;  commands  the CLI handlers
similar      near-duplicate tests for short Chinese texts (and the same work said again)
"""

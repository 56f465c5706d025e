"""Every interface string of the comparison pages (``compare_pages``), in Chinese and
English, in one place. Strings here are ours, not data; those with ``{…}`` take values
the page has already escaped. A test checks both languages have the same keys."""

from __future__ import annotations

OTHER = {"zh": "en", "en": "zh"}

UI = {
    "zh": {
        "cw-tab": "对照：{a} 与 {b}",
        "cw-h1": "对照：{a} → {b}",
        "cw-intro": "每条对应关系都注明了两个版本、关系类型（依据 NIST IR 8477 的集合关系）和理由。"
                    "对应关系的可信程度取决于其理由和两侧条款的可信度；本页不通过第三个标准推导任何对应。",
        "reading-notes": "阅读说明",
        "fidelity": "本对照的可信度：{f}。",
        "fidelity-official": "官方对照", "fidelity-verified": "已对照原始资料核实",
        "fidelity-secondary": "依据可靠的二手资料", "fidelity-inferred": "Lode 的推断，有待核实",
        "fidelity-illustrative": "示例，非实际内容",
        "coverage": "覆盖情况",
        "nodes": "所有类型",
        "coverage-line": "范围内 {t} 个条款（{k}）中有 {m} 个在 {other} 中有对应（{p}%）。",
        "bar-label": "{p}% 有对应",
        "unmapped": "尚未收录",
        "heatmap": "关系热图",
        "heatmap-how": "行是 {a} 的条款，列是 {b} 的条款（列号见表下的列表）；每个格子读作“行条款 …… 列条款”。"
                       "点击格子可跳到该对应的理由。表格可在框内横向和纵向滚动。",
        "heatmap-caption": "{a} 与 {b} 的条款关系",
        "heatmap-columns": "列号对应的 {b} 条款",
        "corner": "行 ↓ 与 列 →",
        "mapped": "有对应的条款",
        "relation": "关系",
        "why": "理由",
        "none": "无。",
        "rt-syntactic": "依据：字面", "rt-semantic": "依据：语义", "rt-functional": "依据：功能",
        "al-full": "完全对齐", "al-partial": "部分对齐", "al-none": "未对齐",
        "cf-high": "把握较大", "cf-medium": "把握一般", "cf-low": "把握较小",
        "gaps": "无对应（已确认的空缺）",
        "gaps-how": "有人核对过以下条款，并记录了对方标准中没有相应内容的理由。",
        "not-yet": "尚未收录",
        "not-yet-partial": "以下条款没有任何对应记录。{o} 在本语料库中并不完整（{why}），"
                           "其对应内容可能只是尚未录入，因此这并不说明对方没有相应内容。",
        "not-yet-none": "以下条款还没有人写对应记录；{o} 在语料库中已完整录入，但尚未逐条核对。",
        "short-kind": "{k}：已录入 {a} 个，应有 {e} 个",
        "placeholders": "{n}/{t} 个条款只是示例占位",
        "source-file": "对照文件：{f}",
        "ch-tab": "{s} {a} → {b} 变更",
        "ch-intro": "从 {a} 到 {b} 逐条款的变化。条款按标识匹配，因此重新编号不会显示为改写。"
                    "与本站其他页面一样，这里比较的是 Lode 的条款摘要，不是官方原文。",
        "incomplete-title": "语料不完整",
        "incomplete": "{e} 在语料库中不完整（{k}：已录入 {a} 个，应有 {x} 个）：{what}",
        "incomplete-old": "新版中出现的条款可能原本就有，只是旧版尚未录入。",
        "incomplete-new": "旧版中有而新版中没有的条款可能只是尚未录入，不一定已删除。",
        "summary": "共有 {n} 个条款发生变化：{kinds}。",
        "main-changes": "主要技术变化",
        "main-changes-other": "英文版清单（供引用英文文本时使用）",
        "other-lang-changes": "英文文本的修改",
        "colon": "：",
        "edition": "版本信息",
        "field": "项目", "before": "修改前", "after": "修改后", "rewritten": "整段改写",
        "clauses": "逐条款变化",
        "moved": "位置调整（上级条款或顺序改变）",
        "similar": "提示：可能与 {i} 是同一条款（相似度 {s}）",
        "concordance": "新旧条款对应",
        "not-official": "本页由 Lode 根据本项目的条款摘要生成，并非官方文本；每个条款的可信度见其版本页面。",
    },
    "en": {
        "cw-tab": "Crosswalk: {a} and {b}",
        "cw-h1": "Crosswalk: {a} → {b}",
        "cw-intro": "Every mapping names both editions, a relation (the set relations of NIST IR 8477) and its reason. "
                    "A mapping is evidence only as far as its reason and the fidelity of both clauses go; "
                    "nothing here is inferred by chaining through a third standard.",
        "reading-notes": "Reading notes",
        "fidelity": "Fidelity of this crosswalk: {f}.",
        "fidelity-official": "an official concordance", "fidelity-verified": "checked against primary sources",
        "fidelity-secondary": "from reliable secondary sources", "fidelity-inferred": "Lode's reading, to be confirmed",
        "fidelity-illustrative": "a placeholder, not real content",
        "coverage": "Coverage",
        "nodes": "all kinds",
        "coverage-line": "{m} of the {t} clauses in scope ({k}) have a counterpart in {other} ({p}%).",
        "bar-label": "{p}% have a counterpart",
        "unmapped": "not in the corpus yet",
        "heatmap": "Relation heat map",
        "heatmap-how": "Rows are the clauses of {a}, columns those of {b} (numbered; the list below the "
                       "table names them); read each cell as “row clause … column clause”. A cell links to the "
                       "reason for its mapping. The table scrolls inside its box.",
        "heatmap-caption": "How the clauses of {a} relate to those of {b}",
        "heatmap-columns": "The columns: clauses of {b}",
        "corner": "row ↓ … column →",
        "mapped": "Mapped clauses",
        "relation": "relation",
        "why": "why",
        "none": "None.",
        "rt-syntactic": "by wording", "rt-semantic": "by meaning", "rt-functional": "by function",
        "al-full": "full alignment", "al-partial": "partial alignment", "al-none": "no alignment",
        "cf-high": "high confidence", "cf-medium": "medium confidence", "cf-low": "low confidence",
        "gaps": "No counterpart (asserted gaps)",
        "gaps-how": "Someone checked these clauses and recorded why the other standard has nothing like them.",
        "not-yet": "Not in the corpus yet",
        "not-yet-partial": "No mapping names these clauses. {o} is only partly in the corpus ({why}), "
                           "so a counterpart may simply not be authored yet: this does not say there is none.",
        "not-yet-none": "No mapping has been written for these clauses yet; {o} is in the corpus in full, "
                        "but nobody has compared them clause by clause.",
        "short-kind": "{k}: {a} of {e} authored",
        "placeholders": "{n} of {t} clauses are placeholders",
        "source-file": "Crosswalk file: {f}",
        "ch-tab": "{s} {a} → {b}: changes",
        "ch-intro": "What changed from {a} to {b}, clause by clause. Clauses are matched by id, so renumbering "
                    "is never shown as a rewrite. Like every page here, this compares Lode's summaries, "
                    "not the official texts.",
        "incomplete-title": "Incomplete corpus",
        "incomplete": "{e} is incomplete in the corpus ({k}: {a} of {x} authored): {what}",
        "incomplete-old": "a clause that appears in the new edition may have existed before, unauthored.",
        "incomplete-new": "a clause missing from the new edition may be unauthored rather than withdrawn.",
        "summary": "{n} clauses changed: {kinds}.",
        "main-changes": "Main technical changes",
        "main-changes-other": "The same list in Chinese",
        "other-lang-changes": "Changes to the Chinese text",
        "colon": ": ",
        "edition": "About the edition",
        "field": "field", "before": "before", "after": "after", "rewritten": "rewritten",
        "clauses": "Clause by clause",
        "moved": "moved (new parent or order)",
        "similar": "hint: possibly the same provision as {i} (similarity {s})",
        "concordance": "Concordance",
        "not-official": "Generated by Lode from the project's clause summaries, not from the official texts; "
                        "each clause's fidelity is on its edition page.",
    },
}

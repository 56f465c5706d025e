"""Lode's own words in Chinese and English: one term, one translation, everywhere.

The site's pages and glossary page, the command line's message catalogs
(``tooling/lode/locale``) and the guides all use the Chinese given here, and a test
(``tests/unit/test_i18n_catalog.py``) checks the catalogs against it: no translation uses
one of a term's ``avoid`` words (wrong in every context), and a message whose English
uses one of the unambiguous terms listed in that test uses the term's Chinese. So a
term is changed here first, then in the catalogs and pages.

Each entry: ``zh`` and ``en`` (the term as a reader sees it), ``zh-def`` and ``en-def``
(one sentence saying what it means in Lode), ``avoid`` (Chinese words that must not be
used for this meaning).

Two words are easy to mix up and are kept apart on purpose:

- 已发布 is the *status* of an edition its issuer has published (``status: published``),
  and 发布机构 its issuer. 发布版本 is a *Lode release*: an edition frozen at a git tag
  (``lode release``). "Not yet released" is 尚无发布版本, never 尚未发布 (that would read
  as "the issuer has not published it").
- 摘要 is a node's summary (Lode's words); 摘要值 is a SHA-256 digest.
"""

from __future__ import annotations

TERMS: dict[str, dict[str, object]] = {
    # --- the content -----------------------------------------------------------------
    "standard": {"zh": "标准", "en": "standard",
                 "zh-def": "一部准则或规范，例如五矿商会的尽职调查指南，按版次收录。",
                 "en-def": "A guideline or norm, such as CCCMC's due-diligence guidelines, kept edition by edition."},
    "guideline": {"zh": "指南", "en": "guideline",
                  "zh-def": "由 Lode 的起草者编写和维护的标准。",
                  "en-def": "A standard written and maintained by Lode's drafters."},
    "reference-standard": {"zh": "参照标准", "en": "reference standard",
                           "zh-def": "与指南对照的国际文本，例如 OECD 指南、GRI 14。",
                           "en-def": "An international text the guidelines are compared with, such as the OECD "
                                     "guidance or GRI 14."},
    "edition": {"zh": "版次", "en": "edition",
                "zh-def": "标准的一个版本，例如 `cma-esg-disclosure@2025`，对应仓库中的一个文件。",
                "en-def": "One version of a standard, such as `cma-esg-disclosure@2025`: one file in the repository."},
    "node": {"zh": "条目", "en": "node",
             "zh-def": "版次中的一项：章、条款、指标、步骤等，各有编号。",
             "en-def": "One item of an edition (a chapter, clause, metric, step), each with its id."},
    "metric": {"zh": "指标", "en": "metric",
               "zh-def": "企业须报告的一个数值或选项，带类型和单位。",
               "en-def": "A value or choice a company reports, with its type and unit."},
    "issuer": {"zh": "发布机构", "en": "issuer",
               "zh-def": "发布标准的机构，例如五矿商会、中国矿业联合会。",
               "en-def": "The body that publishes a standard, such as CCCMC or the China Mining Association."},
    "published": {"zh": "已发布", "en": "published", "avoid": ["已发行"],
                  "zh-def": "版次的状态：发布机构已正式发布该版次（`status: published`）。",
                  "en-def": "An edition's status: its issuer has published it (`status: published`)."},
    "draft": {"zh": "草案", "en": "draft",
              "zh-def": "版次的状态：仍在起草或征求意见，不能建立发布版本。",
              "en-def": "An edition's status: still being drafted or consulted on; it cannot be released."},
    "superseded": {"zh": "已被代替", "en": "superseded",
                   "zh-def": "版次的状态：已有新版次代替它。",
                   "en-def": "An edition's status: a newer edition replaces it."},
    "withdrawn": {"zh": "已废止", "en": "withdrawn",
                  "zh-def": "版次的状态：发布机构已废止。",
                  "en-def": "An edition's status: its issuer has withdrawn it."},
    "crosswalk": {"zh": "对照表", "en": "crosswalk",
                  "zh-def": "两个版次之间逐条的对照关系。",
                  "en-def": "The clause-by-clause mappings between two editions."},
    "fidelity": {"zh": "可信度", "en": "fidelity",
                 "zh-def": "每个条目的标记，说明其内容核对到什么程度。",
                 "en-def": "Each node's label saying how far its content has been checked."},
    "official": {"zh": "官方原文", "en": "official",
                 "zh-def": "可信度：条目文字即发布机构的原文。",
                 "en-def": "Fidelity: the node's text is the issuer's own text."},
    "verified": {"zh": "已核实", "en": "verified", "avoid": ["已验证"],
                 "zh-def": "可信度：结构与标题已对照一手来源核实，措辞为 Lode 的摘要。",
                 "en-def": "Fidelity: structure and title checked against a primary source; the wording is "
                           "Lode's summary."},
    "secondary": {"zh": "二手来源", "en": "secondary",
                  "zh-def": "可信度：来自可靠的二手来源，措辞为 Lode 的摘要。",
                  "en-def": "Fidelity: from a reliable secondary source; the wording is Lode's summary."},
    "inferred": {"zh": "推断", "en": "inferred",
                 "zh-def": "可信度：Lode 的重构，有待确认。",
                 "en-def": "Fidelity: Lode's reconstruction, to be confirmed."},
    "illustrative": {"zh": "示意", "en": "illustrative", "avoid": ["示例性", "说明性"],
                     "zh-def": "可信度：只展示数据形态的占位，并非标准的内容。",
                     "en-def": "Fidelity: a placeholder showing the shape of the data, not the standard's content."},
    "summary": {"zh": "摘要", "en": "summary",
                "zh-def": "Lode 用自己的话写的条目内容概述，不是原文。",
                "en-def": "Lode's own account of a node's content, not the official text."},
    "required": {"zh": "必须披露", "en": "required",
                 "zh-def": "指标的披露要求：企业必须报告。",
                 "en-def": "A metric's requirement: the company must report it."},
    "recommended": {"zh": "建议披露", "en": "recommended",
                    "zh-def": "指标的披露要求：建议企业报告。",
                    "en-def": "A metric's requirement: the company is advised to report it."},
    "conditional": {"zh": "条件披露", "en": "conditional",
                    "zh-def": "指标的披露要求：满足条件时必须报告。",
                    "en-def": "A metric's requirement: to be reported when its condition holds."},
    "completeness": {"zh": "完整度", "en": "completeness",
                     "zh-def": "已填报（或说明不披露）的指标占应填报指标的比例。",
                     "en-def": "How many of the expected metrics are answered (disclosed or omitted with a reason)."},
    # --- releases and pins -----------------------------------------------------------
    "release": {"zh": "发布版本", "en": "release", "avoid": ["发行版", "尚未发布"],
                "zh-def": "Lode 用 `lode release` 固定在某个 git 标签上的版次文本，写作 `标准@版次/rN`。",
                "en-def": "An edition's text frozen by `lode release` at a git tag, written `std@edition/rN`."},
    "pin": {"zh": "固定版本", "en": "pin", "avoid": ["锁定版本", "版本锁定", "固定引用"],
            "zh-def": "披露文件所依据的版次或发布版本，写在 `pin:` 中。",
            "en-def": "The edition or release a disclosure is checked against, written in its `pin:` key."},
    "unpinned": {"zh": "未固定版本", "en": "unpinned", "avoid": ["未锁定"],
                 "zh-def": "依据工作区中的版次文件检查，而不是依据冻结的发布版本。",
                 "en-def": "Checked against the edition file in the work tree, not a frozen release."},
    "digest": {"zh": "摘要值", "en": "digest",
               "zh-def": "sha256: 加版次规范 JSON 的 SHA-256 值，用来证明文本未变。",
               "en-def": "sha256: and the SHA-256 of an edition's canonical JSON, proving the text is unchanged."},
    "release-log": {"zh": "发布记录", "en": "release log",
                    "zh-def": "`standards/标准/releases.yaml`，逐条记录每个发布版本。",
                    "en-def": "`standards/<std>/releases.yaml`, one entry per release."},
    "bundle": {"zh": "离线包", "en": "bundle",
               "zh-def": "一个发布版本的三个下载文件，不需要仓库也能核验。",
               "en-def": "A release's three downloadable files, verifiable without the repository."},
    "signature": {"zh": "签名", "en": "signature",
                  "zh-def": "发布标签上的 ssh 或 gpg 签名。",
                  "en-def": "The ssh or gpg signature on a release tag."},
    "signer": {"zh": "签名人", "en": "signer",
               "zh-def": "允许为发布版本签名的人，列在 `allowed_signers` 中。",
               "en-def": "A person allowed to sign releases, listed in `allowed_signers`."},
    "tag": {"zh": "标签", "en": "tag",
            "zh-def": "git 的附注标签，发布版本据此固定。",
            "en-def": "The annotated git tag a release is fixed by."},
    "commit": {"zh": "提交", "en": "commit",
               "zh-def": "git 的一次提交。",
               "en-def": "A git commit."},
    "work-tree": {"zh": "工作区", "en": "work tree",
                  "zh-def": "当前检出的文件，可能含未提交的修改。",
                  "en-def": "The files as checked out now, possibly with uncommitted changes."},
    "errata": {"zh": "勘误", "en": "errata",
               "zh-def": "对已有发布版本的更正，作为同一版次的下一个发布版本发布。",
               "en-def": "A correction to a release, made as the edition's next release."},
    "reporting-period": {"zh": "报告期", "en": "reporting period",
                         "zh-def": "披露文件所报告的时间段。",
                         "en-def": "The period a disclosure reports on."},
    # --- people and their work -------------------------------------------------------
    "validator": {"zh": "核验方", "en": "validator", "avoid": ["核验者", "验证方", "验证者"],
                  "zh-def": "检查企业披露文件的机构：审计机构、交易所、协会。",
                  "en-def": "Whoever checks a company's disclosure: an auditor, an exchange, an association."},
    "drafter": {"zh": "起草者", "en": "drafter",
                "zh-def": "在仓库中编写和修改标准的人。",
                "en-def": "Someone who writes and edits standards in the repository."},
    "drafting-group": {"zh": "起草组", "en": "drafting group",
                       "zh-def": "负责一个版次起草和意见处理的小组。",
                       "en-def": "The group that drafts an edition and disposes of comments on it."},
    "company": {"zh": "企业", "en": "company",
                "zh-def": "按标准报告 ESG 数据的矿业企业。",
                "en-def": "A mining company reporting ESG data against a standard."},
    "disclosure": {"zh": "披露文件", "en": "disclosure", "avoid": ["公开文件"],
                   "zh-def": "企业报送的 ESG 数据文件：YAML、JSON 或填好的 Excel 模板。",
                   "en-def": "A company's ESG data file: YAML, JSON or a filled-in Excel template."},
    "template": {"zh": "披露模板", "en": "template",
                 "zh-def": "`lode template` 为一个版次生成的 Excel 工作簿，供企业填写。",
                 "en-def": "The Excel workbook `lode template` makes for an edition, for a company to fill in."},
    "content-index": {"zh": "内容索引", "en": "content index",
                      "zh-def": "`lode index` 生成的表格，列出每项指标在报告中的位置。",
                      "en-def": "The table `lode index` makes, saying where each metric is reported."},
    "consultation": {"zh": "征求意见", "en": "consultation",
                     "zh-def": "草案公开征求意见的阶段。",
                     "en-def": "The stage in which a draft is open for comments."},
    "disposition": {"zh": "处理意见", "en": "disposition",
                    "zh-def": "起草组对每条意见的决定：采纳、部分采纳或不采纳，并说明理由。",
                    "en-def": "The drafting group's decision on a comment: accepted, partly accepted or not, "
                              "with a reason."},
    # --- what the tools say ----------------------------------------------------------
    "validate": {"zh": "校验", "en": "validate",
                 "zh-def": "`lode validate`：检查标准文件是否符合模式和规则。",
                 "en-def": "`lode validate`: check the standards' files against the schemas and rules."},
    "check": {"zh": "检查", "en": "check",
              "zh-def": "`lode check`：依据固定版本检查企业的披露文件。",
              "en-def": "`lode check`: check a company's disclosure against its pin."},
    "verify": {"zh": "核验", "en": "verify",
               "zh-def": "`lode verify`：证明一个固定版本所指的究竟是哪一份文本。",
               "en-def": "`lode verify`: prove which text a pin names."},
    "verdict": {"zh": "结论", "en": "verdict", "avoid": ["判决"],
                "zh-def": "`lode check` 对一份披露文件的判断：通过、未通过、拒收等。",
                "en-def": "`lode check`'s judgement on a disclosure: PASS, FAIL, rejected…"},
    "finding": {"zh": "问题", "en": "finding",
                "zh-def": "检查发现的一处问题，带位置、代码和提示。",
                "en-def": "One problem a check found, with its place, code and hint."},
    "finding-code": {"zh": "问题代码", "en": "code",
                     "zh-def": "问题的稳定名称，例如 duplicate-id，永远不变。",
                     "en-def": "A finding's stable name, such as duplicate-id; it never changes."},
    "hint": {"zh": "提示", "en": "hint",
             "zh-def": "问题后面给出的修改建议。",
             "en-def": "What to do about a finding."},
    "error": {"zh": "错误", "en": "error",
              "zh-def": "使检查不通过的问题。",
              "en-def": "A finding that fails the check."},
    "warning": {"zh": "警告", "en": "warning",
                "zh-def": "不影响通过、但应处理的问题（`--strict` 时也不通过）。",
                "en-def": "A finding that does not fail the check unless `--strict` is given."},
    "pass": {"zh": "通过", "en": "PASS",
             "zh-def": "结论：披露文件没有错误。",
             "en-def": "Verdict: the disclosure has no errors."},
    "fail": {"zh": "未通过", "en": "FAIL",
             "zh-def": "结论：披露文件有错误。",
             "en-def": "Verdict: the disclosure has errors."},
    "rejected": {"zh": "拒收", "en": "rejected",
                 "zh-def": "文件在检查前就被拒绝（非 UTF-8、YAML 别名、过大等）。",
                 "en-def": "The file was refused before checking (not UTF-8, a YAML alias, too large…)."},
    "exit-code": {"zh": "退出码", "en": "exit code",
                  "zh-def": "命令结束时返回的数字：0 通过，1 有问题，2 用法错误，3 拒收，4 固定版本核验失败，5 写入失败。",
                  "en-def": "The number a command ends with: 0 ok, 1 findings, 2 usage, 3 rejected, 4 pin, 5 write."},
}


def zh(key: str) -> str:
    """The Chinese of a term (a KeyError for an unknown term, so a typo fails a test)."""
    return str(TERMS[key]["zh"])


def en(key: str) -> str:
    """The English of a term."""
    return str(TERMS[key]["en"])


def term(key: str, lang: str) -> str:
    """A term in ``lang`` (``zh`` or ``en``)."""
    return str(TERMS[key][lang])


# The kinds of node (schemas/common.schema.json#/$defs/nodeKind) as a reader names them.
# A message argument given as one of these mappings is shown in the reader's language.
NODE_KINDS: dict[str, dict[str, str]] = {
    "foreword": {"zh": "前言", "en": "foreword"}, "introduction": {"zh": "引言", "en": "introduction"},
    "scope": {"zh": "范围", "en": "scope"}, "definition": {"zh": "定义", "en": "definition"},
    "part": {"zh": "部分", "en": "part"}, "chapter": {"zh": "章", "en": "chapter"},
    "section": {"zh": "节", "en": "section"}, "article": {"zh": "条", "en": "article"},
    "clause": {"zh": "条款", "en": "clause"}, "item": {"zh": "项", "en": "item"},
    "principle": {"zh": "原则", "en": "principle"}, "step": {"zh": "步骤", "en": "step"},
    "risk-type": {"zh": "风险类型", "en": "risk type"}, "characteristic": {"zh": "特征", "en": "characteristic"},
    "pillar": {"zh": "支柱", "en": "pillar"}, "core-subject": {"zh": "核心主题", "en": "core subject"},
    "issue": {"zh": "议题", "en": "issue"}, "topic": {"zh": "主题", "en": "topic"},
    "disclosure": {"zh": "披露项", "en": "disclosure"}, "area": {"zh": "领域", "en": "area"},
    "tier": {"zh": "层级", "en": "tier"}, "indicator": {"zh": "指标项", "en": "indicator"},
    "metric": {"zh": "指标", "en": "metric"}, "grade": {"zh": "等级", "en": "grade"},
    "annex": {"zh": "附录", "en": "annex"}, "appendix": {"zh": "附录", "en": "appendix"},
}


def node_kind(kind: str) -> dict[str, str] | str:
    """A node kind as a message argument: ``{"zh": …, "en": …}``, or the kind itself."""
    return NODE_KINDS.get(kind, kind)

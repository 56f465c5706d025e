"""The companies' page, server-rendered: Chinese by default, English by ``?lang=en``.
The basic flow needs no JavaScript (a plain form POST); downloads of a verdict are
``data:`` links inside the answer, so nothing is kept on the server to serve them later.

Every string that comes from a request or a file goes through :func:`esc`; nothing else
builds HTML. The verdict's status comes first, then the caveats, each finding at its
``sheet!cell`` (or line and column) with the code's hint, the completeness per tier and
the downloads.
"""

from __future__ import annotations

import base64
from html import escape
from typing import Any, Sequence
from urllib.parse import quote

from ..core.cells import cell_name
from ..core.i18n import tr
from .catalog import Release

LANGS = ("zh", "en")

T: dict[str, dict[str, str]] = {
    "title": {"zh": "ESG 披露自检", "en": "ESG disclosure check"},
    "intro": {"zh": "选择要对照的框架发布版本，下载填报模板，填好后上传，即可看到检查结论。文件只用于本次检查，检查结束即删除。",
              "en": "Pick the framework release to check against, download its template, fill it in and upload "
                    "it to read the verdict. Your file is used for this check only and deleted right after."},
    "other": {"zh": "English", "en": "中文"},
    "step1": {"zh": "1. 选择框架的发布版本（最新在前）", "en": "1. Pick the framework release (newest first)"},
    "own": {"zh": "不勾选时，按文件中写明的固定版本检查。", "en": "Tick none to check against the release the file names."},
    "template": {"zh": "下载模板（.xlsx）", "en": "Template (.xlsx)"},
    "none": {"zh": "本服务尚无框架的发布版本；上传的文件将按文件中写明的固定版本检查。",
             "en": "This service has no releases yet; a file is checked against the release it names."},
    "illustrative": {"zh": "含示意内容", "en": "illustrative content"},
    "step2": {"zh": "2. 上传披露文件", "en": "2. Upload your disclosure"},
    "accept": {"zh": "填好的模板工作簿（.xlsx），或 YAML、JSON 格式的披露文件，不超过 {mb} MB。",
               "en": "The filled-in template workbook (.xlsx), or a disclosure in YAML or JSON, up to {mb} MB."},
    "file": {"zh": "披露文件", "en": "Disclosure file"},
    # The picker's own words: a browser writes its file input's button and state in the
    # browser's language, not the page's, so the page draws them itself (see home()).
    "choose": {"zh": "选择文件…", "en": "Choose a file…"},
    "no-file": {"zh": "尚未选择文件", "en": "No file chosen yet"},
    "chosen": {"zh": "已选择文件，点击“开始检查”上传", "en": "File chosen: press Check to upload it"},
    "submit": {"zh": "开始检查", "en": "Check"},
    "api": {"zh": "核验机构接口说明", "en": "API for validators"},
    "against": {"zh": "检查依据", "en": "Checked against"},
    "file-digest": {"zh": "文件摘要值", "en": "File digest"},
    "edition-digest": {"zh": "版次摘要值", "en": "Edition digest"},
    "findings": {"zh": "发现的问题（{n}）", "en": "Findings ({n})"},
    "no-findings": {"zh": "没有发现问题。", "en": "No findings."},
    "fix": {"zh": "怎么改：", "en": "How to fix: "},
    "whole": {"zh": "整个文件", "en": "whole file"},
    "line": {"zh": "第 {line} 行第 {col} 列", "en": "line {line}, column {col}"},
    "completeness": {"zh": "完整度（按层级）", "en": "Completeness per tier"},
    "tier": {"zh": "层级", "en": "Tier"},
    "overall": {"zh": "全部", "en": "All"},
    "required": {"zh": "必填", "en": "Required"},
    "recommended": {"zh": "建议", "en": "Recommended"},
    "conditional": {"zh": "条件适用", "en": "Conditional"},
    "caveats": {"zh": "请注意", "en": "Caveats"},
    "cav-illustrative": {"zh": "{edition} 的 {metrics} 项指标中有 {n} 项是示意性占位内容，不是标准的正式文本：这一结论不能证明符合正式标准。",
                         "en": ""},
    "cav-allowed": {"zh": "{pin} 发布时允许了示意性内容（--allow-illustrative），其中含占位内容。", "en": ""},
    "cav-unpinned": {"zh": "文件对照的是 {edition} 的工作稿，而不是发布版本，结论事后无法核实。请在文件中写明发布号，例如 {edition}/r1。",
                     "en": "The file was checked against the working text of {edition}, not a release: the "
                           "verdict cannot be proved later. Name a release in the file, e.g. {edition}/r1."},
    "downloads": {"zh": "下载", "en": "Downloads"},
    "dl-json": {"zh": "检查结论（JSON）", "en": "Verdict (JSON)"},
    "dl-receipt": {"zh": "签名回执", "en": "Signed receipt"},
    "dl-index": {"zh": "内容索引（Markdown）", "en": "Content index (Markdown)"},
    "no-index": {"zh": "内容索引只为通过检查的披露生成。", "en": "A content index is made for a passing disclosure only."},
    "again": {"zh": "再检查一个文件", "en": "Check another file"},
    "refused": {"zh": "无法检查", "en": "Cannot check"},
    "severity-error": {"zh": "错误", "en": "Error"},
    "severity-warning": {"zh": "提醒", "en": "Warning"},
    "severity-info": {"zh": "说明", "en": "Note"},
}
STATUS = {"PASS": {"zh": "通过", "en": "Pass"}, "PASS WITH WARNINGS": {"zh": "通过（有提醒）", "en": "Pass with warnings"},
          "FAIL": {"zh": "未通过", "en": "Fail"}, "REJECTED": {"zh": "文件无法读取", "en": "File rejected"},
          "PIN FAILED": {"zh": "发布版本无法核实", "en": "Release could not be verified"},
          "NOT CHECKED": {"zh": "未能检查", "en": "Not checked"}}

_CSS = """
*{box-sizing:border-box}body{font:16px/1.55 system-ui,"Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
header,main{max-width:60rem;margin:0 auto;padding:1rem}header{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;flex-wrap:wrap}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.4rem 0 .5rem}section{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:1rem;margin:0 0 1rem}
ul.releases{list-style:none;padding:0;margin:0}ul.releases li{display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:baseline;padding:.5rem 0;border-top:1px solid #eef0f2}
ul.releases li:first-child{border-top:0}.muted{color:#57606a;font-size:.9rem}code{font-size:.88rem;word-break:break-all}
.badge{font-size:.8rem;padding:.05rem .45rem;border-radius:1rem;background:#fff4d6;color:#7a4d00}
.status{font-size:1.4rem;font-weight:700;padding:.6rem 1rem;border-radius:8px;margin:0 0 .8rem}
.PASS{background:#dff5e3;color:#145c26}.PASS-WITH-WARNINGS{background:#fff4d6;color:#6b4500}.FAIL,.REJECTED,.PIN-FAILED,.NOT-CHECKED{background:#fde2e1;color:#8a1c17}
ol.findings{padding-left:1.3rem}ol.findings li{margin:.5rem 0}.sev{font-weight:600}.sev-error{color:#8a1c17}.sev-warning{color:#6b4500}
.scroll{overflow-x:auto}table{border-collapse:collapse;min-width:100%}td,th{padding:.3rem .6rem;border-bottom:1px solid #eef0f2;text-align:left;white-space:nowrap}
.picker{position:relative}.file{position:absolute;left:0;bottom:0;width:1px;height:1px;opacity:0;overflow:hidden}
.pick{display:inline-block;padding:.45rem 1rem;border:1px solid #0b5cad;border-radius:6px;background:#fff;color:#0b5cad;cursor:pointer;margin-right:.6rem}
.file:focus-visible~.pick{outline:2px solid #0b5cad;outline-offset:2px}.file:invalid~.chosen,.file:valid~.none{display:none}
.chosen{color:#145c26;font-weight:600}button{font:inherit;padding:.5rem 1.4rem;border:0;border-radius:6px;background:#0b5cad;color:#fff;cursor:pointer}
a{color:#0b5cad}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dd{margin:0;min-width:0}
@media (max-width:40rem){dl{grid-template-columns:1fr}dt{font-weight:600}td,th{white-space:normal}}
"""


def esc(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def t(key: str, lang: str, **kw: Any) -> str:
    """The interface string ``key`` in ``lang``, escaped, with escaped arguments."""
    return esc(T[key][lang].format(**kw)) if kw else esc(T[key][lang])


def _doc(lang: str, body: str, switch: str = "/") -> str:
    other = "en" if lang == "zh" else "zh"
    sep = "&amp;" if "?" in switch else "?"
    return (f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{t("title", lang)}</title>'
            f'<style>{_CSS}</style></head><body><header><h1>{t("title", lang)}</h1><nav>'
            f'<a href="{esc(switch)}{sep}lang={other}" hreflang="{other}" lang="{other}">{t("other", lang)}</a> · '
            f'<a href="/api">{t("api", lang)}</a></nav></header><main>{body}</main></body></html>')


def _title(titles: dict[str, str], lang: str) -> str:
    return titles.get(lang) or titles.get("en" if lang == "zh" else "zh") or ""


def home(lang: str, releases: Sequence[Release], titles: dict[str, dict[str, str]], max_mb: float) -> str:
    rows = []
    for r in releases:
        badge = f' <span class="badge">{t("illustrative", lang)}</span>' if r.illustrative else ""
        rows.append(f'<li><label><input type="checkbox" name="pin" value="{esc(r.pin)}"> '
                    f'<strong>{esc(_title(titles.get(r.pin, {}), lang) or r.pin)}</strong></label>'
                    f'<code>{esc(r.pin)}</code><span class="muted">{esc(r.date)}</span>{badge}'
                    f'<a href="/template?pin={quote(r.pin, safe="")}" download>{t("template", lang)}</a></li>')
    listing = f'<ul class="releases">{"".join(rows)}</ul><p class="muted">{t("own", lang)}</p>' if rows \
        else f'<p>{t("none", lang)}</p>'
    body = (f'<p>{t("intro", lang)}</p><form method="post" action="/check" enctype="multipart/form-data">'
            f'<input type="hidden" name="lang" value="{esc(lang)}"><section><h2>{t("step1", lang)}</h2>{listing}'
            f'</section><section><h2>{t("step2", lang)}</h2><p class="muted">{t("accept", lang, mb=f"{max_mb:g}")}</p>'
            # The native input, out of sight but in the form and focusable (a hidden one
            # could not show the browser's "choose a file" warning), drawn by its label in
            # the page's language; whether a file is chosen shows from :valid, with no script.
            f'<p class="picker"><span id="file-name">{t("file", lang)}</span><br><input type="file" id="file" '
            f'name="file" class="file" required accept=".xlsx,.yaml,.yml,.json" '
            f'aria-labelledby="file-name file-pick"><label id="file-pick" for="file" class="pick">'
            f'{t("choose", lang)}</label><span class="none muted">{t("no-file", lang)}</span>'
            f'<span class="chosen">{t("chosen", lang)}</span></p>'
            f'<p><button type="submit">{t("submit", lang)}</button></p>'
            f'</section></form>')
    return _doc(lang, body)


def _where(v: Any, f: Any, lang: str) -> str:
    """``Sheet!F7`` in a workbook, line and column in YAML or JSON (as ``lode check`` says)."""
    if not f.line:
        return t("whole", lang)
    if v.sheets:
        return f"<code>{esc(cell_name(v.sheets, f.line, f.col))}</code>"
    return t("line", lang, line=f.line, col=f.col)


def _data_link(content: bytes, mime: str, name: str, label: str) -> str:
    href = f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"
    return f'<li><a href="{href}" download="{esc(name)}">{label}</a></li>'


def _completeness(c: dict[str, Any], lang: str) -> str:
    if not c:
        return ""
    reqs = ("required", "recommended", "conditional")

    def cells(row: dict[str, Any]) -> str:
        return "".join(f'<td>{row[r]["disclosed"] + row[r]["omitted"]}/{row[r]["total"]}</td>' for r in reqs)
    rows = [f'<tr><th>{t("overall", lang)}</th>{cells(c["overall"])}</tr>']
    for tier in c.get("tiers", []):
        pad = "　" * (tier.get("tier", 1) - 1)
        rows.append(f'<tr><td>{pad}{esc(_title(tier.get("title", {}), lang) or tier.get("id"))}</td>{cells(tier)}</tr>')
    head = "".join(f"<th>{t(r, lang)}</th>" for r in reqs)
    return (f'<h2>{t("completeness", lang)}</h2><div class="scroll"><table><thead><tr><th>{t("tier", lang)}</th>'
            f'{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def checked_section(checked: Any, receipt: bytes | None, lang: str) -> str:
    """One file's answer: a block per pin it was checked against, then its downloads."""
    out = [_verdict(checked, v, lang) for v in checked.verdicts]
    v = checked.verdicts[0]
    stem = (v.file.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "disclosure")
    links = [_data_link(checked.json, "application/json", f"{stem}.verdict.json", t("dl-json", lang))]
    if receipt is not None:
        links.append(_data_link(receipt, "text/plain", f"{stem}.receipt", t("dl-receipt", lang)))
    if checked.index is not None:
        links.append(_data_link(checked.index.encode("utf-8"), "text/markdown", f"{stem}.index.md",
                                t("dl-index", lang)))
    out.append(f'<section><h2>{t("downloads", lang)}</h2><ul class="downloads">{"".join(links)}</ul>')
    if checked.index is None:
        out.append(f'<p class="muted">{t("no-index", lang)}</p>')
    out.append("</section>")
    return "".join(out)


def _caveats(v: Any, lang: str) -> list[str]:
    """The verdict's caveats (made from the edition's data), in the page's language."""
    if lang == "en":
        out = [esc(c) for c in v.caveats]
    else:
        out = [t("cav-illustrative", lang, edition=v.edition, metrics=v.metrics, n=v.illustrative)] \
            if v.illustrative else []
        if v.illustrative_allowed:
            out.append(t("cav-allowed", lang, pin=v.pin))
    if v.edition and not v.pinned:
        out.append(t("cav-unpinned", lang, edition=v.edition))
    return out


def _verdict(checked: Any, v: Any, lang: str) -> str:
    out = [f'<section><p class="status {esc(v.status.replace(" ", "-"))}" role="status">'
           f'{esc(STATUS[v.status][lang])} <span class="muted">{esc(v.status)}</span> · {esc(v.file)}</p>']
    if v.edition:
        out.append(f'<dl><dt>{t("against", lang)}</dt><dd><code>{esc(v.pin)}</code>'
                   + (f' <span class="muted">{esc(v.tag)} · {esc(v.release_date)}</span>' if v.pinned else "")
                   + f'</dd><dt>{t("edition-digest", lang)}</dt><dd><code>{esc(v.edition_digest)}</code></dd>'
                   f'<dt>{t("file-digest", lang)}</dt><dd><code>{esc(checked.digest)}</code></dd></dl>')
    caveats = _caveats(v, lang)
    if caveats:
        out.append(f'<h2>{t("caveats", lang)}</h2><ul class="caveats">' + "".join(f"<li>{c}</li>" for c in caveats)
                   + "</ul>")
    out.append(f'<h2>{t("findings", lang, n=len(v.findings))}</h2>')
    if v.findings:
        items = []
        for f in v.findings:
            sev = f.severity.value
            hint = f'<br><span class="fix">{t("fix", lang)}{esc(tr(f.hint, lang))}</span>' if f.hint else ""
            items.append(f'<li class="finding"><span class="where">{_where(v, f, lang)}</span> · '
                         f'<span class="sev sev-{esc(sev)}">{t("severity-" + sev, lang)}</span> '
                         f'<code>{esc(f.code)}</code><br>{esc(tr(f.message, lang))}{hint}</li>')
        out.append(f'<ol class="findings">{"".join(items)}</ol>')
    else:
        out.append(f'<p>{t("no-findings", lang)}</p>')
    out.append(_completeness(dict(v.completeness or {}), lang))
    out.append("</section>")
    return "".join(out)


def result(lang: str, sections: list[str]) -> str:
    return _doc(lang, "".join(sections) + f'<p><a href="/?lang={lang}">{t("again", lang)}</a></p>', "/")


def refusal(lang: str, findings: Sequence[Any]) -> str:
    items = "".join(f'<li><code>{esc(f.code)}</code> {esc(tr(f.message, lang))}'
                    + (f'<br><span class="fix">{t("fix", lang)}{esc(tr(f.hint, lang))}</span>' if f.hint else "")
                    + "</li>"
                    for f in findings)
    body = (f'<section><p class="status REJECTED" role="status">{t("refused", lang)}</p>'
            f'<ul class="findings">{items}</ul></section><p><a href="/?lang={lang}">{t("again", lang)}</a></p>')
    return _doc(lang, body)


def api_page(spec: dict[str, Any]) -> str:
    """The API documentation as plain HTML from the app's OpenAPI document (no script,
    no CDN); the machine-readable document is at /api/v1/openapi.json."""
    rows = []
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            rows.append(f'<section><h2><code>{esc(method.upper())} {esc(path)}</code></h2>'
                        f'<p><strong>{esc(op.get("summary", ""))}</strong></p><p>{esc(op.get("description", ""))}</p>'
                        "</section>")
    body = (f'<p>{esc(spec.get("info", {}).get("description", ""))}</p>'
            f'<p><a href="/api/v1/openapi.json">OpenAPI (JSON)</a></p>{"".join(rows)}')
    return _doc("en", body, "/api").replace(f"<title>{t('title', 'en')}</title>", "<title>Lode checking API</title>")

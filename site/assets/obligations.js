// The obligations page (lode.site.obligations): reads obligations.json and lists what a
// company of the chosen listing reports under, by the rule `lode obligations` applies
// (lode.model.obligations): the entry's venue and companies cover it, the year is in
// force, and per edition (and part of it) the strongest requirement wins.
(function () {
  var STRENGTH = { "mandatory": 0, "comply-or-explain": 1, "voluntary": 2 };
  var WORDS = {
    zh: { cols: ["要求", "框架及版次", "名称", "报告截止", "条目 · 可信度"],
          none: "没有适用范围条目覆盖该企业。", from: "起始财务年度", part: "部分", open: "（", colon: "：", close: "）",
          req: { "mandatory": "强制", "comply-or-explain": "不遵守就解释", "voluntary": "自愿" } },
    en: { cols: ["Requirement", "Framework and edition", "Title", "Report due", "Entry · fidelity"],
          none: "No applicability entry covers this company.", from: "from FY", part: "part", open: " (", colon: ": ", close: ")",
          req: { "mandatory": "mandatory", "comply-or-explain": "comply or explain", "voluntary": "voluntary" } }
  };

  function covers(e, c) {
    if (e.venue !== "any" && c.listed.indexOf(e.venue) < 0) return false;
    var who = e.who;
    if (who.all) return true;
    if (who.index) return who.index.some(function (i) { return c.indexes.indexOf(i) >= 0; });
    if (who.board) return who.board.some(function (b) { return c.boards.indexOf(b) >= 0; });
    if (who["dual-listed"]) return c.dual;
    return false;
  }

  function due(e, year) {
    if (year === e["from-fiscal-year"] && e["first-report-due"]) return e["first-report-due"];
    if (!e["due-months"]) return null;
    var n = 12 + e["due-months"];
    var y = year + Math.floor((n - 1) / 12), m = (n - 1) % 12 + 1;  // the last day of month m
    var last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return y + "-" + String(m).padStart(2, "0") + "-" + String(last).padStart(2, "0");
  }

  function inForce(e, year) {
    var lo = e["from-fiscal-year"], hi = e["until-fiscal-year"];
    if ((lo != null && year < lo) || (hi != null && year > hi)) return false;
    var since = e["from-date"];
    return since == null || since <= (due(e, year) || (year + 1) + "-12-31");
  }

  function find(entries, c, year) {
    var best = {}, order = [];
    entries.forEach(function (e) {
      if (!covers(e, c) || !inForce(e, year)) return;
      var key = [e.standard, e.edition, (e.nodes || []).join(",")].join("|");
      if (!(key in best)) { best[key] = e; order.push(key); }
      else if (STRENGTH[e.requirement] < STRENGTH[best[key].requirement]) best[key] = e;
    });
    var out = order.map(function (k) { return best[k]; });
    out.sort(function (a, b) {
      return STRENGTH[a.requirement] - STRENGTH[b.requirement] || (a.standard < b.standard ? -1 : a.standard > b.standard ? 1 : 0)
        || (a.edition < b.edition ? -1 : a.edition > b.edition ? 1 : 0);
    });
    return out;
  }

  // Each cell carries its column's name: on a phone the rows are cards (lode.css,
  // .lode-cards) and the name is shown above the value, since the header is hidden.
  function cell(tr, text, label) {
    var td = document.createElement("td");
    td.textContent = text;
    td.setAttribute("data-label", label);
    tr.appendChild(td);
  }

  function show(form, entries) {
    var lang = form.getAttribute("data-lang") === "zh" ? "zh" : "en", w = WORDS[lang];
    var listed = [].slice.call(form.querySelectorAll("input[name=listed]:checked")).map(function (i) { return i.value; });
    var dual = form.elements.dual.value;
    if (dual && listed.indexOf(dual) < 0) listed.push(dual);
    var checked = function (name) {
      return [].slice.call(form.querySelectorAll("input[name=" + name + "]:checked")).map(function (i) { return i.value; });
    };
    var c = { listed: listed, dual: listed.length > 1, indexes: checked("index"), boards: checked("board") };
    var year = parseInt(form.elements.year.value, 10);
    var box = document.getElementById("lode-obligations-result");
    box.textContent = "";
    var found = find(entries, c, year);
    if (!found.length) { var p = document.createElement("p"); p.textContent = w.none; box.appendChild(p); return; }
    var table = document.createElement("table"), head = document.createElement("thead"),
        body = document.createElement("tbody"), hr = document.createElement("tr");
    w.cols.forEach(function (c) { var th = document.createElement("th"); th.textContent = c; hr.appendChild(th); });
    head.appendChild(hr);
    table.appendChild(head);
    found.forEach(function (e) {
      var tr = document.createElement("tr"), ref = e.standard + "@" + e.edition, d = due(e, year);
      tr.setAttribute("data-ref", ref);
      tr.setAttribute("data-entry", e.id);
      tr.setAttribute("data-requirement", e.requirement);
      tr.setAttribute("data-due", d || "");
      cell(tr, w.req[e.requirement] || e.requirement, w.cols[0]);
      cell(tr, ref + (e.nodes && e.nodes.length ? w.open + w.part + w.colon + e.nodes.join(", ") + w.close : ""), w.cols[1]);
      cell(tr, e.title[lang] || e.title.en || e.standard, w.cols[2]);
      cell(tr, d || "", w.cols[3]);
      cell(tr, e.id + " · " + (e["fidelity-text"] ? e["fidelity-text"][lang] : e.fidelity), w.cols[4]);
      body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(table);
  }

  function start() {
    var form = document.getElementById("lode-obligations");
    if (!form || form.getAttribute("data-ready")) return;
    fetch(form.getAttribute("data-src")).then(function (r) { return r.json(); }).then(function (doc) {
      form.addEventListener("submit", function (ev) { ev.preventDefault(); show(form, doc.entries); });
      form.setAttribute("data-ready", "1");
    });
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);  // Material's instant loading
  else document.addEventListener("DOMContentLoaded", start);
})();

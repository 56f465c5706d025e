// The header's language switch (Material's alternate links, pointed at the same page by
// mkdocs-static-i18n and the lode plugin) keeps the reader's place: the #anchor of the
// clause being read travels with the click. Captured on document, before Material's own
// handler on body, which would navigate again without the anchor.
document.addEventListener("click", function (ev) {
  var a = ev.target instanceof Element ? ev.target.closest("a.md-select__link[hreflang]") : null;
  if (!a || !location.hash || ev.metaKey || ev.ctrlKey) return;
  ev.preventDefault();
  ev.stopPropagation();
  location.href = a.href.split("#")[0] + location.hash;
}, true);

// Content tabs (中文 / English) are linked across the site by their label, and the
// reader's choice is remembered. Lode's tab sets (markup.html_tabs) are plain radios that
// Material's CSS switches, not mounted by Material's script: its own linking (the
// content.tabs.link feature) read every label's innerText after switching each set,
// laying the page out once per set, and on an edition of 1,000 provisions a click took
// 30 s and a page load with English chosen 9 s. Here a label is compared by its
// textContent (no layout) and each set is visited once; lode.css marks the chosen label.
(function () {
  var KEY = "lode.tab";

  function choose(text) {
    var sets = document.querySelectorAll(".lode-tabs");
    for (var i = 0; i < sets.length; i++) {
      var labels = sets[i].querySelectorAll(":scope > .tabbed-labels > label");
      for (var j = 0; j < labels.length; j++) {
        if (labels[j].textContent.trim() !== text) continue;
        var input = document.getElementById(labels[j].htmlFor);
        if (input) input.checked = true;
        break;
      }
    }
  }

  try {  // storage may be switched off: the tabs then simply start on the page's language
    var chosen = localStorage.getItem(KEY);
    if (chosen) choose(chosen);
  } catch (e) { /* nothing remembered */ }

  document.addEventListener("change", function (ev) {
    var input = ev.target;
    var set = input instanceof HTMLInputElement ? input.parentElement : null;
    if (!set || !set.classList.contains("lode-tabs") || !input.checked) return;
    var label = set.querySelector(':scope > .tabbed-labels > label[for="' + CSS.escape(input.id) + '"]');
    if (!label) return;
    var text = label.textContent.trim();
    try { localStorage.setItem(KEY, text); } catch (e) { /* the choice is not remembered */ }
    // The text above the clicked set changes length: keep the set where the reader saw it.
    var top = set.getBoundingClientRect().top;
    choose(text);
    window.scrollBy(0, set.getBoundingClientRect().top - top);
  });
})();

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

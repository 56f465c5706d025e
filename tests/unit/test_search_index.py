"""The search index's de-duplication (site/search_index.py) against static-i18n's own."""

from __future__ import annotations

import random
from types import SimpleNamespace

from mkdocs_static_i18n.reconfigure import ExtendedPlugin

from lode.site.search_index import drop_duplicates


def _entries(seed: int) -> list[dict[str, str]]:
    """Default-language entries, then each other language's, as static-i18n stacks them:
    some repeat a default entry exactly (a page that fell back), some differ in title,
    text or place, and some titles and texts repeat within a language."""
    rnd = random.Random(seed)
    pages = ["", "guides/reading/", "a/2020/", "a/2024/", "b/2015/"]
    default = [{"location": rnd.choice(pages) + rnd.choice(["", "#x", "#y"]), "title": rnd.choice("TUV"),
                "text": rnd.choice(["one", "two", ""])} for _ in range(40)]
    out = list(default)
    for lang in ("en", "fr"):
        for e in default:
            roll = rnd.random()
            copy = dict(e, location=f"{lang}/{e['location']}")
            if roll < 0.3:
                copy["text"] += " (translated)"
            elif roll < 0.4:
                copy["title"] = "W"
            elif roll < 0.5:
                copy["location"] = f"{lang}/z/{e['location']}"  # ends with the default's place too
            out.append(copy)
    return out


def test_same_entries_as_static_i18n_in_the_same_order() -> None:
    removed = 0
    for seed in range(30):
        ours, theirs = _entries(seed), _entries(seed)
        drop_duplicates(ours, ["zh", "en", "fr"])
        ExtendedPlugin.reconfigure_search_duplicates(SimpleNamespace(build_languages=["zh", "en", "fr"]), theirs)
        assert ours == theirs, seed
        removed += len(_entries(seed)) - len(ours)
    assert removed > 0  # the cases do exercise removal


def test_an_entry_of_the_default_language_is_never_removed() -> None:
    entries = [{"location": "en/x/", "title": "T", "text": "t"}, {"location": "x/", "title": "T", "text": "t"},
               {"location": "x/", "title": "T", "text": "t"}]
    drop_duplicates(entries, ["zh", "en"])
    assert entries == [{"location": "x/", "title": "T", "text": "t"}] * 2


def test_a_rebuild_replaces_every_rebuilt_page_and_keeps_the_others() -> None:
    from lode.site.search_index import merge_rebuilt

    previous = [{"location": p, "title": t, "text": "old"} for p, t in
                [("a/", "A"), ("a/#x", "X"), ("b/", "B"), ("en/a/", "A"), ("en/b/", "B")]]
    rebuilt = [{"location": "a/", "title": "A", "text": "new"}, {"location": "en/a/", "title": "A", "text": "new"}]
    merged = merge_rebuilt(previous, rebuilt)
    assert sorted((e["location"], e["text"]) for e in merged) == [
        ("a/", "new"), ("b/", "old"), ("en/a/", "new"), ("en/b/", "old")]  # a/#x went with its page
    assert merge_rebuilt(merged, rebuilt) == merged  # a second save of the same pages adds nothing
    assert merge_rebuilt(previous, []) == previous


def test_the_index_written_page_by_page_is_the_json_material_writes() -> None:
    # A save under `make serve` writes the index with only the rebuilt pages serialized
    # again (IndexJson); the bytes must be exactly Material's json.dumps of the whole.
    import json

    from lode.site.search_index import IndexJson, merge_rebuilt

    config = {"lang": ["en", "zh"], "separator": "[\\s]+", "pipeline": ["stopWordFilter"], "fields": {"title": {"boost": 1e3}}}
    writer = IndexJson()
    entries = [dict(e, text=e["text"] + " \u200b中文 <p>\"q\"</p>") for e in _entries(1)]
    for seed in range(2, 8):
        written = b"".join(writer.parts(config, entries))
        assert written == json.dumps({"config": config, "docs": entries}, separators=(",", ":"), default=str).encode()
        rnd = random.Random(seed)
        page = rnd.choice(sorted({e["location"].split("#", 1)[0] for e in entries}))
        rebuilt = [{"location": page + "#n", "title": f"new {seed}", "text": "changed"}] if seed % 3 else []
        entries = merge_rebuilt(entries, rebuilt) if rebuilt else entries[: len(entries) - 1]
    assert b"".join(writer.parts(config, [])) == json.dumps({"config": config, "docs": []},
                                                            separators=(",", ":")).encode()
    # a writer that remembers nothing gives the same bytes, and reuses none
    once = IndexJson(remember=False)
    assert b"".join(once.parts(config, entries)) == b"".join(IndexJson().parts(config, entries))
    assert once._pages == {}


def test_a_rebuilt_page_serializes_only_the_entries_it_did_not_keep(monkeypatch) -> None:
    # A save that rewords one provision keeps the page's other entries (the same objects):
    # their bytes are reused, and the file is still exactly Material's json.dumps.
    import json

    from lode.site import search_index

    config = {"lang": ["en"]}
    page = [{"location": f"std/ed/#n{i}", "title": f"n{i}", "text": f"clause {i} \u4e2d\u6587 \"q\""} for i in range(50)]
    other = [{"location": "std/", "title": "std", "text": "a standard"}]
    dumped: list[object] = []
    real = search_index._dumps
    monkeypatch.setattr(search_index, "_dumps", lambda v: dumped.append(v) or real(v))
    writer = search_index.IndexJson()
    for save in range(4):
        entries = other + page
        dumped.clear()
        assert b"".join(writer.parts(config, entries)) == json.dumps(
            {"config": config, "docs": entries}, separators=(",", ":"), default=str).encode()
        # the first write dumps each page whole; the first save of a page, each of its
        # entries; from then on only the entry that changed (and the config)
        assert len(dumped) == [3, 51, 2, 2][save], (save, len(dumped))
        page = [dict(e, text=f"reworded {save}") if i == 7 * save + 3 else e for i, e in enumerate(page)]

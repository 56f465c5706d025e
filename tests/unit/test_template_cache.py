"""The plugin's compiled-template cache (site/mkdocs_plugin.py): mkdocs makes a new Jinja
environment at every rebuild; the cache spares the compile, never an edit."""

from __future__ import annotations

import jinja2
from lode.site.mkdocs_rebuild import CompiledTemplates


def test_a_new_environment_reuses_the_compiled_template_and_an_edit_recompiles() -> None:
    cache = CompiledTemplates()
    sources = {"page.html": "<p>{{ word }}</p>"}
    compiled: list[str] = []

    class Counting(jinja2.Environment):
        def _compile(self, source: str, filename: str) -> object:  # type: ignore[override]
            compiled.append(filename)
            return super()._compile(source, filename)

    def render() -> str:
        env = Counting(loader=jinja2.DictLoader(sources), bytecode_cache=cache)
        return env.get_template("page.html").render(word="a")

    assert render() == "<p>a</p>" and len(compiled) == 1
    assert render() == "<p>a</p>" and len(compiled) == 1  # a second environment: no compile
    sources["page.html"] = "<div>{{ word }}</div>"
    assert render() == "<div>a</div>" and len(compiled) == 2  # the edited template is compiled again

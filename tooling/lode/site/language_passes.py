"""static-i18n's language passes in a one-off `mkdocs build` (mkdocs-static-i18n 1.3.1,
pinned; ``material_search.VERSIONS``): the other languages built in a forked child while
this process builds the first, each pass started without the language-switch links
the pass before it left behind, and each language's 404 page kept."""

from __future__ import annotations

import logging
import pickle
import tempfile
from pathlib import Path
from typing import Any, Callable

from ..core import forked
from ..core.fsutil import write_atomic
from . import i18n


def languages(config: Any) -> tuple[str, str]:
    """(language of this pass, default language) from static-i18n; Lode's default if absent."""
    plugin = config.plugins.get("i18n")
    default = getattr(plugin, "default_language", None) or i18n.DEFAULT
    return getattr(plugin, "current_language", None) or default, default


def other_languages_forked(config: Any) -> Any:
    """static-i18n builds each other language after the first, in the first language's
    post-build event, one pass after the other in one process. Here those passes start
    now, in a forked child (``core.forked.start``), while this process goes on with the
    first language's pass; when static-i18n comes to build them, it takes the child's
    search entries instead (the pages are already written) and goes on as it would (the
    index of every language, its duplicates dropped). Call it once the first language's
    nav is made (the other languages' sitemap lists its pages) and before its pages are
    written. Returns the running child (for ``cancel`` if this process fails first, or
    once the build is over), or None where static-i18n is absent or builds one language."""
    plugin = config.plugins.get("i18n")
    try:
        from mkdocs_static_i18n import plugin as i18n_module
        from mkdocs_static_i18n.utils import I18nLoggingFilter
    except ImportError:
        return None
    if plugin is None or getattr(plugin, "building", True) or not callable(getattr(i18n_module, "build", None)):
        return None
    first = plugin.current_language
    others = [lang for lang in plugin.build_languages if lang != first]
    if not others:
        return None
    build = i18n_module.build
    # What the child made comes back through a file, read as it is unpickled: as the
    # child's value it came whole through a pipe, and at 100,000 nodes its search entries
    # (about 340 MB as read) were the build's peak memory (tooling/bench/RESULTS.md, goal 3).
    # A file with no name, opened before the fork (both processes share it): nothing is
    # left on disk however the build ends, even killed.
    made = tempfile.TemporaryFile()

    def passes() -> None:
        # What static-i18n's post-build event does around its own calls to `build`.
        from mkdocs import utils
        from mkdocs.commands import build as mkdocs_build

        utils.clean_directory = lambda x: x  # the first language's pages stay
        logging_filter = I18nLoggingFilter()
        logging_filter.filtered_prefixes.update(("Documentation built in", "Building documentation to directory"))
        logging.getLogger("mkdocs.commands.build").addFilter(logging_filter)
        # The theme's own templates (404.html, sitemap.xml and its .gz) go to the same
        # paths in every pass, the last pass's kept: their bytes go back to the parent,
        # which writes them again once its own pass has written its own.
        templates: dict[str, bytes] = {}
        theme_template = mkdocs_build._build_theme_template

        def kept(name: str, env: Any, files: Any, config: Any, nav: Any) -> None:
            theme_template(name, env, files, config, nav)
            for path in (Path(config.site_dir) / name, Path(config.site_dir) / f"{name}.gz"):
                if path.is_file():
                    templates[str(path)] = path.read_bytes()

        mkdocs_build._build_theme_template = kept
        plugin.building = True
        for lang in others:
            plugin.current_language = lang
            build(config, dirty=False)
        # the first language's entries are not in yet: the others' only
        pickle.dump((list(plugin.search_entries), templates), made, protocol=pickle.HIGHEST_PROTOCOL)
        made.flush()

    running = forked.start(passes)

    def take(config: Any, dirty: bool = False) -> None:
        """static-i18n's call to build the next language: the child built them all."""
        if take.entries is None:  # type: ignore[attr-defined]
            running.result()  # the child's error, if it failed, raised here
            with made:
                made.seek(0)  # the child's writes moved the offset the two share
                take.entries, templates = pickle.load(made)  # type: ignore[attr-defined]
            plugin.search_entries.extend(take.entries)  # type: ignore[attr-defined]
            for path, data in templates.items():
                Path(path).write_bytes(data)
        take.calls += 1  # type: ignore[attr-defined]
        if take.calls == len(others):  # type: ignore[attr-defined]
            i18n_module.build = build

    take.entries, take.calls = None, 0  # type: ignore[attr-defined]
    i18n_module.build = take
    return _Others(running, lambda: setattr(i18n_module, "build", build), made.close)


class _Others:
    """The child building the other languages; :meth:`cancel`, at the build's end (the
    plugin's ``on_shutdown``), stops it if this process failed first, gives static-i18n its
    own ``build`` back and closes the file the child's work came back in."""

    def __init__(self, running: Any, restore: Callable[[], None], close: Callable[[], None]) -> None:
        self._running, self._restore, self._close = running, restore, close

    def cancel(self) -> None:
        self._restore()
        self._running.cancel()
        self._close()


def fresh_alternates(config: Any) -> None:
    """static-i18n points the language switch at each page's other-language copy by
    setting ``config.extra.alternate`` as an attribute, beside the configured item it
    starts each language's pass from; the attribute outlives the pass, so the next
    language's 404 page (rendered before its pages) linked to the last page of the pass
    before (``/standards/``). Dropped at each pass's start: the 404 page's switch leads
    to each language's home, and a language's pass gives the same pages whether or not
    another pass ran before it in the same process (``other_languages_forked``)."""
    extra = getattr(config, "extra", None)
    if extra is not None and isinstance(getattr(extra, "__dict__", None), dict):
        extra.__dict__.pop("alternate", None)


class NotFoundPages:
    """Every pass renders the theme's 404 page to the same file at the site's root, so the
    last pass's language won: a Chinese-first site answered every missing page in English.
    The default language's page is kept at the root (a host serves the root's 404 page for
    any missing path), each other language's in its own folder (``en/404.html``)."""

    def __init__(self) -> None:
        self._default: str | None = None

    def rendered(self, output: str, config: Any) -> str:
        """The 404 page a pass rendered (``on_post_template``), returned unchanged."""
        lang, default = languages(config)
        if lang == default:
            self._default = output
        else:  # in the pass's process, which may be the forked child: the file is shared
            write_atomic(Path(config.site_dir) / lang / "404.html", output.encode("utf-8"), durable=False)
        return output

    def restore(self, config: Any) -> None:
        """Once every pass is over (after static-i18n's post-build): the default
        language's page back at the root."""
        plugin = config.plugins.get("i18n")
        if getattr(plugin, "building", False) or self._default is None:
            return  # a nested pass: static-i18n has passes still to run
        write_atomic(Path(config.site_dir) / "404.html", self._default.encode("utf-8"), durable=False)

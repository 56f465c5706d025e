"""The mkdocs plugin: a thin adapter from mkdocs to Lode's library.

It validates the repository when the site is built (errors stop the build), puts the
standards section into the nav, and adds the generated pages and downloads from
``sitegen``. Generated files are written to ``build/generated/`` and rewritten only
when their content changes, so ``mkdocs serve --dirty`` rebuilds only what an edit
touched (pages handed to mkdocs in memory count as modified on every build; see
DESIGN.md, performance principles).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from ..core.codes import Severity
from ..model.corpus import Corpus
from ..site import build as sitegen
from ..site.watch import use_event_observer
from ..validate.cache import Cache, default_dir
from ..validate.run import validate

log = get_plugin_logger(__name__)


class _LodeConfig(Config):
    root = c.Type(str, default=".")
    generated_dir = c.Type(str, default="build/generated")
    # `mkdocs serve` watches with file-system events (inotify); false keeps mkdocs' 0.5 s
    # polling, for file systems that send no events (some network and container mounts).
    watch_events = c.Type(bool, default=True)


class LodePlugin(BasePlugin[_LodeConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path).parent
        self.root = (base / self.config.root).resolve()
        self.out = (base / self.config.generated_dir).resolve()
        report = validate(self.root, cache=Cache(default_dir()))
        errors = [f for f in report.findings if f.severity is Severity.ERROR]
        for f in errors:
            log.error(f"{f.path}:{f.line}:{f.col}: [{f.code}] {f.message}")
        if report.rejected or errors:
            raise PluginError(f"lode validate found {len(errors)} error(s); run `lode validate` for details")
        # Warnings go through mkdocs' own warning channel, so `mkdocs build --strict` fails
        # on them; completeness (`incomplete`) is info and never fails a build.
        for f in report.findings:
            if f.severity is Severity.WARNING:
                log.warning(f"{f.path}:{f.line}:{f.col}: [{f.code}] {f.message}")
        self.site = sitegen.build(Corpus.load(self.root))
        config.nav = sitegen.expand_nav(config.nav, self.site.nav)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        clash = [uri for uri in self.site.files if files.get_file_from_path(uri)]
        if clash:
            raise PluginError(f"generated pages would replace hand-written ones: {', '.join(clash)}")
        sitegen.write_changed(self.out, self.site.files)
        for uri in self.site.files:
            files.append(File.generated(config, uri, abs_src_path=str(self.out / uri)))
        return files

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        # Event-based file watching (site/watch.py): a save shows without mkdocs' 0.5 s poll.
        if self.config.watch_events and use_event_observer(server):
            log.info("watching for changes with file-system events")
        return server

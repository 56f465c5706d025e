"""Edit -> visible page under ``make serve``: the file watcher.

mkdocs 1.6 watches with watchdog's *polling* observer (every 0.5 s) and waits 0.1 s for
changes to settle, which was most of the ~1 s between a drafter's save and the new
word on the page (issue 17). The plugin's ``on_serve`` hands the server an event-based
observer instead (inotify on Linux, FSEvents or kqueue elsewhere), with the same
watches and handlers; the rebuild is still mkdocs' own (``--dirty`` in ``make serve``).

The server object is mkdocs' ``LiveReloadServer`` (``mkdocs==1.6.1``, pinned); this
module reads its ``observer`` and ``_watch_refs`` without importing mkdocs. Where no
event API exists, or the server is not the one expected, polling stays.
"""

from __future__ import annotations

from typing import Any

# Seconds to wait for more events after the first: an editor's save is a burst (write a
# temporary file, rename it over the old one), and one rebuild per burst is enough.
SETTLE_S = 0.03


def use_event_observer(server: Any) -> bool:
    """Swap the server's polling observer for an event-based one; whether it did."""
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    old = getattr(server, "observer", None)
    refs = getattr(server, "_watch_refs", None)
    if not isinstance(old, PollingObserver) or old.is_alive() or not isinstance(refs, dict):
        return False
    new = Observer()
    if isinstance(new, PollingObserver):
        return False
    moved = {}
    for path, watch in refs.items():
        for handler in list(old._handlers.get(watch, ())):  # noqa: SLF001 - watchdog keeps no public list
            moved[path] = new.schedule(handler, watch.path, recursive=watch.is_recursive)
    server.observer = new
    server._watch_refs = moved  # noqa: SLF001 - so that mkdocs' unwatch() finds them
    server.build_delay = min(getattr(server, "build_delay", SETTLE_S), SETTLE_S)
    return True

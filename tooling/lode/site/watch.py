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

def _changes() -> list[type]:
    """The events that mean something changed. inotify also reports a file opened, or
    closed without a write; mkdocs rebuilds on every event, and a rebuild opens every
    watched file, so passing those on made `make serve` rebuild in a loop after a save."""
    from watchdog import events as e

    return [e.FileCreatedEvent, e.FileDeletedEvent, e.FileModifiedEvent, e.FileMovedEvent, e.FileClosedEvent,
            e.DirCreatedEvent, e.DirDeletedEvent, e.DirModifiedEvent, e.DirMovedEvent]


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
    class ChangesOnly(Observer):  # type: ignore[misc, valid-type]
        # Every watch, the ones moved here and the ones mkdocs adds after on_serve.
        def schedule(self, handler: Any, path: str, *, recursive: bool = False, event_filter: Any = None) -> Any:
            return super().schedule(handler, path, recursive=recursive, event_filter=event_filter or _changes())

    new = ChangesOnly()
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

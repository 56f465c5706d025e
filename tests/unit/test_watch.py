"""The serve watcher: the plugin hands mkdocs' real LiveReloadServer an event-based
observer with the same watches, and a save then asks for a rebuild (no timing is
asserted: the wait below only bounds a hang)."""

from __future__ import annotations

from pathlib import Path

from lode.site.watch import use_event_observer
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver


def _server(tmp: Path) -> LiveReloadServer:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp))
    (tmp / "docs").mkdir()
    (tmp / "standards").mkdir()
    server.watch(str(tmp / "docs"))
    return server


def test_event_observer_takes_over_the_watches_and_sees_a_save(tmp_path: Path) -> None:
    server = _server(tmp_path)
    assert isinstance(server.observer, PollingObserver)
    assert use_event_observer(server)
    assert not isinstance(server.observer, PollingObserver)
    server.watch(str(tmp_path / "standards"))  # what mkdocs does for `watch:` after on_serve
    assert {Path(w.path).name for w in server._watch_refs.values()} == {"docs", "standards"}
    server.observer.start()
    try:
        with server._rebuild_cond:
            (tmp_path / "standards" / "x.yaml").write_text("a: 1\n", encoding="utf-8")
            assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=30)
        server.unwatch(str(tmp_path / "docs"))  # mkdocs' own unwatch still finds its watch
        assert {Path(w.path).name for w in server._watch_refs.values()} == {"standards"}
    finally:
        server.observer.stop()
        server.observer.join(10)
        server.server_close()


def test_a_started_or_foreign_observer_is_left_alone(tmp_path: Path) -> None:
    server = _server(tmp_path)
    server.observer.start()
    try:
        assert not use_event_observer(server)
        assert isinstance(server.observer, PollingObserver)
    finally:
        server.observer.stop()
        server.observer.join(10)
        server.server_close()
    assert not use_event_observer(object())


def test_reading_a_watched_file_is_not_a_change(tmp_path: Path) -> None:
    # inotify reports a file opened and closed unwritten; mkdocs rebuilds on every event
    # and a rebuild reads every watched file, so those events made `serve` rebuild in a
    # loop. Events arrive in order: once the write to `b` is seen, the read of `a` (done
    # first) would have been seen too.
    import threading

    from watchdog.events import FileSystemEventHandler

    server = _server(tmp_path)
    assert use_event_observer(server)
    (tmp_path / "standards" / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    seen: list[tuple[str, str]] = []
    wrote_b = threading.Event()

    class Recorder(FileSystemEventHandler):
        def on_any_event(self, event: object) -> None:
            seen.append((Path(event.src_path).name, event.event_type))  # type: ignore[attr-defined]
            if Path(event.src_path).name == "b.yaml":  # type: ignore[attr-defined]
                wrote_b.set()

    server.observer.schedule(Recorder(), str(tmp_path / "standards"), recursive=True)  # as mkdocs' watch() does
    server.observer.start()
    try:
        (tmp_path / "standards" / "a.yaml").read_text(encoding="utf-8")
        (tmp_path / "standards" / "b.yaml").write_text("b: 1\n", encoding="utf-8")
        assert wrote_b.wait(timeout=30)
        assert not [e for e in seen if e[0] == "a.yaml"], seen
    finally:
        server.observer.stop()
        server.observer.join(10)
        server.server_close()

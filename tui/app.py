"""The Dispatch Box app: it holds the store, the searcher and the settings, nothing else."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import App
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from archive.models import Annotation, Letter
from archive.store import ANNOTATIONS_FILE, Store, TextMissing
from index.searcher import Searcher
from index.writer import IndexDamaged
from tui.commands import (
    AreaCommands,
    DepartmentCommands,
    MPCommands,
    ReferenceCommands,
    SavedSearchCommands,
    StatsCommands,
    TagCommands,
)
from tui.config import Config
from tui.keys import bindings_for
from tui.messages import (
    AnnotationsChanged,
    IndexStateChanged,
    NoteMerged,
    Notice,
    PairingChanged,
)
from tui.text import display_line
from tui.words import MARK_WORDS, counted

#: How often the app looks for letters and annotations another process wrote (a few stats).
WATCH_SECONDS = 1.0


#: ``h`` in turn: unmarked, a holding reply, the full answer, unmarked again.
MARK_CYCLE: dict[str | None, str | None] = {None: "holding", "holding": "full", "full": None}


#: How often the app checks that its terminal is still there (see ``check_terminal``).
TERMINAL_CHECK_SECONDS = 2.0


class DispatchBoxApp(App[None]):
    """Search, read, tag and annotate an archive of MPs' correspondence."""

    CSS_PATH = "app.tcss"
    #: Below 100 columns every screen has the class ``-narrow`` (app.tcss lays it out for 80),
    #: from 180 ``-roomy`` (room for longer facet values).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide"), (180, "-roomy")]
    TITLE = "Dispatch Box"
    COMMANDS = App.COMMANDS | {
        MPCommands,
        AreaCommands,
        DepartmentCommands,
        TagCommands,
        SavedSearchCommands,
        ReferenceCommands,
        StatsCommands,
    }
    BINDINGS = bindings_for("DispatchBoxApp")

    def __init__(
        self,
        store: Store,
        searcher: Searcher | None = None,
        *,
        config: Config | None = None,
        build_index: bool = True,
    ) -> None:
        super().__init__()
        self.store = store
        self.searcher = searcher or Searcher(store)
        #: The pairing of letters and replies (shared with the searcher's has:/is:/days:).
        self.threads = self.searcher.threads
        self.config = config or Config()
        self.build_index = build_index
        self.letter_total = 0
        #: The annotations file as last seen (inode, size, mtime) and what it held.
        self._annotations_stamp: tuple[int, int, int] | None = None
        self._annotations_seen: dict[str, Annotation] | None = None
        self._annotations_looked = False
        self._index_opened = False
        #: A note as this app last knew it on disk, per letter open in the note editor.
        self._note_bases: dict[str, str] = {}
        self._note_serials: dict[str, int] = {}
        self._note_lock = threading.Lock()

    def on_mount(self) -> None:
        from tui.screens.main import MainScreen

        if self.config.keys:
            self.set_keymap(self.config.keys)
            self.check_key_ids()
        if self.config.theme and self.config.theme in self.available_themes:
            self.theme = self.config.theme
        for problem in self.config.problems:
            self.notify(problem, severity="warning", timeout=8)
        for notice in self.store.notices:  # a damaged annotations file, mended at open
            self.notify(notice, title="Annotations restored", severity="warning", timeout=15)
        if not self.is_headless:
            self.stop_on_hangup()
        self.push_screen(MainScreen())
        self.watch_archive()  # what the annotations hold now: later changes are news
        self.set_interval(WATCH_SECONDS, self.watch_archive)

    def stop_on_hangup(self) -> None:
        """The terminal closing (SIGHUP) or SIGTERM ends the app as ``q`` does, with the exit
        code a shell expects (128 + the signal). Without it the app outlived its closed
        terminal, its input thread spinning on the end of input at full speed."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, self.exit, None, 128 + signum)
            except (NotImplementedError, RuntimeError, ValueError):
                pass  # not the main thread, or a platform without these signals
        # Under a parent that keeps the hangup to itself (`make demo`: make is told, and
        # waits for its child), no signal comes: look for the terminal now and then.
        self.set_interval(TERMINAL_CHECK_SECONDS, self.check_terminal)

    def check_terminal(self) -> None:
        """End the app as a hangup would when its terminal has gone."""
        import signal
        import sys
        import termios

        try:
            termios.tcgetattr(sys.__stdin__.fileno() if sys.__stdin__ else 0)
        except (termios.error, OSError, ValueError):
            self.exit(None, 128 + signal.SIGHUP)

    @work(thread=True, exit_on_error=False, group="settings")
    def check_key_ids(self) -> None:
        """Say which ids in the settings' [keys] no binding has (they would do nothing)."""
        from tui.keys import binding_ids

        unknown = sorted(set(self.config.keys) - binding_ids())
        if unknown:
            self.post_message(
                Notice(
                    f"[keys] in the settings names no key of the app: {', '.join(unknown)} "
                    "(? lists each key with its id)",
                    severity="warning",
                    timeout=10,
                )
            )

    def watch_theme(self, theme: str) -> None:
        if self.config.folder is not None and theme != self.config.theme:
            self.remember_theme(theme)

    @work(thread=True, exclusive=True, exit_on_error=False, group="settings")
    def remember_theme(self, theme: str) -> None:
        from tui.config import save_theme

        if self.config.folder is None:
            return
        try:
            save_theme(self.config.folder, theme)
        except OSError as error:
            self.post_message(
                Notice(f"the theme could not be remembered: {error.strerror}", timeout=5)
            )

    def on_notice(self, notice: Notice) -> None:
        """What a worker asked to tell the researcher."""
        self.notify(
            notice.message,
            title=notice.title,
            severity=notice.severity,
            timeout=notice.timeout,
            markup=notice.markup,
        )

    # -- the index ---------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="index")
    def prepare_index(self) -> None:
        """Open the index, building or updating it first when the store is ahead of it."""
        from archive.locking import LockedError
        from index.writer import needs_rebuild, sync

        # Counting reads the records file (a second at 100k letters): never on the UI thread.
        self.letter_total = self.store.count()
        self.post_message(IndexStateChanged("opening"))
        if self.build_index and needs_rebuild(self.store):
            self.post_message(IndexStateChanged("building", "the search index is being built"))
            try:
                with self.store.writer("index"):
                    sync(self.store)
            except LockedError as error:
                self.post_message(IndexStateChanged("busy", str(error)))
                return
        try:
            self.searcher.refresh()
            self.letter_total = self.searcher.letter_count
        except Exception as error:  # noqa: BLE001 - shown to the researcher, not raised
            self.post_message(IndexStateChanged("unavailable", str(error)))
            return
        self.post_message(IndexStateChanged("ready"))

    @work(thread=True, exclusive=True, exit_on_error=False, group="pairing")
    def pair_letters(self) -> None:
        """Pair letters with replies if the archive changed; called once the first results
        show, so that it never delays them. A large archive pairs in another process."""
        import gc

        self.threads.update_elsewhere()
        self.threads.facts()
        # The pairing lives for the session: out of the collector's sight, like the index.
        gc.freeze()
        self.post_pairing_changed()

    @work(thread=True, exclusive=True, exit_on_error=False, group="mark-reply")
    def mark_reply(self, reply_id: str) -> None:
        """Mark a reply holding, then the full answer, then neither (in turn; ``h``), and
        say what that does to the reply time of the letter it answers."""
        threads, store = self.threads, self.store
        answered = threads.pairing().answers(reply_id)
        if answered is None:
            self.post_message(
                Notice(
                    "h marks a reply as holding or full; this letter answers no letter in the "
                    "archive (R links it)",
                    severity="warning",
                    timeout=6,
                )
            )
            return
        mark = MARK_CYCLE[store.reply_marks().get(reply_id)]
        store.mark_reply(reply_id, mark)
        choice = threads.counting_reply(answered.letter_id)
        said = f"Marked {MARK_WORDS[mark]}" if mark else "Mark withdrawn: the guess counts again"
        effect = f". The letter it answers: {threads.reply_time_words(choice)}" if choice else ""
        self.post_message(Notice(f"{said}{effect}", timeout=8))
        self.post_pairing_changed()

    def post_pairing_changed(self) -> None:
        for screen in self.screen_stack:
            screen.post_message(PairingChanged())

    def on_index_state_changed(self, message: IndexStateChanged) -> None:
        if message.state == "ready":
            self._index_opened = True
        if message.detail and message.state != "ready":
            if message.state == "building":
                self.notify(message.detail, timeout=6)
            else:
                self.notify(message.detail, severity="error", timeout=8)
        for screen in self.screen_stack:
            screen.post_message(IndexStateChanged(message.state, ""))

    @work(thread=True, exclusive=True, exit_on_error=False, group="index")
    def import_sample(self) -> None:
        from archive.sample import sample_letters
        from index.pipeline import run_import

        self.post_message(IndexStateChanged("building", "importing the sample letters"))
        try:
            with sample_letters() as letters:
                # In this thread: while the app runs, sys.stderr has no file descriptor, and
                # a process pool cannot start without one (the sample is small anyway).
                summary = run_import(self.store, [letters], workers=1, threads=self.threads)
        finally:
            # Even after a failed import the workbench searches what the index holds.
            self.searcher.refresh()
            self.letter_total = self.searcher.letter_count
            self.post_message(IndexStateChanged("ready"))
            self.threads.update()  # nothing to do once the pipeline has paired
            self.post_pairing_changed()
        self.post_message(Notice(f"Imported {counted(summary.imported, 'sample letter')}"))

    # -- annotations -------------------------------------------------------------------------

    def change_tags(
        self, letter_ids: Iterable[str], add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> None:
        self.write_tags(tuple(letter_ids), tuple(add), tuple(remove))

    @work(thread=True, exit_on_error=False, group="tags")
    def write_tags(
        self, letter_ids: tuple[str, ...], add: tuple[str, ...], remove: tuple[str, ...]
    ) -> None:
        self._update_tags(letter_ids, add, remove)

    @work(thread=True, exit_on_error=False, group="tags")
    def toggle_tag(self, letter_ids: list[str], tag: str) -> None:
        """Add ``tag`` to the letters, or take it off when every one of them has it."""
        # One read of the annotations, however many letters are marked.
        annotations = self.store.annotations()
        every = all(i in annotations and tag in annotations[i].tags for i in letter_ids)
        self._update_tags(tuple(letter_ids), () if every else (tag,), (tag,) if every else ())

    def _update_tags(
        self, letter_ids: tuple[str, ...], add: tuple[str, ...], remove: tuple[str, ...]
    ) -> None:
        """Change the tags and say so (in a worker)."""
        self.store.update_tags(letter_ids, add=add, remove=remove)
        words = [f"+{t}" for t in add] + [f"-{t}" for t in remove]
        self.post_message(
            Notice(f"{' '.join(words)} on {counted(len(letter_ids), 'letter')}", timeout=2)
        )
        self.post_annotations_changed(letter_ids)

    def note_loaded(self, letter_id: str, note: str) -> None:
        """The note editor read ``note``: later saves keep any change made elsewhere since."""
        with self._note_lock:
            self._note_bases[letter_id] = note

    def write_note(self, letter_id: str, text: str) -> None:
        serial = self._note_serials.get(letter_id, 0) + 1
        self._note_serials[letter_id] = serial
        self._write_note(letter_id, text, serial)

    @work(thread=True, exit_on_error=False, group="notes")
    def _write_note(self, letter_id: str, text: str, serial: int) -> None:
        if serial != self._note_serials.get(letter_id):
            return  # a newer save of this note (typed on top of this text) follows
        saved = self.save_note(letter_id, text)
        if saved != text:
            self.post_message(NoteMerged(letter_id, saved))
        self.post_annotations_changed([letter_id])

    def save_note(self, letter_id: str, text: str) -> str:
        """Save a note typed here; if another process changed it meanwhile, keep both.

        Returns the note as saved (``text``, or both versions merged).
        """
        from tui.screens.note import merge_notes

        with self._note_lock:
            base = self._note_bases.get(letter_id)
            current = self.store.annotation(letter_id).note
            if base is not None and current not in (base, text):
                text = merge_notes(base, current, text)
            self.store.set_note(letter_id, text)
            self._note_bases[letter_id] = text
            return text

    def on_note_merged(self, message: NoteMerged) -> None:
        from tui.screens.note import NoteEditor

        self.notify(
            f"The note on letter {message.letter_id} was changed elsewhere while you wrote: "
            "both versions are kept",
            severity="warning",
            timeout=8,
        )
        for screen in self.screen_stack:
            if isinstance(screen, NoteEditor) and screen.letter_id == message.letter_id:
                screen.show_merged(message.note)

    # -- changes made by other processes -----------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="watch")
    def watch_archive(self) -> None:
        """Show what another process (an import, ``dispatchbox tag``, a second app) wrote:
        letters it indexed, and tags and notes on the letters whose annotations changed."""
        self._watch_index()
        self._watch_annotations()

    def _watch_index(self) -> None:
        if not self._index_opened:
            return  # the app opens (or builds) the index first
        try:
            changed = self.searcher.refresh()
        except Exception:  # noqa: BLE001 - no index, or one being rebuilt: the next search says
            return
        if changed:
            self.letter_total = self.searcher.letter_count
            self.post_message(IndexStateChanged("ready"))

    def _watch_annotations(self) -> None:
        try:
            info = os.stat(self.store.root / ANNOTATIONS_FILE)
            stamp: tuple[int, int, int] | None = (info.st_ino, info.st_size, info.st_mtime_ns)
        except OSError:
            stamp = None
        if self._annotations_looked and stamp == self._annotations_stamp:
            return
        self._annotations_stamp, self._annotations_looked = stamp, True
        try:
            annotations = self.store.annotations()
        except Exception as error:  # noqa: BLE001 - said once per change of the file, not per look
            self.post_message(
                Notice(f"The annotations could not be read: {error}", severity="error")
            )
            return
        before, self._annotations_seen = self._annotations_seen, annotations
        if before is None:
            return
        changed = [
            letter_id
            for letter_id in before.keys() | annotations.keys()
            if before.get(letter_id) != annotations.get(letter_id)
        ]
        if changed:
            self.post_annotations_changed(changed)

    def correct_fields(
        self, letter_id: str, values: dict[str, Any], unset: tuple[str, ...] = ()
    ) -> None:
        """Save corrections of a letter's metadata (values as ``parse_value`` gives them)."""
        self.write_corrections(letter_id, values, unset)

    @work(thread=True, exit_on_error=False, group="corrections")
    def write_corrections(
        self, letter_id: str, values: dict[str, Any], unset: tuple[str, ...]
    ) -> None:
        from index.corrections import correct_letter

        done = correct_letter(self.store, letter_id, values, unset)
        if done.index_problem:
            self.post_message(Notice(f"Correction saved; {done.index_problem}", severity="warning"))
        else:
            words = [f"{name} corrected" for name in values] + [f"{name} as read" for name in unset]
            self.post_message(Notice(", ".join(words), timeout=2))
        # The list, the facets and the pairing (reply times) follow the corrected values.
        self.searcher.refresh()
        self.post_annotations_changed([letter_id])
        self.threads.update_elsewhere()
        self.post_pairing_changed()

    async def action_quit(self) -> None:
        """Quit once every note and tag being written is on disk."""
        from tui.screens.note import NoteEditor

        for screen in self.screen_stack:
            if isinstance(screen, NoteEditor):
                screen.flush()
        for worker in list(self.workers):
            # Not finished: a note flushed just now may not have started yet.
            writing = worker.group in ("notes", "tags", "decide", "corrections")
            if writing and not worker.is_finished:
                await worker.wait()
        self.exit()

    def text_or_report(self, letter: Letter) -> str | None:
        """A letter's text, read in a worker; a damaged one is reported (what it is and how
        to mend it) and gives None, so no screen shows a damaged text."""
        try:
            return self.store.text(letter)
        except TextMissing as error:
            self.post_message(Notice(str(error), severity="error", timeout=12, markup=False))
            return None

    def post_annotations_changed(self, letter_ids: Iterable[str]) -> None:
        message = AnnotationsChanged(tuple(letter_ids))
        for screen in self.screen_stack:
            screen.post_message(AnnotationsChanged(message.letter_ids))

    # -- errors and help ---------------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification as plain text, whatever the caller asked.

        Notifications carry tags, names, file names and error messages, any of which may
        hold ``[@click=...]`` or an escape sequence: never markup, control characters shown.
        """
        super().notify(
            display_line(message),
            title=display_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Any worker's failure becomes a notification (never a traceback on screen)."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            # A damaged index says which file and what to do; its type name adds nothing.
            named = isinstance(error, IndexDamaged)
            text = str(error) if named else f"{type(error).__name__}: {error}"
            self.notify(text, severity="error", timeout=8)

    def action_toggle_help(self) -> None:
        """Every key of this screen, the app's own first, in a list that scrolls."""
        from tui.screens.keys import KeysScreen

        if isinstance(self.screen, KeysScreen):
            self.pop_screen()
        else:
            self.push_screen(KeysScreen(self.screen))

    def action_show_help_panel(self) -> None:
        """The palette's "Keys" shows the same list as ``?``, not Textual's side panel."""
        from tui.screens.keys import KeysScreen

        if not isinstance(self.screen, KeysScreen):
            self.push_screen(KeysScreen(self.screen))

    def empty_archive_help(self) -> Text:
        text = Text()
        text.append("This archive is empty.\n\n", "bold")
        text.append("Import letters (txt, md, pdf, docx, eml) from the shell:\n\n")
        text.append(f"    dispatchbox import FOLDER --archive {self.store.root}\n\n")
        text.append("or press ", "")
        text.append("S", "bold")
        text.append(" to import the bundled (fictional) sample letters into it,\n")
        text.append("or open them in a throwaway archive:  dispatchbox demo\n")
        return text


def run(store: Store, config_dir: Path | None = None) -> int:
    """Start the app on ``store`` with the user's settings; its exit code (0, or 128 + the
    signal that ended it)."""
    from tui.config import load_config

    config = load_config(config_dir) if config_dir else Config()
    app = DispatchBoxApp(store, config=config)
    app.run()
    return app.return_code or 0

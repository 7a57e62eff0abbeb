"""Every key binding of the app, as one table (the keymap), and the screens' lists built from it.

Each screen and widget takes its ``BINDINGS`` from here (``bindings_for``), so the whole
keymap reads in one place: which keys each part of the app binds, the id a ``[keys]`` entry
of the settings names, and the words the footer and the ``?`` list show for it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True, slots=True)
class Key:
    """One binding: the screen or widget class that binds it (``owner``), the id a ``[keys]``
    entry names, the key(s), the action, the footer's word and the ``?`` list's explanation."""

    owner: str
    id: str
    keys: str
    action: str
    description: str
    tooltip: str
    #: In the footer (the ``?`` list shows every binding either way).
    shown: bool = True
    #: Works even where the focused widget would take the key (the search box).
    priority: bool = False
    key_display: str | None = None

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.description,
            show=self.shown,
            key_display=self.key_display,
            priority=self.priority,
            tooltip=self.tooltip,
            id=self.id,
        )


def _scrolling(owner: str, prefix: str, *, start: str, end: str) -> tuple[Key, ...]:
    """Line, page, top and bottom keys of a scrolling view (the reader, compare); ``start``
    and ``end`` say where its top and bottom keys go. Ids are ``prefix.down`` and so on."""
    keys = (
        ("down", "j,down", "scroll_lines(1)", "Down", "Scroll down a line"),
        ("up", "k,up", "scroll_lines(-1)", "Up", "Scroll up a line"),
        ("page_down", "pagedown,space", "page(1)", "Page down", "Scroll down a screen"),
        ("page_up", "pageup", "page(-1)", "Page up", "Scroll up a screen"),
        ("top", "g,home", "top", "Top", f"To {start}"),
        ("bottom", "G,end", "bottom", "Bottom", f"To {end}"),
    )
    return tuple(
        Key(owner, f"{prefix}.{name}", key, action, description, tooltip, shown=False)
        for name, key, action, description, tooltip in keys
    )


def _back(
    owner: str, prefix: str, tooltip: str, *, keys: str = "escape", shown: bool = True
) -> Key:
    """The key back to the screen below (Escape, or ``keys``); its id is ``prefix.back``."""
    return Key(owner, f"{prefix}.back", keys, "app.pop_screen", "Back", tooltip, shown=shown)


def _cancel(owner: str, prefix: str, tooltip: str) -> Key:
    """Escape closes a dialog, doing nothing (it is dismissed with None); its id is
    ``prefix.cancel``."""
    return Key(owner, f"{prefix}.cancel", "escape", "dismiss", "Cancel", tooltip)


def _picker_keys(owner: str, prefix: str) -> tuple[Key, ...]:
    """A picker's keys: Escape cancels, up and down move in the list (the box keeps the
    typing). Ids are ``prefix.cancel``, ``prefix.down`` and ``prefix.up``."""
    return (
        _cancel(owner, prefix, "Close without choosing"),
        Key(
            owner,
            f"{prefix}.down",
            "down",
            "move(1)",
            "Down",
            "Next choice (the box keeps the typing)",
            shown=False,
        ),
        Key(owner, f"{prefix}.up", "up", "move(-1)", "Up", "Previous choice", shown=False),
    )


def _letter_keys(owner: str, prefix: str = "", *, marked: bool = False) -> tuple[Key, ...]:
    """The keys that act on the letter in view: tags, note, holding/full and corrections.
    ``marked``: tags go to the marked letters when there are any. Ids are ``prefix`` + name."""
    tags = "Edit the tags of this (or the marked) letters" if marked else "Edit this letter's tags"
    return (
        Key(owner, f"{prefix}tag", "t", "tag", "Tag", tags),
        Key(owner, f"{prefix}note", "e", "note", "Note", "Write or edit this letter's note"),
        Key(
            owner,
            f"{prefix}mark_reply",
            "h",
            "mark_reply",
            "Holding/full",
            "Mark this reply as a holding reply, as the full answer, or neither "
            "(reply times count the full answer)",
        ),
        Key(
            owner,
            f"{prefix}correct",
            "E",
            "correct",
            "Correct",
            "Correct a field the extractor read wrongly (mp, date, direction, ...)",
            shown=False,
        ),
    )


def _quick_tags(owner: str) -> tuple[Key, ...]:
    """1, 2 and 3 add or remove the quick tags the settings name."""
    return tuple(
        Key(
            owner,
            f"quick_tag_{number}",
            str(number),
            f"quick_tag({number - 1})",
            f"Quick tag {number}",
            f"Add or remove the {ordinal} quick tag (set in the settings file)",
            shown=False,
        )
        for number, ordinal in enumerate(("first", "second", "third"), 1)
    )


# Within an owner, the order is the footer's: a narrow footer keeps the first keys that fit,
# so the most used come first (``?`` lists all).
# A table, laid out by hand: one binding a row, what it does on the line below.
# fmt: off
KEYMAP: tuple[Key, ...] = (
    Key("DispatchBoxApp", "quit", "q", "quit", "Quit",
        "Quit (everything is already saved)"),
    Key("DispatchBoxApp", "help", "question_mark", "toggle_help", "Keys",
        "Show the keys here"),
    _back("CompareScreen", "compare", "Back to where compare was opened", keys="escape,q"),
    Key("CompareScreen", "compare.mode", "d", "toggle_mode", "Shared / differences",
        "Mark the phrases both letters share, or the words that differ"),
    Key("CompareScreen", "compare.swap", "s", "swap", "Swap sides",
        "Exchange the left and right letters, the rows kept as aligned"),
    Key("CompareScreen", "compare.header", "h", "toggle_header", "Header",
        "Hide the header"),
    Key("CorrectionEditor", "correct.close", "escape", "close", "Close",
        "Back to the letter"),
    Key("CorrectionEditor", "correct.clear", "ctrl+d", "clear", "Clear correction",
        "Withdraw the correction of this field: the extracted value counts again"),
    _cancel("ExportPrompt", "export", "Close without exporting"),
    _back("FollowUpScreen", "followup", "Back to the workbench"),
    Key("FollowUpScreen", "followup.sort", "s", "sort", "Sort by date",
        "Oldest or newest first"),
    Key("FollowUpScreen", "followup.open", "enter", "open", "Open",
        "Read the highlighted letter", priority=True),
    Key("FollowUpScreen", "followup.note", "e", "note", "Note",
        "Write or edit the highlighted letter's note"),
    Key("KeysScreen", "keys.close", "escape,question_mark", "app.pop_screen", "Close",
        "Close this list of keys"),
    Key("MainScreen", "focus_search", "slash", "focus_search", "Search",
        "Type a query"),
    Key("MainScreen", "compare", "c", "compare", "Compare",
        "This letter beside its reply (or the two marked letters side by side)"),
    Key("MainScreen", "review", "R", "review", "Review pairs",
        "Doubtful and missing links"),
    Key("MainScreen", "clear_filters", "X", "clear_filters", "Clear filters",
        "Drop every MP, area, department and year filter", shown=False),
    Key("MainScreen", "sort", "s", "cycle_sort", "Sort",
        "Relevance, newest or oldest first"),
    *_letter_keys("MainScreen", marked=True),
    Key("MainScreen", "follow_up", "f", "toggle_follow_up", "Follow-up",
        "Tag this (or the marked) letters for follow-up, or untag them", shown=False),
    *_quick_tags("MainScreen"),
    Key("MainScreen", "filter_mp", "m", "pick('mp')", "MP",
        "Filter by an MP"),
    Key("MainScreen", "filter_area", "a", "pick('area')", "Area",
        "Filter by an area"),
    Key("MainScreen", "mark_all", "asterisk", "mark_all", "Mark all",
        "Mark every letter of the results (for tags, export, compare)", shown=False),
    Key("MainScreen", "unmark_all", "u", "unmark_all", "Unmark all",
        "Clear every mark", shown=False),
    Key("MainScreen", "reply_stats", "T", "reply_stats", "Reply times",
        "Charts of how fast these letters were answered: per department, per MP and by quarter, "
        "with the share within 20 working days", shown=False),
    Key("MainScreen", "follow_up_screen", "F", "follow_up_screen", "Follow-ups",
        "The letters tagged for follow-up, with their notes", shown=False),
    # Priority: they work from the search box too (where ctrl+e would move the cursor).
    Key("MainScreen", "save_search", "ctrl+s", "save_search", "Save search",
        "Save this query and its filters under a name", shown=False, priority=True),
    Key("MainScreen", "open_saved", "ctrl+o", "open_saved", "Saved searches",
        "Open a saved search (each with its count now)", shown=False, priority=True),
    Key("MainScreen", "export", "ctrl+e", "export", "Export",
        "Export these results", shown=False, priority=True),
    Key("MainScreen", "zoom", "z", "toggle_zoom", "Full screen",
        "Reader full screen", shown=False),
    Key("MainScreen", "toggle_facets", "ctrl+b", "toggle_facets", "Facets",
        "Show or hide the MPs, areas and tags to narrow by", shown=False),
    Key("MainScreen", "narrower", "less_than_sign", "resize(-4)", "Narrower",
        "Give the results list less room and the reader more", shown=False),
    Key("MainScreen", "wider", "greater_than_sign", "resize(4)", "Wider",
        "Give the results list more room and the reader less", shown=False),
    Key("MainScreen", "back", "escape", "back", "Back",
        "From the reader or the list, back to the search box", shown=False),
    Key("MainScreen", "import_sample", "S", "import_sample", "Import sample",
        "Import the bundled sample letters into this empty archive", shown=False),
    Key("NoteEditor", "note.close", "escape", "close", "Save and close",
        "Keep the note as written and close"),
    Key("NoteEditor", "note.save", "ctrl+s", "close", "Save and close",
        "Keep the note as written and close", shown=False),
    *_picker_keys("ChoicePicker", "choice_picker"),
    *_picker_keys("FacetPicker", "picker"),
    Key("FacetPicker", "picker.exclude", "ctrl+x", "choose_excluded", "Leave out",
        "Filter to letters WITHOUT the highlighted value"),
    _back("ReaderScreen", "readerscreen", "Back to the list"),
    *_letter_keys("ReaderScreen", "readerscreen."),
    _back("ReviewScreen", "review", "Back to the workbench (decisions are already saved)",
          keys="escape,q", shown=False),
    Key("ReviewScreen", "review.confirm", "y", "confirm", "Confirm",
        "Confirm the proposed link: this reply answers this letter"),
    Key("ReviewScreen", "review.reject", "x", "reject", "Reject",
        "Reject the proposed link; that letter is never offered for this reply again"),
    Key("ReviewScreen", "review.choose_1", "1", "choose(0)", "Link",
        "Link to candidate 1, 2 or 3", key_display="1-3"),
    Key("ReviewScreen", "review.choose_2", "2", "choose(1)", "Link to 2",
        "Link to the second candidate", shown=False),
    Key("ReviewScreen", "review.choose_3", "3", "choose(2)", "Link to 3",
        "Link to the third candidate", shown=False),
    Key("ReviewScreen", "review.link_any", "l", "link_any", "Link any",
        "Link to any letter, found by a search"),
    Key("ReviewScreen", "review.compare", "c", "compare", "Compare",
        "The letter beside its reply (Enter too)", shown=False),
    Key("ReviewScreen", "review.undo", "u", "undo", "Undo",
        "Undo the last decision"),
    Key("ReviewScreen", "review.filter", "f", "filter", "Filter",
        "Show one department, MP or year"),
    Key("ReviewScreen", "review.clear_filters", "F", "clear_filters", "Clear filters",
        "Show every item again (drop the department, MP and year filters)", shown=False),
    Key("ReviewScreen", "review.down", "j", "move(1)", "Down",
        "Next item", shown=False),
    Key("ReviewScreen", "review.up", "k", "move(-1)", "Up",
        "Previous item", shown=False),
    _cancel("SaveSearchPrompt", "save", "Close without saving"),
    Key("SavedSearchesScreen", "saved.close", "escape", "dismiss", "Close",
        "Close the saved searches"),
    Key("SavedSearchesScreen", "saved.delete", "delete,d", "delete", "Delete",
        "Delete the highlighted saved search"),
    _back("StatsScreen", "stats", "Back to the workbench"),
    Key("StatsScreen", "stats.period", "p", "toggle_period", "Quarter/year",
        "The median over time by quarter or by year"),
    _cancel("TagEditor", "tags", "Close without changing the tags"),
    *_scrolling("CompareView", "compare", start="the first row", end="the last row"),
    Key("CompareView", "compare.next_row", "right_square_bracket", "row(1)", "Next row",
        "To the next aligned row"),
    Key("CompareView", "compare.prev_row", "left_square_bracket", "row(-1)", "Prev row",
        "To the previous aligned row", shown=False),
    Key("CompareView", "compare.next_unanswered", "n", "unanswered(1)", "Next unanswered",
        "To the next paragraph of the letter the reply does not answer (✗)"),
    Key("CompareView", "compare.prev", "N", "unanswered(-1)", "Prev unanswered",
        "To the previous unanswered paragraph", shown=False),
    Key("FacetList", "facets.include", "enter", "choose(False)", "Only this",
        "Show only letters with this value (again: remove the filter)"),
    Key("FacetList", "facets.exclude", "x,minus", "choose(True)", "Leave out",
        "Leave out letters with this value"),
    *_scrolling("LetterText", "reader",
                start="the start of the letter", end="the end of the letter"),
    Key("LetterText", "reader.next_hit", "n", "next_hit", "Next hit",
        "Go to the next hit"),
    Key("LetterText", "reader.previous_hit", "N", "previous_hit", "Prev hit",
        "To the previous place the search matched"),
    Key("LetterText", "reader.why", "w", "why", "Why",
        "Show where in the text each field was read from (press again for the next)"),
    Key("ResultsList", "results.down", "down,j", "move(1)", "Next",
        "The next letter (the reader shows it)", shown=False),
    Key("ResultsList", "results.up", "up,k", "move(-1)", "Previous",
        "The previous letter", shown=False),
    Key("ResultsList", "results.page_down", "pagedown", "page(1)", "Page down",
        "A screen of letters down", shown=False),
    Key("ResultsList", "results.page_up", "pageup", "page(-1)", "Page up",
        "A screen of letters up", shown=False),
    Key("ResultsList", "results.first", "home,g", "jump(0)", "First",
        "The first letter of the results", shown=False),
    Key("ResultsList", "results.last", "end,G", "jump(-1)", "Last",
        "The last letter of the results (loading them all)", shown=False),
    Key("ResultsList", "results.open", "enter", "open", "Read",
        "Open the letter in the reader"),
    Key("ResultsList", "results.mark", "space", "mark", "Mark",
        "Mark or unmark this letter"),
    Key("QueryInput", "search.leave", "escape", "leave", "Results",
        "Go to the results"),
    Key("QueryInput", "search.down", "down", "leave", "Results",
        "From the search box into the results list", shown=False),
    Key("FilterBar", "filters.left", "left", "select(-1)", "Previous",
        "The previous filter", shown=False),
    Key("FilterBar", "filters.right", "right", "select(1)", "Next",
        "The next filter", shown=False),
    Key("FilterBar", "filters.remove", "delete,backspace,x", "remove", "Remove filter",
        "Remove the highlighted filter"),
)
# fmt: on


def bindings_for(owner: str) -> list[BindingType]:
    """The ``BINDINGS`` of the screen or widget class named ``owner``, in the keymap's order."""
    found: list[BindingType] = [key.binding() for key in KEYMAP if key.owner == owner]
    if not found:
        raise KeyError(f"the keymap binds no key of {owner}")
    return found


def binding_ids() -> set[str]:
    """The ids a ``[keys]`` entry can name."""
    return {key.id for key in KEYMAP}


def all_bindings() -> list[tuple[str, Binding]]:
    """(owner class, binding) as the app and every screen and widget module of ``tui`` declare
    them: what Textual binds, to check the keymap against."""
    import tui.app
    import tui.screens
    import tui.widgets

    modules = [tui.app]
    for package in (tui.screens, tui.widgets):
        modules += [
            importlib.import_module(f"{package.__name__}.{info.name}")
            for info in pkgutil.iter_modules(package.__path__)
        ]
    found = []
    for module in modules:
        for name, owner in vars(module).items():
            if inspect.isclass(owner) and owner.__module__ == module.__name__:
                for binding in vars(owner).get("BINDINGS", []):
                    if isinstance(binding, Binding):
                        found.append((f"{module.__name__}.{name}", binding))
    return found

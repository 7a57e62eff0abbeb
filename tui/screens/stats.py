"""The reply-time charts of the current search: per department, per MP, over time.

The distribution per department and per MP, the median by quarter or year, and the share
within the target.

The figures come from ``archive.replystats``, as ``dispatchbox stats QUERY --by ...``
prints them, computed in a worker.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from archive.extract.lexicon import acronym
from archive.replystats import BUCKETS, Distribution, Per, ReplyStats, bucket_label
from archive.replytime import TARGET_WORKING_DAYS
from index.results import Filter
from tui.keys import bindings_for
from tui.screens import dispatch_app
from tui.text import display_line
from tui.widgets.footer import KeyFooter
from tui.words import counted

#: Departments and MPs drawn in the histograms (the table lists every one).
CHART_GROUPS = 4


class StatsReady(Message):
    """The figures of one computation (``serial`` drops a stale one); ``problem`` says in
    words why there are none (a query that cannot be read, a damaged index)."""

    def __init__(self, serial: int, figures: ReplyStats | None, problem: str = "") -> None:
        super().__init__()
        self.serial = serial
        self.figures = figures
        self.problem = problem


class StatsScreen(Screen[None]):
    """Reply-time charts and table for a search's letters."""

    app = getters.app(dispatch_app)

    BINDINGS = bindings_for("StatsScreen")

    def __init__(self, query: str, filters: Sequence[Filter] = ()) -> None:
        super().__init__()
        self.search_query = query
        self.filters = tuple(filters)
        self.by: Per = "quarter"
        self.figures: ReplyStats | None = None
        self._serial = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="stats-title", markup=False)
        with VerticalScroll(id="stats-body"):
            yield Static("", id="stats-message", markup=False)
            yield PlotextPlot(id="stats-periods", classes="stats-chart")
            yield PlotextPlot(id="stats-departments", classes="stats-chart")
            yield PlotextPlot(id="stats-mps", classes="stats-chart")
            # Every department and MP: the body scrolls, not the table (it takes no focus).
            table = DataTable[object](id="stats-table", zebra_stripes=True, cursor_type="none")
            table.can_focus = False
            yield table
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#stats-body").display = False
        self.query_one("#stats-title", Static).update(Text(" Reply times: counting...", "bold"))
        self.compute(self._next_serial(), self.search_query, self.filters, self.by)

    def _next_serial(self) -> int:
        self._serial += 1
        return self._serial

    @work(thread=True, exclusive=True, exit_on_error=False, group="stats")
    def compute(self, serial: int, query: str, filters: tuple[Filter, ...], by: Per) -> None:
        from archive.replystats import archive_reply_stats
        from index.query import QueryError
        from tui.matching import matching_ids

        try:
            # Every letter: read them all from the store, not one by one from the search.
            everything = not query.strip() and not filters
            letter_ids = None if everything else matching_ids(self.app.searcher, query, filters)
            figures = (
                archive_reply_stats(self.app.threads, letter_ids, by=by)
                if letter_ids is None or letter_ids
                else None
            )
        except QueryError as error:
            self.post_message(StatsReady(serial, None, f"the query cannot be read: {error}"))
            return
        except Exception as error:  # noqa: BLE001 - said on the screen, never a traceback
            self.post_message(StatsReady(serial, None, f"could not count: {error}"))
            return
        if figures is not None and figures.letters == 0:
            figures = None
        self.post_message(StatsReady(serial, figures))

    @on(StatsReady)
    def show_figures(self, message: StatsReady) -> None:
        if message.serial != self._serial:
            return
        self.figures = figures = message.figures
        title = Text(" Reply times: ", "bold")
        title.append(self._search_words())
        body = self.query_one("#stats-body")
        body.display = True
        note = self.query_one("#stats-message", Static)
        if message.problem:
            note.update(Text(display_line(message.problem)))
            self._show_charts(False)
        elif figures is None:
            title.append("  no letters")
            note.update(Text("No letters in this search: change the query or the filters."))
            self._show_charts(False)
        elif figures.answered == 0:
            title.append(f"  {self._counts(figures)}")
            note.update(
                Text(
                    f"{counted(figures.mp_letters, 'letter')} from MPs in this search, none with "
                    "a dated reply in the archive: no reply times to chart."
                )
            )
            self._show_charts(False)
        else:
            title.append(f"  {self._counts(figures)}")
            note.update(_overall_words(figures))
            self._show_charts(True)
            self._fill_table(figures)
            self._draw(figures)
            body.focus()
        self.query_one("#stats-title", Static).update(title)

    def _search_words(self) -> str:
        words = [f"search {display_line(self.search_query)!r}" if self.search_query.strip() else ""]
        words += [
            f"{'not ' if f.exclude else ''}{f.facet}: {display_line(f.value)}" for f in self.filters
        ]
        return "; ".join(w for w in words if w) or "every letter"

    @staticmethod
    def _counts(figures: ReplyStats) -> str:
        return (
            f"{counted(figures.letters, 'letter')}, {figures.mp_letters:,} from MPs, "
            f"{figures.answered:,} with a reply"
        )

    def _show_charts(self, shown: bool) -> None:
        self.query_one("#stats-table").display = shown
        for chart in self.query(".stats-chart"):
            chart.display = shown

    def _fill_table(self, figures: ReplyStats) -> None:
        table: DataTable[object] = self.query_one("#stats-table", DataTable)
        table.clear(columns=True)
        table.add_columns(
            "", f"≤{TARGET_WORKING_DAYS} days", "median", "90%", "letters", "answered"
        )
        # The share within the target comes first: at 80 columns the names leave room for it.
        width = 30 if self.app.size.width < 100 else 52
        rows: list[tuple[str, Distribution]] = [("All MPs' letters", figures.overall)]
        narrow = self.app.size.width < 100
        rows += [(f"dept  {_short(d.name, narrow)}", d) for d in figures.departments]
        rows += [(f"MP    {d.name}", d) for d in figures.mps]
        for label, row in rows:
            table.add_row(
                Text(display_line(label)[:width]),
                Text(_share(row.share_within_target), justify="right"),
                Text(_days(row.median), justify="right"),
                Text(_days(row.p90), justify="right"),
                Text(f"{row.letters:,}", justify="right"),
                Text(f"{row.answered:,}", justify="right"),
            )

    def _draw(self, figures: ReplyStats) -> None:
        narrow = self.app.size.width < 100
        periods = [p for p in figures.periods if p.median is not None]
        chart = self.query_one("#stats-periods", PlotextPlot)
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(f"Median working days by {figures.by} (those with replies); the line: target")
        if periods:
            xs = [float(x) for x in range(1, len(periods) + 1)]
            medians = [p.median for p in periods if p.median is not None]
            plt.plot(xs, medians, marker="braille", label="median")
            plt.hline(TARGET_WORKING_DAYS)
            # From 0 and past the target, so the target line always shows.
            plt.ylim(0, max(*medians, TARGET_WORKING_DAYS) * 1.1)
            step = max(1, len(periods) // (6 if narrow else 10))
            plt.xticks(xs[::step], [p.period for p in periods][::step])
        chart.refresh()
        labels = [bucket_label(bucket) for bucket in BUCKETS]
        for chart_id, title, groups in (
            ("#stats-departments", "department written to", figures.departments),
            ("#stats-mps", "MP", figures.mps),
        ):
            chart = self.query_one(chart_id, PlotextPlot)
            plt = chart.plt
            plt.clear_data()
            plt.clear_figure()
            shown = [g for g in groups if g.answered][:CHART_GROUPS]
            plt.title(f"Letters per reply time in working days, by {title} (most letters first)")
            if shown:
                # plotext takes ``labels`` (one a series); textual-plotext's stub says ``label``.
                plt.multiple_bar(  # type: ignore[call-arg]
                    labels,
                    [list(g.histogram) for g in shown],
                    labels=[_short(g.name, narrow) for g in shown],
                )
                # Counts of letters: whole numbers on the axis.
                top = max(max(g.histogram) for g in shown)
                step = max(1, -(-top // 4))
                plt.yticks([float(v) for v in range(0, top + 1, step)])
                # Headroom above the tallest bar: plotext puts the legend in the top left.
                plt.ylim(0, top * 1.5)
            chart.refresh()

    def action_toggle_period(self) -> None:
        self.by = "year" if self.by == "quarter" else "quarter"
        self.notify(f"the median by {self.by}", timeout=1.5)
        self.compute(self._next_serial(), self.search_query, self.filters, self.by)


def _overall_words(figures: ReplyStats) -> Text:
    overall = figures.overall
    words = Text(
        f"All MPs' letters: median {_days(overall.median)} working days, 90% of replies within "
        f"{_days(overall.p90)}; {_share(overall.share_within_target)} answered within "
        f"{TARGET_WORKING_DAYS}.",
        "bold",
    )
    words.append(
        f"\nWorking days from each MP's letter to the reply that counts; the share within "
        f"{TARGET_WORKING_DAYS} counts every letter, answered or not. The table below the "
        "charts lists every department and MP.",
        "dim",
    )
    if figures.undated:
        words.append(f" {counted(figures.undated, 'undated letter')} in no {figures.by}.", "dim")
    return words


def _short(name: str, narrow: bool) -> str:
    """A chart legend's name: a department's acronym on a narrow screen; never markup."""
    shown = display_line(name)
    if narrow:
        shown = acronym(shown) or shown
    return shown[: 24 if narrow else 40]


def _days(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"

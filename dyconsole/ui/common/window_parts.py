"""Layout pieces the live window and the review window share: a side panel that scrolls, the keyed side tabs
(`SideTabs`: the seam features add their tabs through), the charts beside the side tabs in a splitter, and the
central column (heading/tiles above the splitter)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence, cast

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QMenu, QScrollArea, QSplitter, QTabWidget, QToolButton, QVBoxLayout, QWidget


def scrolled(panel: QWidget | None) -> QScrollArea:
    """A tall panel scrolls (vertically only) rather than forcing the window taller (None: the panel is set later,
    `setWidget`)."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    if panel is not None:
        scroll.setWidget(panel)
    return scroll


@dataclass(frozen=True)
class SideTab:
    """A tab beside the charts: its key, the widget shown, the tab page (the widget or its scroll area) and what
    refreshes it while it is the current tab (None: it keeps itself up to date). A tab added with `add_later` has
    its page (an empty scroll area) and its title from the start, and its widget once built."""

    key: str
    widget: QWidget
    page: QWidget
    refresh: Callable[[], None] | None


class SideTabs(QTabWidget):
    """Tabs under keys; only the current one is refreshed (`refresh_current`), so a hidden panel costs nothing.
    When the titles do not all fit (the live window's nine tabs at 1366 px), the "All tabs" button at the tab bar's
    end lists every tab, so none is only behind the scroll arrows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tabs: dict[str, SideTab] = {}
        self._later: dict[str, Callable[[], QWidget]] = {}  # the tabs added with `add_later`, not built yet
        self.currentChanged.connect(self._build_current)  # before any other listener: a tab shown is built first
        self.all_tabs = QToolButton(self)
        self.all_tabs.setText("☰")
        self.all_tabs.setToolTip(self.tr("All tabs"))
        self.all_tabs.setAutoRaise(True)
        self.all_tabs.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.all_tabs.setMenu(QMenu(self.all_tabs))
        self.all_tabs.menu().aboutToShow.connect(self._list_tabs)
        self.all_tabs.setVisible(False)
        self.setCornerWidget(self.all_tabs, Qt.Corner.TopRightCorner)

    def _list_tabs(self) -> None:
        menu = self.all_tabs.menu()
        menu.clear()
        for i in range(self.count()):
            action = menu.addAction(self.tabText(i).replace("&", "&&"))
            action.setCheckable(True)
            action.setChecked(i == self.currentIndex())
            action.triggered.connect(lambda _on, i=i: self.setCurrentIndex(i))

    def titles_fit(self) -> bool:
        """Whether every tab's title shows (no scroll arrows)."""
        return self.tabBar().sizeHint().width() <= self.width()

    def _show_all_tabs_button(self) -> None:
        self.all_tabs.setVisible(not self.titles_fit())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._show_all_tabs_button()

    def tabInserted(self, index: int) -> None:  # noqa: N802 - Qt API
        super().tabInserted(index)
        self._show_all_tabs_button()

    def add(self, key: str, widget: QWidget, title: str, refresh: Callable[[], None] | None = None,
            scroll: bool = False) -> SideTab:
        """`widget` as the last tab (in a scroll area when `scroll`: a tall panel scrolls rather than forcing the
        window taller). Raises ValueError for a key already there."""
        if key in self._tabs:
            raise ValueError(f"a side tab {key!r} is already there")
        tab = SideTab(key, widget, scrolled(None) if scroll else widget, refresh)
        self._tabs[key] = tab
        self.addTab(tab.page, title)
        if scroll:  # the scroll area joins the tabs first, then the panel joins it: the panel is styled once, not twice
            cast(QScrollArea, tab.page).setWidget(widget)
        return tab

    def add_later(self, key: str, build: Callable[[], QWidget], title: str,
                  refresh: Callable[[], None] | None = None) -> None:
        """A scrolling tab whose widget is built later (`built`, `build_later_tabs`, or when it becomes the current
        tab): its title is in the tab bar at once, its page an empty scroll area until then. A window's first frame
        shows one tab: the others need not be built before it. Raises ValueError for a key already there."""
        if key in self._tabs:
            raise ValueError(f"a side tab {key!r} is already there")
        page = scrolled(None)
        self._later[key] = build
        self._tabs[key] = SideTab(key, page, page, refresh)
        self.addTab(page, title)

    def built(self, key: str) -> QWidget:
        """The widget of the tab `key`, built now if it was added with `add_later` and not built yet."""
        build = self._later.pop(key, None)
        if build is not None:
            page = cast(QScrollArea, self._tabs[key].page)
            widget = build()
            self._tabs[key] = SideTab(key, widget, page, self._tabs[key].refresh)
            page.setWidget(widget)  # into the page already in the window: the widget is styled once, as it joins
        return self._tabs[key].widget

    def later_tabs(self) -> list[str]:
        """The keys of the tabs added with `add_later` and not built yet."""
        return list(self._later)

    def build_later_tabs(self) -> None:
        """Build every tab added with `add_later` that is not built yet (the window's first frame is shown)."""
        for key in list(self._later):
            self.built(key)

    def _build_current(self, _index: int) -> None:
        key = self.current_key()
        if key in self._later:
            self.built(key)

    def keys(self) -> list[str]:
        """The tabs' keys in tab order."""
        by_page = {id(t.page): t.key for t in self._tabs.values()}
        return [by_page[id(self.widget(i))] for i in range(self.count()) if id(self.widget(i)) in by_page]

    def show_tab(self, key: str) -> None:
        self.setCurrentWidget(self._tabs[key].page)

    def current_key(self) -> str | None:
        page = self.currentWidget()
        return next((t.key for t in self._tabs.values() if t.page is page), None)

    def refresh_current(self) -> None:
        tab = self._tabs.get(self.current_key() or "")
        if tab is not None and tab.refresh is not None:
            tab.refresh()


#: the charts keep this much of the width when a side tab asks for more
MIN_CHART_SHARE = 0.4


def widen_side(splitter: QSplitter, width: int, fallback_total: int) -> None:
    """Make the side pane of a `beside` splitter at least `width` px wide (a wide tab asked for it), leaving the
    charts at least MIN_CHART_SHARE of the width."""
    sizes = splitter.sizes()
    total = sum(sizes) if sum(sizes) > 0 else fallback_total
    side = min(max(width, sizes[1] if len(sizes) > 1 else 0), int(total * (1.0 - MIN_CHART_SHARE)))
    splitter.setSizes([total - side, side])


def beside(main: QWidget, side: QWidget, sizes: tuple[int, int], splitter: QSplitter | None = None) -> QSplitter:
    """`main` (the charts) and `side` (the tabs) side by side, 3:1 as the window grows; in `splitter` when given (a
    horizontal one: built in its window first, the parts built into it join the window once)."""
    if splitter is None:
        splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(main)
    splitter.addWidget(side)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes(list(sizes))
    return splitter


def column(widgets: Sequence[QWidget], bottom_margin: int = 6, central: QWidget | None = None) -> QWidget:
    """The widgets stacked (in `central` when given: a widget with no layout yet); the last one takes the spare
    height."""
    if central is None:
        central = QWidget()
    layout = QVBoxLayout(central)
    layout.setContentsMargins(6, 6, 6, bottom_margin)
    layout.setSpacing(6)
    for w in widgets[:-1]:
        layout.addWidget(w)
    layout.addWidget(widgets[-1], 1)
    return central


def clock(parent: QObject, interval_ms: int, tick: Callable[[], object], precise: bool = False) -> QTimer:
    """A window's timer (not started): the redraw, text and replay clocks of the live and review windows. `precise`:
    it ticks on its own phase; a coarse timer (Qt's default) is moved onto the machine's round boundaries (a 100 ms
    clock onto the tenths of a second, a 1 s clock onto the half seconds), so two coarse clocks tick together."""
    timer = QTimer(parent)
    timer.setInterval(interval_ms)
    if precise:
        timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    return timer

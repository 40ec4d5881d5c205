"""The console's first frame is painted once: what building and showing the window queued (the chart scene polishing
its items, the layouts taking their sizes) is delivered before the loop's first turn paints it, not after that
paint, where it moved the layouts and the whole window was painted again before the frame counted as shown. The side
tabs it does not show are in its tab bar, their panels built after it. The first frame is painted before the event
loop's modules (asyncio, qasync) are imported."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli_support import first_frame_under

#: runs dyconsole's __main__ with the window's charts counted: prints how often the charts were painted before the
#: screenshot's grab (the grab is a paint of its own, into the picture)
WRAPPER = """
import runpy, sys
import dyconsole.ui.main_window as mw
from tests.support.paint_counter import PaintCounter
counter = PaintCounter()
show, grab = mw.MainWindow.show, mw.MainWindow.grab
def shown(self):
    self.charts.graphics.viewport().installEventFilter(counter)
    self.tiles.installEventFilter(counter)
    show(self)
def grabbed(self, *args):
    sys.stderr.write('paints before the grab: %d\\n' % counter.paints)
    sys.stderr.write('tabs at the grab: %s\\n' % ','.join(self.side.tabText(i) for i in range(self.side.count())))
    sys.stderr.write('built after the grab: %s\\n' % ','.join(self.side.later_tabs()))
    return grab(self, *args)
mw.MainWindow.show, mw.MainWindow.grab = shown, grabbed
sys.argv = ['dyconsole'] + sys.argv[1:]
runpy.run_module('dyconsole', run_name='__main__', alter_sys=True)
"""
MARK = "paints before the grab: "


def test_the_first_frame_paints_the_charts_and_tiles_once(tmp_path: Path) -> None:
    lines = first_frame_under(WRAPPER, tmp_path)
    said = [line[len(MARK):] for line in lines if line.startswith(MARK)]
    assert said == ["2"], lines  # the charts' view and the tiles, each painted once
    # every side tab's title is in the first frame; the panels it does not show are built after it
    assert "tabs at the grab: 转化漏斗,流量来源,观众画像" in lines, lines  # in Chinese, as an operator sees it
    assert "built after the grab: traffic,audience" in lines, lines


#: as WRAPPER, and says how often the charts and tiles were painted when asyncio was first imported (the event loop's)
LOOP_WRAPPER = WRAPPER.replace("mw.MainWindow.show, mw.MainWindow.grab = shown, grabbed", """\
mw.MainWindow.show, mw.MainWindow.grab = shown, grabbed
class LoopImport:
    def find_spec(self, name, path=None, target=None):
        if name == 'asyncio':
            sys.stderr.write('paints before the loop: %d\\n' % counter.paints)
            sys.meta_path.remove(self)
        return None
sys.meta_path.insert(0, LoopImport())""")
LOOP_MARK = "paints before the loop: "


def test_the_first_frame_is_painted_before_the_event_loop_is_imported(tmp_path: Path) -> None:
    """The console's first frame (charts and tiles painted once each) is on screen before asyncio and qasync are
    imported (~40 ms of the start): the loop and what it runs come after it."""
    lines = first_frame_under(LOOP_WRAPPER, tmp_path, quit_after="0.5")
    said = [line[len(LOOP_MARK):] for line in lines if line.startswith(LOOP_MARK)]
    assert said == ["2"], lines  # the charts' view and the tiles, each painted once, and then the loop

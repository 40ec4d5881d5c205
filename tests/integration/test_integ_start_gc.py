"""The window's start imports its ~550 modules with Python's cyclic collection held and freezes what they leave
(cli._window_run): no collection walks the imported modules while they are imported (two full ones did, finding
almost nothing: ~0.1 s CPU of the cold start), and none walks them later (the first frame's close, the exit)."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli_support import first_frame_under

#: runs dyconsole's __main__ and says, at exit, the generations of the collections run while the window's modules
#: were imported (from dyconsole.app's import until it defined `run`), of the full ones after, and how many objects
#: were frozen
WRAPPER = """
import atexit, gc, runpy, sys
during, after = [], []
def seen(phase, info):
    app = sys.modules.get('dyconsole.app')
    if phase == 'start' and app is not None:
        (after if hasattr(app, 'run') else during).append(info['generation'])
gc.callbacks.append(seen)
def said():
    sys.stderr.write('collections while importing: %r; full ones after: %d; frozen: %d\\n'
                     % (during, after.count(2), gc.get_freeze_count()))
atexit.register(said)
sys.argv = ['dyconsole'] + sys.argv[1:]
runpy.run_module('dyconsole', run_name='__main__', alter_sys=True)
"""
MARK = "collections while importing: "


def test_the_start_imports_without_collecting_and_freezes_what_the_import_left(tmp_path: Path) -> None:
    lines = first_frame_under(WRAPPER, tmp_path)
    said = [line[len(MARK):] for line in lines if line.startswith(MARK)]
    assert len(said) == 1, lines
    during, full_after, frozen = said[0].split("; ")
    assert during == "[]", said  # the imports ran no collection at all
    assert full_after == "full ones after: 1", said  # the window's own, as it closed (services.gui_thread_gc)
    assert int(frozen.split(": ")[1]) > 50_000, said  # the imported modules, classes and functions

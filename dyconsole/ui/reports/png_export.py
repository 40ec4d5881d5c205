"""The PNG export of a report: one file per chart, then one per A/B plan's chart of the metric per slot (the A/B
section's figures, ui.reports.slot_paint).

PATH is a directory (it exists, or ends with a path separator) and gets `<session>-<nn>-<name>.png` files (the
name a chart's metric, or `ab-<plan>`), or PATH is a prefix and the files are `<PATH>-<nn>-<name>.png` (a
trailing `.png` is dropped first). All the images are drawn before any file is written; a cancelled or failed
export leaves none of them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from dyconsole.core.experiments.report_section import AB_SECTION, SlotsPicture
from dyconsole.services.reports.inputs import all_or_none
from dyconsole.ui.reports.render import chart_image
from dyconsole.ui.reports.slot_paint import slots_image
from dyconsole.whole_files import folder_problem, write_whole


def png_paths(out: Path | str, session_id: str, names: Sequence[str]) -> list[Path]:
    """Where the PNG of each picture (by its name) goes (see the module doc for the directory / prefix rule)."""
    text = str(out)
    target = Path(out)
    if target.is_dir() or text.endswith(("/", os.sep)):
        return [target / f"{session_id}-{i:02d}-{name}.png" for i, name in enumerate(names, 1)]
    stem = text[:-4] if text.lower().endswith(".png") else text
    return [Path(f"{stem}-{i:02d}-{name}.png") for i, name in enumerate(names, 1)]


def png_pictures(report: Any) -> list[tuple[str, Callable[[], QImage]]]:
    """(name, image maker) of every picture the PNG export writes: the charts, then the A/B plans' slot charts."""
    lang = report.options.lang
    out: list[tuple[str, Callable[[], QImage]]] = [
        (chart.metric, lambda c=chart, i=i: chart_image(c, lang, index=i)) for i, chart in enumerate(report.charts)]
    out.extend((f"ab-{picture.plan_id}", lambda p=picture: slots_image(p, lang))
               for picture in report.figures.get(AB_SECTION, []) if isinstance(picture, SlotsPicture))
    return out


def png_export_steps(report: Any, out: Path | str) -> Iterator[float]:
    """Write one PNG per picture of the report (a session's or a range's), yielding the fraction done. Raises
    OSError (nothing is left)."""
    pictures = png_pictures(report)
    paths = png_paths(out, report.meta.id, [name for name, _ in pictures])
    problem = folder_problem(paths[0]) if paths else ""
    if problem:
        raise FileNotFoundError(2, problem)
    images = []
    for i, (_name, make) in enumerate(pictures):
        images.append(make())
        yield 0.9 * (i + 1) / max(1, len(pictures))
    with all_or_none() as written:
        for path, image in zip(paths, images):
            data = QByteArray()
            buffer = QBuffer(data)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            if not image.save(buffer, "PNG"):
                raise OSError(f"the chart picture for {path.name} could not be made")
            buffer.close()
            write_whole(path, bytes(data.data()))
            written.append(path)
    yield 1.0

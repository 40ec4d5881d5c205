"""The report's sections as a registry: each `ReportSection` has a key, its heading (zh, en; or the key's words in
core.report_text) and what it adds to a report being built. The built-in sections (KPIs, funnel, charts, top
products, traffic, audience, alerts, notes) are registered in core.report_builtin_sections; a feature adds its own
with `REPORT_SECTIONS.add(...)` (after a given section, or last), and the report model, the builder's section list
and the PDF all follow the registry's order. No Qt, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping, Sequence

from dyconsole.core.report_text import tr

#: a section's tables (core.report_types.Table) from (the session's ReportInputs, its derived rows, the Report being
#: built); None when it adds no tables (nothing to show, or a section that fills the report otherwise, like the
#: charts). Typed loosely here: the report model builds on this module, not the other way round.
SectionBuild = Callable[[Any, Sequence[Mapping[str, float | None]], Any], "list[Any] | None"]


@dataclass(frozen=True)
class ReportSection:
    key: str
    build: SectionBuild
    heading: tuple[str, str] | None = None  # (zh, en); None: the key's words in core.report_text

    def title(self, lang: str) -> str:
        """The section's heading in the report language."""
        if self.heading is None:
            return tr(self.key, lang)
        zh, en = self.heading
        return en if lang == "en" else zh


class SectionRegistry:
    """The report's sections in the order they appear."""

    def __init__(self, sections: Sequence[ReportSection] = ()) -> None:
        self._sections: list[ReportSection] = []
        for section in sections:
            self.add(section)

    def add(self, section: ReportSection, after: str | None = None) -> None:
        """`section` after the section `after` (None: last). Raises ValueError for a key already there or an
        unknown `after`."""
        keys = self.keys()
        if section.key in keys:
            raise ValueError(f"a report section {section.key!r} is already there")
        if after is not None and after not in keys:
            raise ValueError(f"no report section {after!r}")
        self._sections.insert(keys.index(after) + 1 if after is not None else len(keys), section)

    def remove(self, key: str) -> None:
        self._sections = [s for s in self._sections if s.key != key]

    def __getitem__(self, key: str) -> ReportSection:
        return next(s for s in self._sections if s.key == key)

    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self._sections)

    def __iter__(self) -> Iterator[ReportSection]:
        return iter(list(self._sections))

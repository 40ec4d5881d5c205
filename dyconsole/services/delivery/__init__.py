"""Delivery promises by region (services side, no Qt): the live audience's latest ENTER/PAY city breakdowns (a poll
listener), the shop's stored deliveries read through a callable the composition root gives
(storage.deliveries.shipments), the table rows core.delivery makes of both, and the table's CSV export."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator, Sequence

from dyconsole.core.delivery import RegionRow, Shipment, column_words, region_rows, row_values
from dyconsole.core.feed import AudiencePolled, PollHandlers


class RegionsWatch:
    """The live delivery view's data: the room's audience by city as polled, and the shop's deliveries (read again
    on `reload`, e.g. when the view is shown: the background settle adds orders)."""

    def __init__(self, shipments_of: Callable[[], list[Shipment]] | None) -> None:
        self._shipments_of = shipments_of
        self.shipments: list[Shipment] = []
        self.cities: dict[str, dict[str, float]] = {}  # ENTER / PAY -> city -> value
        self.error = ""

    def poll_handlers(self) -> PollHandlers:
        return {AudiencePolled: self._on_audience}

    def _on_audience(self, event: AudiencePolled) -> None:
        if event.sample.dimension == "CITY":
            self.cities[event.sample.action_event] = dict(event.sample.values)

    def reload(self) -> None:
        """Read the stored deliveries again; a read that fails keeps the last ones and says why in `error`."""
        if self._shipments_of is None:
            return
        try:
            self.shipments = list(self._shipments_of())
            self.error = ""
        except Exception as err:  # noqa: BLE001 - a locked or damaged file: told in the view, nothing lost
            self.error = f"{type(err).__name__}: {err}"

    def rows(self) -> list[RegionRow]:
        return region_rows(self.shipments, self.cities.get("ENTER"), self.cities.get("PAY"))


def header(lang: str) -> list[str]:
    """The table's column words."""
    return column_words(lang)


def csv_steps(rows: Sequence[RegionRow], lang: str, out: Path | str) -> Iterator[float]:
    """The delivery table as CSV (storage.export_csv: atomic write), numbers unformatted and exact (as the session
    CSV's `-delivery.csv` has them, storage.export_sections)."""
    # imported at an export: the console imports this module as it starts, and the CSV module brings the report
    # model with it (~20 ms of the demo room's opening, before its first content)
    from dyconsole.storage.export_csv import csv_export_steps, format_cell

    cells = [[v if isinstance(v, str) else format_cell(v) for v in row_values(r, lang)] for r in rows]  # type: ignore[arg-type]
    return csv_export_steps(header(lang), cells, out)

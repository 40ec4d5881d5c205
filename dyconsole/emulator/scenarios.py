"""Scripted demo-room scenarios: what an event is, the shipped scenario files, and loading one by name or path.

A scenario is a list of timed events the simulator applies on its own (times are broadcast seconds from the
start); the emulator's control endpoint can also apply one event "now". Kinds and what `magnitude` means:

- `viewer_drop`: arrivals fall to `magnitude` of normal and present viewers leave early (default 0.3).
- `surge`: an ad-driven arrival surge: extra paid-source ad spend brings `magnitude` times the normal
  arrival rate (default 3.0).
- `conversion_collapse`: purchase conversion falls to `magnitude` of normal (default 0.2).
- `viral_product`: `target` (a product id; None = one chosen by the seed) becomes `magnitude` times more
  appealing (default 6.0).
- `silent_source`: the data source goes silent for the duration (`Simulator.source_silent`); magnitude unused.

A scenario file is small JSON: `{"name": .., "description": .., "events": [{"kind": .., "at_s": ..,
"duration_s": .., "magnitude": .. (optional), "target": .. (optional)}]}`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EVENT_KINDS: tuple[str, ...] = ("viewer_drop", "surge", "conversion_collapse", "viral_product", "silent_source")

#: the strength of an event when none is given
DEFAULT_MAGNITUDE: dict[str, float] = {
    "viewer_drop": 0.3,
    "surge": 3.0,
    "conversion_collapse": 0.2,
    "viral_product": 6.0,
    "silent_source": 1.0,
}

#: the largest magnitude an event may have (1000 times normal): beyond it the simulator's figures overflow and
#: every poll would fail; such a scenario is refused when it is loaded
MAX_MAGNITUDE = 1000.0
#: the latest start and the longest duration of an event (a week of broadcast seconds)
MAX_EVENT_S = 7 * 24 * 3600.0

SCENARIO_DIR = Path(__file__).resolve().parent / "scenarios"

#: the shipped scenarios (files `scenarios/<name>.json`)
SCENARIO_NAMES: tuple[str, ...] = ("viewer-drop", "surge", "conversion-collapse", "viral-product", "silent-source")


@dataclass
class ScenarioEvent:
    """One timed event. `at_s` and `duration_s` are broadcast seconds; magnitude None = the kind's default."""

    kind: str
    at_s: float
    duration_s: float
    magnitude: float | None = None
    target: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {self.kind!r}; known kinds: {', '.join(EVENT_KINDS)}")
        for name in ("at_s", "duration_s"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0 \
                    or value > MAX_EVENT_S:
                raise ValueError(f"event {name} must be a number of seconds from 0 to {MAX_EVENT_S:.0f}, got {value!r}")
            setattr(self, name, float(value))
        if self.magnitude is None:
            self.magnitude = DEFAULT_MAGNITUDE[self.kind]
        value = self.magnitude
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0 \
                or value > MAX_MAGNITUDE:
            raise ValueError(f"event magnitude must be a number from 0 to {MAX_MAGNITUDE:g}, got {value!r}")
        self.magnitude = float(value)
        if self.target is not None:
            if isinstance(self.target, bool) or not isinstance(self.target, (str, int)):
                raise ValueError(f"event target must be a product id (string) or null, got {self.target!r}")
            self.target = str(self.target)

    @property
    def end_s(self) -> float:
        return self.at_s + self.duration_s


@dataclass
class Scenario:
    name: str
    events: list[ScenarioEvent] = field(default_factory=list)
    description: str = ""
    ab_effect: float | None = None  # true relative effect of an A/B test's treatment on conversion (None: drawn)


_EVENT_FIELDS = frozenset({"kind", "at_s", "duration_s", "magnitude", "target"})


def scenario_from_dict(data: Any, origin: str = "scenario") -> Scenario:
    """Build a scenario from parsed JSON; a ValueError names the problem and where it is."""
    if not isinstance(data, dict):
        raise ValueError(f"{origin}: the top level must be a JSON object")
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise ValueError(f"{origin}: 'name' must be a non-empty string")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise ValueError(f"{origin}: 'description' must be a string")
    raw_events = data.get("events")
    if not isinstance(raw_events, list):
        raise ValueError(f"{origin}: 'events' must be a list")
    events: list[ScenarioEvent] = []
    for i, raw in enumerate(raw_events):
        where = f"{origin}: events[{i}]"
        if not isinstance(raw, dict):
            raise ValueError(f"{where} must be an object")
        unknown = set(raw) - _EVENT_FIELDS
        if unknown:
            raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        missing = {"kind", "at_s", "duration_s"} - set(raw)
        if missing:
            raise ValueError(f"{where}: missing field(s) {', '.join(sorted(missing))}")
        try:
            events.append(ScenarioEvent(**raw))
        except (TypeError, ValueError) as err:
            raise ValueError(f"{where}: {err}") from None
    ab_effect = data.get("ab_effect")
    if ab_effect is not None and (isinstance(ab_effect, bool) or not isinstance(ab_effect, (int, float))
                                  or not -0.9 <= ab_effect <= 5.0):
        raise ValueError(f"{origin}: 'ab_effect' must be a relative effect between -0.9 and 5 (0.1 = 10% more)")
    return Scenario(name=name, events=events, description=description,
                    ab_effect=None if ab_effect is None else float(ab_effect))


def load_scenario(name_or_path: str) -> Scenario:
    """A shipped scenario by name (SCENARIO_NAMES) or a JSON file by path."""
    text = str(name_or_path)
    if text in SCENARIO_NAMES:
        path = SCENARIO_DIR / f"{text}.json"
    else:
        path = Path(text)
        if path.suffix.lower() != ".json" or not path.is_file():
            raise ValueError(
                f"unknown scenario {text!r}: not one of {', '.join(SCENARIO_NAMES)} and not an existing .json file"
            )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ValueError(f"scenario file {path}: bad JSON: {err}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ValueError(f"scenario file {path}: cannot read it: {err}") from None
    return scenario_from_dict(data, origin=f"scenario file {path.name}")

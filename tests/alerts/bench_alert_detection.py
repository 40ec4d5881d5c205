"""Detection delays of the shipped alert rules against the demo room (prints a table, asserts nothing).

    python tests/alerts/bench_alert_detection.py [--seeds 1-5] [--normal-hours 3]

The real emulator, clients and poller run on virtual time (alert_scenarios.run_scenario) with the shipped
default rules (online level 500, the console's level for the demo room). For each seed and shipped scenario
the delay is measured against the simulator's ground truth, not against what the console saw:

- viewer-drop: delay = fired_at - (first second the TRUE concurrent audience is below the level + pending 60 s).
  Twice: on the console's ESTIMATE of the online count (the default: the demo room, like the real Qianchuan
  API, serves no online count) and on the room's real count (`serve_online=True`, a source that has one).
  With the real count the alert comes within one poll (5 s) of the pending time. With the estimate it comes
  20-50 s later (once 14 s early): the estimate (entry rate x mean stay) follows a fall of the audience with a
  lag, because the stay share is measured over the last 120 s of entries (with 300 s it was 80-150 s). That lag
  is the price of having no real count.
- conversion-collapse: the change rule has no pending time; its condition is statistical (a Poisson likelihood
  ratio over the last 10 minutes against the 30 before), so delay = fired_at - true start of the collapse,
  and "since" error = |estimated change point - true start|. With ~1 order a minute the detector needs a few
  minutes of orders to tell a collapse from noise; it is NOT within one poll of the start. "after_truth_test" is
  the delay after the same rule's test first passes on the per-second ground truth (the broadcast re-simulated
  and read every second): that is "the condition holding", and the polled console is within one poll of it.
- silent-source: delay = fired_at - the second the source went silent (no pending time). The rule fires when
  the poller declares the source down (three failed room polls with their retries) or the data is older than
  60 s, whichever comes first. Also the delay of the resolution after the source is back.
- normal broadcast (no scenario), `--normal-hours` long: every fired alert is a false alarm, except a
  product alert for a product whose TRUE click-through (the simulator's hidden appeal x base rate, when not
  being explained) is itself below the alert level (margin x norm): the rule is right about that product.

"-" = not fired within the run; the run covers the event and some minutes after it.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root: tests.support

from tests.support.alert_scenarios import POLL_S, START, ScenarioRun, run_scenario, truth_fire_time  # noqa: E402

from dyconsole.core.alerts import AlertEvent, default_rules  # noqa: E402
from dyconsole.core.alerts.defaults import (  # noqa: E402
    CONVERSION_DROP_ID,
    NO_DATA_ID,
    ONLINE_LOW_ID,
    PRODUCT_CLICK_LOW_ID,
)
from dyconsole.emulator.sim.config import BASE_CTR  # noqa: E402
from dyconsole.services.alerts.recording import DEMO_ROOM_NORMS, DEMO_ROOM_ONLINE_LEVEL  # noqa: E402

ONLINE_LEVEL = DEMO_ROOM_ONLINE_LEVEL
RULES = default_rules("en", online_level=ONLINE_LEVEL)
PENDING = {r.id: r.pending_s for r in RULES}

#: scenario name -> (run length in broadcast seconds, rule expected to fire)
RUNS: dict[str, tuple[str | None, float, str]] = {
    "viewer-drop (estimate)": ("viewer-drop", 2100.0, ONLINE_LOW_ID),
    "viewer-drop (real count)": ("viewer-drop", 2100.0, ONLINE_LOW_ID),
    "conversion-collapse": ("conversion-collapse", 2700.0, CONVERSION_DROP_ID),
    "silent-source": ("silent-source", 1900.0, NO_DATA_ID),
}


def _first(run: ScenarioRun, rule_id: str) -> AlertEvent | None:
    fired = run.fired(rule_id)
    return fired[0] if fired else None


def _rightly_fired(run: ScenarioRun, event: AlertEvent) -> bool:
    """A product alert for a product whose true click-through is below the rule's level."""
    if event.rule_id != PRODUCT_CLICK_LOW_ID or event.subject is None:
        return False
    rule = next(r for r in RULES if r.id == PRODUCT_CLICK_LOW_ID)
    level = rule.margin * (DEMO_ROOM_NORMS.get(None, "product_click_rate") or 0.0)  # type: ignore[union-attr]
    return BASE_CTR * run.demo.simulator.truth.appeal[event.subject] < level


def _describe(run: ScenarioRun, event: AlertEvent) -> str:
    """Which rule (and product) fired when: seconds after the scenario event began, or into the broadcast."""
    subject = f" {event.subject_name}" if event.subject_name else ""
    events = run.demo.simulator.truth.events
    at = f"{event.ts - events[0][1]:.0f} s after the event" if events else f"at {event.ts - START:.0f} s"
    verdict = " (true: product below the level)" if _rightly_fired(run, event) else ""
    return f"{event.rule_id.split('.')[-1]}{subject} {at}{verdict}"


def _others(run: ScenarioRun, rule_id: str) -> list[str]:
    return [_describe(run, e) for e in run.fired() if e.rule_id != rule_id]


def _viewer_drop(run: ScenarioRun) -> dict[str, float | None]:
    fired = _first(run, ONLINE_LOW_ID)
    onset = run.truth_below(ONLINE_LEVEL, run.event_start())
    if fired is None or onset is None:
        return {"delay": None}
    return {"delay": fired.ts - onset - PENDING[ONLINE_LOW_ID], "onset_after_start": onset - run.event_start()}


def _conversion(run: ScenarioRun) -> dict[str, float | None]:
    fired = _first(run, CONVERSION_DROP_ID)
    start = run.event_start()
    if fired is None:
        return {"delay": None}
    since = None if fired.since_ts is None else abs(fired.since_ts - start)
    rule = [r for r in RULES if r.id == CONVERSION_DROP_ID]
    truth = truth_fire_time(run, rule, "conversion-collapse", fired.ts - START + POLL_S)
    return {"delay": fired.ts - start - PENDING[CONVERSION_DROP_ID], "since_error": since,
            "after_truth_test": None if truth is None else fired.ts - truth}


def _silent(run: ScenarioRun) -> dict[str, float | None]:
    fired = _first(run, NO_DATA_ID)
    _, start, end = run.demo.simulator.truth.events[0]
    resolved = [e for e in run.events if e.kind == "resolved" and e.rule_id == NO_DATA_ID]
    return {"delay": None if fired is None else fired.ts - start - PENDING[NO_DATA_ID],
            "resolve_delay": resolved[0].ts - end if resolved else None}


MEASURE: dict[str, Callable[[ScenarioRun], dict[str, float | None]]] = {
    "viewer-drop (estimate)": _viewer_drop,
    "viewer-drop (real count)": _viewer_drop,
    "conversion-collapse": _conversion,
    "silent-source": _silent,
}


def _fmt(v: float | None) -> str:
    return "-" if v is None else f"{v:.0f}"


def _summary(values: list[float | None]) -> str:
    got = [v for v in values if v is not None]
    if not got:
        return "never fired"
    text = f"median {statistics.median(got):.0f} s, max {max(got):.0f} s"
    missed = len(values) - len(got)
    return text + (f", {missed} missed" if missed else "")


def _seeds(text: str) -> list[int]:
    if "-" in text:
        lo, hi = text.split("-", 1)
        return list(range(int(lo), int(hi) + 1))
    return [int(s) for s in text.split(",")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1-5", help="seed range (1-5) or list (1,3)")
    parser.add_argument("--normal-hours", type=float, default=3.0)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the poller's "source down" lines of the silent-source runs
    seeds = _seeds(args.seeds)
    t0 = time.perf_counter()
    print(f"shipped rules, online level {ONLINE_LEVEL:.0f}, poll {POLL_S:.0f} s; pending: "
          + ", ".join(f"{k.split('.')[-1]} {v:.0f} s" for k, v in PENDING.items()))
    print(f"{'scenario':26} {'seed':>4} {'delay s':>8}  extra")
    for label, (scenario, duration, rule_id) in RUNS.items():
        delays: list[float | None] = []
        for seed in seeds:
            run = run_scenario(RULES, scenario, seed=seed, duration_s=duration,
                               serve_online=label.endswith("(real count)"))
            m = MEASURE[label](run)
            delays.append(m["delay"])
            extra = ", ".join(f"{k}={_fmt(v)}" for k, v in m.items() if k != "delay")
            wrong = _others(run, rule_id)
            if wrong:
                extra += f"  OTHER ALERTS: {wrong}"
            print(f"{label:26} {seed:>4} {_fmt(m['delay']):>8}  {extra}")
        print(f"{'':26} {'all':>4}  {_summary(delays)}")
    hours = args.normal_hours
    false_total = true_total = 0
    for seed in seeds:
        run = run_scenario(RULES, None, seed=seed, duration_s=hours * 3600.0)
        fired = run.fired()
        false = [e for e in fired if not _rightly_fired(run, e)]
        false_total += len(false)
        true_total += len(fired) - len(false)
        print(f"{'normal ' + format(hours, 'g') + ' h':26} {seed:>4} {len(false):>8}  false alarms  "
              + "; ".join(_describe(run, e) for e in fired))
    print(f"{'':26} {'all':>4}  {false_total} false alarms in {len(seeds) * hours:g} h of normal broadcast "
          f"(+ {true_total} product alerts for products truly below the level)")
    print(f"run time {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()

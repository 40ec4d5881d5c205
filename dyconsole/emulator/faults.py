"""Fault injection for the emulator: the `FaultSpec` options and the seeded `FaultInjector` that applies them.

A spec string looks like `latency=0.2,http5xx=0.1,timeout=0.05,ratelimit=0.1,expire_tokens=60,malformed=0.05,
truncated=0.05,missing=0.1,nulls=0.1,strings=0.2`. `latency` and `timeout_s` are real seconds; `expire_tokens` is
an access-token lifetime in broadcast seconds; every other key is a probability per request. Faults draw from
their own seeded RNG so a seeded run is reproducible; they never apply to the control endpoints.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, fields
from typing import Any

#: keys that are probabilities per request (0..1)
PROBABILITY_KEYS: tuple[str, ...] = (
    "http5xx", "timeout", "ratelimit", "malformed", "truncated", "missing", "nulls", "strings",
)
#: keys the mutations of a response body never touch (paging and envelope bookkeeping)
PROTECTED_KEYS: frozenset[str] = frozenset({"page_info", "page", "page_size", "size", "total", "total_num",
                                            "total_page", "code", "message", "request_id"})
#: what a malformed body looks like: a proxy's error page served with a JSON content type
MALFORMED_BODY = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
DEFAULT_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True)
class FaultSpec:
    latency: float = 0.0
    http5xx: float = 0.0
    timeout: float = 0.0
    ratelimit: float = 0.0
    expire_tokens: float | None = None
    malformed: float = 0.0
    truncated: float = 0.0
    missing: float = 0.0
    nulls: float = 0.0
    strings: float = 0.0
    timeout_s: float = DEFAULT_TIMEOUT_S

    @classmethod
    def parse(cls, spec: str) -> "FaultSpec":
        """Parse `key=value,...`; an empty spec means no faults. Raises ValueError naming the bad key or value."""
        known = {f.name for f in fields(cls)}
        values: dict[str, float] = {}
        for raw in (spec or "").split(","):
            item = raw.strip()
            if not item:
                continue
            key, sep, text = item.partition("=")
            key = key.strip()
            if not sep:
                raise ValueError(f"fault spec item {item!r} is not key=value")
            if key not in known:
                raise ValueError(f"unknown fault {key!r} (known: {', '.join(sorted(known))})")
            try:
                value = float(text)
            except ValueError:
                raise ValueError(f"fault {key}={text.strip()!r}: not a number") from None
            if value != value or value in (float("inf"), float("-inf")):
                raise ValueError(f"fault {key}={text.strip()!r}: not a finite number")
            if key in PROBABILITY_KEYS and not 0.0 <= value <= 1.0:
                raise ValueError(f"fault {key}={value}: a probability must be between 0 and 1")
            if key == "latency" and value < 0:
                raise ValueError(f"fault latency={value}: must be >= 0 seconds")
            if key in ("expire_tokens", "timeout_s") and value <= 0:
                raise ValueError(f"fault {key}={value}: must be > 0 seconds")
            values[key] = value
        return cls(**values)

    def to_spec(self) -> str:
        """The spec string of the options that differ from the defaults (round-trips through `parse`)."""
        default = FaultSpec()
        parts = [f"{k}={v:g}" for k, v in asdict(self).items() if v != getattr(default, k) and v is not None]
        return ",".join(parts)

    @property
    def active(self) -> bool:
        return self != FaultSpec()


@dataclass(slots=True)
class FaultPlan:
    """What to do to one request, drawn once when it arrives."""

    latency_s: float = 0.0
    timeout_s: float = 0.0
    http_status: int | None = None  # a 5xx instead of an answer
    rate_limited: bool = False
    malformed: bool = False
    truncated: bool = False
    missing: bool = False
    nulls: bool = False
    strings: bool = False


class FaultInjector:
    """Draws a `FaultPlan` per request and mutates response bodies, from its own seeded RNG."""

    def __init__(self, spec: FaultSpec | None = None, seed: int = 0) -> None:
        self.spec = spec or FaultSpec()
        self._rng = random.Random(f"faults:{seed}")

    def plan(self) -> FaultPlan:
        s, rng = self.spec, self._rng
        plan = FaultPlan(latency_s=s.latency)
        if not s.active:
            return plan
        if s.timeout and rng.random() < s.timeout:
            plan.timeout_s = s.timeout_s
        if s.http5xx and rng.random() < s.http5xx:
            plan.http_status = rng.choice((500, 502, 503, 504))
        if s.ratelimit and rng.random() < s.ratelimit:
            plan.rate_limited = True
        plan.malformed = bool(s.malformed) and rng.random() < s.malformed
        plan.truncated = bool(s.truncated) and rng.random() < s.truncated
        plan.missing = bool(s.missing) and rng.random() < s.missing
        plan.nulls = bool(s.nulls) and rng.random() < s.nulls
        plan.strings = bool(s.strings) and rng.random() < s.strings
        return plan

    def choice(self, options: tuple[Any, ...]) -> Any:
        return self._rng.choice(options)

    def mutate(self, data: Any, plan: FaultPlan) -> Any:
        """Apply the plan's body mutations (missing, nulls, strings) to numeric fields of `data`, in place."""
        if plan.missing or plan.nulls or plan.strings:
            self._walk(data, plan)
        return data

    def _walk(self, node: Any, plan: FaultPlan) -> None:
        if isinstance(node, list):
            for item in node:
                self._walk(item, plan)
            return
        if not isinstance(node, dict):
            return
        numeric = [k for k, v in node.items()
                   if k not in PROTECTED_KEYS and isinstance(v, (int, float)) and not isinstance(v, bool)]
        for key in numeric:
            # each numeric field of a hit record is touched with probability 1/3; at least one per record
            if self._rng.random() >= 1 / 3 and key != numeric[-1]:
                continue
            if plan.missing and self._rng.random() < 0.5:
                del node[key]
            elif plan.nulls and self._rng.random() < 0.5:
                node[key] = None
            elif plan.strings:
                node[key] = str(node[key])
            elif plan.missing:
                del node[key]
            elif plan.nulls:
                node[key] = None
        for key, value in node.items():
            if key != "page_info" and isinstance(value, (dict, list)):
                self._walk(value, plan)

    def truncate(self, body: bytes) -> bytes:
        """Cut a JSON body somewhere in its middle, so it no longer parses."""
        if len(body) < 4:
            return body[:1]
        return body[: self._rng.randint(1, len(body) - 2)]

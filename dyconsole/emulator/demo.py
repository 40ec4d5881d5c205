"""The demo room: a simulator, its emulated Qianchuan/Doudian APIs and a fresh set of credentials, built in one
call. The console runs it in-process (httpx.ASGITransport on `room.app`); `dyconsole emulator` serves it on
loopback. Codes are single use: `DemoRoom.reauthorize()` issues fresh ones when the console authorizes again.
"""

from __future__ import annotations

import dataclasses
import random
import secrets
from dataclasses import dataclass
from typing import Any, Mapping

from dyconsole.emulator.app import create_app
from dyconsole.emulator.state import EmulatorState, RoomIdentity
from dyconsole.emulator.auth import DoudianAuth, QianchuanAuth
from dyconsole.emulator.faults import FaultSpec

IN_PROCESS_BASE_URL = "http://demo.invalid"
DEMO_DURATION_S = 3 * 3600
DEMO_PRODUCTS: int | None = None  # None: the seed chooses (20..60)
DEMO_TITLE = "好物直播间 · 演示"
DEMO_AWEME_NAME = "演示主播"
DEMO_SHOP_NAME = "演示小店"


@dataclass(frozen=True)
class QianchuanCredentials:
    app_id: str
    secret: str
    auth_code: str
    advertiser_id: str
    aweme_id: str


@dataclass(frozen=True)
class DoudianCredentials:
    app_key: str
    app_secret: str
    code: str
    shop_id: str


@dataclass(frozen=True)
class DemoCredentials:
    """What a client needs to talk to the demo room; `to_dict()` is the JSON line `dyconsole emulator` prints."""

    base_url: str
    qianchuan: QianchuanCredentials
    doudian: DoudianCredentials

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> "DemoCredentials":
        return cls(base_url=str(raw["base_url"]), qianchuan=QianchuanCredentials(**raw["qianchuan"]),
                   doudian=DoudianCredentials(**raw["doudian"]))


@dataclass
class DemoRoom:
    app: Any  # the ASGI app
    state: EmulatorState
    simulator: Any
    clock: Any
    credentials: DemoCredentials
    base_url: str = IN_PROCESS_BASE_URL

    def reauthorize(self) -> DemoCredentials:
        """Fresh single-use Qianchuan auth code and Doudian code (the previous credentials otherwise)."""
        self.credentials = dataclasses.replace(
            self.credentials,
            qianchuan=dataclasses.replace(self.credentials.qianchuan, auth_code=self.state.qianchuan.book.issue_code()),
            doudian=dataclasses.replace(self.credentials.doudian, code=self.state.doudian.book.issue_code()),
        )
        return self.credentials

    def with_base_url(self, base_url: str) -> DemoCredentials:
        """The credentials as served at another base URL (the loopback server's)."""
        self.base_url = base_url
        self.credentials = dataclasses.replace(self.credentials, base_url=base_url)
        return self.credentials


def _digits(rng: random.Random, first: str, n: int) -> str:
    return first + "".join(str(rng.randrange(10)) for _ in range(n - 1))


def build_demo(clock: Any, seed: int = 1, scenario: Any = None, faults: str | FaultSpec = "",
               duration_s: float = DEMO_DURATION_S, qps: Mapping[str, float] | None = None,
               serve_online: bool = False) -> DemoRoom:
    """A demo room starting now on `clock`. `scenario`: a Scenario, a name or a JSON path; `faults`: a spec;
    `serve_online`: answer with the unconfirmed online_user_cnt too (the real platform does not have it).

    Raises ValueError for a bad fault spec (and whatever load_scenario raises for a bad scenario).
    """
    from dyconsole.emulator.scenarios import load_scenario
    from dyconsole.emulator.sim import SimConfig, Simulator

    spec = faults if isinstance(faults, FaultSpec) else FaultSpec.parse(faults)
    if isinstance(scenario, str):
        scenario = load_scenario(scenario)
    rng = random.Random(f"demo-ids:{seed}")
    advertiser_id = _digits(rng, "1", 16)
    aweme_id = _digits(rng, "2", 11)
    room_id = _digits(rng, "7", 19)
    shop_id = _digits(rng, "3", 8)
    start_ts = float(clock.now())
    config = SimConfig(seed=seed, start_ts=start_ts, duration_s=int(duration_s), n_products=DEMO_PRODUCTS,
                       room_id=room_id, title=DEMO_TITLE, aweme_id=aweme_id, aweme_name=DEMO_AWEME_NAME,
                       advertiser_id=advertiser_id, shop_id=shop_id)
    simulator = Simulator(config, scenario=scenario)
    qianchuan = QianchuanAuth(app_id=_digits(rng, "1", 16), secret=secrets.token_hex(20),
                              advertiser_ids=[advertiser_id])
    doudian = DoudianAuth(app_key=_digits(rng, "7", 19), app_secret=secrets.token_hex(18), shop_id=shop_id,
                          shop_name=DEMO_SHOP_NAME)
    identity = RoomIdentity(advertiser_id=advertiser_id, aweme_id=aweme_id, room_id=room_id, shop_id=shop_id,
                            start_ts=start_ts, duration_s=float(duration_s))
    state = EmulatorState(simulator, clock, identity, qianchuan, doudian, faults=spec, fault_seed=seed, qps=qps,
                          serve_online=serve_online)
    credentials = DemoCredentials(
        base_url=IN_PROCESS_BASE_URL,
        qianchuan=QianchuanCredentials(app_id=qianchuan.app_id, secret=qianchuan.secret,
                                       auth_code=qianchuan.book.issue_code(), advertiser_id=advertiser_id,
                                       aweme_id=aweme_id),
        doudian=DoudianCredentials(app_key=doudian.app_key, app_secret=doudian.app_secret,
                                   code=doudian.book.issue_code(), shop_id=shop_id),
    )
    return DemoRoom(app=create_app(state), state=state, simulator=simulator, clock=clock, credentials=credentials)

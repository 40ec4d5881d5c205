"""Composition-root helper: the console window's demo room as the window's run holds it (`DemoRoomParts`): its
modules imported ahead on a thread of their own, the room built when the room watch connects and served on a
thread of its own, the window's wait for its history's catch-up, its controls (the product order, the A/B variant),
its plan (how to rebuild it), and its stop at shutdown.

Made after the first frame, on the clock the first frame runs on (commands.demo_clock's): nothing here is the first
frame's. The demo room's wiring (commands.demo_wiring: the emulator, httpx) is imported at its first use, the
emulator's modules meanwhile on their own thread (`import_ahead`).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from dyconsole.core.clock import CatchUpClock, Clock

if TYPE_CHECKING:
    from dyconsole.services.live.connection import RoomConnection
    from dyconsole.services.settings.app_settings import AppSettings

#: real seconds beyond the catch-up's best time the window waits for the demo room's history before its clocks start
#: anyway (the catch-up is paced by the room's polls: a loaded PC takes a few seconds longer to poll the same history)
HISTORY_WAIT_SLACK_S = 14.0


class DemoRoomParts:
    """The demo room of one run of the console window, on `clock` (the window's), built from `args` (seed,
    scenario); `ending()` says the run ends (the history's wait stops). `demo` is the room
    (emulator.demo.DemoRoom) once connected to it, `transport` the thread serving it
    (commands.asgi_thread.ThreadedASGITransport)."""

    def __init__(self, args: argparse.Namespace, clock: Clock, ending: Callable[[], bool]) -> None:
        self.args = args
        self.clock = clock
        self.demo: Any = None
        self.transport: Any = None
        self._ahead: Any = None  # the demo room's modules being imported on a thread of their own (build_ahead)
        self._ending = ending

    async def history_polled(self) -> None:
        """Wait until the demo room's catch-up has polled its history (commands.demo_clock.history_polled)."""
        from dyconsole.commands.demo_clock import history_polled

        if isinstance(self.clock, CatchUpClock):
            await history_polled(self.clock, self._ending, HISTORY_WAIT_SLACK_S)

    def control(self, factory: Callable[[Any], Any]) -> Callable[[Any], Awaitable[Any]]:
        """A control of the demo room from commands.demo_wiring, `factory` picking it from that module (its
        `product_order_control`: "apply order"; `ab_variant_control`: "switch variant"). The wiring is imported at
        the first use: the emulator's modules are imported on their own thread meanwhile (`import_ahead`)."""

        async def control(arg: Any) -> Any:
            from dyconsole.commands import demo_wiring

            return await factory(demo_wiring)(lambda: self.demo, lambda: self.transport)(arg)

        return control

    def connection(self, _settings: AppSettings) -> tuple[RoomConnection, Any]:
        """The room watch's connection: the demo room built now, served on a thread of its own, its history's
        catch-up started."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None:  # its modules, imported from the first frame on (an import's error raises here)
            ahead.take()
        from dyconsole.commands.asgi_thread import ThreadedASGITransport
        from dyconsole.commands.demo_wiring import demo_connection

        clock = self.clock
        connection, _transport, self.demo = demo_connection(clock, self.args.seed, self.args.scenario)
        # the emulator (the simulation and its HTTP handling) runs on a thread of its own: the UI thread's loop
        # only waits for its answers, so the room's polls do not take frames from the charts
        self.stop()
        self.transport = ThreadedASGITransport(self.demo.app)
        if isinstance(clock, CatchUpClock) and clock.paused:
            clock.resume()  # the room is built: its history is polled now (the catch-up)
        return connection, self.transport

    def import_ahead(self) -> None:
        """The demo room's modules (the emulator, its simulator, starlette: a third of a second from source) imported
        on a thread of their own from the first frame on, while the UI thread builds the recording and the features;
        the room itself (a few ms) is built when the room watch connects (`connection`), as before. None of them is
        Qt, and none is imported by what the UI thread builds meanwhile."""
        if self._ahead is not None:
            return
        from dyconsole.commands.build_ahead import BuildAhead

        def imports() -> None:
            import dyconsole.emulator.demo  # noqa: F401
            import dyconsole.emulator.scenarios  # noqa: F401
            import dyconsole.emulator.sim  # noqa: F401  (build_demo imports it when called)

        self._ahead = BuildAhead(imports, name="dyconsole-demo-room-import")

    def stop(self) -> None:
        """Stop the thread serving the demo room connected so far (none: nothing to do)."""
        if self.transport is not None:
            self.transport.stop()
            self.transport = None

    def plan(self) -> Any:
        """The demo room connected now as a DemoPlan (how to rebuild it), or None before it is built."""
        from dyconsole.commands.demo_wiring import demo_plan_of_room

        return demo_plan_of_room(self.demo, self.args.seed, self.args.scenario) if self.demo is not None else None
